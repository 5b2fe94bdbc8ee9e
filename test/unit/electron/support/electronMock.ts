// A recording stand-in for the parts of the `electron` module the main-process glue uses, for
// vi.mock('electron'). It records what the glue asks of Electron so tests can assert it.
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  // Printing (electron/main/printToPdf.ts): what was asked, and answers set in `state.printing`.
  pdfRequests: unknown[] = [];
  printRequests: unknown[] = [];
  async printToPDF(options: unknown): Promise<Buffer> {
    this.pdfRequests.push(options);
    if (state.printing.pdfError) throw state.printing.pdfError;
    return Buffer.from(state.printing.pdf);
  }
  print(options: unknown, callback?: (success: boolean, failureReason: string) => void): void {
    this.printRequests.push(options);
    const { success, failureReason } = state.printing.printResult;
    queueMicrotask(() => callback?.(success, failureReason));
  }
  async getPrintersAsync(): Promise<unknown[]> {
    return state.printing.printers;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string[] = [];
  destroyed = false;
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  /** The body a window's own session served for its URL (set when webPreferences.session has a handler). */
  served: { status: number; headers: Headers; body: string } | null = null;
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    const ses = (this.options.webPreferences as { session?: unknown } | undefined)?.session;
    const handler = ses instanceof FakeSession ? ses.protocolHandlers.get(new URL(url).protocol.slice(0, -1)) : undefined;
    if (handler) {
      if (state.printing.loadHangs) await new Promise<never>(() => {});
      const res = await handler(new Request(url));
      this.served = { status: res.status, headers: res.headers, body: await res.text() };
    }
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Views main lays over the window (hosted capture's WebContentsView). */
  childViews: FakeWebContentsView[] = [];
  contentView = {
    addChildView: (v: FakeWebContentsView) => this.childViews.push(v),
    removeChildView: (v: FakeWebContentsView) => {
      this.childViews = this.childViews.filter((c) => c !== v);
    },
  };
  getContentBounds() {
    return { x: 0, y: 0, width: 1080, height: 1920 };
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {
    this.shown = true;
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((...a: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...a: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...a: unknown[]) => boolean) | null = null;
  headersHandler:
    ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null =
    null;
  beforeRequestHandler: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
  cleared: string[] = [];
  webRequest = {
    onHeadersReceived: (h: FakeSession['headersHandler']) => {
      this.headersHandler = h;
    },
    onBeforeRequest: (h: FakeSession['beforeRequestHandler']) => {
      this.beforeRequestHandler = h;
    },
  };
  async clearStorageData(): Promise<void> {
    this.cleared.push('storage');
  }
  async clearCache(): Promise<void> {
    this.cleared.push('cache');
  }
  async clearAuthCache(): Promise<void> {
    this.cleared.push('auth');
  }
  protocolHandlers = new Map<string, (req: Request) => Promise<Response>>();
  protocol = {
    handle: (scheme: string, h: (req: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, h),
  };
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = h;
  }
}

/** A WebContentsView (hosted capture): its page "loads" with HTTP 200, CDP commands are recorded. */
class FakeViewDebugger extends EventEmitter {
  attached = false;
  commands: string[] = [];
  attach(): void {
    this.attached = true;
  }
  detach(): void {
    this.attached = false;
  }
  isAttached(): boolean {
    return this.attached;
  }
  async sendCommand(method: string): Promise<object> {
    this.commands.push(method);
    return {};
  }
}
class FakeViewWebContents extends FakeWebContents {
  debugger = new FakeViewDebugger();
  async loadURL(url: string): Promise<void> {
    this.url = url;
    this.emit('did-navigate', {}, url, 200);
  }
  close(): void {
    this.destroyed = true;
  }
}
export class FakeWebContentsView {
  static instances: FakeWebContentsView[] = [];
  webContents = new FakeViewWebContents();
  bounds: unknown = null;
  constructor(readonly options: Record<string, unknown>) {
    FakeWebContentsView.instances.push(this);
  }
  setBounds(b: unknown): void {
    this.bounds = b;
  }
}

export const state = {
  userData: path.join(tmpdir(), 'kiosk-electron-mock'),
  singleInstance: true,
  quitCalls: 0,
  exitCodes: [] as number[],
  errorBoxes: [] as Array<{ title: string; content: string }>,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  applicationMenus: [] as unknown[],
  safeStorageBackend: 'gnome_libsecret',
  /** session.fromPartition(name, options): one FakeSession per partition, and how each was asked for. */
  partitions: new Map<string, { session: FakeSession; options: unknown }>(),
  printing: {
    pdf: Buffer.from('%PDF-1.4 fake'),
    pdfError: null as Error | null,
    printResult: { success: true, failureReason: '' },
    printers: [] as unknown[],
    /** loadURL never settles (a page that hangs). */
    loadHangs: false,
  },
};

class FakeApp extends EventEmitter {
  requestSingleInstanceLock(): boolean {
    return state.singleInstance;
  }
  quit(): void {
    state.quitCalls++;
  }
  exit(code: number): void {
    state.exitCodes.push(code);
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(): string {
    return state.userData;
  }
  setPath(_name: string, value: string): void {
    state.userData = value;
  }
  getVersion(): string {
    return '9.9.9-test';
  }
}

export class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  handle(channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const BrowserWindow = FakeBrowserWindow;
export const WebContentsView = FakeWebContentsView;
export const session = {
  defaultSession: new FakeSession(),
  fromPartition(partition: string, options?: unknown): FakeSession {
    const known = state.partitions.get(partition);
    if (known) return known.session;
    const created = new FakeSession();
    state.partitions.set(partition, { session: created, options });
    return created;
  },
};
export const protocol = {
  registerSchemesAsPrivileged: (s: unknown[]) => state.privilegedSchemes.push(...s),
  handle: (scheme: string, h: (req: Request) => Promise<Response>) => state.protocolHandlers.set(scheme, h),
  unhandle: (scheme: string) => state.protocolHandlers.delete(scheme),
};
export const Menu = {
  setApplicationMenu: (menu: unknown) => state.applicationMenus.push(menu),
};
export const dialog = {
  showErrorBox: (title: string, content: string) => state.errorBoxes.push({ title, content }),
};
/** Reversible but not identity: enough to see that what is stored is not the plain text. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => state.safeStorageBackend,
  encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s, 'utf8').reverse().toString('base64')}`),
  decryptString: (b: Buffer) => {
    const t = b.toString();
    if (!t.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(t.slice(4), 'base64').reverse().toString('utf8');
  },
};
export const contextBridge = { exposeInMainWorld: (_k: string, _v: unknown) => undefined };
export const ipcRenderer = new EventEmitter();

const electron = {
  app,
  ipcMain,
  BrowserWindow,
  WebContentsView,
  session,
  protocol,
  dialog,
  Menu,
  safeStorage,
  contextBridge,
  ipcRenderer,
};
export default electron;
