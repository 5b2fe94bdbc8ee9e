// The kiosk window. Unattended: full-screen kiosk mode (no chrome, no way out by keyboard);
// staff: an ordinary window. Either way the renderer is isolated and sandboxed with no Node, and
// a crashed or hung renderer is reloaded to the attract screen.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { KioskMode } from '../../common/kioskMode';
import { APP_ENTRY_URL } from './appOrigin';

export interface KioskWindowFlags {
  /** DevTools only behind the developer flag (`--devtools`), in either mode. */
  devTools?: boolean;
}

export function kioskWindowOptions(
  mode: KioskMode,
  preloadPath: string,
  flags: KioskWindowFlags = {},
): BrowserWindowConstructorOptions {
  const webPreferences: BrowserWindowConstructorOptions['webPreferences'] = {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: flags.devTools === true,
    backgroundThrottling: false,
  };
  const common: BrowserWindowConstructorOptions = {
    show: false,
    backgroundColor: '#0b1020',
    title: 'Doc Scan Kiosk',
    autoHideMenuBar: true,
    webPreferences,
  };
  if (mode === 'unattended') {
    return {
      ...common,
      kiosk: true,
      fullscreen: true,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      closable: false,
    };
  }
  return {
    ...common,
    kiosk: false,
    fullscreen: false,
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 640,
  };
}

export interface CrashRecoveryOptions {
  /** Several crashes within this window in a row → slow down instead of a tight reload loop. */
  windowMs?: number;
  maxQuickReloads?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  now?: () => number;
  /** Called before reloading, e.g. to wipe the person's session in main. */
  onReset?: () => void;
}

/** Reloads the app's entry page (the attract screen) when the renderer crashes or hangs. */
export function installCrashRecovery(win: BrowserWindow, opts: CrashRecoveryOptions = {}): void {
  const windowMs = opts.windowMs ?? 60_000;
  const maxQuick = opts.maxQuickReloads ?? 3;
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  let recent: number[] = [];
  const reload = (why: string) => {
    if (win.isDestroyed()) return;
    const t = now();
    recent = recent.filter((x) => t - x < windowMs);
    recent.push(t);
    const delay = recent.length > maxQuick ? 10_000 : 0;
    opts.log?.(
      'warn',
      `renderer ${why}; back to the attract screen${delay ? ' in 10 s (repeated failures)' : ''}`,
    );
    opts.onReset?.();
    setTimer(() => {
      if (!win.isDestroyed()) void win.loadURL(APP_ENTRY_URL);
    }, delay);
  };
  win.webContents.on('render-process-gone', (_e, details) => reload(`process gone (${details.reason})`));
  win.on('unresponsive', () => reload('stopped responding'));
  win.webContents.on('did-fail-load', (_e, code, desc, url, isMainFrame) => {
    if (isMainFrame && code !== -3) reload(`failed to load ${url} (${desc})`); // -3 = aborted by a newer load
  });
}
