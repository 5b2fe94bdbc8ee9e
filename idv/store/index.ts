// openIdvStore(): the IDV service's embedded store in DATA_DIR:
//   idv.sqlite       metadata (apps, nonces, sessions, resources, media rows, wrapped data keys),
//                    and each page's upload-time reading sealed under its session's data key
//   media/<session>/<media>.blob   AES-256-GCM encrypted content (see mediaVault.ts)
//   master.key       only when no masterKey is passed (see masterKey.ts)
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createAppRepository } from './appRepository';
import { createDeviceRepository } from './deviceRepository';
import { createIdempotencyRegistry } from './idempotencyRegistry';
import { sweepExpired, sweepOrphanBlobs } from './expirySweep';
import { assertMasterKeyShape, keyCheckValue, keyMatches, loadMasterKeyFile } from './masterKey';
import { createMediaStore } from './mediaStore';
import { BlobFiles } from './mediaVault';
import { createNonceRegistry } from './nonceRegistry';
import { createResourceRepository } from './resourceRepository';
import { sealLegacyColumns } from './sealedColumns';
import { createSessionRepository, deleteSession } from './sessionRepository';
import { SqliteFile } from './sqliteFile';
import { createSessionRecordStore } from './sessionRecords';
import { createBranchRepository } from './branchRepository';
import { lapsedTokenSessions } from './tokenLapses';
import type { StoreContext } from './storeContext';
import { IdvStoreError, type IdvStore, type IdvStoreTx, type OpenIdvStoreOptions } from './types';

export * from './types';
export { hashClientSessionToken } from './sessionRepository';

export const DATABASE_FILE = 'idv.sqlite';

async function hasEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

export async function openIdvStore(options: OpenIdvStoreOptions): Promise<IdvStore> {
  if (!options || typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
    throw new IdvStoreError('INVALID_INPUT', 'openIdvStore needs a dataDir.');
  }
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? Date.now;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const dbFile = path.join(dataDir, DATABASE_FILE);
  const blobs = new BlobFiles(dataDir);

  const dbInfo = await stat(dbFile).catch(() => null);
  const fresh = !dbInfo || dbInfo.size === 0;
  if (!dbInfo && (await hasEntries(blobs.root))) {
    // Media without its database cannot be decrypted: recreating the file would hide a lost store.
    throw new IdvStoreError(
      'STORE_CORRUPT',
      `${dbFile} is missing but ${blobs.root} holds media. Restore the database file; nothing was changed.`,
    );
  }

  let masterKey: Buffer;
  if (options.masterKey !== undefined) {
    assertMasterKeyShape(options.masterKey);
    masterKey = Buffer.from(options.masterKey); // our own copy, zeroed on close
  } else {
    masterKey = await loadMasterKeyFile(dataDir, fresh);
  }

  const sql = await SqliteFile.open(dbFile, { create: true });
  try {
    const stored = sql.one("SELECT value FROM meta WHERE key = 'key_check'");
    if (!stored) {
      sql.run("INSERT INTO meta (key, value) VALUES ('key_check', ?)", [keyCheckValue(masterKey)]);
    } else if (!(stored.value instanceof Uint8Array) || !keyMatches(masterKey, stored.value)) {
      throw new IdvStoreError(
        'MASTER_KEY_INVALID',
        `The master key does not match the store in ${dataDir} (it was created with another key).`,
      );
    }
  } catch (err) {
    sql.close();
    masterKey.fill(0);
    throw err;
  }

  const ctx: StoreContext = { sql, now, masterKey, blobs };
  const sessions = createSessionRepository(ctx);
  const assertSession = (id: string) => {
    if (!sql.one('SELECT 1 AS x FROM sessions WHERE id = ?', [id])) {
      throw new IdvStoreError('NOT_FOUND', `No session ${id}.`);
    }
  };
  const tx: IdvStoreTx = {
    apps: createAppRepository(ctx),
    nonces: createNonceRegistry(ctx),
    sessions,
    resources: createResourceRepository(ctx),
    devices: createDeviceRepository(ctx, assertSession),
    idempotency: createIdempotencyRegistry(ctx),
  };
  const media = createMediaStore(ctx, tx);
  // IBV, consent and review records (tables created when absent; see those files).
  const records = createSessionRecordStore(ctx);
  const branch = createBranchRepository(ctx);
  sealLegacyColumns(ctx);
  await sweepOrphanBlobs(ctx);

  let closed = false;
  return {
    ...tx,
    sessions: { ...sessions, delete: (sessionId: string) => deleteSession(ctx, sessionId) },
    media,
    records,
    branch,
    lapsedTokenSessions: () => lapsedTokenSessions(ctx),
    dataDir,
    transaction: (fn) => sql.transaction(() => fn(tx)),
    sweepExpired: () => sweepExpired(ctx),
    close() {
      if (closed) return;
      closed = true;
      sql.close();
      masterKey.fill(0);
    },
  };
}
