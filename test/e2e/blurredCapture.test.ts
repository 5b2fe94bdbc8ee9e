// A blurred document in front of the camera: the live guidance says so, nothing is captured
// automatically, and the photo taken with the shutter gets instant retake feedback from the service.
import { describe, expect, it } from 'vitest';
import { cameraFiles } from './support/cameraFiles';
import { waitForPageChecked } from './support/customerWalk';
import { flowState, screenshot, startAndChoose, waitForCamera, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';

describe('kiosk e2e: blurred capture', () => {
  const kiosk = kioskForSuite({ camera: cameraFiles().blurred });

  it('guides live, does not auto-capture, and asks for a retake naming the blur', async () => {
    const { page } = kiosk();
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    await waitForCamera(page);
    await expect
      .poll(() => page.locator('[data-guidance]').getAttribute('data-guidance'), { timeout: 10_000 })
      .toBe('BLURRED');
    await screenshot(page, '05b-capture-guidance-blurred');
    // Twenty more frames assessed (well past the automatic capture's delay and steadiness window),
    // and still on the live camera: a blurred page is never taken by itself.
    const frames = () =>
      page.locator('[data-frames-analysed]').getAttribute('data-frames-analysed').then(Number);
    const seen = await frames();
    await expect.poll(frames, { timeout: 20_000 }).toBeGreaterThanOrEqual(seen + 20);
    expect(await page.locator('[data-screen="capture"]').count()).toBe(1);

    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'review');
    expect(await page.locator('[data-screen="review"]').getAttribute('data-auto')).toBe('no');
    await waitForPageChecked(page);
    expect(await page.locator('[data-screen="review"]').getAttribute('data-status')).toBe('rejected');
    const feedback = ((await flowState(page)).machine as { page: { feedback: { issues: string[] } } }).page
      .feedback;
    expect(feedback.issues).toContain('BLURRED');
    const message = await page.getByTestId('review-rejected').textContent();
    expect(message).toContain('The photo is blurred.');
    await screenshot(page, '06b-review-retake-feedback');
    await page.getByTestId('retake').click();
    await waitForScreen(page, 'capture');
  }, 120_000);
});
