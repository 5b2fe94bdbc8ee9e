// The Electron glue of hosted capture, with electron mocked: the view has no preload and is
// sandboxed in an in-memory session; only the service's origin is reachable (navigation,
// redirects, requests), new windows and downloads are refused, the camera is for that origin
// only; the page's messages come over CDP from an isolated world; a failed load, an HTTP error
// and a crash are reported; closing removes the view and clears storage, cache and cookies.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

class FakeDebugger extends EventEmitter {
  attached = false;
  commands: Array<{ method: string; params?: unknown }> = [];
  attach() {
    this.attached = true;
  }
  detach() {
    this.attached = false;
  }
  isAttached() {
    return this.attached;
  }
  async sendCommand(method: string, params?: unknown) {
    this.commands.push({ method, params });
    return {};
  }
}

class FakeWebContents extends EventEmitter {
  debugger = new FakeDebugger();
  url = '';
  closed = false;
  windowOpenHandler: Handler | null = null;
  static nextLoads: Array<{ status: number } | { error: string }> = [];
  loadResult: { status: number } | { error: string } = FakeWebContents.nextLoads.shift() ?? { status: 200 };
  setWindowOpenHandler(h: Handler) {
    this.windowOpenHandler = h;
  }
  async loadURL(url: string) {
    if ('error' in this.loadResult) throw new Error(this.loadResult.error);
    this.url = url;
    this.emit('did-navigate', {}, url, this.loadResult.status);
  }
  getURL() {
    return this.url;
  }
  close() {
    this.closed = true;
  }
  isDestroyed() {
    return this.closed;
  }
}

const created: Array<{ options: { webPreferences: Record<string, unknown> }; webContents: FakeWebContents; bounds: unknown }> = [];
class FakeWebContentsView {
  webContents = new FakeWebContents();
  bounds: unknown = null;
  constructor(public options: { webPreferences: Record<string, unknown> }) {
    created.push(this as never);
  }
  setBounds(b: unknown) {
    this.bounds = b;
  }
}

const ses = new (class extends EventEmitter {
  requestHandler: Handler | null = null;
  checkHandler: Handler | null = null;
  beforeRequest: Handler | null = null;
  cleared: string[] = [];
  setPermissionRequestHandler(h: Handler) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: Handler) {
    this.checkHandler = h;
  }
  webRequest = { onBeforeRequest: (h: Handler) => (ses.beforeRequest = h) };
  async clearStorageData() {
    this.cleared.push('storage');
  }
  async clearCache() {
    this.cleared.push('cache');
  }
  async clearAuthCache() {
    this.cleared.push('auth');
  }
})();
const partitions: string[] = [];

vi.mock('electron', () => ({
  WebContentsView: FakeWebContentsView,
  session: { fromPartition: (p: string) => (partitions.push(p), ses) },
}));

const { createHostedCaptureView, hostedViewWebPreferences, requestAllowed, RELAY_SOURCE } = await import(
  '../../../electron/main/hostedCaptureView'
);

const ORIGIN = 'http://127.0.0.1:4100';
const URL_ = `${ORIGIN}/idverify/v1/web/index.html?sessionID=s&sessionToken=t0123456789abcdef`;

function fakeWindow() {
  const w = new EventEmitter() as EventEmitter & Record<string, unknown>;
  const children: unknown[] = [];
  Object.assign(w, {
    children,
    contentView: { addChildView: (v: unknown) => children.push(v), removeChildView: (v: unknown) => children.splice(children.indexOf(v), 1) },
    getContentBounds: () => ({ x: 0, y: 0, width: 1280, height: 800 }),
    isDestroyed: () => false,
  });
  return w as never as Parameters<typeof createHostedCaptureView>[0] & { children: unknown[]; emit(e: string): void };
}

beforeEach(() => {
  created.length = 0;
  ses.cleared = [];
});

describe('hosted capture view (Electron, mocked)', () => {
  it('is sandboxed with no preload, in an in-memory session', () => {
    const prefs = hostedViewWebPreferences();
    expect(prefs.preload).toBeUndefined();
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false, webviewTag: false });
    expect(prefs.partition).toBe('hosted-capture');
    expect(String(prefs.partition).startsWith('persist:')).toBe(false);
  });

  it('shows the page below the kiosk strip, locked to the service origin, and relays its messages from an isolated world', async () => {
    const win = fakeWindow();
    const port = createHostedCaptureView(win, { topInset: 80 });
    const messages: unknown[] = [];
    await port.open({ url: URL_, origin: ORIGIN, onMessage: (m) => messages.push(m), onGone: () => undefined });
    const view = created[0];
    expect(view.options.webPreferences.preload).toBeUndefined();
    expect(win.children).toEqual([view]);
    expect(view.bounds).toEqual({ x: 0, y: 80, width: 1280, height: 720 });
    const wc = view.webContents;
    expect(wc.url).toBe(URL_);
    // New windows denied; navigation to another origin prevented, within the origin allowed.
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const nav = (event: string, target: string) => {
      const e = { preventDefault: vi.fn(), url: target };
      wc.emit(event, e, target);
      return e.preventDefault.mock.calls.length;
    };
    expect(nav('will-navigate', 'https://evil.example/x')).toBe(1);
    expect(nav('will-redirect', 'http://127.0.0.1:9999/x')).toBe(1);
    expect(nav('will-frame-navigate', 'https://evil.example/frame')).toBe(1);
    expect(nav('will-navigate', `${ORIGIN}/idverify/v1/web/index.html`)).toBe(0);
    // Requests elsewhere are cancelled.
    const cancel = (url: string) => {
      let answer: unknown;
      ses.beforeRequest?.({ url }, (r: unknown) => (answer = r));
      return answer;
    };
    expect(cancel(`${ORIGIN}/idverify/v1/client/sessions/s/configuration`)).toEqual({ cancel: false });
    expect(cancel('https://tracker.example/p.gif')).toEqual({ cancel: true });
    expect(requestAllowed(`blob:${ORIGIN}/abc`, ORIGIN)).toBe(true);
    expect(requestAllowed('blob:https://evil.example/abc', ORIGIN)).toBe(false);
    // The camera for that origin only, and no microphone.
    const ask = (url: string, permission: string, mediaTypes: string[]) => {
      let granted: unknown;
      ses.requestHandler?.({}, permission, (g: boolean) => (granted = g), { requestingUrl: url, mediaTypes });
      return granted;
    };
    expect(ask(`${ORIGIN}/idverify/v1/web/index.html`, 'media', ['video'])).toBe(true);
    expect(ask('https://evil.example/', 'media', ['video'])).toBe(false);
    expect(ask(`${ORIGIN}/x`, 'media', ['audio'])).toBe(false);
    expect(ask(`${ORIGIN}/x`, 'geolocation', [])).toBe(false);
    expect(ses.checkHandler?.({}, 'media', ORIGIN)).toBe(true);
    expect(ses.checkHandler?.({}, 'media', 'https://evil.example')).toBe(false);
    // Downloads refused.
    const download = { preventDefault: vi.fn() };
    const item = { cancel: vi.fn() };
    ses.emit('will-download', download, item);
    expect(download.preventDefault).toHaveBeenCalled();
    expect(item.cancel).toHaveBeenCalled();
    // The relay: a binding in a named isolated world, the script added to every new document there.
    const cmds = wc.debugger.commands;
    expect(cmds).toContainEqual({ method: 'Runtime.addBinding', params: { name: '__kioskHostedEvent', executionContextName: 'kiosk-hosted-relay' } });
    expect(cmds).toContainEqual({ method: 'Page.addScriptToEvaluateOnNewDocument', params: { source: RELAY_SOURCE, worldName: 'kiosk-hosted-relay' } });
    wc.debugger.emit('message', {}, 'Runtime.bindingCalled', { name: '__kioskHostedEvent', payload: '{"eventType":"SUCCESS"}' });
    wc.debugger.emit('message', {}, 'Runtime.bindingCalled', { name: 'other', payload: '{"eventType":"ERROR"}' });
    wc.debugger.emit('message', {}, 'Runtime.bindingCalled', { name: '__kioskHostedEvent', payload: 'not json' });
    expect(messages).toEqual([{ eventType: 'SUCCESS' }]);
  });

  it('closing removes the view and clears storage, cache and cookies', async () => {
    const win = fakeWindow();
    const port = createHostedCaptureView(win);
    await port.open({ url: URL_, origin: ORIGIN, onMessage: () => undefined, onGone: () => undefined });
    const view = created[0];
    await port.close();
    expect(win.children).toEqual([]);
    expect(view.webContents.closed).toBe(true);
    expect(view.webContents.debugger.attached).toBe(false);
    expect(ses.cleared).toEqual(['storage', 'cache', 'auth']);
    // After the person, nothing is reachable any more.
    let answer: unknown;
    ses.beforeRequest?.({ url: URL_ }, (r: unknown) => (answer = r));
    expect(answer).toEqual({ cancel: true });
  });

  it('a page that fails to load or answers an HTTP error rejects in words; a crash later is reported', async () => {
    const win = fakeWindow();
    const port = createHostedCaptureView(win);
    FakeWebContents.nextLoads.push({ error: "ERR_CONNECTION_REFUSED (-102) loading 'http://127.0.0.1:4100/'" }, { status: 503 });
    const opening = port.open({ url: URL_, origin: ORIGIN, onMessage: () => undefined, onGone: () => undefined });
    await expect(opening).rejects.toThrow("ERR_CONNECTION_REFUSED (-102) loading 'http://127.0.0.1:4100/'");
    const second = port.open({ url: URL_, origin: ORIGIN, onMessage: () => undefined, onGone: () => undefined });
    await expect(second).rejects.toThrow('the page answered HTTP 503');
    // The failed view was taken down before the next one.
    expect(created[0].webContents.closed).toBe(true);
    const gone: string[] = [];
    await port.open({ url: URL_, origin: ORIGIN, onMessage: () => undefined, onGone: (w) => gone.push(w) });
    created[2].webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    created[2].webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', URL_, true);
    created[2].webContents.emit('did-fail-load', {}, -106, 'ERR_INTERNET_DISCONNECTED', URL_, true);
    expect(gone).toEqual(["the page's process ended (crashed)", 'the page failed to load (ERR_INTERNET_DISCONNECTED)']);
  });
});
