// Registered relying-party apps: sdk id, name, the public key their requests are signed with, and
// the sandbox response-config set for the whole app.
import { createPublicKey, randomUUID } from 'node:crypto';
import { int, jsonOrNull, text, toJsonText } from './rowFields';
import type { Row } from './sqliteFile';
import type { StoreContext } from './storeContext';
import { IdvStoreError, type AppRecord, type AppRepository, type JsonObject } from './types';

const MAX_NAME = 200;

function toApp(row: Row): AppRecord {
  return {
    sdkId: text(row, 'sdk_id'),
    name: text(row, 'name'),
    publicKeyPem: text(row, 'public_key_pem'),
    createdAt: int(row, 'created_at'),
  };
}

/** Normalises to SPKI PEM; anything but an RSA public key is refused (Yoti signs with SHA256withRSA). */
function normalisePublicKey(pem: string): string {
  let key;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new IdvStoreError('INVALID_INPUT', 'publicKeyPem is not a PEM public key.', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new IdvStoreError(
      'INVALID_INPUT',
      `publicKeyPem must be an RSA key (got ${key.asymmetricKeyType}).`,
    );
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export function createAppRepository(ctx: StoreContext): AppRepository {
  const { sql } = ctx;
  return {
    register({ name, publicKeyPem }) {
      const trimmed = typeof name === 'string' ? name.trim() : '';
      if (trimmed.length === 0 || trimmed.length > MAX_NAME) {
        throw new IdvStoreError('INVALID_INPUT', `App name must be 1-${MAX_NAME} characters.`);
      }
      const app: AppRecord = {
        sdkId: randomUUID(),
        name: trimmed,
        publicKeyPem: normalisePublicKey(publicKeyPem),
        createdAt: ctx.now(),
      };
      sql.run('INSERT INTO apps (sdk_id, name, public_key_pem, created_at) VALUES (?, ?, ?, ?)', [
        app.sdkId,
        app.name,
        app.publicKeyPem,
        app.createdAt,
      ]);
      return app;
    },
    get(sdkId) {
      const row = sql.one('SELECT * FROM apps WHERE sdk_id = ?', [sdkId]);
      return row ? toApp(row) : null;
    },
    list() {
      return sql.all('SELECT * FROM apps ORDER BY created_at, rowid').map(toApp);
    },
    setResponseConfig(sdkId, config: JsonObject | null) {
      const changes = sql.run('UPDATE apps SET response_config = ? WHERE sdk_id = ?', [
        toJsonText(config),
        sdkId,
      ]);
      if (changes === 0) throw new IdvStoreError('NOT_FOUND', `No app ${sdkId}.`);
    },
    getResponseConfig(sdkId) {
      const row = sql.one('SELECT response_config FROM apps WHERE sdk_id = ?', [sdkId]);
      return row ? jsonOrNull(row, 'response_config') : null;
    },
  };
}
