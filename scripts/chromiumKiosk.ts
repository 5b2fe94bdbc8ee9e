// `npm start`'s host where Electron's binary is missing: the same kiosk (electron/host/startKiosk.ts,
// the same settings.json in the same folder, the same renderer build) in Debian's Chromium, in a
// full-screen kiosk window (unattended) or an app window (staff), with no browser UI and no way to
// navigate away. What it cannot do that Electron does: keep the keys in the OS key store (they live
// for this run only) and filter browser-level shortcuts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { createLogger, type Logger } from '../platform/logger';
import { createHidScannerSource } from '../electron/devices/hidScanners';
import { kioskUserDataDir } from '../electron/host/kioskDataDir';
import type { SafeStorageLike } from '../electron/host/kioskSecrets';
import type { SettingsBackingStore, SettingsStoreFactory } from '../electron/host/kioskSettings';
import { startKiosk, type StartedKiosk } from '../electron/host/startKiosk';
import { createChromiumHostedView, startBrowserHost, type BrowserHost } from './browserHost';
import { launchChromiumPdf } from './chromiumPdf';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** conf is what electron-store is built on: the same settings.json, read the same way. */
export const confSettingsStore: SettingsStoreFactory = ({ name, cwd, configFileMode }) =>
  new Conf({
    configName: name,
    cwd,
    configFileMode,
    projectName: 'doc-scan-kiosk',
    clearInvalidConfig: false,
  }) as unknown as SettingsBackingStore;

/** No OS key store outside Electron: loadKioskSecrets then keeps every key for this run only. */
export const noKeyStore: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no key store');
  },
  decryptString: () => {
    throw new Error('no key store');
  },
  getSelectedStorageBackend: () => 'none (Chromium fallback)',
};

/**
 * Developer/test hook: KIOSK_CHROMIUM_DEBUG_PORT opens Chromium's DevTools protocol on 127.0.0.1
 * so an end-to-end test can drive the kiosk that `npm start` started. Never set it on a kiosk.
 */
export function debugPortArgs(port: string | undefined): string[] {
  if (!port) return [];
  if (!/^\d{2,5}$/.test(port))
    throw new Error(`KIOSK_CHROMIUM_DEBUG_PORT must be a port number, not "${port}"`);
  return [`--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1'];
}

export interface ChromiumKioskOptions {
  argv: string[];
  /** No display: Chromium runs headless (nothing to look at, but the kiosk still runs). */
  headless: boolean;
  logger?: Logger;
  userDataDir?: string;
  /** The renderer build (default dist/renderer). */
  rendererDir?: string;
}

export interface ChromiumKiosk {
  started: StartedKiosk;
  host: BrowserHost;
  close(): Promise<void>;
}

export async function runChromiumKiosk(options: ChromiumKioskOptions): Promise<ChromiumKiosk> {
  const logger = options.logger ?? createLogger({ name: 'kiosk' });
  const version = (
    JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  // Receipts and reports as PDFs through Chromium (no system printer outside Electron).
  const pdf = await launchChromiumPdf();
  const started = await startKiosk({
    userDataDir: options.userDataDir ?? kioskUserDataDir(),
    settingsStore: confSettingsStore,
    keyStore: noKeyStore,
    openDevices: (settings) => createHidScannerSource({ match: settings.scanners }),
    logger,
    version,
    vision: 'node',
    useDemoCamera: options.argv.includes('--demo'),
    printing: { pdf },
  }).catch(async (err: unknown) => {
    await pdf.close();
    throw err;
  });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      runtime: started.kiosk,
      headless: options.headless,
      window: started.settings.mode === 'unattended' ? 'kiosk' : 'app',
      rendererDir: options.rendererDir ?? path.join(projectRoot, 'dist', 'renderer'),
      extraArgs: debugPortArgs(process.env.KIOSK_CHROMIUM_DEBUG_PORT),
    });
  } catch (err) {
    await started.dispose();
    await pdf.close();
    throw err;
  }
  // Hosted capture: the service's page in a separate page of this browser, driven from here.
  started.kiosk.attachHostedView(createChromiumHostedView(host.context));
  logger.info(`settings: ${started.settingsFile} (mode ${started.settings.mode})`);
  return {
    started,
    host,
    async close() {
      await host.close().catch(() => undefined);
      await started.dispose();
      await pdf.close().catch(() => undefined);
    },
  };
}
