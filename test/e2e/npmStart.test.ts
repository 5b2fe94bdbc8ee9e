// The first run as a newcomer tries it: `npm start -- --demo` on a machine with no camera and no
// Electron binary, under a virtual X display. The fallback must look like the kiosk (full screen,
// no browser UI) and a whole demo verification must go through on the demo camera.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS_DIR, waitForScreen } from './support/kioskHarness';
import { startVirtualDisplay, type VirtualDisplay } from './support/virtualDisplay';

// Page-side code below runs in the browser (this file is Node code).
declare const window: {
  innerWidth: number;
  innerHeight: number;
  screen: { width: number; height: number };
  location: { href: string };
};

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm start -- --demo, as a newcomer runs it (Chromium fallback under Xvfb)', () => {
  let display: VirtualDisplay;
  let child: ChildProcess;
  let browser: Browser;
  let page: Page;
  let userData: string;
  const output: string[] = [];

  beforeAll(async () => {
    display = await startVirtualDisplay(1280, 800);
    userData = mkdtempSync(path.join(os.tmpdir(), 'kiosk-first-run-'));
    const port = await freePort();
    child = spawn('npm', ['start', '--', '--demo'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DISPLAY: display.display,
        KIOSK_USER_DATA: userData,
        KIOSK_HOST: 'chromium',
        KIOSK_CHROMIUM_DEBUG_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const started = new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output.push(d.toString());
        if (output.join('').includes('kiosk page:')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}):\n${output.join('').slice(-2000)}`)),
      );
    });
    await started;
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const pages = browser.contexts().flatMap((c) => c.pages());
    page = pages.find((p) => p.url().startsWith('http://127.0.0.1'))!;
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (child?.pid && child.exitCode === null) {
      // npm start runs node, which runs Chromium: end the whole group, then wait for it.
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    await display?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('fills the screen with the kiosk page and shows no browser UI', async () => {
    await waitForScreen(page, 'attract', 60_000);
    const size = await page.evaluate(() => ({
      inner: [window.innerWidth, window.innerHeight],
      screen: [window.screen.width, window.screen.height],
    }));
    expect(size.screen).toEqual([1280, 800]);
    // Without a window manager Chromium keeps a window 1 px short of the screen (browserHost.ts).
    expect(size.inner[0]).toBeGreaterThanOrEqual(1279);
    expect(size.inner[1]).toBeGreaterThanOrEqual(799);
    // What the X screen shows is the page itself, from the top-left pixel: no tab strip, no URL bar.
    mkdirSync(SCREENS_DIR, { recursive: true });
    const screenFile = path.join(SCREENS_DIR, 'first-run-01-fallback-screen.png');
    display.screenshot(screenFile);
    const pageShot = await page.screenshot();
    const strip = async (img: Buffer | string) =>
      sharp(img).extract({ left: 0, top: 0, width: 1279, height: 120 }).removeAlpha().raw().toBuffer();
    const [onScreen, inPage] = await Promise.all([strip(screenFile), strip(pageShot)]);
    let differing = 0;
    for (let i = 0; i < onScreen.length; i++) if (Math.abs(onScreen[i] - inPage[i]) > 24) differing++;
    expect(differing / onScreen.length).toBeLessThan(0.01);
    // The page cannot be navigated away from.
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect.poll(() => page.locator('[data-screen="attract"]').count()).toBe(1);
    expect(page.url()).toBe(before);
  });

  it('completes a demo verification on the demo camera', async () => {
    await waitForScreen(page, 'attract');
    // A fresh install tells whoever sets it up what to do next, until the first verification.
    await page.getByTestId('first-run').waitFor();
    await page.getByTestId('start').click();
    await waitForScreen(page, 'consent');
    await page.getByTestId('consent-accept').click();
    await waitForScreen(page, 'document');
    // The specimen issuer is offered first in demo mode.
    display.screenshot(path.join(SCREENS_DIR, 'first-run-02-document.png'));
    const first = page.locator('[data-country]').first();
    expect(await first.getAttribute('data-country')).toBe('UTO');
    await first.click();
    await page.locator('[data-document-type="PASSPORT"]').click();
    await waitForScreen(page, 'capture');
    await expect.poll(() => page.getByTestId('demo-camera-label').count()).toBe(1);
    display.screenshot(path.join(SCREENS_DIR, 'first-run-03-demo-capture.png'));
    await waitForScreen(page, 'review', 30_000);
    await page.locator('[data-screen="review"][data-status="accepted"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('use-photo').click();
    // With a PC/SC reader attached (CI runs pcscd with a virtual reader) the passport's chip step
    // comes first: the demo specimen has no chip, so the newcomer goes on without it.
    await page.locator('[data-screen="face"], [data-screen="chip"]').first().waitFor({ timeout: 20_000 });
    if ((await page.locator('[data-screen="chip"]').count()) > 0) await page.getByTestId('chip-skip').click();
    await waitForScreen(page, 'face');
    await expect.poll(() => page.getByTestId('demo-camera-label').count()).toBe(1);
    display.screenshot(path.join(SCREENS_DIR, 'first-run-04-demo-face.png'));
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'done', 120_000);
    display.screenshot(path.join(SCREENS_DIR, 'first-run-05-done.png'));
    // Unattended: the done screen wipes and returns to attract by itself, now without the notes.
    await waitForScreen(page, 'attract', 30_000);
    expect(await page.getByTestId('first-run').count()).toBe(0);
  });
});
