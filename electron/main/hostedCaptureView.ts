// Hosted capture's view in Electron: a WebContentsView main owns, laid over the kiosk window below
// a strip the kiosk renderer keeps (its cancel button and the notice of what hosted mode cannot
// do). No preload, sandboxed, no bridge, its own in-memory session; locked to the service's
// origin (other navigations and requests refused, no new windows, no downloads) and the camera
// allowed for that origin only. Main launches the page by URL; what the page posts to its parent
// (itself, at the top level) reaches main over the DevTools protocol (a binding in an isolated
// world), never through the kiosk renderer. After each person the view is destroyed and its
// session's storage, cache and cookies cleared.
import { session as electronSession, WebContentsView, type WebPreferences } from 'electron';
import type { HostedViewPort } from '../services/hostedCapture';

/** In-memory (no "persist:"): nothing of a person reaches the disk, and clearing empties it. */
export const HOSTED_PARTITION = 'hosted-capture';
const BINDING = '__kioskHostedEvent';
const RELAY_WORLD = 'kiosk-hosted-relay';

export function hostedViewWebPreferences(): WebPreferences {
  return {
    partition: HOSTED_PARTITION,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    devTools: false,
    spellcheck: false,
  };
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Requests the view may make: its service's origin, and the page's own data:/blob: URLs. */
export function requestAllowed(url: string, origin: string): boolean {
  return originOf(url) === origin || url.startsWith('data:') || url.startsWith(`blob:${origin}/`);
}

/** Runs in an isolated world of the page: forwards each message the page posts to itself. */
export const RELAY_SOURCE = `window.addEventListener('message', (e) => {
  if (e.source !== window) return;
  try { ${BINDING}(JSON.stringify(e.data === undefined ? null : e.data)); } catch (_) { /* not plain data */ }
});`;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface HostWindow {
  contentView: { addChildView(view: WebContentsView): void; removeChildView(view: WebContentsView): void };
  getContentBounds(): Rect;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
  isDestroyed(): boolean;
}

export interface HostedCaptureViewOptions {
  /** Height of the kiosk's own strip above the page (px). */
  topInset?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export function createHostedCaptureView(win: HostWindow, options: HostedCaptureViewOptions = {}): HostedViewPort {
  const topInset = options.topInset ?? 88;
  const ses = electronSession.fromPartition(HOSTED_PARTITION);
  let allowedOrigin: string | null = null;
  let view: WebContentsView | null = null;
  let layout: (() => void) | null = null;

  // Session-wide rules, set once: they hold for whatever the view shows.
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const media = (details as { mediaTypes?: string[] }).mediaTypes ?? [];
    callback(
      permission === 'media' &&
        allowedOrigin !== null &&
        originOf(details.requestingUrl ?? '') === allowedOrigin &&
        media.every((t) => t === 'video'),
    );
  });
  ses.setPermissionCheckHandler(
    (_wc, permission, requestingOrigin) =>
      permission === 'media' && allowedOrigin !== null && requestingOrigin === allowedOrigin,
  );
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: allowedOrigin === null || !requestAllowed(details.url, allowedOrigin) });
  });
  ses.on('will-download', (event, item) => {
    event.preventDefault();
    item.cancel();
  });

  async function destroy(): Promise<void> {
    const v = view;
    view = null;
    allowedOrigin = null;
    if (layout) win.off('resize', layout);
    layout = null;
    if (!v) return;
    try {
      if (v.webContents.debugger.isAttached()) v.webContents.debugger.detach();
    } catch {
      /* already gone */
    }
    if (!win.isDestroyed()) win.contentView.removeChildView(v);
    if (!v.webContents.isDestroyed()) v.webContents.close();
    await ses.clearStorageData();
    await ses.clearCache();
    await ses.clearAuthCache();
  }

  return {
    async open({ url, origin, onMessage, onGone }) {
      if (view) await destroy();
      allowedOrigin = origin;
      const v = new WebContentsView({ webPreferences: hostedViewWebPreferences() });
      view = v;
      const wc = v.webContents;
      wc.setWindowOpenHandler(() => ({ action: 'deny' }));
      const refuseElsewhere = (event: { preventDefault(): void }, target: string) => {
        if (originOf(target) !== origin) {
          event.preventDefault();
          options.log?.('warn', 'the hosted view refused a navigation to another origin');
        }
      };
      wc.on('will-navigate', (event, target) => refuseElsewhere(event, target));
      wc.on('will-redirect', (event, target) => refuseElsewhere(event, target));
      wc.on('will-frame-navigate', (event) => refuseElsewhere(event, event.url));

      // The page's messages, over CDP in an isolated world the page's own scripts cannot reach.
      wc.debugger.attach('1.3');
      wc.debugger.on('message', (_event, method, params: { name?: string; payload?: string }) => {
        if (method !== 'Runtime.bindingCalled' || params.name !== BINDING || view !== v) return;
        if (originOf(wc.getURL()) !== origin) return;
        try {
          onMessage(JSON.parse(params.payload ?? 'null'));
        } catch {
          /* not JSON: not one of Yoti's events */
        }
      });
      await wc.debugger.sendCommand('Runtime.enable');
      await wc.debugger.sendCommand('Runtime.addBinding', { name: BINDING, executionContextName: RELAY_WORLD });
      await wc.debugger.sendCommand('Page.enable');
      await wc.debugger.sendCommand('Page.addScriptToEvaluateOnNewDocument', {
        source: RELAY_SOURCE,
        worldName: RELAY_WORLD,
      });

      layout = () => {
        const b = win.getContentBounds();
        v.setBounds({ x: 0, y: topInset, width: b.width, height: Math.max(0, b.height - topInset) });
      };
      layout();
      win.on('resize', layout);
      win.contentView.addChildView(v);

      let status = 0;
      wc.on('did-navigate', (_e, _url, httpResponseCode) => {
        status = httpResponseCode;
      });
      try {
        await wc.loadURL(url);
      } catch (err) {
        throw new Error(err instanceof Error ? err.message.split('\n')[0] : String(err));
      }
      if (status >= 400) throw new Error(`the page answered HTTP ${status}`);
      wc.on('render-process-gone', (_e, details) => {
        if (view === v) onGone(`the page's process ended (${details.reason})`);
      });
      wc.on('did-fail-load', (_e, code, description, _url, isMainFrame) => {
        if (view === v && isMainFrame && code !== -3) onGone(`the page failed to load (${description})`);
      });
    },
    close: destroy,
  };
}
