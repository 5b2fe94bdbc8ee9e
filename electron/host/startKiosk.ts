// Starts the kiosk from its settings file, for any host: opens and checks settings.json, unlocks
// the keys from the OS key store, picks the embedded or the configured service, and hands all of
// it to the composition root. Electron main and the Chromium fallback differ only in the
// `KioskPlatform` they pass (electron-store vs conf, safeStorage vs no key store).
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DisposableStore } from '../../common/disposable';
import { errorMessage } from '../../common/errorMessage';
import type { Logger } from '../../platform/logger';
import type { DeviceSource } from '../devices/deviceSource';
import { auditLogFile } from '../services/audit/auditLog';
import { composeKiosk, type Kiosk, type KioskDeps, type RemoteService } from './composeKiosk';
import { loadKioskSecrets, type SafeStorageLike } from './kioskSecrets';
import { openKioskSettings, type KioskSettings, type SettingsStoreFactory } from './kioskSettings';

export interface KioskPlatform {
  /** The folder holding settings.json and kiosk-data/ (kioskUserDataDir()). */
  userDataDir: string;
  settingsStore: SettingsStoreFactory;
  /** The OS key store; one that is unavailable keeps the keys for this run only. */
  keyStore: SafeStorageLike;
  /** Document scanners for these settings (node-hid), owned and closed by the kiosk. */
  openDevices?: (settings: KioskSettings) => DeviceSource & { close(): unknown };
  logger: Logger;
  version: string;
  vision?: 'node' | 'none';
  /** `--demo`: the demo camera from the start (refused with a real service). */
  useDemoCamera?: boolean;
  /** The host's PDF renderer and system printer (Electron: printToPDF; Chromium host: playwright). */
  printing?: KioskDeps['printing'];
  /** Extra composition options (tests: faster timings). */
  overrides?: Partial<KioskDeps>;
}

export interface StartedKiosk {
  kiosk: Kiosk;
  settings: KioskSettings;
  settingsFile: string;
  dispose(): Promise<void>;
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

export async function startKiosk(platform: KioskPlatform): Promise<StartedKiosk> {
  const { logger } = platform;
  const owned = new DisposableStore((what, err) =>
    logger.warn('shutdown step failed', { what, error: errorMessage(err) }),
  );
  try {
    const opened = openKioskSettings(platform.userDataDir, platform.settingsStore);
    for (const p of opened.problems) logger.error(`settings: ${p}`);
    const settings = opened.settings;
    const secrets = loadKioskSecrets(platform.keyStore, opened.secrets, (s) => opened.saveSecrets(s), logger);
    const remote = remoteServiceFrom(settings);
    if (remote && platform.useDemoCamera)
      throw new Error(
        '--demo needs the embedded local service, but settings.json names a real service (serviceUrl)',
      );
    if (!settings.demo && platform.useDemoCamera)
      throw new Error('--demo needs demo mode, but settings.json turns it off ("demo": false)');

    const dataDir = path.join(platform.userDataDir, 'kiosk-data');
    let embeddedMasterKey: Buffer | undefined;
    let embeddedApp = secrets.embeddedApp;
    if (!remote) {
      const storeDir = path.join(dataDir, 'idv');
      let key = secrets.idvMasterKey(existsSync(storeDir) && readdirSync(storeDir).length > 0);
      if (key === 'lost') {
        // Its media cannot be decrypted any more: keep the folder for an administrator, start afresh.
        const aside = `${storeDir}.unreadable-${Date.now()}`;
        renameSync(storeDir, aside);
        logger.error(`the embedded service data was moved to ${aside}; starting with a new store`);
        secrets.forgetIdvMasterKey();
        embeddedApp = null;
        key = secrets.idvMasterKey(false);
      }
      embeddedMasterKey = key instanceof Buffer ? key : undefined;
    }

    const logFile = auditLogFile(dataDir);
    let auditKey = secrets.auditKey(existsSync(logFile));
    if (auditKey === 'lost') {
      // A new key cannot sign after the old entries: keep the old log (its chain still verifies
      // without the key) for an administrator, and start a new one.
      const aside = logFile.replace(/\.sqlite$/, `.unreadable-${Date.now()}.sqlite`);
      if (existsSync(logFile)) renameSync(logFile, aside);
      if (existsSync(`${logFile}-journal`)) renameSync(`${logFile}-journal`, `${aside}-journal`);
      logger.error(`the audit log key is lost: the old log was moved to ${aside}; starting a new log`);
      secrets.forgetAuditKey();
      auditKey = secrets.auditKey(false);
    }

    const devices = platform.openDevices?.(settings);
    if (devices) owned.defer('scanners', () => devices.close());
    const kiosk = await composeKiosk({
      service: remote ?? 'embedded',
      dataDir,
      logger,
      embeddedMasterKey,
      outboxKey: secrets.outboxKey,
      embeddedApp,
      onEmbeddedAppCreated: (a) => secrets.saveEmbeddedApp(a),
      demo: settings.demo,
      useDemoCamera: platform.useDemoCamera,
      vision: platform.vision ?? 'node',
      mode: settings.mode,
      locale: settings.language,
      likelyCountries: settings.likelyCountries,
      idleTimeoutMs: settings.idleTimeoutSec * 1000,
      kioskId: settings.kioskId,
      decisionReasons: settings.decisionReasons,
      auditPolicy: settings.audit,
      auditKey: auditKey instanceof Buffer ? auditKey : undefined,
      staffIdleTimeoutSec: settings.staffIdleTimeoutSec,
      printers: settings.printers,
      printing: platform.printing,
      version: platform.version,
      devices,
      // The admin screen's save path (language, printers, reasons, audit apply at once).
      settings: opened,
      ...platform.overrides,
    });
    owned.add(kiosk, 'kiosk');
    logger.info(`verification service: ${kiosk.service.label} at ${kiosk.service.baseUrl}`);
    return { kiosk, settings, settingsFile: opened.file, dispose: () => owned.dispose() };
  } catch (err) {
    await owned.dispose();
    throw err;
  }
}
