// The unattended done screen end to end: the person gets a reference they can quote (from the
// session's status; the staff report stays behind the PIN), a visible countdown, and the screen
// resets on its own. The reference is the one staff later see on the report.
import { describe, expect, it } from 'vitest';
import { cameraFiles } from './support/cameraFiles';
import { walkToDone } from './support/customerWalk';
import { flowState, screenshot, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';

describe('kiosk e2e: the unattended done screen (Chromium, real kiosk runtime)', () => {
  const kioskUnderTest = kioskForSuite({ camera: cameraFiles().sharp, runtime: { mode: 'unattended' } }, 120_000);

  it('shows a reference to quote and a countdown, then resets; no staff result is offered or fetched', async () => {
    const kiosk = kioskUnderTest();
    const { page } = kiosk;
    await walkToDone(page);

    await page.getByTestId('done-reference').waitFor();
    const reference = await page.getByTestId('done-reference').locator('strong').textContent();
    expect(reference).toMatch(/^V-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    // The reference came with the session's state, not with a report.
    const status = kiosk.toPage.filter((m) => m.kind === 'result' && m.name === 'getSessionStatus');
    expect(status.some((m) => (m.value as { value?: { reference?: string } }).value?.reference === reference)).toBe(
      true,
    );
    expect(kiosk.calls.some((c) => c.channel === 'getReport')).toBe(false);
    expect(await page.getByTestId('show-result').count()).toBe(0);
    expect((await flowState(page)).report).toBeNull();

    // The countdown is visible and counts down.
    const countdown = page.getByTestId('done-returning');
    const seconds = async () => Number(/(\d+) seconds?/.exec((await countdown.textContent()) ?? '')?.[1] ?? NaN);
    const first = await seconds();
    expect(first).toBeGreaterThan(0);
    await screenshot(page, 'done-unattended-reference');
    await expect.poll(seconds, { timeout: 10_000 }).toBeLessThan(first);
    // And the screen resets on its own, with nothing of the person left.
    await waitForScreen(page, 'attract', 120_000);
    const after = await flowState(page);
    expect(after.handle).toBeNull();
    expect(kiosk.pageErrors).toEqual([]);
  }, 300_000);
});
