// The whole flow with the keyboard only (no pointer at all): Tab to each control, arrow keys in the
// language radio group and the A–Z tabs, type to search the country, Enter and Space to press.
// Every control that takes focus shows a focus ring of at least 3 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cameraFiles } from './support/cameraFiles';
import { waitForPageChecked } from './support/customerWalk';
import { waitForCamera, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';

declare const document: { activeElement: unknown; documentElement: { lang: string } };
declare function getComputedStyle(el: unknown): { outlineWidth: string; outlineStyle: string };

interface Focused {
  tag: string;
  text: string;
  testid: string | null;
  ring: { width: number; style: string };
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as {
      tagName: string;
      textContent: string | null;
      getAttribute(n: string): string | null;
    } | null;
    const style = el ? getComputedStyle(el) : null;
    return {
      tag: el?.tagName ?? '',
      text: (el?.textContent ?? '').trim(),
      testid: el?.getAttribute('data-testid') ?? null,
      ring: { width: parseFloat(style?.outlineWidth ?? '0'), style: style?.outlineStyle ?? 'none' },
    };
  });
}

/** Presses Tab until the focused element matches `selector`; returns how many presses it took. */
async function tabTo(page: Page, selector: string, max = 25): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(
      (s) => (document.activeElement as { matches?(s: string): boolean } | null)?.matches?.(s) ?? false,
      selector,
    );
    if (hit) {
      const f = await focused(page);
      // A visible ring: at least 3 px, solid.
      expect(f.ring.width, `focus ring on ${selector}`).toBeGreaterThanOrEqual(3);
      expect(f.ring.style, `focus ring on ${selector}`).toBe('solid');
      return n;
    }
  }
  throw new Error(
    `Tab never reached ${selector} in ${max} presses (at ${JSON.stringify(await focused(page))})`,
  );
}

describe('kiosk e2e: keyboard only', () => {
  // Blurred: no automatic capture, so the shutter is pressed from the keyboard.
  const kioskUnderTest = kioskForSuite({ camera: cameraFiles().blurred, runtime: { mode: 'unattended' } });

  it('goes through the whole flow without a pointer', async () => {
    const kiosk = kioskUnderTest();
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    await page.getByTestId('service-notice').waitFor();

    // Language: one Tab stop; the arrows move along the group and choose.
    await tabTo(page, '[data-language="en"]');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es-ES');
    expect((await focused(page)).text).toBe('Español');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-GB');
    // The next Tab leaves the group (one stop) for the first toggle.
    await page.keyboard.press('Tab');
    expect((await focused(page)).testid).toBe('toggle-speech');
    await tabTo(page, '[data-testid="toggle-large-text"]');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('toggle-large-text').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('toggle-large-text').getAttribute('aria-pressed')).toBe('false');

    await tabTo(page, '[data-testid="start"]');
    await page.keyboard.press('Enter');
    await waitForScreen(page, 'consent');
    await tabTo(page, '[data-testid="consent-accept"]');
    await page.keyboard.press('Enter');
    await waitForScreen(page, 'document');
    await page.locator('[data-country]').first().waitFor();

    // From the heading, the search box is a couple of Tabs away.
    const presses = await tabTo(page, '[data-testid="country-search"]');
    // The A–Z bar after it is one Tab stop; the arrows change the letter.
    const letters = page.locator('[data-letter]');
    if ((await letters.count()) > 1) {
      const second = await letters.nth(1).getAttribute('data-letter');
      await tabTo(page, '[data-letter][tabindex="0"]');
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.locator('[data-letter][aria-selected="true"]').getAttribute('data-letter'))
        .toBe(second);
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).testid).toBe('country-search');
    }
    // Typing finds the country: a few key presses, not 33 Tabs.
    await page.keyboard.type('utop');
    const toTile = await tabTo(page, '[data-country="UTO"]');
    expect(presses + toTile).toBeLessThanOrEqual(6);
    await page.keyboard.press('Enter');
    await page.locator('[data-document-type="PASSPORT"]').waitFor();
    await tabTo(page, '[data-document-type="PASSPORT"]');
    await page.keyboard.press('Enter');

    await waitForScreen(page, 'capture');
    await waitForCamera(page);
    await page.locator('[data-testid="shutter"]:not([disabled])').waitFor();
    await tabTo(page, '[data-testid="shutter"]');
    await page.keyboard.press('Enter');
    await waitForScreen(page, 'review');
    await waitForPageChecked(page);
    await tabTo(page, '[data-testid="use-anyway"]');
    await page.keyboard.press('Enter');

    await waitForScreen(page, 'face');
    await waitForCamera(page);
    await page.locator('[data-testid="shutter"]:not([disabled])').waitFor();
    await tabTo(page, '[data-testid="shutter"]');
    await page.keyboard.press('Enter');
    await waitForScreen(page, 'uploading');
    await waitForScreen(page, 'done', 90_000);
    // Unattended: the done screen goes back to the start by itself.
    await waitForScreen(page, 'attract', 30_000);
    expect(kiosk.calls.map((c) => c.channel)).toEqual(
      expect.arrayContaining(['startSession', 'selectDocument', 'uploadPage', 'uploadFace', 'submitSession']),
    );
    expect(kiosk.pageErrors).toEqual([]);
  }, 240_000);
});
