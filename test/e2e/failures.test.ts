// The kiosk's error screens, each reached for real: idle timeout (wipe), no camera, the camera
// going away mid-flow and coming back, and the IDV service being unreachable.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { cameraFiles } from './support/cameraFiles';
import {
  flowState,
  imageLoads,
  screenshot,
  startAndChoose,
  startKiosk,
  unplugCamera,
  devicesChanged,
  waitForCamera,
  waitForScreen,
  type KioskUnderTest,
} from './support/kioskHarness';

let kiosk: KioskUnderTest | null = null;

beforeAll(async () => {
  await buildRenderer();
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
});

describe('kiosk e2e: failures and recovery', () => {
  it('idle timeout: asks, then discards the session and leaves no person data in store or DOM', async () => {
    kiosk = await startKiosk({ camera: cameraFiles().sharp, runtime: { idleTimeoutMs: 6000 } });
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    // The review of the automatically taken page: the person walks away while it is checked.
    await waitForScreen(page, 'review', 15_000);
    await page.locator('img[src^="blob:"]').waitFor();
    const before = await flowState(page);
    const handle = before.handle as string;
    const previewUrl = (before.pages as { front: { url: string } }).front.url;
    expect(await imageLoads(page, previewUrl)).toBe(true);
    expect(handle).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(await page.locator('img[src^="blob:"]').count()).toBe(1);

    await page.getByTestId('idle-prompt').waitFor({ timeout: 10_000 });
    await screenshot(page, '13-idle-prompt');
    await waitForScreen(page, 'attract', 10_000);

    const discard = kiosk.calls.find((c) => c.channel === 'discardSession');
    expect(discard?.request).toEqual({ handle });
    const after = await flowState(page);
    expect(after).toMatchObject({
      handle: null,
      report: null,
      faceUrl: null,
      country: null,
      documentType: null,
      step: 'attract',
    });
    expect(after.pages).toEqual({});
    expect(await page.locator('img[src^="blob:"], img[src^="data:"]').count()).toBe(0);
    expect(await page.content()).not.toContain(handle);
    // The preview's object URL was revoked: it loaded before the wipe and no longer does.
    expect(await imageLoads(page, previewUrl)).toBe(false);
  }, 120_000);

  it('no camera, demo mode: what happened in words, one way out, and the demo camera offered', async () => {
    kiosk = await startKiosk({ camera: 'none' });
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT', undefined, 'chosen');
    await waitForScreen(page, 'error');
    const screen = page.locator('[data-screen="error"]');
    expect(await screen.getAttribute('data-error')).toBe('noCamera');
    await screenshot(page, '14-error-no-camera-demo');
    const text = (await screen.textContent()) ?? '';
    // Words a person can act on; never the browser's exception.
    expect(await page.getByTestId('camera-advice').textContent()).toMatch(/cable|staff/i);
    expect(text).not.toMatch(/NotFoundError|Requested device not found|Details:/);
    // One way out: no second Cancel beside "Start again".
    expect(await page.getByRole('button', { name: /cancel/i }).count()).toBe(0);
    await page.getByTestId('use-demo-camera').click();
    await waitForScreen(page, 'capture');
    await page.getByTestId('demo-camera-label').waitFor();
    // The demo camera feeds the specimen page through the same pipeline: it is taken and accepted.
    await page.locator('[data-screen="review"][data-status="accepted"]').waitFor({ timeout: 60_000 });
    await screenshot(page, '14b-demo-camera-review');
  }, 90_000);

  it('no camera with demo mode off: no demo offered, and the person can start again', async () => {
    kiosk = await startKiosk({ camera: 'none', runtime: { demo: false } });
    const { page } = kiosk;
    await startAndChoose(page, 'GBR', 'U', 'PASSPORT', undefined, 'chosen'); // United Kingdom
    // Without demo mode the specimen issuer is not offered at all.
    const offered = kiosk.toPage.find((m) => m.kind === 'result' && m.name === 'startSession')!.value as {
      value: { documents: Array<{ issuingCountry: string }> };
    };
    expect(offered.value.documents.length).toBeGreaterThan(100);
    expect(offered.value.documents.map((d) => d.issuingCountry)).not.toContain('UTO');
    await waitForScreen(page, 'error');
    expect(await page.locator('[data-screen="error"]').getAttribute('data-error')).toBe('noCamera');
    await screenshot(page, '14-error-no-camera');
    expect(await page.getByTestId('camera-advice').count()).toBe(1);
    expect(await page.getByTestId('demo-offer').count()).toBe(0);
    expect(await page.getByTestId('use-demo-camera').count()).toBe(0);
    await page.getByTestId('start-over').click();
    await waitForScreen(page, 'attract');
    expect(kiosk.calls.map((c) => c.channel)).toContain('discardSession');
  }, 90_000);

  it('camera unplugged mid-flow: a message, then back to the same capture when it returns', async () => {
    kiosk = await startKiosk({ camera: cameraFiles().blurred }); // blurred: no automatic capture races us
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    await waitForCamera(page);
    // What Chromium does when a USB camera is pulled: the track ends.
    await unplugCamera(page);
    await waitForScreen(page, 'error');
    expect(await page.locator('[data-screen="error"]').getAttribute('data-error')).toBe('cameraLost');
    await screenshot(page, '15-error-camera-lost');
    // Plugged back in: the devices list changes.
    await devicesChanged(page);
    await waitForScreen(page, 'capture');
    await waitForCamera(page);
  }, 90_000);

  it('IDV service unreachable: its own screen; trying again keeps saying so; start again works', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    kiosk = await startKiosk({
      camera: cameraFiles().sharp,
      runtime: {
        service: {
          apiBaseUrl: 'http://127.0.0.1:1/idverify/v1', // nothing listens on port 1
          sdkId: 'e2e-unreachable',
          privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          kind: 'standalone',
        },
      },
    });
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    await page.getByTestId('start').click();
    await page.getByTestId('consent-accept').click();
    await waitForScreen(page, 'error', 30_000);
    expect(await page.locator('[data-screen="error"]').getAttribute('data-error')).toBe('serviceUnreachable');
    await screenshot(page, '16-error-service-unreachable');
    await page.getByTestId('try-again').click();
    await expect
      .poll(() => kiosk!.calls.filter((c) => c.channel === 'startSession').length, { timeout: 30_000 })
      .toBe(2);
    await waitForScreen(page, 'error', 30_000);
    expect(await page.locator('[data-screen="error"]').getAttribute('data-error')).toBe('serviceUnreachable');
    await page.getByTestId('start-over').click();
    await waitForScreen(page, 'attract');
  }, 120_000);
});
