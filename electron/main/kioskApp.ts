// The Electron host: Electron's pieces (single-instance lock, app:// protocol, lockdown, the kiosk
// window, IPC) around the kiosk that electron/host/startKiosk.ts composes from the settings. It
// owns what it creates and disposes it in reverse order on quit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import Store from 'electron-store';
import { DisposableStore } from '../../common/disposable';
import type { KioskMode } from '../../common/kioskMode';
import { errorMessage } from '../../common/errorMessage';
import { createLogger, type Logger } from '../../platform/logger';
import { createHidScannerSource } from '../devices/hidScanners';
import type { Kiosk } from '../host/composeKiosk';
import { kioskUserDataDir } from '../host/kioskDataDir';
import type { SettingsBackingStore } from '../host/kioskSettings';
import { startKiosk } from '../host/startKiosk';
import { APP_ENTRY_URL, APP_SCHEME } from './appOrigin';
import { createAppProtocolHandler } from './appProtocol';
import { createHostedCaptureView } from './hostedCaptureView';
import { registerIpcHandlers } from './ipcHandlers';
import { installCrashRecovery, kioskWindowOptions } from './kioskWindow';
import { devToolsSwitchIn, lockDownApp, lockDownSession, refuseWindowClose } from './lockdown';
import { createElectronPrinting } from './printToPdf';

export interface KioskAppPaths {
  /** Folder with main.js and preload.cjs (dist/electron). */
  mainDir: string;
  /** The renderer build (dist/renderer). */
  rendererDir: string;
  /** The demo camera's pictures (demo/ of the app). */
  demoDir: string;
}

export function defaultPaths(): KioskAppPaths {
  const mainDir = path.dirname(fileURLToPath(import.meta.url));
  const appRoot = path.resolve(mainDir, '..', '..');
  return {
    mainDir,
    rendererDir: path.resolve(mainDir, '..', 'renderer'),
    demoDir: path.join(appRoot, 'demo'),
  };
}

/** Must run before the app is ready: the app:// scheme is a standard, secure origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

export interface RunningKioskApp {
  window: BrowserWindow;
  kiosk: Kiosk;
  dispose(): Promise<void>;
}

export interface RunKioskAppOptions {
  paths?: KioskAppPaths;
  /** Image analysis for the embedded service (default 'node'; tests pass 'none'). */
  vision?: 'node' | 'none';
  logger?: Logger;
  /**
   * Command-line arguments (default process.argv): `--demo` starts with the demo camera;
   * `--devtools` (developers only) allows DevTools in the window.
   */
  argv?: string[];
  /** Settings and data folder (default kioskUserDataDir(), shared with the Chromium fallback). */
  userDataDir?: string;
}

/** Starts the kiosk; resolves once the window is loading, or null when another instance runs. */
export async function runKioskApp(opts: RunKioskAppOptions = {}): Promise<RunningKioskApp | null> {
  const paths = opts.paths ?? defaultPaths();
  const logger = opts.logger ?? createLogger({ name: 'kiosk' });
  const argv = opts.argv ?? process.argv;
  // DevTools only behind the developer flag, Chromium's own DevTools port included.
  const devToolsSwitch = argv.includes('--devtools') ? null : devToolsSwitchIn(argv);
  if (devToolsSwitch) {
    logger.error(
      `the kiosk does not start with --${devToolsSwitch}: it opens DevTools into the app; developers add --devtools`,
    );
    app.exit(1);
    return null;
  }
  // One settings folder for every host (the Chromium fallback opens the same one).
  app.setPath('userData', opts.userDataDir ?? kioskUserDataDir());
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    logger.info('another kiosk instance is running; handing over to it');
    app.quit();
    return null;
  }
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  let mode: KioskMode = 'unattended';
  let quitting = false;
  lockDownApp(app, () => mode);
  await app.whenReady();
  // No application menu: Electron's default one carries quit, close, reload, full screen and
  // devtools accelerators.
  Menu.setApplicationMenu(null);

  const owned = new DisposableStore((what, err) =>
    logger.warn('shutdown step failed', { what, error: errorMessage(err) }),
  );
  const dispose = () => owned.dispose();
  try {
    const started = await startKiosk({
      userDataDir: app.getPath('userData'),
      settingsStore: (o) => new Store({ ...o, clearInvalidConfig: false }) as unknown as SettingsBackingStore,
      keyStore: safeStorage,
      // Without a keyring (safeStorage "basic_text") an unattended kiosk needs an operator key.
      unattendedNeedsKeyStore: true,
      openDevices: (settings) => createHidScannerSource({ match: settings.scanners }),
      logger,
      version: app.getVersion(),
      vision: opts.vision ?? 'node',
      useDemoCamera: argv.includes('--demo'),
      // Receipts and reports: printToPDF and silent printing from a hidden, script-less window.
      printing: (() => {
        const printer = createElectronPrinting();
        return { pdf: printer, systemPrinter: printer };
      })(),
      overrides: { demoDir: paths.demoDir },
    });
    owned.add(started, 'kiosk');
    // electron-store answers 'electron-store-get-data' with the userData path; the renderer has no
    // ipcRenderer, but no file path should be one IPC message away either.
    ipcMain.removeAllListeners('electron-store-get-data');
    const { kiosk, settings } = started;
    mode = settings.mode;

    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
    owned.defer('app protocol', () => protocol.unhandle(APP_SCHEME));
    lockDownSession(session.defaultSession);

    win = new BrowserWindow(
      kioskWindowOptions(settings.mode, path.join(paths.mainDir, 'preload.cjs'), {
        devTools: argv.includes('--devtools'),
      }),
    );
    const w = win;
    owned.defer('window', () => {
      if (!w.isDestroyed()) w.destroy();
    });
    // Hosted capture's page lives in a view of this window that main owns (no preload, locked to
    // the service's origin); without it the kiosk refuses hosted capture in words.
    owned.defer(
      'hosted capture view',
      started.kiosk.attachHostedView(
        createHostedCaptureView(w, { log: (level, message) => logger[level](message) }),
      ),
    );
    installCrashRecovery(w, {
      log: (level, message) => logger[level](message),
      onReset: () => void kiosk.discardAllSessions('the screen was reset after a renderer failure'),
    });
    owned.defer(
      'IPC handlers',
      registerIpcHandlers(ipcMain, kiosk, () => (w.isDestroyed() ? null : w.webContents), logger),
    );
    w.once('ready-to-show', () => w.show());
    if (settings.mode === 'unattended') refuseWindowClose(w, () => quitting);

    app.on('before-quit', (event) => {
      if (quitting) return;
      quitting = true;
      event.preventDefault();
      void dispose().finally(() => app.exit(0));
    });
    app.on('window-all-closed', () => app.quit());

    await w.loadURL(APP_ENTRY_URL);
    return { window: w, kiosk, dispose };
  } catch (err) {
    const message = errorMessage(err);
    logger.error(`the kiosk could not start: ${message}`);
    await dispose();
    dialog.showErrorBox('Doc Scan Kiosk could not start', message);
    app.exit(1);
    return null;
  }
}
