// The staff station end to end: the real kiosk runtime (main's staff service, audit log, embedded
// IDV service) behind the bridge, in Chromium. The customer cannot reach a staff screen (no PIN:
// none; hash and query tricks: none; the report itself: main refuses it); the first admin is
// created through the hidden corner entry; a wrong-PIN lockout then a sign-in; the review
// workspace with each element; approve with a reason; prints (no printer here: "not set up").
// Every staff screen is screenshotted (names with `staff`) and checked with axe.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cameraFiles } from './support/cameraFiles';
import { walkToDone } from './support/customerWalk';
import { flowState, screenshot, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';
import { createFirstAdmin, seriousViolations } from './support/staffScreens';

const ADMIN = { name: 'ada', displayName: 'Ada Lovelace', pin: '246813' };
/** A short lock, so the test sees the countdown end (main's policy: 5 wrong PINs, then a lock). */
const LOCK_MS = 4000;

async function staffScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

async function pin(page: Page, name: string, value: string): Promise<void> {
  await page.getByTestId('staff-name').fill(name);
  await page.getByTestId('staff-pin').fill(value);
  await page.getByTestId('staff-sign-in').click();
}

const STAFF_SCREENS = ['staffPin', 'staffHome', 'result'];

describe('kiosk e2e: the staff station (Chromium, real kiosk runtime, embedded IDV service)', () => {
  const kioskUnderTest = kioskForSuite({
    camera: cameraFiles().sharp,
    runtime: {
      mode: 'staff',
      staffOptions: { lockout: { maxAttempts: 5, baseMs: LOCK_MS, maxMs: LOCK_MS } },
    },
  });

  it('the customer reaches no staff screen: no gesture and no PIN, no hash or query trick, no report', async () => {
    const { page, host } = kioskUnderTest();
    for (const trick of ['#/result', '#result', '#/staff', '?step=result', '?screen=staffHome#staffPin']) {
      await page.goto(`${host.url}${trick}`);
      await waitForScreen(page, 'attract');
      for (const s of STAFF_SCREENS)
        expect(await page.locator(`[data-screen="${s}"]`).count(), trick).toBe(0);
    }
    await walkToDone(page);
    expect((await flowState(page)).step).toBe('done');
    expect((await flowState(page)).report).toBeNull();
    // Straight at main, from the page: the report is for signed-in staff only.
    const handle = (await flowState(page)).handle as string;
    const refused = await page.evaluate(
      (h) =>
        (
          globalThis as unknown as { kiosk: { getReport(r: { handle: string }): Promise<unknown> } }
        ).kiosk.getReport({
          handle: h,
        }),
      handle,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    // The done screen's staff button asks for a PIN; Cancel goes back to the done screen.
    await page.getByTestId('show-result').click();
    await waitForScreen(page, 'staffPin');
    await page.getByTestId('staff-cancel').click();
    await waitForScreen(page, 'done');
    expect((await flowState(page)).report).toBeNull();
    await page.getByTestId('done-finish').click();
    await waitForScreen(page, 'attract');
  }, 180_000);

  it('first admin through the hidden corner entry, then a wrong-PIN lockout, then sign-in, review and approve', async () => {
    const kiosk = kioskUnderTest();
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    // Four taps do nothing; the fifth opens the PIN screen, which on first run creates the admin.
    const corner = page.getByTestId('staff-corner');
    for (let i = 0; i < 4; i++) await corner.click({ force: true });
    expect(await page.locator('[data-screen="staffPin"]').count()).toBe(0);
    await corner.click({ force: true });
    await waitForScreen(page, 'staffPin');
    await expect
      .poll(() => page.locator('[data-screen="staffPin"] h1').textContent())
      .toBe('Create the first admin');
    await staffScreen(page, 'staff-01-first-admin');
    await createFirstAdmin(page, ADMIN);
    await waitForScreen(page, 'staffHome');
    expect(await page.getByTestId('staff-member').textContent()).toBe(`Signed in: ${ADMIN.displayName}`);
    await staffScreen(page, 'staff-02-home');
    await page.getByTestId('staff-sign-out').click();
    await waitForScreen(page, 'attract');

    // A customer's verification, then staff sign in to review it.
    await walkToDone(page);
    await page.getByTestId('show-result').click();
    await waitForScreen(page, 'staffPin');
    await expect.poll(() => page.locator('[data-screen="staffPin"] h1').textContent()).toBe('Staff sign-in');
    await staffScreen(page, 'staff-03-sign-in');
    const message = page.getByTestId('staff-pin-message');
    for (let left = 4; left >= 1; left--) {
      await pin(page, ADMIN.name, '000000');
      await expect.poll(() => message.textContent()).toContain(`${left} attempt${left === 1 ? '' : 's'} left.`);
    }
    await screenshot(page, 'staff-04-wrong-pin');
    await pin(page, ADMIN.name, '000000');
    await expect.poll(() => message.textContent()).toMatch(/Try again in \d+ seconds\./);
    await staffScreen(page, 'staff-05-locked');
    expect(await page.getByTestId('staff-sign-in').isDisabled()).toBe(true);
    // The countdown ends; the right PIN opens the review.
    await expect.poll(() => message.count(), { timeout: LOCK_MS + 5000 }).toBe(0);
    await pin(page, ADMIN.name, ADMIN.pin);
    await waitForScreen(page, 'result', 30_000);

    // The review workspace: signed-in name, service label, summary in words, portrait beside the
    // face with score and threshold, page image full size, fields with the source note.
    expect(await page.getByTestId('staff-member').textContent()).toBe(`Signed in: ${ADMIN.displayName}`);
    expect(await page.getByTestId('result-source').textContent()).toMatch(/NOT a Yoti verification/);
    // Computed from the expired specimen: authenticity and text fail, the face matches.
    expect(await page.getByTestId('summary-failed').textContent()).toMatch(/Document authenticity/);
    expect(await page.getByTestId('summary-passed').textContent()).toMatch(/Face match/);
    expect(await page.getByTestId('summary-details').textContent()).toContain('EXPIRED_DOCUMENT');
    expect(await page.getByTestId('field-source-note').isVisible()).toBe(true);
    expect(await page.getByTestId('result-page').count()).toBe(1);
    await staffScreen(page, 'staff-06-review');
    await page.setViewportSize({ width: 1280, height: 2400 });
    await screenshot(page, 'staff-06b-review-full');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('open-page-front').click();
    await page.getByTestId('image-viewer').waitFor();
    await page.getByTestId('zoom-in').click();
    expect(await page.getByTestId('viewer-image').getAttribute('data-zoom')).toBe('1.5');
    await staffScreen(page, 'staff-07-page-zoom');
    await page.getByTestId('viewer-close').click();

    // Approve with a reason (only the approve reasons offered), confirm, the reference.
    await page.getByTestId('decision-APPROVE').click();
    const offered = await page
      .getByTestId('decision-reason')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered).toEqual(['DOCUMENT_AND_FACE_MATCH']);
    await page.getByTestId('decision-reason').selectOption('DOCUMENT_AND_FACE_MATCH');
    await page.getByTestId('decision-note').fill('Checked by hand');
    await page.getByTestId('decision-next').click();
    await page.getByTestId('decision-confirm').waitFor();
    await staffScreen(page, 'staff-08-confirm');
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('decision-reference').waitFor();
    const recorded = kiosk.toPage.find((m) => m.kind === 'result' && m.name === 'recordDecision')!.value as {
      ok: boolean;
      value: { reference: string };
    };
    expect(recorded.ok).toBe(true);
    expect(await page.getByTestId('decision-reference').textContent()).toContain(recorded.value.reference);
    await page.getByTestId('print-receipt').click();
    // No printing in this host: main answers NOT_ALLOWED.
    await expect
      .poll(() => page.getByTestId('print-receipt-result').textContent())
      .toBe('Printing is not set up.');
    await staffScreen(page, 'staff-09-recorded');

    // Sign out: the review leaves the renderer's memory.
    await page.getByTestId('staff-sign-out').click();
    await waitForScreen(page, 'attract');
    const state = await flowState(page);
    expect(state.report).toBeNull();
    expect(state.handle).toBeNull();
    expect(kiosk.pageErrors).toEqual([]); // includes CSP violations
  }, 300_000);
});
