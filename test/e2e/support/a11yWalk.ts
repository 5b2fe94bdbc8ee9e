// The customer's screens, one walk through the real flow, with a check run on each screen in every
// language the kiosk has (SUPPORTED_LOCALES): the language is switched in place on the same page
// (the session store's locale, which the visit language follows), so one browser serves them all.
// axe-core runs with WCAG 2.x A/AA rules; every violation fails, "incomplete" items are collected
// for the report (over live video, colour contrast cannot be computed).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createDeferred } from '../../../common/deferred';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../../renderer/i18n';
import { cameraFiles } from './cameraFiles';
import {
  devicesChanged,
  SCREENS_DIR,
  screenshot,
  startKiosk,
  unplugCamera,
  waitForCamera,
  waitForScreen,
  type KioskUnderTest,
} from './kioskHarness';

declare function requestAnimationFrame(callback: () => void): number;
declare const document: {
  documentElement: { lang: string; dir: string };
  querySelector(selector: string): unknown;
};

export const LOCALES: readonly SupportedLocale[] = SUPPORTED_LOCALES;

/** Switches the visit's language on the current screen and waits until the page follows. */
export async function setLocale(page: Page, locale: string): Promise<void> {
  await page.evaluate((l) => {
    const el = document.querySelector('#app') as {
      __vue_app__?: {
        config: {
          globalProperties: { $pinia?: { state: { value: Record<string, Record<string, unknown>> } } };
        };
      };
    };
    const session = el.__vue_app__?.config.globalProperties.$pinia?.state.value.session;
    if (session) session.locale = l;
  }, locale);
  // <html lang> carries the language's tag ("fr-FR", "ar"): its language subtag is the code.
  await page.waitForFunction((code) => document.documentElement.lang.split('-')[0] === code, locale);
}

export interface AxeFinding {
  screen: string;
  locale: string;
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** All violations (any impact) and the incomplete items of the page as it is now. */
export async function axeCheck(
  page: Page,
  screen: string,
  locale: string,
): Promise<{ violations: AxeFinding[]; incomplete: AxeFinding[] }> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const map = (items: typeof result.violations): AxeFinding[] =>
    items.map((v) => ({
      screen,
      locale,
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  return { violations: map(result.violations), incomplete: map(result.incomplete) };
}

export interface WalkReport {
  check: 'axe' | 'layouts';
  /** Layout problems (sideways overflow), layouts walk only. */
  layout: string[];
  violations: AxeFinding[];
  incomplete: AxeFinding[];
  screens: string[];
}

/** The data-screen of each checked screen (where the name differs). */
const SCREEN_OF: Record<string, string> = {
  'attract-large-contrast': 'attract',
  country: 'document',
  'document-type': 'document',
  'error-camera-lost': 'error',
};

/**
 * The layouts: portrait 1080×1920, 1024×768, and 1280×800 at 200 % zoom (a 640×400 CSS-pixel
 * viewport, which is what 200 % browser zoom gives the page's layout).
 */
export const LAYOUTS = [
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '1024x768', width: 1024, height: 768 },
  { name: 'zoom200', width: 640, height: 400 },
] as const;

/** Nothing sticks out sideways (the screen may scroll down, never across). */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = document as unknown as {
      querySelectorAll(s: string): ArrayLike<{ scrollWidth: number; clientWidth: number; className: string }>;
    };
    return Array.from(doc.querySelectorAll('html, body, #app, .kiosk, [data-screen], header'))
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.className || 'element'}: ${el.scrollWidth} > ${el.clientWidth}`);
  });
}

async function layouts(page: Page, screen: string, report: WalkReport): Promise<void> {
  report.screens.push(screen);
  for (const locale of ['en', 'ar'] as const) {
    await setLocale(page, locale);
    for (const size of LAYOUTS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      for (const o of await sidewaysOverflow(page))
        report.layout.push(`${screen}/${locale}/${size.name}: ${o}`);
      await screenshot(page, `layout-${screen}-${locale}-${size.name}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  await setLocale(page, 'en');
}

/** Runs axe on the current screen in every language (and back to English). */
async function everyLanguage(page: Page, screen: string, report: WalkReport, shots: string | null) {
  if (report.check === 'layouts') return layouts(page, screen, report);
  report.screens.push(screen);
  const dataScreen = SCREEN_OF[screen] ?? screen;
  for (const locale of LOCALES) {
    await setLocale(page, locale);
    const found = await axeCheck(page, screen, locale);
    // Checked the screen it meant to: it did not move on meanwhile.
    expect(await page.locator(`[data-screen="${dataScreen}"]`).count(), `${screen} in ${locale}`).toBe(1);
    report.violations.push(...found.violations);
    report.incomplete.push(...found.incomplete);
    if (shots && (locale === 'en' || locale === 'ar'))
      await screenshot(page, `${shots}-${screen}-${locale}-1280x800`);
  }
  await setLocale(page, 'en');
}

/**
 * attract → consent → country → document type → capture (→ camera lost → capture) → review →
 * face → uploading → done, checking each in every language. The blurred camera keeps the capture
 * screen up (no automatic capture) and makes the review a "retake" one; submitSession is held
 * so the uploading screen stays while it is checked.
 */
export async function walkCustomerScreens(
  mode: 'staff' | 'unattended',
  shots: string | null,
  check: 'axe' | 'layouts' = 'axe',
): Promise<WalkReport> {
  const submit = createDeferred();
  let holdSubmit = true;
  const kiosk: KioskUnderTest = await startKiosk({
    camera: cameraFiles().blurred,
    runtime: { mode },
    gate: (channel) => (channel === 'submitSession' && holdSubmit ? submit.promise : null),
  });
  const report: WalkReport = { check, violations: [], incomplete: [], screens: [], layout: [] };
  try {
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    await page.getByTestId('service-notice').waitFor();
    await everyLanguage(page, 'attract', report, shots);
    // The large-text and high-contrast modes are checked on the attract screen too.
    await page.getByTestId('toggle-high-contrast').click();
    await page.getByTestId('toggle-large-text').click();
    await everyLanguage(page, 'attract-large-contrast', report, shots);
    await page.getByTestId('toggle-high-contrast').click();
    await page.getByTestId('toggle-large-text').click();

    await page.getByTestId('start').click();
    await waitForScreen(page, 'consent');
    await everyLanguage(page, 'consent', report, shots);
    await page.getByTestId('consent-accept').click();
    await waitForScreen(page, 'document');
    await page.locator('[data-country]').first().waitFor();
    await everyLanguage(page, 'country', report, shots);
    await page.locator('[data-country="UTO"]').first().click();
    await page.locator('[data-document-type="PASSPORT"]').waitFor();
    await everyLanguage(page, 'document-type', report, shots);
    await page.locator('[data-document-type="PASSPORT"]').click();
    await waitForScreen(page, 'capture');
    await waitForCamera(page);
    await everyLanguage(page, 'capture', report, shots);

    await unplugCamera(page);
    await waitForScreen(page, 'error');
    await everyLanguage(page, 'error-camera-lost', report, shots);
    await devicesChanged(page);
    await waitForScreen(page, 'capture');
    await waitForCamera(page);

    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'review');
    await page.locator('[data-screen="review"]:not([data-status="checking"])').waitFor({ timeout: 60_000 });
    await everyLanguage(page, 'review', report, shots);
    await page.getByTestId('use-anyway').click();
    await waitForScreen(page, 'face');
    await waitForCamera(page);
    await everyLanguage(page, 'face', report, shots);
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'uploading');
    await everyLanguage(page, 'uploading', report, shots);
    holdSubmit = false;
    submit.resolve();
    await waitForScreen(page, 'done', 90_000);
    // Unattended, the done screen goes back to attract after 8 s: the page's clock stands still
    // (timers keep running, Date.now() does not move) while every language is checked.
    if (mode === 'unattended') await page.clock.setFixedTime(new Date());
    await everyLanguage(page, 'done', report, shots);
    expect(kiosk.pageErrors).toEqual([]);
  } finally {
    submit.resolve();
    await kiosk.close();
  }
  if (check === 'layouts') return report;
  mkdirSync(SCREENS_DIR, { recursive: true });
  writeFileSync(
    path.join(path.dirname(SCREENS_DIR), `a11y-axe-${mode}.json`),
    JSON.stringify({ locales: LOCALES, ...report }, null, 2),
  );
  return report;
}
