// One kiosk for an e2e test: the real kiosk (electron/host/composeKiosk.ts, the composition root) with its
// embedded IDV service, the real renderer build in Chromium through scripts/browserHost.ts, and
// helpers to walk the flow and save screenshots under test-results/screens/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { composeKiosk, type Kiosk, type KioskDeps } from '../../../electron/host/composeKiosk';
import { silentLogger } from '../../../platform/logger';
import { startBrowserHost, type BrowserHost } from '../../../scripts/browserHost';

// Page-side globals for the functions Playwright runs in the page (this file is Node code).
interface PageVideo {
  videoWidth: number;
  srcObject: { getVideoTracks(): Array<{ dispatchEvent(e: unknown): boolean }> } | null;
}
declare const Image: new () => { onload: (() => void) | null; onerror: (() => void) | null; src: string };
declare const document: {
  images: ArrayLike<{ decode(): Promise<void> }>;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): ArrayLike<unknown>;
  addEventListener(
    type: string,
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCREENS_DIR = path.join(projectRoot, 'test-results', 'screens');

export interface KioskUnderTest {
  page: Page;
  host: BrowserHost;
  runtime: Kiosk;
  /** Every bridged call, in order, with its channel. */
  calls: Array<{ channel: string; request: unknown }>;
  /** Everything that crossed into the page: call results and events. */
  toPage: Array<{ kind: 'result' | 'event'; name: string; value: unknown }>;
  /** Messages the page logged as errors, and CSP violations. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface KioskUnderTestOptions {
  camera: string | 'none';
  runtime?: Partial<KioskDeps>;
  /**
   * Holds a bridged call until the returned promise settles (null: pass at once). Lets a test keep
   * a passing screen up, e.g. "uploading" while it checks it, by holding submitSession.
   */
  gate?: (channel: string) => Promise<void> | null;
}

export async function startKiosk(options: KioskUnderTestOptions): Promise<KioskUnderTest> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const runtime = await composeKiosk({
    service: 'embedded',
    dataDir,
    logger: silentLogger,
    // The embedded service's checks and upload feedback compute from vision/node.
    vision: 'node',
    idleTimeoutMs: 120_000,
    outboxTiming: { baseDelayMs: 100, maxDelayMs: 1000 },
    followerTiming: { initialDelayMs: 100, maxDelayMs: 500 },
    ...options.runtime,
  });
  const calls: KioskUnderTest['calls'] = [];
  const toPage: KioskUnderTest['toPage'] = [];
  const pageErrors: string[] = [];
  let host: BrowserHost;
  try {
    const gate = options.gate;
    host = await startBrowserHost({
      runtime: gate
        ? {
            dispatch: async (channel, request) => {
              await gate(channel);
              return runtime.dispatch(channel, request);
            },
            onEvent: (listener) => runtime.onEvent(listener),
          }
        : runtime,
      headless: true,
      ...(options.camera === 'none' ? {} : { fakeCameraFile: options.camera }),
      onDispatch: (channel, request) => calls.push({ channel, request }),
      onToPage: (kind, name, value) => toPage.push({ kind, name, value }),
      onConsole: (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      },
      open: false,
    });
  } catch (err) {
    await runtime.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  host.page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  await host.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await host.page.goto(host.url);
  return {
    page: host.page,
    host,
    runtime,
    calls,
    toPage,
    pageErrors,
    async close() {
      await host.close();
      await runtime.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${name}.png`);
  // Let transitions and images settle so the picture shows the screen as a person sees it.
  await page.evaluate(() =>
    Promise.all(Array.from(document.images).map((i) => i.decode().catch(() => undefined))),
  );
  await page.screenshot({ path: file });
  return file;
}

export async function waitForScreen(page: Page, screen: string, timeout = 20_000): Promise<void> {
  await page.locator(`[data-screen="${screen}"]`).first().waitFor({ state: 'visible', timeout });
}

/**
 * What the renderer holds, as Pinia holds it (Vue keeps the app on the mount element): the flow
 * machine's state and step, the session store (handle, choice), the capture store (page photos,
 * face) and the report store's report.
 */
export async function flowState(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => {
    const el = document.querySelector('#app') as unknown as {
      __vue_app__?: {
        config: {
          globalProperties: { $pinia?: { state: { value: Record<string, Record<string, unknown>> } } };
        };
      };
    };
    const stores = el.__vue_app__?.config.globalProperties.$pinia?.state.value ?? {};
    const machine = stores.flow?.state as { name?: string } | undefined;
    return JSON.parse(
      JSON.stringify({
        ...stores.session,
        ...stores.capture,
        report: stores.report?.report ?? null,
        step: machine?.name,
        machine,
      }),
    ) as Record<string, unknown>;
  });
}

/** Waits until the camera preview shows frames (and, on the document screen, the first guidance). */
export async function waitForCamera(page: Page): Promise<void> {
  // An automatic capture may already have moved on to the review: that counts as ready too.
  // Function form only: the app's CSP forbids eval, which string predicates would need.
  await page.waitForFunction(
    () =>
      ((document.querySelector('video') as PageVideo | null)?.videoWidth ?? 0) > 0 ||
      !!document.querySelector('[data-screen=review]'),
  );
  if (await page.locator('[data-screen="capture"]').count()) {
    await page.waitForFunction(
      () => !!document.querySelector('[data-guidance]:not([data-guidance=starting]), [data-screen=review]'),
    );
  }
}

/** Whether the page can still load an image URL (a revoked object URL cannot be loaded). */
export async function imageLoads(page: Page, url: string): Promise<boolean> {
  return page.evaluate(
    (u) =>
      new Promise<boolean>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
        img.src = u;
      }),
    url,
  );
}

/** Makes the preview's camera track end, as when a USB camera is pulled out. */
export async function unplugCamera(page: Page): Promise<void> {
  await page.evaluate(() => {
    const v = document.querySelector('video') as PageVideo | null;
    v?.srcObject?.getVideoTracks()[0]?.dispatchEvent(new Event('ended'));
  });
}

/** Tells the page its list of media devices changed (a camera plugged back in). */
export async function devicesChanged(page: Page): Promise<void> {
  await page.evaluate(() => {
    const nav = (
      globalThis as unknown as { navigator: { mediaDevices: { dispatchEvent(e: unknown): boolean } } }
    ).navigator;
    nav.mediaDevices.dispatchEvent(new Event('devicechange'));
  });
}

/**
 * attract → consent → country → document type, then the capture screen, or (`until: 'chosen'`)
 * nothing more: without a camera the capture screen may give way to the error screen before a
 * loaded machine sees it.
 */
export async function startAndChoose(
  page: Page,
  country: string,
  letter: string,
  documentType: string,
  shots?: { prefix: number },
  until: 'capture' | 'chosen' = 'capture',
): Promise<void> {
  // A previous test that failed half-way leaves the page mid-flow: start from a fresh page.
  if (!(await page.locator('[data-screen="attract"]').count())) await page.reload();
  await waitForScreen(page, 'attract');
  await page.getByTestId('start').click();
  await waitForScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitForScreen(page, 'document');
  const countryTile = page.locator(`[data-country="${country}"]`);
  const letterBar = page.locator('[data-letter]');
  if (await letterBar.count()) await page.locator(`[data-letter="${letter}"]`).click();
  if (await countryTile.count()) {
    if (shots) await screenshot(page, `${String(shots.prefix).padStart(2, '0')}-country`);
    await countryTile.click();
  }
  await page.locator(`[data-document-type="${documentType}"]`).waitFor();
  if (shots) await screenshot(page, `${String(shots.prefix + 1).padStart(2, '0')}-document-type`);
  await page.locator(`[data-document-type="${documentType}"]`).click();
  if (until === 'capture') await waitForScreen(page, 'capture');
}
