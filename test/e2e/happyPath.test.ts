// The whole flow against the embedded IDV service, in Chromium with a fake camera showing the
// specimen passport: attract → … → staff result → reset, a screenshot of every screen, the
// automatic capture of a steady page, and a document with a back side (with a retake).
import { describe, expect, it } from 'vitest';
import { cameraFiles } from './support/cameraFiles';
import { waitForPageChecked } from './support/customerWalk';
import { flowState, screenshot, startAndChoose, waitForCamera, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';
import { createFirstAdmin } from './support/staffScreens';

describe('kiosk e2e: happy path (Chromium, real kiosk runtime, embedded IDV service)', () => {
  // Staff mode: only a staffed kiosk offers the staff result this walk screenshots.
  const kioskUnderTest = kioskForSuite({ camera: cameraFiles().sharp, runtime: { mode: 'staff' } });

  it('walks from attract to the staff result, capturing the steady page automatically', async () => {
    const kiosk = kioskUnderTest();
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    await expect.poll(() => page.getByTestId('service-notice').textContent()).toContain('Local IDV service');
    await screenshot(page, '01-attract');
    await page.getByTestId('start').click();
    await waitForScreen(page, 'consent');
    await screenshot(page, '02-consent');
    await page.getByTestId('consent-accept').click();
    await waitForScreen(page, 'document');
    await screenshot(page, '03-country');
    await page.locator('[data-letter="U"]').click();
    await page.locator('[data-country="UTO"]').click();
    await screenshot(page, '04-document-type');
    await page.locator('[data-document-type="PASSPORT"]').click();
    await waitForScreen(page, 'capture');
    await waitForCamera(page);
    if (await page.locator('[data-screen="capture"]').count()) await screenshot(page, '05-capture-front');

    // No shutter press: the steady, sharp, glare-free page is taken automatically.
    await waitForScreen(page, 'review', 15_000);
    expect(await page.locator('[data-screen="review"]').getAttribute('data-auto')).toBe('yes');
    await waitForPageChecked(page);
    await screenshot(page, '06-review-front');
    const upload = kiosk.calls.find((c) => c.channel === 'uploadPage')!.request as {
      image: Uint8Array;
      side: string;
    };
    expect(upload.side).toBe('front');
    expect(upload.image).toBeInstanceOf(Uint8Array);
    expect([upload.image[0], upload.image[1]]).toEqual([0xff, 0xd8]); // a JPEG crossed the bridge intact
    expect(await page.locator('[data-screen="review"]').getAttribute('data-status')).toBe('accepted');
    await page.getByTestId('use-photo').click();

    await waitForScreen(page, 'face');
    await waitForCamera(page);
    await screenshot(page, '09-face');
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'uploading');
    await screenshot(page, '10-uploading');
    await waitForScreen(page, 'done', 90_000);
    await screenshot(page, '11-done');
    // The result is for staff: a PIN first (a fresh kiosk: the first admin is created here).
    await page.getByTestId('show-result').click();
    await waitForScreen(page, 'staffPin');
    await createFirstAdmin(page, { name: 'ada', displayName: 'Ada Lovelace', pin: '246813' });
    await waitForScreen(page, 'result');
    await screenshot(page, '12-result');
    // The whole staff screen in one picture (it scrolls on a 800 px high display).
    await page.setViewportSize({ width: 1280, height: 2000 });
    await screenshot(page, '12b-result-full');
    await page.setViewportSize({ width: 1280, height: 800 });
    const source = await page.getByTestId('result-source').textContent();
    expect(source).toMatch(/Local IDV service/i);
    expect(source).toMatch(/NOT a Yoti verification/i);
    // The report on screen is the last one fetched (earlier polls may precede completion).
    const reported = kiosk.toPage.filter((m) => m.kind === 'result' && m.name === 'getReport').at(-1)!
      .value as {
      value: {
        sessionState: string;
        checks: Array<{ type: string; recommendation: { value: string; reason?: string } }>;
      };
    };
    expect(reported.value.sessionState).toBe('COMPLETED');
    const outcome = Object.fromEntries(
      reported.value.checks.map((c) => [c.type, [c.recommendation.value, c.recommendation.reason ?? null]]),
    );
    // Computed from the specimen: its MRZ reads and is valid, but it expired in 2012; the face
    // capture (the same page in front of the fake camera) carries the same portrait.
    expect(outcome).toMatchObject({
      ID_DOCUMENT_TEXT_DATA_CHECK: ['REJECT', 'EXPIRED_DOCUMENT'],
      ID_DOCUMENT_AUTHENTICITY: ['REJECT', 'EXPIRED_DOCUMENT'],
      ID_DOCUMENT_FACE_MATCH: ['APPROVE', null],
    });
    // LIVENESS is reported too; that a photo of a document passes it is issue 8's to fix.
    expect(Object.keys(outcome)).toContain('LIVENESS');
    expect(await page.getByTestId('check-card').count()).toBe(4);
    expect(await page.getByTestId('check-card').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('result-page').count()).toBe(1);

    await page.getByTestId('finish').click();
    await waitForScreen(page, 'attract');
    const state = await flowState(page);
    expect(state.handle).toBeNull();
    expect(state.report).toBeNull();
    expect(kiosk.calls.map((c) => c.channel)).toContain('discardSession');
    expect(kiosk.pageErrors).toEqual([]); // includes CSP violations

    // Nothing secret ever reached the page: no client session token, session id, SDK id or key.
    const seen = JSON.stringify(kiosk.toPage);
    expect(kiosk.toPage.some((m) => m.name === 'getReport')).toBe(true);
    expect(seen).not.toMatch(
      /client_session_token|clientSessionToken|session_id|sessionId|sdkId|sdk_id|PRIVATE KEY/i,
    );
  }, 180_000);

  it('captures front and back of a card, with a retake', async () => {
    const kiosk = kioskUnderTest();
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'NATIONAL_ID');
    expect(await page.locator('[data-screen="capture"]').getAttribute('data-side')).toBe('front');
    await waitForScreen(page, 'review', 15_000);
    await waitForPageChecked(page);
    // The camera shows a passport, not an ID card: the service says it is the wrong document and
    // how many tries are left for it.
    const review = page.locator('[data-screen="review"]');
    expect(await review.getAttribute('data-status')).toBe('rejected');
    expect(await page.getByTestId('review-tries').textContent()).toMatch(/1 try left/);
    // Retake: back to the live camera for the same side, then a new photo, which replaces the first.
    await page.getByTestId('retake').click();
    await waitForScreen(page, 'capture');
    expect(await page.locator('[data-screen="capture"]').getAttribute('data-side')).toBe('front');
    await waitForScreen(page, 'review', 15_000);
    await waitForPageChecked(page);
    expect(await review.getAttribute('data-status')).toBe('rejected');
    // No tries left: no retake offered; the person can only go on with this photo (or ask staff).
    expect(await page.getByTestId('retake').count()).toBe(0);
    expect(await page.getByTestId('use-photo').count()).toBe(0);
    await page.getByTestId('use-anyway').click();

    await waitForScreen(page, 'capture');
    expect(await page.locator('[data-screen="capture"]').getAttribute('data-side')).toBe('back');
    await waitForCamera(page);
    if (await page.locator('[data-screen="capture"]').count()) await screenshot(page, '07-capture-back');
    await waitForScreen(page, 'review', 15_000);
    await waitForPageChecked(page);
    expect(await page.locator('[data-screen="review"]').getAttribute('data-side')).toBe('back');
    await screenshot(page, '08-review-back');
    // The same page shown as the card's back is not a back: the service says so, and the person
    // can only go on by choosing to use it anyway.
    expect(await page.locator('[data-screen="review"]').getAttribute('data-status')).toBe('rejected');
    expect(await page.getByTestId('use-photo').count()).toBe(0);
    await page.getByTestId('use-anyway').click();
    await waitForScreen(page, 'face');

    const sides = kiosk.calls
      .filter((c) => c.channel === 'uploadPage')
      .slice(-3)
      .map((c) => (c.request as { side: string }).side);
    expect(sides).toEqual(['front', 'front', 'back']);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitForScreen(page, 'attract');
  }, 120_000);
});
