// The embedded app's private key, the outbox key, the embedded store's master key and the audit
// log's HMAC key, encrypted with the OS key store (Electron safeStorage) and kept in the kiosk's
// state file (kioskState.ts, not settings.json). Where the OS offers no real key store (Linux
// without a keyring falls back to a fixed password, "basic_text"):
// - with an operator key (a 32-byte key file outside the kiosk's folder: KIOSK_KEY_FILE, or the
//   systemd credential doc-scan-kiosk.key), every key is derived from it (HKDF-SHA256) and the app
//   key is kept sealed under it, so queued uploads and the store survive a restart;
// - without one, nothing is persisted: keys live for this run only (the embedded store too: it is
//   never given a clear key file), the log says so, and startKiosk refuses an unattended Electron
//   kiosk in that state.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../common/errorMessage';
import { openEnvelope, sealEnvelope, type EnvelopeFormat } from '../../platform/aesGcmEnvelope';
import type { EmbeddedApp } from './composeKiosk';
import type { StoredSecrets } from './kioskState';
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
  /** Where the keys come from. */
  source: KeySource;
  /** The same, in words for the log and the refusal. */
  sourceInWords: string;
}

export type KeySource = 'os-key-store' | 'operator-key' | 'this-run-only';

/** An operator-provided key and where it was read from. */
export interface OperatorKey {
  key: Buffer;
  from: string;
}

/** The systemd credential name (LoadCredential=doc-scan-kiosk.key:/etc/doc-scan-kiosk/kiosk.key). */
export const OPERATOR_KEY_CREDENTIAL = 'doc-scan-kiosk.key';

/**
 * The operator's key, if one is provided: the systemd credential first, then KIOSK_KEY_FILE. The
 * file holds 32 random bytes (raw, base64 or hex: `openssl rand -base64 32`), is readable by its
 * owner only, and lies outside the kiosk's folder (a key beside the data protects nothing). A key
 * that is named but unusable is an error in words, never ignored.
 */
export function loadOperatorKey(env: NodeJS.ProcessEnv, userDataDir: string): OperatorKey | null {
  const credential = env.CREDENTIALS_DIRECTORY
    ? path.join(env.CREDENTIALS_DIRECTORY, OPERATOR_KEY_CREDENTIAL)
    : null;
  let file: string | null = null;
  if (credential && statSync(credential, { throwIfNoEntry: false })) file = credential;
  else if (env.KIOSK_KEY_FILE) file = path.resolve(env.KIOSK_KEY_FILE);
  if (!file) return null;
  const inside = path.relative(path.resolve(userDataDir), file);
  if (!inside.startsWith('..') && !path.isAbsolute(inside))
    throw new Error(
      `the operator key ${file} is inside the kiosk's folder ${userDataDir}; keep it elsewhere (e.g. /etc/doc-scan-kiosk/, root-owned, or a systemd credential)`,
    );
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new Error('it is not a regular file');
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw new Error(`other users can read it (mode ${(info.mode & 0o777).toString(8)}; use chmod 400)`);
    bytes = readFileSync(file);
  } catch (err) {
    throw new Error(`the operator key ${file} cannot be used: ${errorMessage(err)}`, { cause: err });
  }
  const text = bytes.toString('utf8').trim();
  const key =
    bytes.length === 32
      ? Buffer.from(bytes)
      : /^[0-9a-fA-F]{64}$/.test(text)
        ? Buffer.from(text, 'hex')
        : /^[A-Za-z0-9+/]{43}=$/.test(text)
          ? Buffer.from(text, 'base64')
          : null;
  bytes.fill(0);
  if (!key)
    throw new Error(
      `the operator key ${file} is not 32 bytes (raw, 64 hex digits or base64; make one with openssl rand -base64 32)`,
    );
  return { key, from: file };
}

const APP_KEY_FORMAT: EnvelopeFormat = { magic: Buffer.from('DSKA', 'ascii'), version: 1 };
/** Marks a private key sealed under the operator key (safeStorage output is plain base64). */
const OPERATOR_SEALED = 'op1:';
/** Marks a key that is derived from the operator key rather than stored. */
const OPERATOR_DERIVED = 'op1:derived';

function derive(operator: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', operator, 'doc-scan-kiosk', `kiosk-key/v1|${purpose}`, 32));
}

export function loadKioskSecrets(
  safeStorage: SafeStorageLike,
  stored: StoredSecrets,
  save: (s: StoredSecrets) => void,
  logger: Logger,
  operatorKey: OperatorKey | null = null,
): KioskSecrets {
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  const usable = safeStorage.isEncryptionAvailable() && backend !== 'basic_text';
  if (!usable && operatorKey) return operatorSecrets(operatorKey, backend, stored, save, logger);
  if (!usable) {
    logger.warn(
      `no OS key store for safeStorage (backend: ${backend}) and no operator key; the kiosk keys are kept for this run only, so uploads still queued at exit cannot be resumed and the embedded service's data lasts this run only`,
    );
    const runKey = randomBytes(32);
    return {
      outboxKey: randomBytes(32),
      embeddedApp: null,
      saveEmbeddedApp: () => undefined,
      // Never a clear key file beside the store: a key for this run, in memory only.
      idvMasterKey: () => runKey,
      forgetIdvMasterKey: () => undefined,
      auditKey: () => null,
      forgetAuditKey: () => undefined,
      persistent: false,
      source: 'this-run-only',
      sourceInWords: `keys for this run only (no OS key store: safeStorage backend ${backend}; no operator key)`,
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
    source: 'os-key-store',
    sourceInWords: `the OS key store (safeStorage backend ${backend})`,
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

/** Every key derived from the operator's; only the embedded app's private key is stored (sealed). */
function operatorSecrets(
  operator: OperatorKey,
  backend: string,
  stored: StoredSecrets,
  save: (s: StoredSecrets) => void,
  logger: Logger,
): KioskSecrets {
  const current: StoredSecrets = { ...stored };
  const appKey = derive(operator.key, 'embedded-app');
  const aad = (sdkId: string) => `embedded-app/v1|${sdkId}`;
  let embeddedApp: EmbeddedApp | null = null;
  const enc = current.embeddedApp?.privateKeyEnc;
  if (current.embeddedApp && enc?.startsWith(OPERATOR_SEALED)) {
    try {
      embeddedApp = {
        sdkId: current.embeddedApp.sdkId,
        privateKeyPem: openEnvelope(
          APP_KEY_FORMAT,
          appKey,
          Buffer.from(enc.slice(OPERATOR_SEALED.length), 'base64'),
          aad(current.embeddedApp.sdkId),
        ).toString('utf8'),
      };
    } catch {
      logger.error(
        'the stored embedded app key does not open with the operator key; a new app key pair will be registered',
      );
    }
  }
  const fingerprint = createHash('sha256').update(operator.key).digest('hex').slice(0, 12);
  return {
    outboxKey: derive(operator.key, 'outbox'),
    embeddedApp,
    saveEmbeddedApp(app) {
      const sealed = sealEnvelope(
        APP_KEY_FORMAT,
        appKey,
        Buffer.from(app.privateKeyPem, 'utf8'),
        aad(app.sdkId),
      );
      current.embeddedApp = { sdkId: app.sdkId, privateKeyEnc: OPERATOR_SEALED + sealed.toString('base64') };
      save(current);
    },
    idvMasterKey: () => derive(operator.key, 'idv-master'),
    forgetIdvMasterKey() {
      delete current.embeddedApp;
      save(current);
    },
    // A log begun before the operator key (with its own 0600 key file) keeps that file's key.
    auditKey(logExists) {
      if (current.auditKeyEnc !== OPERATOR_DERIVED) {
        if (logExists) return null;
        current.auditKeyEnc = OPERATOR_DERIVED;
        save(current);
      }
      return derive(operator.key, 'audit');
    },
    forgetAuditKey() {
      delete current.auditKeyEnc;
      save(current);
    },
    persistent: true,
    source: 'operator-key',
    sourceInWords: `the operator key ${operator.from} (key id ${fingerprint}; no OS key store: safeStorage backend ${backend})`,
  };
}
