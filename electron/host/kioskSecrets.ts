// The embedded app's private key, the outbox key, the embedded store's master key and the audit
// log's HMAC key, encrypted
// with the OS key store (Electron safeStorage) inside the settings store. Where the OS offers no real key store (Linux without a keyring falls back to a
// fixed password), nothing is persisted: keys live for this run only and the log says so.
import { randomBytes } from 'node:crypto';
import type { EmbeddedApp } from './composeKiosk';
import type { StoredSecrets } from './kioskSettings';
import type { Logger } from '../../platform/logger';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(enc: Buffer): string;
  getSelectedStorageBackend?: () => string;
}

export interface KioskSecrets {
  outboxKey: Buffer;
  embeddedApp: EmbeddedApp | null;
  saveEmbeddedApp(app: EmbeddedApp): void;
  /**
   * The embedded store's master key, kept with safeStorage. `storeExists` says whether the store
   * folder already holds data: a new key is made only for a fresh store (a store made earlier with
   * its own key file keeps using that file). 'lost' = stored but no longer decryptable.
   */
  idvMasterKey(storeExists: boolean): Buffer | null | 'lost';
  /** Drops the stored master key (after its store was moved aside). */
  forgetIdvMasterKey(): void;
  /**
   * The audit log's HMAC key, the same way: made on first use for a new log, null when the log was
   * started with its own key file (or there is no OS key store: then the log keeps a 0600 key file,
   * since a key that changed every run could not verify the entries before it), 'lost' when stored
   * but no longer decryptable.
   */
  auditKey(logExists: boolean): Buffer | null | 'lost';
  /** Drops the stored audit key (after its log was moved aside). */
  forgetAuditKey(): void;
  /** False when the keys are for this run only. */
  persistent: boolean;
}

export function loadKioskSecrets(
  safeStorage: SafeStorageLike,
  stored: StoredSecrets,
  save: (s: StoredSecrets) => void,
  logger: Logger,
): KioskSecrets {
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  const usable = safeStorage.isEncryptionAvailable() && backend !== 'basic_text';
  if (!usable) {
    logger.warn(
      `no OS key store for safeStorage (backend: ${backend}); the kiosk keys are kept for this run only, so uploads still queued at exit cannot be resumed`,
    );
    return {
      outboxKey: randomBytes(32),
      embeddedApp: null,
      saveEmbeddedApp: () => undefined,
      // The store keeps its own 0600 key file then, so its data survives restarts.
      idvMasterKey: () => null,
      forgetIdvMasterKey: () => undefined,
      auditKey: () => null,
      forgetAuditKey: () => undefined,
      persistent: false,
    };
  }
  const current: StoredSecrets = { ...stored };
  const decrypt = (b64: string): string => safeStorage.decryptString(Buffer.from(b64, 'base64'));
  const encrypt = (plain: string): string => safeStorage.encryptString(plain).toString('base64');

  let outboxKey: Buffer | null = null;
  if (current.outboxKeyEnc) {
    try {
      const k = Buffer.from(decrypt(current.outboxKeyEnc), 'base64');
      if (k.length === 32) outboxKey = k;
    } catch {
      logger.error(
        'the stored outbox key cannot be decrypted (OS key store changed?); a new key is made, older queued uploads are quarantined',
      );
    }
  }
  if (!outboxKey) {
    outboxKey = randomBytes(32);
    current.outboxKeyEnc = encrypt(outboxKey.toString('base64'));
    save(current);
  }

  let embeddedApp: EmbeddedApp | null = null;
  if (current.embeddedApp) {
    try {
      embeddedApp = {
        sdkId: current.embeddedApp.sdkId,
        privateKeyPem: decrypt(current.embeddedApp.privateKeyEnc),
      };
    } catch {
      logger.error('the stored embedded app key cannot be decrypted; a new app key pair will be registered');
    }
  }
  /** A 32-byte key kept encrypted under `field`: made for a fresh store only (see idvMasterKey). */
  function storedKey(field: 'idvMasterKeyEnc' | 'auditKeyEnc', what: string, storeExists: boolean) {
    const enc = current[field];
    if (enc) {
      try {
        const k = Buffer.from(decrypt(enc), 'base64');
        if (k.length === 32) return k;
      } catch {
        // fall through
      }
      logger.error(`the ${what} cannot be decrypted (OS key store changed?)`);
      return 'lost' as const;
    }
    if (storeExists) return null;
    const k = randomBytes(32);
    current[field] = encrypt(k.toString('base64'));
    save(current);
    return k;
  }
  return {
    outboxKey,
    embeddedApp,
    persistent: true,
    idvMasterKey: (storeExists) => storedKey('idvMasterKeyEnc', 'embedded service master key', storeExists),
    auditKey: (logExists) => storedKey('auditKeyEnc', 'audit log key', logExists),
    forgetAuditKey() {
      delete current.auditKeyEnc;
      save(current);
    },
    forgetIdvMasterKey() {
      delete current.idvMasterKeyEnc;
      delete current.embeddedApp; // registered in the store that was moved aside
      save(current);
    },
    saveEmbeddedApp(app) {
      current.embeddedApp = { sdkId: app.sdkId, privateKeyEnc: encrypt(app.privateKeyPem) };
      save(current);
    },
  };
}
