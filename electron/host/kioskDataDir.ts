// Where the kiosk keeps its data (and settings.json, unless IT keeps it apart), the same for every
// host: Electron's userData folder is set to this (electron/main/kioskApp.ts) and the Chromium
// fallback opens the same folder, so one settings file configures both. KIOSK_USER_DATA overrides it (tests, a second kiosk).
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Doc Scan Kiosk';

export function kioskUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KIOSK_USER_DATA) return path.resolve(env.KIOSK_USER_DATA);
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_FOLDER_NAME);
}

/**
 * Where settings.json is read from: KIOSK_SETTINGS_DIR when IT keeps it apart from the kiosk's
 * data (a locked-down kiosk: /etc/doc-scan-kiosk, root-owned, read-only for the kiosk user, so the
 * kiosk user can neither edit nor replace it), else the kiosk's folder.
 */
export function kioskSettingsDir(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.KIOSK_SETTINGS_DIR ? path.resolve(env.KIOSK_SETTINGS_DIR) : userDataDir;
}
