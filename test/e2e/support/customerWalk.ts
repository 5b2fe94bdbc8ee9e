// The customer's steps with the specimen passport that several walks share.
import type { Page } from 'playwright-core';
import { startAndChoose, waitForCamera, waitForScreen } from './kioskHarness';

/** The review screen once the service has answered on the page photo (accepted or rejected). */
export async function waitForPageChecked(page: Page): Promise<void> {
  await page.locator('[data-screen="review"]:not([data-status="checking"])').waitFor({ timeout: 60_000 });
}

/** The whole walk with the sharp specimen passport, captured automatically, to the done screen. */
export async function walkToDone(page: Page): Promise<void> {
  await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
  await waitForCamera(page);
  await waitForScreen(page, 'review', 15_000);
  await waitForPageChecked(page);
  await page.getByTestId('use-photo').click();
  await waitForScreen(page, 'face');
  await waitForCamera(page);
  await page.getByTestId('shutter').click();
  await waitForScreen(page, 'done', 90_000);
}
