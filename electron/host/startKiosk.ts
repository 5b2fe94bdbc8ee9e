// Starts the kiosk from its settings file, for any host: opens and checks settings.json, unlocks
// the keys from the OS key store, picks the embedded or the configured service, and hands all of
// it to the composition root. Electron main and the Chromium fallback differ only in the
// `KioskPlatform` they pass (electron-store vs conf, safeStorage vs no key store).
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DisposableStore } from '../../common/disposable';
import { errorMessage } from '../../common/errorMessage';
import type { Logger } from '../../platform/logger';
import type { DeviceSource } from '../devices/deviceSource';
import { auditLogFile } from '../services/audit/auditLog';
import { composeKiosk, type Kiosk, type KioskDeps, type RemoteService } from './composeKiosk';
import { MASTER_KEY_FILE, moveMasterKeyOffDisk } from '../../idv/store/masterKey';
import {
  loadKioskSecrets,
  loadOperatorKey,
  OPERATOR_KEY_CREDENTIAL,
  type SafeStorageLike,
} from './kioskSecrets';
import { kioskSettingsDir } from './kioskDataDir';
import { openKioskSettings, type KioskSettings, type SettingsStoreFactory } from './kioskSettings';
import { operatorSaysReadOnly } from './settingsAccess';

export interface KioskPlatform {
  /** The folder holding kiosk-data/ (and settings.json unless settingsDir says otherwise): kioskUserDataDir(). */
  userDataDir: string;
  /** The folder of settings.json; default KIOSK_SETTINGS_DIR, else userDataDir (kioskSettingsDir). */
  settingsDir?: string;
  settingsStore: SettingsStoreFactory;
  /** The OS key store; one that is unavailable keeps the keys for this run only (or uses an operator key). */
  keyStore: SafeStorageLike;
  /**
   * Refuse to start an unattended kiosk whose keys would last this run only (no OS key store and no
   * operator key). Electron main sets it; the Chromium fallback, a development host, does not.
   */
  unattendedNeedsKeyStore?: boolean;
  /**
   * Where the operator key (KIOSK_KEY_FILE, CREDENTIALS_DIRECTORY), the settings folder
   * (KIOSK_SETTINGS_DIR) and the read-only flag (KIOSK_SETTINGS_READ_ONLY) are looked up; default process.env.
   */
  env?: NodeJS.ProcessEnv;
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
    const env = platform.env ?? process.env;
    const dataDir = path.join(platform.userDataDir, 'kiosk-data');
    const opened = openKioskSettings(
      platform.settingsDir ?? kioskSettingsDir(platform.userDataDir, env),
      platform.settingsStore,
      undefined,
      { stateDir: dataDir, operatorReadOnly: operatorSaysReadOnly(env) },
    );
    for (const p of opened.problems) logger.error(`settings: ${p}`);
    for (const n of opened.notes) logger.info(`settings: ${n}`);
    if (opened.readOnly)
      logger.info(`settings: ${opened.file} is managed by the operator and only read (${opened.readOnly})`);
    const settings = opened.settings;
    const operatorKey = loadOperatorKey(env, platform.userDataDir);
    const secrets = loadKioskSecrets(
      platform.keyStore,
      opened.secrets,
      (s) => opened.saveSecrets(s),
      logger,
      operatorKey,
    );
    if (
      secrets.source === 'this-run-only' &&
      settings.mode === 'unattended' &&
      platform.unattendedNeedsKeyStore
    )
      throw new Error(
        `an unattended kiosk needs its keys kept safe, but this machine has no OS key store (${secrets.sourceInWords}). ` +
          `Unlock a keyring for the kiosk user (gnome-keyring or KWallet), or give the kiosk an operator key: ` +
          `a 32-byte file (openssl rand -base64 32), mode 0400, outside ${platform.userDataDir}, named by KIOSK_KEY_FILE ` +
          `or passed as the systemd credential ${OPERATOR_KEY_CREDENTIAL} (LoadCredential=). Nothing was started.`,
      );
    logger.info(`kiosk keys: ${secrets.sourceInWords}`);
    const remote = remoteServiceFrom(settings);
    if (remote && platform.useDemoCamera)
      throw new Error(
        '--demo needs the embedded local service, but settings.json names a real service (serviceUrl)',
      );
    if (!settings.demo && platform.useDemoCamera)
      throw new Error('--demo needs demo mode, but settings.json turns it off ("demo": false)');

    let embeddedMasterKey: Buffer | undefined;
    let embeddedApp = secrets.embeddedApp;
    if (!remote) {
      const storeDir = path.join(dataDir, 'idv');
      const hasData = existsSync(storeDir) && readdirSync(storeDir).length > 0;
      if (hasData && !secrets.persistent) {
        // Its key lasted the previous run: what is there can never be read again (and a clear
        // master.key from before is not kept beside the data).
        rmSync(storeDir, { recursive: true, force: true });
        logger.warn(
          "the embedded service's data of the previous run was removed: its key lasted that run only (no OS key store, no operator key)",
        );
      }
      // A store that kept its master key in a clear file beside it (before issue 12) moves to a kept key.
      const legacyKeyFile = secrets.persistent && existsSync(path.join(storeDir, MASTER_KEY_FILE));
      let key = secrets.idvMasterKey(hasData && secrets.persistent && !legacyKeyFile);
      if (legacyKeyFile && key instanceof Buffer) {
        const moved = await moveMasterKeyOffDisk(storeDir, key);
        logger.warn(
          `the embedded service's master.key file was removed; its ${moved} session keys now use ${secrets.sourceInWords}`,
        );
      }
      // 'lost': stored but no longer decryptable; null: a store whose key was never kept (and no
      // key file to read). Either way it cannot be opened, and it never gets a clear key file.
      if (key === 'lost' || key === null) {
        // Its media cannot be decrypted any more: keep the folder for an administrator, start afresh.
        const aside = `${storeDir}.unreadable-${Date.now()}`;
        renameSync(storeDir, aside);
        logger.error(`the embedded service data was moved to ${aside}; starting with a new store`);
        secrets.forgetIdvMasterKey();
        embeddedApp = null;
        key = secrets.idvMasterKey(false);
      }
      if (!(key instanceof Buffer)) throw new Error('no master key for the embedded service could be made');
      embeddedMasterKey = key;
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

    if (!secrets.persistent) {
      const outboxDir = path.join(dataDir, 'outbox');
      const left = existsSync(outboxDir)
        ? readdirSync(outboxDir).filter((n) => n.endsWith('.item')).length
        : 0;
      if (left > 0)
        logger.error(
          `${left} uploads or deletions queued by the previous run cannot be sent: their key lasted that run only (no OS key store, no operator key); they are kept in outbox/quarantine`,
        );
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
