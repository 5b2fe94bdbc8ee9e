// Composition root of the Electron app: the one place that builds every service with explicit
// dependencies, and disposes of them in reverse order on quit.
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import Store from 'electron-store';
import { createHidScannerSource } from '../devices/hidScanners';
import { createKioskRuntime, type KioskRuntime, type RemoteService } from '../services/kioskRuntime';
import { APP_ENTRY_URL, APP_SCHEME } from './appOrigin';
import { createAppProtocolHandler } from './appProtocol';
import { registerIpcHandlers } from './ipcHandlers';
import { openKioskSettings, type KioskSettings, type SettingsBackingStore } from './kioskSettings';
import { installCrashRecovery, kioskWindowOptions } from './kioskWindow';
import { lockDownApp, lockDownSession } from './lockdown';
import { loadKioskSecrets } from './safeSecrets';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;
const log: Log = (level, message) => console[level === 'info' ? 'log' : level](`[kiosk] ${message}`);

export interface KioskAppPaths {
  /** Folder with main.js and preload.cjs (dist/electron). */
  mainDir: string;
  /** The renderer build (dist/renderer). */
  rendererDir: string;
}

export function defaultPaths(): KioskAppPaths {
  const mainDir = path.dirname(fileURLToPath(import.meta.url));
  return { mainDir, rendererDir: path.resolve(mainDir, '..', 'renderer') };
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

export function remoteServiceFrom(settings: KioskSettings): RemoteService | null {
  if (!settings.serviceUrl || !settings.sdkId || !settings.keyFile) return null;
  let pem: string;
  try {
    pem = readFileSync(settings.keyFile, 'utf8');
  } catch (err) {
    throw new Error(
      `the key file for ${settings.serviceUrl} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem))
    throw new Error('the key file is not a PEM private key');
  const kind = /(^|\.)yoti\.com$/.test(new URL(settings.serviceUrl).hostname) ? 'yoti' : 'standalone';
  return { apiBaseUrl: settings.serviceUrl, sdkId: settings.sdkId, privateKeyPem: pem, kind };
}

export interface RunningKioskApp {
  window: BrowserWindow;
  runtime: KioskRuntime;
  dispose(): Promise<void>;
}

/** Starts the kiosk; resolves once the window is loading, or null when another instance runs. */
export interface RunKioskAppOptions {
  paths?: KioskAppPaths;
  /** Image analysis for the embedded service (default 'node'; tests pass 'none'). */
  vision?: 'node' | 'none';
}

export async function runKioskApp(opts: RunKioskAppOptions = {}): Promise<RunningKioskApp | null> {
  const paths = opts.paths ?? defaultPaths();
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    log('info', 'another kiosk instance is running; handing over to it');
    app.quit();
    return null;
  }
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  lockDownApp(app);
  await app.whenReady();

  const disposers: Array<() => unknown> = [];
  const dispose = async () => {
    while (disposers.length) {
      const d = disposers.pop()!;
      try {
        await d();
      } catch (err) {
        log('warn', `shutdown step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  try {
    const userData = app.getPath('userData');
    const opened = openKioskSettings(
      userData,
      (o) => new Store({ ...o, clearInvalidConfig: false }) as unknown as SettingsBackingStore,
    );
    // electron-store answers 'electron-store-get-data' with the userData path; the renderer has no
    // ipcRenderer, but no file path should be one IPC message away either.
    ipcMain.removeAllListeners('electron-store-get-data');
    for (const p of opened.problems) log('error', `settings: ${p}`);
    const settings = opened.settings;
    const secrets = loadKioskSecrets(safeStorage, opened.secrets, (s) => opened.saveSecrets(s), log);

    const scanners = createHidScannerSource({ match: settings.scanners });
    disposers.push(() => scanners.close());

    const remote = remoteServiceFrom(settings);
    const dataDir = path.join(userData, 'kiosk-data');
    let embeddedMasterKey: Buffer | undefined;
    let embeddedApp = secrets.embeddedApp;
    if (!remote) {
      const storeDir = path.join(dataDir, 'idv');
      let key = secrets.idvMasterKey(existsSync(storeDir) && readdirSync(storeDir).length > 0);
      if (key === 'lost') {
        // Its media cannot be decrypted any more: keep the folder for an administrator, start afresh.
        const aside = `${storeDir}.unreadable-${Date.now()}`;
        renameSync(storeDir, aside);
        log('error', `the embedded service data was moved to ${aside}; starting with a new store`);
        secrets.forgetIdvMasterKey();
        embeddedApp = null;
        key = secrets.idvMasterKey(false);
      }
      embeddedMasterKey = key instanceof Buffer ? key : undefined;
    }
    const runtime = await createKioskRuntime({
      service: remote ?? 'embedded',
      dataDir,
      embeddedMasterKey,
      outboxKey: secrets.outboxKey,
      embeddedApp,
      onEmbeddedAppCreated: (a) => secrets.saveEmbeddedApp(a),
      vision: opts.vision ?? 'node',
      mode: settings.mode,
      locale: settings.language,
      idleTimeoutMs: settings.idleTimeoutSec * 1000,
      version: app.getVersion(),
      devices: scanners,
      log,
    });
    disposers.push(() => runtime.close());
    log('info', `verification service: ${runtime.service.label} at ${runtime.service.baseUrl}`);

    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
    disposers.push(() => protocol.unhandle(APP_SCHEME));
    lockDownSession(session.defaultSession);

    win = new BrowserWindow(kioskWindowOptions(settings.mode, path.join(paths.mainDir, 'preload.cjs')));
    const w = win;
    disposers.push(() => {
      if (!w.isDestroyed()) w.destroy();
    });
    installCrashRecovery(w, {
      log,
      onReset: () => void runtime.discardAllSessions('the screen was reset after a renderer failure'),
    });
    const offIpc = registerIpcHandlers(ipcMain, runtime, () => (w.isDestroyed() ? null : w.webContents), log);
    disposers.push(offIpc);
    w.once('ready-to-show', () => w.show());

    let quitting = false;
    app.on('before-quit', (event) => {
      if (quitting) return;
      quitting = true;
      event.preventDefault();
      void dispose().finally(() => app.exit(0));
    });
    app.on('window-all-closed', () => app.quit());

    await w.loadURL(APP_ENTRY_URL);
    return { window: w, runtime, dispose };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log('error', `the kiosk could not start: ${message}`);
    await dispose();
    dialog.showErrorBox('Doc Scan Kiosk could not start', message);
    app.exit(1);
    return null;
  }
}
