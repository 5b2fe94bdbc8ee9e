// What a screen-reader user gets, in the real renderer: at each screen change focus is on the new
// screen's heading and the app's polite live region announces it; the capture guidance, the
// review's verdict and the upload progress are live regions with the words in them; the step, the
// progress bar and the idle dialog have names. With spoken guidance on, speechSynthesis (recorded
// here by a stand-in) is asked to say each screen's instruction in the chosen language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { createDeferred } from '../../common/deferred';
import { cameraFiles } from './support/cameraFiles';
import { startKiosk, waitForCamera, waitForScreen, type KioskUnderTest } from './support/kioskHarness';

declare const document: {
  activeElement: { tagName: string; textContent: string | null; closest(s: string): unknown } | null;
  querySelector(s: string): { textContent: string | null } | null;
};
declare const window: Record<string, unknown>;

interface Spoken {
  text: string;
  lang: string;
}

/** The screen now: the focused element, the announcement, and the screen's own heading. */
async function screenState(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    return {
      focusedTag: active?.tagName ?? '',
      focusedText: (active?.textContent ?? '').trim(),
      focusInScreen: !!active?.closest('[data-screen]'),
      heading: (document.querySelector('[data-screen] h1')?.textContent ?? '').trim(),
      announced: (document.querySelector('[data-testid="screen-announcer"]')?.textContent ?? '').trim(),
    };
  });
}

/** After a screen change: focus on its heading, and the heading announced. */
async function expectScreenChange(
  page: Page,
  screen: string,
  heading: string | RegExp,
  timeout = 20_000,
): Promise<void> {
  await waitForScreen(page, screen, timeout);
  await expect.poll(() => screenState(page).then((s) => s.announced), { timeout: 10_000 }).toMatch(heading);
  const s = await screenState(page);
  expect(s.heading).toMatch(heading);
  expect([s.focusedTag, s.focusInScreen, s.focusedText]).toEqual(['H1', true, s.heading]);
}

/** The kiosk's idle timeout as the renderer has it from getAppInfo (shortened for the idle dialog). */
async function setIdleTimeout(page: Page, ms: number): Promise<void> {
  await page.evaluate((timeout) => {
    const el = document.querySelector('#app') as unknown as {
      __vue_app__: {
        config: { globalProperties: { $pinia: { state: { value: { session: { appInfo: object } } } } } };
      };
    };
    const session = el.__vue_app__.config.globalProperties.$pinia.state.value.session;
    session.appInfo = { ...session.appInfo, idleTimeoutMs: timeout };
  }, ms);
}

const spoken = (page: Page) => page.evaluate(() => (window.__spoken as Spoken[]).slice());

describe('kiosk e2e: screen reader and spoken guidance', () => {
  let kiosk: KioskUnderTest;
  const submit = createDeferred();
  beforeAll(async () => {
    await buildRenderer();
    kiosk = await startKiosk({
      camera: cameraFiles().blurred,
      runtime: { mode: 'unattended' },
      gate: (channel) => (channel === 'submitSession' ? submit.promise : null),
    });
    // A stand-in for the OS voices: records each utterance, ends it a moment later.
    await kiosk.page.addInitScript(() => {
      const said: Array<{ text: string; lang: string }> = [];
      window.__spoken = said;
      interface Utterance {
        text: string;
        lang: string;
        onend: (() => void) | null;
      }
      let current: Utterance | null = null;
      const synth = {
        speak(u: Utterance) {
          said.push({ text: u.text, lang: u.lang });
          current = u;
          setTimeout(() => current === u && u.onend?.(), 50);
        },
        cancel() {
          current = null;
        },
        getVoices: () => [],
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    });
    await kiosk.page.reload();
  });
  afterAll(async () => {
    submit.resolve();
    await kiosk?.close();
  });

  it('moves focus to each heading, announces it, and keeps live regions and names', async () => {
    const { page } = kiosk;
    await expectScreenChange(page, 'attract', 'Verify your identity');
    await page.getByTestId('service-notice').waitFor();
    // Spoken guidance on, then French: the attract instruction is said again, in French.
    await page.getByRole('button', { name: 'Spoken guidance' }).click();
    await expect
      .poll(() => spoken(page).then((s) => s.at(-1)))
      .toEqual({
        text: 'Verify your identity. Have your passport, driving licence or ID card ready. It takes about two minutes.',
        lang: 'en-GB',
      });
    await page.getByRole('radio', { name: 'Français' }).click();
    // Same screen, new language: announced again, and focus stays on the choice just made.
    await expect.poll(() => screenState(page).then((s) => s.announced)).toBe('Vérifiez votre identité');
    expect((await screenState(page)).focusedText).toBe('Français');
    await expect.poll(() => spoken(page).then((s) => s.at(-1)?.lang)).toBe('fr-FR');

    await page.getByTestId('start').click();
    await expectScreenChange(page, 'consent', 'Avant de commencer');
    await expect.poll(() => spoken(page).then((s) => s.at(-1)?.text)).toMatch(/^Avant de commencer\./);
    // The step indicator: one line, no empty items.
    await page.getByTestId('consent-accept').click();
    await expectScreenChange(page, 'document', /pays/);
    expect(await page.locator('header').ariaSnapshot()).toContain('Étape 1 sur 4 : Votre document');
    expect(await page.getByTestId('step-indicator').getByRole('listitem').count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Rechercher un pays' }).fill('utop');
    await expect.poll(() => page.getByTestId('country-results').textContent()).toBe('Pays trouvés : 1');
    await page.locator('[data-country="UTO"]').click();
    await expectScreenChange(page, 'document', /document/);
    await page.locator('[data-document-type="PASSPORT"]').click();

    await expectScreenChange(page, 'capture', /passeport/);
    await waitForCamera(page);
    // The guidance is a live region with the words; the video is named.
    const guidance = page.getByTestId('capture-guidance');
    await expect.poll(() => guidance.textContent().then((t) => t?.trim())).toMatch(/flou|Ne bougez|cadre/i);
    expect(await page.getByTestId('capture-guidance').getAttribute('role')).toBe('status');
    expect(await page.locator('video').getAttribute('aria-label')).toBe('Image de la caméra en direct');
    // …and said: the live guidance comes after the screen's instruction, never over it.
    await expect.poll(() => spoken(page).then((s) => s.at(-1)?.text)).toMatch(/flou|Ne bougez|cadre/i);
    const lines = await spoken(page);
    const instruction = lines.findIndex((l) => /^Photo de la page du passeport/.test(l.text));
    expect(instruction).toBeGreaterThanOrEqual(0);

    await page.getByTestId('shutter').click();
    await expectScreenChange(page, 'review', /photo/i);
    await page.locator('[data-screen="review"]:not([data-status="checking"])').waitFor({ timeout: 60_000 });
    const verdict = page.getByTestId('review-verdict');
    expect(await verdict.getAttribute('role')).toBe('status');
    expect(await verdict.textContent()).toMatch(/Veuillez reprendre la photo/);
    await expect.poll(() => spoken(page).then((s) => s.at(-1)?.text)).toMatch(/^Veuillez reprendre la photo/);
    expect(
      await page
        .getByRole('img', { name: 'La photo que vous avez prise du recto de votre document' })
        .count(),
    ).toBe(1);
    await page.getByTestId('use-anyway').click();

    await expectScreenChange(page, 'face', /visage/);
    await waitForCamera(page);
    await page.getByTestId('shutter').click();
    await expectScreenChange(page, 'uploading', /./);
    // Progress: a named bar and a live line with the numbers.
    const bar = page.getByRole('progressbar', { name: "Progression de l'envoi" });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/envoyée|envoy/);
    expect(await page.getByTestId('upload-status').getAttribute('role')).toBe('status');

    // Nobody touches anything: the idle dialog, named, with the focus on its button. (The kiosk's
    // idle timeout, from getAppInfo, is shortened here so the test need not wait two minutes.)
    await setIdleTimeout(page, 6000);
    const dialog = page.getByRole('alertdialog', { name: 'Êtes-vous toujours là ?' });
    await dialog.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      await dialog
        .getByRole('button')
        .textContent()
        .then((t) => t?.trim()),
    );
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await setIdleTimeout(page, 120_000);
    submit.resolve();
    await expectScreenChange(page, 'done', /./, 90_000);
    // Unattended: back to the start, where everything is English and silent again.
    await expectScreenChange(page, 'attract', 'Verify your identity', 30_000);
    expect(await page.getByRole('button', { name: 'Spoken guidance' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    expect(kiosk.pageErrors).toEqual([]);
  }, 240_000);
});
