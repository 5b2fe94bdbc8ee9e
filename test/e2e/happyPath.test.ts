// The whole flow against the embedded IDV service: attract → … → staff result → reset, with a
// screenshot of every screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { cameraFiles } from './support/cameraFiles';
import {
  flowState,
  screenshot,
  startAndChoose,
  startKiosk,
  waitForScreen,
  type KioskUnderTest,
} from './support/kioskHarness';

describe('kiosk happy path (Chromium, real kiosk runtime, embedded IDV service)', () => {
  let kiosk: KioskUnderTest;

  beforeAll(async () => {
    await buildRenderer();
    kiosk = await startKiosk({ camera: cameraFiles().sharp });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('walks from attract to the staff result and back', async () => {
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
    await page.locator('[data-country="UTO"]').click();
    await screenshot(page, '04-document-type');
    await page.locator('[data-document-type="PASSPORT"]').click();
    await waitForScreen(page, 'capture');
    await page.waitForFunction(
      () => (document.querySelector('video') as HTMLVideoElement | null)?.videoWidth,
    );
    await screenshot(page, '05-capture-front');
    await page
      .getByTestId('shutter')
      .locator('visible=true')
      .click()
      .catch(() => undefined);
    await waitForScreen(page, 'review');
    await page.locator('[data-screen="review"]:not([data-status="checking"])').waitFor({ timeout: 30_000 });
    await screenshot(page, '06-review-front');
    const status = await page.locator('[data-screen="review"]').getAttribute('data-status');
    expect(['accepted', 'rejected']).toContain(status);
    await page.getByTestId(status === 'accepted' ? 'use-photo' : 'use-anyway').click();
    await waitForScreen(page, 'face');
    await page.waitForFunction(
      () => (document.querySelector('video') as HTMLVideoElement | null)?.videoWidth,
    );
    await screenshot(page, '09-face');
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'uploading');
    await screenshot(page, '10-uploading');
    await waitForScreen(page, 'done', 60_000);
    await screenshot(page, '11-done');
    await page.getByTestId('show-result').click();
    await waitForScreen(page, 'result');
    await screenshot(page, '12-result');
    const source = await page.getByTestId('result-source').textContent();
    expect(source).toMatch(/Local IDV service/i);
    expect(source).toMatch(/not a Yoti verification/i);
    expect(await page.getByTestId('check-card').count()).toBeGreaterThan(0);
    await page.getByTestId('finish').click();
    await waitForScreen(page, 'attract');
    const state = await flowState(page);
    expect(state.handle).toBeNull();
    expect(kiosk.calls.map((c) => c.channel)).toContain('discardSession');
    expect(kiosk.pageErrors).toEqual([]);
  });
});
