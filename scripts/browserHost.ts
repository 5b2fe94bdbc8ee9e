// Runs the renderer build in Debian's Chromium (Playwright) with `window.kiosk` bridged to a kiosk
// runtime in this Node process: what the e2e tests drive, and `npm start`'s fallback where the
// Electron binary is missing (DESIGN.md "Testing without an Electron binary").
//
// The page is served from http://127.0.0.1 (a secure context, so navigator.mediaDevices exists).
// Playwright's exposeBinding stands in for the preload: the shim installed before the app's own
// scripts exposes the same KioskApi shape (one function per invoke channel, plus on()). Binding
// arguments travel as JSON, so Uint8Array values are sent as base64 and turned back into
// Uint8Array here before the runtime validates them.
import { createServer, type Server } from 'node:http';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import {
  invokeContract,
  type EventChannel,
  type InvokeChannel,
  type IpcResult,
} from '../common/ipc/contract';
import { RENDERER_MIME_TYPES } from '../electron/main/appProtocol';
import type { HostedViewPort } from '../electron/services/hostedCapture';

// The page's global object, for the functions below that Playwright runs inside the page (this
// file is type-checked as Node code, without the DOM library).
declare const window: object;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RENDERER_DIR = path.join(projectRoot, 'dist', 'renderer');
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** What the host needs from a kiosk runtime (electron/services/kioskRuntime.ts createKioskRuntime). */
export interface BridgeRuntime {
  dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>>;
  onEvent(listener: (event: EventChannel, payload: unknown) => void): () => void;
}

export interface BrowserHostOptions {
  /** The kiosk runtime behind window.kiosk. Without one no bridge is installed: the caller puts its
   * own window.kiosk in the page (the renderer benchmark's in-page fake does). */
  runtime?: BridgeRuntime;
  /** Default true. */
  headless?: boolean;
  /** A .y4m file for Chromium's fake camera. Without it (and without fakeCamera) no fake device is set up. */
  fakeCameraFile?: string;
  /** Use Chromium's built-in fake camera pattern (when no file is given). */
  fakeCamera?: boolean;
  /** Grant the camera permission to the app's origin (default true). */
  grantCamera?: boolean;
  /** Built renderer folder (default dist/renderer); built with vite first when missing. */
  rendererDir?: string;
  viewport?: { width: number; height: number };
  /**
   * Headful only: 'kiosk' = full screen with no browser UI at all (--kiosk); 'app' = an app-mode
   * window (no tabs, URL bar or buttons), maximized. Both lock navigation to the kiosk page.
   */
  window?: 'kiosk' | 'app';
  executablePath?: string;
  extraArgs?: string[];
  /** Called for each bridged call, after decoding (tests use it to see discardSession etc.). */
  onDispatch?: (channel: string, request: unknown) => void;
  /** Called with every result and event that crosses into the page (tests inspect them for secrets). */
  onToPage?: (kind: 'result' | 'event', name: string, value: unknown) => void;
  onConsole?: (message: ConsoleMessage) => void;
  /** Opens the app page right away (default true). */
  open?: boolean;
}

export interface BrowserHost {
  url: string;
  /** Null for an app window (a persistent context has no separate Browser object to close). */
  browser: Browser | null;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Bytes across the binding

const BYTES_TAG = '__kioskBytes';

/** Node side: JSON-safe value → value with Uint8Array restored. */
export function decodeBridgeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBridgeValue);
  if (value && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.length === 1 && keys[0] === BYTES_TAG && typeof rec[BYTES_TAG] === 'string') {
      const buf = Buffer.from(rec[BYTES_TAG] as string, 'base64');
      // A plain Uint8Array (not a Buffer view of Node's pool) is what the contract expects.
      return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    }
    return Object.fromEntries(keys.map((k) => [k, decodeBridgeValue(rec[k])]));
  }
  return value;
}

/** Node side: value → JSON-safe value (Uint8Array as base64). */
export function encodeBridgeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeBridgeValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBridgeValue(v)]));
  }
  return value;
}

/**
 * Installed in the page before any of its scripts (so before the app reads window.kiosk). It
 * runs in the browser: no closures over Node values, only its argument.
 */
function installKioskShim(config: { channels: string[]; tag: string }): void {
  type Listener = (payload: unknown) => void;
  const w = window as unknown as Record<string, unknown>;
  const invokeBinding = w.__kioskInvoke as (channel: string, request: unknown) => Promise<unknown>;
  const listeners = new Map<string, Set<Listener>>();

  const toBase64 = (bytes: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
    }
    return btoa(s);
  };
  const fromBase64 = (b64: string): Uint8Array => {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  };
  const encode = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return { [config.tag]: toBase64(v) };
    if (Array.isArray(v)) return v.map(encode);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
    return v;
  };
  const decode = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(decode);
    if (v && typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec);
      if (keys.length === 1 && keys[0] === config.tag) return fromBase64(rec[config.tag] as string);
      return Object.fromEntries(keys.map((k) => [k, decode(rec[k])]));
    }
    return v;
  };

  const api: Record<string, unknown> = {};
  for (const channel of config.channels) {
    api[channel] = async (request: unknown) => {
      try {
        return decode(await invokeBinding(channel, encode(request)));
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: `bridge: ${String(err)}` } };
      }
    };
  }
  api.on = (event: string, listener: Listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, '__kioskEmit', {
    value: (event: string, payload: unknown) => {
      for (const l of listeners.get(event) ?? []) {
        try {
          l(decode(payload));
        } catch (err) {
          console.error('kiosk event listener failed', err);
        }
      }
    },
  });
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(api), enumerable: true });
}

/**
 * Source text that runs `fn(arg)` in the page. Transpilers that keep function names (tsx/esbuild's
 * keepNames) wrap nested functions in a `__name(...)` helper that only exists in Node, so the
 * page gets a no-op stand-in first.
 */
export function pageScriptSource<A>(fn: (arg: A) => void, arg: A): string {
  return `var __name = globalThis.__name || ((f) => f);\n(${fn.toString()})(${JSON.stringify(arg)});`;
}

// ---------------------------------------------------------------------------------------------
// Build and static serving

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function sourcesStamp(): string {
  const dirs = ['renderer', 'common', 'vision/quality', 'vision/image'].map((d) => path.join(projectRoot, d));
  const files = [
    path.join(projectRoot, 'vite.config.ts'),
    path.join(projectRoot, 'vite.vuePage.config.ts'),
    path.join(projectRoot, 'vision/contract.ts'),
  ];
  const m = Math.max(
    ...dirs.filter((d) => existsSync(d)).map(newestMtime),
    ...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs),
  );
  return String(Math.round(m));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Builds the renderer with vite's build API unless dist/renderer is already built from the
 * current sources. Safe to call from several test workers at once (a lock directory serialises).
 */
export async function buildRenderer(options: { force?: boolean; outDir?: string } = {}): Promise<string> {
  const outDir = options.outDir ?? DEFAULT_RENDERER_DIR;
  const lockDir = path.join(projectRoot, 'dist', '.renderer-build.lock');
  const stampFile = path.join(projectRoot, 'dist', '.renderer-build.stamp');
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Another process holds the lock; a stale one (crashed build) expires after 3 minutes.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 180_000) rmdirSync(lockDir);
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the renderer build lock ${lockDir}`);
      await sleep(200);
    }
  }
  try {
    const stamp = sourcesStamp();
    const upToDate =
      !options.force &&
      outDir === DEFAULT_RENDERER_DIR &&
      existsSync(path.join(outDir, 'index.html')) &&
      existsSync(stampFile) &&
      readFileSync(stampFile, 'utf8') === stamp;
    if (!upToDate) {
      const { build } = await import('vite');
      await build({
        configFile: path.join(projectRoot, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
      });
      if (outDir === DEFAULT_RENDERER_DIR) writeFileSync(stampFile, stamp);
    }
  } finally {
    rmdirSync(lockDir);
  }
  return outDir;
}

/** Serves a folder on 127.0.0.1 (port 0); nothing outside it, GET/HEAD only. */
export async function serveStatic(
  root: string,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(base, `.${pathname}`);
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'Content-Type': RENDERER_MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Chromium's command line for the kiosk page (fake camera flags only when asked for). */
export function chromiumArgs(
  options: Pick<BrowserHostOptions, 'fakeCameraFile' | 'fakeCamera' | 'window' | 'extraArgs' | 'headless'>,
): string[] {
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--use-fake-ui-for-media-stream',
  ];
  if (options.fakeCameraFile || options.fakeCamera) args.push('--use-fake-device-for-media-stream');
  if (options.fakeCameraFile) args.push(`--use-file-for-fake-video-capture=${options.fakeCameraFile}`);
  if (options.window && options.headless === false) {
    // An app window opens on about:blank; the host navigates it once window.kiosk is bridged.
    args.push('--app=about:blank', '--no-first-run', '--no-default-browser-check', '--disable-infobars');
    args.push(...(options.window === 'kiosk' ? ['--kiosk', '--start-fullscreen'] : ['--start-maximized']));
  }
  return [...args, ...(options.extraArgs ?? [])];
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) await buildRenderer({ outDir: rendererDir });
  const site = await serveStatic(rendererDir);
  const origin = new URL(site.url).origin;
  const headless = options.headless ?? true;
  const appWindow = !headless && options.window ? options.window : null;
  let browser: Browser | null = null;
  let context: BrowserContext;
  let profileDir: string | null = null;
  try {
    const launch = {
      executablePath: options.executablePath ?? CHROMIUM_PATH,
      headless,
      args: chromiumArgs({ ...options, headless }),
    };
    if (appWindow) {
      // --app needs the browser's own first window, which only a persistent context keeps.
      profileDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        ...launch,
        viewport: null,
        locale: 'en-GB',
      });
    } else {
      browser = await chromium.launch(launch);
      context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        locale: 'en-GB',
      });
    }
  } catch (err) {
    await site.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  if (options.grantCamera ?? true) await context.grantPermissions(['camera'], { origin });
  if (appWindow) await lockToKioskPage(context, origin);

  const runtime = options.runtime;
  let unsubscribe = (): void => undefined;
  if (runtime) {
    // The binding only answers the app's own origin: the stand-in for main's sender-frame check.
    await context.exposeBinding('__kioskInvoke', async (source, channel: unknown, request: unknown) => {
      const frameUrl = source.frame.url();
      if (!frameUrl.startsWith(origin + '/')) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'not the kiosk page' } };
      }
      if (typeof channel !== 'string') {
        return { ok: false, error: { code: 'INVALID_REQUEST', message: 'channel must be a string' } };
      }
      const decoded = decodeBridgeValue(request);
      options.onDispatch?.(channel, decoded);
      const result = await runtime.dispatch(channel, decoded);
      options.onToPage?.('result', channel, result);
      return encodeBridgeValue(result);
    });
    await context.addInitScript({
      content: pageScriptSource(installKioskShim, {
        channels: Object.keys(invokeContract) as InvokeChannel[],
        tag: BYTES_TAG,
      }),
    });

    unsubscribe = runtime.onEvent((event, payload) => {
      options.onToPage?.('event', event, payload);
      const wire = encodeBridgeValue(payload);
      for (const p of context.pages()) {
        if (!p.url().startsWith(origin + '/')) continue;
        p.evaluate(
          ([e, body]) =>
            (window as unknown as { __kioskEmit?: (e: string, p: unknown) => void }).__kioskEmit?.(e, body),
          [event, wire] as const,
        ).catch(() => undefined); // the page may be navigating or closed
      }
    });
  }

  const page = (appWindow && context.pages()[0]) || (await context.newPage());
  if (options.onConsole) page.on('console', options.onConsole);
  if (appWindow) await fitWindowToScreen(context, page, appWindow);
  if (options.open ?? true) await page.goto(site.url);

  return {
    url: site.url,
    browser: browser ?? context.browser(),
    context,
    page,
    async close() {
      unsubscribe();
      await context.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await site.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * --kiosk and --start-maximized need a window manager to take effect; a kiosk session (a bare X
 * server) may have none, and Chromium then opens a 1050×780 window. So a window smaller than the
 * screen is sized to it through the DevTools protocol, and a kiosk then asks for full screen
 * (which drops Chromium's own frame). Without a window manager Chromium keeps such a window one
 * pixel short of the screen in each direction, on purpose; nothing of the browser shows.
 */
async function fitWindowToScreen(context: BrowserContext, page: Page, mode: 'kiosk' | 'app'): Promise<void> {
  const sizes = await page.evaluate(() => {
    const g = globalThis as unknown as {
      screen: { width: number; height: number };
      outerWidth: number;
      outerHeight: number;
    };
    return {
      screen: { width: g.screen.width, height: g.screen.height },
      outer: { width: g.outerWidth, height: g.outerHeight },
    };
  });
  if (sizes.outer.width >= sizes.screen.width - 1 && sizes.outer.height >= sizes.screen.height - 1) return;
  const cdp = await context.newCDPSession(page);
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: 0, top: 0, ...sizes.screen } });
    if (mode === 'kiosk')
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'fullscreen' } });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * A person at the fallback kiosk cannot leave the kiosk page: requests to any other origin are
 * refused (navigations included), new windows close at once, and there is no context menu.
 */
async function lockToKioskPage(context: BrowserContext, origin: string): Promise<void> {
  await context.route(
    (url) =>
      url.origin !== origin &&
      url.protocol !== 'data:' &&
      url.protocol !== 'blob:' &&
      url.href !== 'about:blank',
    // A 204 answer to a navigation leaves the current page in place (an abort would show an error page).
    (route) =>
      route.request().isNavigationRequest() ? route.fulfill({ status: 204 }) : route.abort('blockedbyclient'),
  );
  context.on('page', (p) => {
    // The hosted-capture page main opens itself (createChromiumHostedView) is the one exception.
    if (context.pages()[0] !== p && !hostedPages.has(p)) void p.close().catch(() => undefined);
  });
  await context.addInitScript({
    content: pageScriptSource(() => {
      (
        globalThis as unknown as {
          addEventListener(t: string, f: (e: { preventDefault(): void }) => void, c: boolean): void;
        }
      ).addEventListener('contextmenu', (e) => e.preventDefault(), true);
    }, null),
  });
}

// ---------------------------------------------------------------------------------------------
// Hosted capture's view in the fallback host: a separate page (its own target, not a frame of the
// kiosk page), which the host drives over Playwright/CDP. Locked to the service's origin: any
// request elsewhere is refused (a navigation stays where it is), new windows are closed at once,
// downloads cancelled; the camera is granted to that origin only. The page is launched by URL from
// main; what it posts to its parent (itself, at the top level) reaches main through a binding.
// Closing it clears the origin's storage, the cache and the cookies.

/** Pages opened by createChromiumHostedView: lockToKioskPage leaves them open. */
const hostedPages = new WeakSet<Page>();

export interface ChromiumHostedView extends HostedViewPort {
  /** The page on show (tests drive and inspect it), or null. */
  current(): Page | null;
}

/** Runs in the hosted page before its own scripts: hands each message it receives from itself to main. */
function installHostedMessageRelay(config: { binding: string }): void {
  const w = window as unknown as {
    addEventListener(
      type: string,
      fn: (e: { source: unknown; data: unknown; target: unknown; preventDefault(): void }) => void,
      capture?: boolean,
    ): void;
  } & Record<string, unknown>;
  // No new windows from the page: window.open answers null, links and forms aimed at another
  // window do nothing (the host closes any popup that still appears).
  Object.defineProperty(w, 'open', { value: () => null, writable: false, configurable: false });
  const blockOtherWindow = (e: { target: unknown; preventDefault(): void }) => {
    const el = e.target as { closest?(s: string): { target?: string } | null } | null;
    const t = el?.closest?.('a[target], form[target]')?.target;
    if (t && t !== '_self') e.preventDefault();
  };
  w.addEventListener('click', blockOtherWindow, true);
  w.addEventListener('submit', blockOtherWindow, true);
  w.addEventListener('message', (e) => {
    if (e.source !== window) return;
    const relay = w[config.binding] as ((data: unknown) => void) | undefined;
    try {
      relay?.(JSON.parse(JSON.stringify(e.data ?? null)));
    } catch {
      /* not a plain message: not one of Yoti's events */
    }
  });
}

export function createChromiumHostedView(context: BrowserContext): ChromiumHostedView {
  let page: Page | null = null;
  let closing = false;
  const binding = '__kioskHostedEvent';

  async function clear(p: Page, origin: string): Promise<void> {
    const cdp = await context.newCDPSession(p);
    try {
      await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Network.clearBrowserCookies');
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  return {
    current: () => page,
    async open({ url, origin, onMessage, onGone }) {
      if (page) throw new Error('the hosted view is already open');
      closing = false;
      await context.grantPermissions(['camera'], { origin });
      const p = await openHostedPage(context);
      page = p;
      await p.route('**/*', (route) => {
        const target = new URL(route.request().url());
        if (target.origin === origin || target.protocol === 'data:' || target.protocol === 'blob:')
          return route.continue();
        return route.request().isNavigationRequest() && route.request().frame() === p.mainFrame()
          ? route.fulfill({ status: 204 })
          : route.abort('blockedbyclient');
      });
      p.on('popup', (popup) => void popup.close().catch(() => undefined));
      p.on('download', (download) => void download.cancel().catch(() => undefined));
      p.on('crash', () => onGone('the page crashed'));
      p.on('close', () => {
        if (!closing) onGone('the page was closed');
      });
      await p.exposeBinding(binding, (source, data: unknown) => {
        // Only the service's own page, in the main frame, speaks for the session.
        if (source.frame !== p.mainFrame() || !source.frame.url().startsWith(`${origin}/`)) return;
        onMessage(data);
      });
      await p.addInitScript({ content: pageScriptSource(installHostedMessageRelay, { binding }) });
      const response = await p.goto(url, { waitUntil: 'load' });
      if (!response || !response.ok())
        throw new Error(`the page answered HTTP ${response?.status() ?? 'nothing'}`);
    },
    async close() {
      const p = page;
      page = null;
      if (!p) return;
      closing = true;
      const origin = new URL(p.url() === 'about:blank' ? 'http://invalid' : p.url()).origin;
      try {
        if (!p.isClosed() && origin !== 'null') await clear(p, origin);
      } finally {
        await p.close().catch(() => undefined);
      }
    },
  };
}

async function openHostedPage(context: BrowserContext): Promise<Page> {
  // Marked before the page event fires, so lockToKioskPage keeps it open.
  const opened = new Promise<Page>((resolve) => {
    const onPage = (p: Page) => {
      hostedPages.add(p);
      context.off('page', onPage);
      resolve(p);
    };
    context.prependListener('page', onPage);
  });
  const [page] = await Promise.all([opened, context.newPage()]);
  return page;
}
