// Locks the kiosk's web contents down: the camera only for the app's own origin (no other
// permission, no device pickers), no navigation away from the app, no new windows, no webviews,
// and the CSP header on every response.
import type { App, Session, WebContents } from 'electron';
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

/** Applies lockDownWebContents to every web contents the app ever creates. */
export function lockDownApp(app: App): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
}
