// Locks the kiosk's web contents down: the camera only for the app's own origin (no other
// permission, no device pickers), no navigation away from the app, no new windows, no webviews,
// and the CSP header on every response.
import type { App, BrowserWindow, Input, Session, WebContents } from 'electron';
import type { KioskMode } from '../../common/kioskMode';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './appOrigin';

/** Permissions the renderer may have: only camera/microphone capture ("media"), only for the app. */
export function permissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  mediaTypes?: string[],
): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl)) return false;
  // The kiosk captures video only; refuse a request that asks for anything else.
  return (mediaTypes ?? ['video']).every((t) => t === 'video');
}

type MediaDetails = {
  requestingUrl?: string;
  mediaTypes?: string[];
  mediaType?: string;
  securityOrigin?: string;
};

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const d = details as MediaDetails;
    callback(permissionAllowed(permission, d.requestingUrl, d.mediaTypes));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    // Checks carry a single mediaType ('video' | 'audio' | 'unknown'), requests a list.
    const d = details as MediaDetails;
    const types = d.mediaType && d.mediaType !== 'unknown' ? [d.mediaType] : d.mediaTypes;
    return permissionAllowed(permission, d.requestingUrl ?? requestingOrigin, types);
  });
  // WebHID/WebUSB/WebSerial/Bluetooth: never for the renderer (scanners are driven by main).
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

export function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type KeyInput = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>;

/**
 * Keys Chromium and Electron act on by themselves, which an unattended kiosk must not let through
 * (with no application menu most are gone already; this holds even if a menu comes back): quit
 * and close (Ctrl+Q, Ctrl+W, Alt+F4), reload (Ctrl+R, F5), full screen (F11), devtools (F12,
 * Ctrl+Shift+I/J/C), history (Alt+←/→, Browser keys), zoom, new windows, print, find, view source,
 * save. Letters, digits, Enter, Tab and the arrows stay: the flow and the on-screen keyboard need them.
 */
export function isBlockedShortcut(input: KeyInput, mode: KioskMode): boolean {
  if (mode !== 'unattended' || input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const command = input.control || input.meta;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(key)) return true;
  if (key === 'BrowserBack' || key === 'BrowserForward' || key === 'BrowserRefresh' || key === 'BrowserHome')
    return true;
  if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === 'F4'))
    return true;
  if (command && 'qwrntpfsuoljgdhm+-=0'.includes(key) && key.length === 1) return true;
  if (command && (key === 'Tab' || key === 'PageUp' || key === 'PageDown')) return true;
  if (command && input.shift && 'ijcdelbn'.includes(key) && key.length === 1) return true;
  return false;
}

/**
 * Chromium's own DevTools switches: a DevTools protocol port or pipe into every page of the app,
 * which the fuses do not cover (they refuse Node's --inspect only). Chromium reads a switch with
 * "--" or "-" (and "/" on Windows) and any case on Windows, so all of those count.
 */
const DEVTOOLS_SWITCHES = new Set([
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'auto-open-devtools-for-tabs',
]);

/** The first Chromium DevTools switch on the command line, or null. */
export function devToolsSwitchIn(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const name = /^(?:--|-|\/)([^=]+)/.exec(arg)?.[1].toLowerCase();
    if (name && DEVTOOLS_SWITCHES.has(name)) return name;
  }
  return null;
}

/**
 * Applies lockDownWebContents and the key filter to every web contents the app ever creates.
 * `mode` is read per key press: it is known only once the settings are open (unattended until then).
 */
export function lockDownApp(app: App, mode: () => KioskMode = () => 'unattended'): void {
  app.on('web-contents-created', (_event, contents) => {
    lockDownWebContents(contents);
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input, mode())) event.preventDefault();
    });
  });
}

/**
 * Alt+F4 is the operating system's, not the page's: Windows turns it into a close command for the
 * window whether or not the key filter sees it (on Linux the compositor decides; cage binds none).
 * So an unattended kiosk window refuses every close that is not the app quitting (`closable: false`
 * already greys out Close); Windows ending the session still closes it.
 */
export function refuseWindowClose(win: Pick<BrowserWindow, 'on'>, quitting: () => boolean): void {
  let sessionEnding = false;
  win.on('session-end', () => {
    sessionEnding = true;
  });
  win.on('close', (event) => {
    if (!quitting() && !sessionEnding) event.preventDefault();
  });
}
