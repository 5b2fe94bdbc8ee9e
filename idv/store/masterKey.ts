// The master key wraps every session's data key. Two sources:
// - the kiosk passes one it keeps encrypted with Electron's safeStorage (OS keychain / DPAPI /
//   libsecret), so nothing readable sits next to the data;
// - the standalone service (`npm run -s idv -- serve --data DIR`) keeps it in DIR/master.key,
//   created with mode 0600 by the service account. That is acceptable there because the service is
//   an offline stand-in run by the operator who owns DIR: the key protects media against leaking
//   through copies of the media folder, backups without the key, or other local users, and anyone
//   who can read the service account's files could read the running process's memory anyway.
//   A key file readable by group/others is refused (as ssh does), never silently used.
// The store records a key check value (HMAC of a constant) at creation, so a wrong or damaged key
// is reported at open instead of as unreadable media later.
import { errorMessage } from '../../common/errorMessage';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { KEY_BYTES, fsyncDir, rewrapDataKey } from './mediaVault';
import { SqliteFile } from './sqliteFile';
import { IdvStoreError } from './types';

const FILE_HEADER = 'idv-master-key v1';
export const MASTER_KEY_FILE = 'master.key';

export function keyCheckValue(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('idv-store master key check v1').digest();
}

export function keyMatches(masterKey: Buffer, stored: Uint8Array): boolean {
  const expected = keyCheckValue(masterKey);
  return stored.length === expected.length && timingSafeEqual(expected, stored);
}

export function assertMasterKeyShape(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new IdvStoreError(
      'MASTER_KEY_INVALID',
      `The master key must be ${KEY_BYTES} bytes (got ${Buffer.isBuffer(key) ? key.length : typeof key}).`,
    );
  }
}

function parseKeyFile(text: string, file: string): Buffer {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const body = lines[1] ?? '';
  const key = /^[A-Za-z0-9+/]{43}=$/.test(body) ? Buffer.from(body, 'base64') : null;
  if (lines.length !== 2 || lines[0] !== FILE_HEADER || !key || key.length !== KEY_BYTES) {
    throw new IdvStoreError(
      'MASTER_KEY_INVALID',
      `${file} is not a valid master key file (expected "${FILE_HEADER}" and a base64 ${KEY_BYTES}-byte key). ` +
        'Restore it from backup; without it the stored media cannot be decrypted. It was not overwritten.',
    );
  }
  return key;
}

/**
 * Reads DATA_DIR/master.key. When it does not exist and `mayCreate` (a fresh store), creates it
 * atomically with mode 0600. When the store already exists, a missing key is an error: creating a
 * new one would orphan every stored blob.
 */
export async function loadMasterKeyFile(dataDir: string, mayCreate: boolean): Promise<Buffer> {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new IdvStoreError('MASTER_KEY_INVALID', `${file} is not a regular file.`);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new IdvStoreError(
        'MASTER_KEY_INVALID',
        `${file} is accessible by other users (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it.`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof IdvStoreError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new IdvStoreError('MASTER_KEY_INVALID', `Cannot read ${file}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    if (!mayCreate) {
      throw new IdvStoreError(
        'MASTER_KEY_INVALID',
        `${file} is missing but the store in ${dataDir} already holds data encrypted under it. ` +
          'Restore the key file; a new key would make the stored media unreadable.',
      );
    }
    return createKeyFile(file);
  }
  return parseKeyFile(text, file);
}

async function createKeyFile(file: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${FILE_HEADER}\n${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() fails with EEXIST instead of overwriting a key another process created meanwhile.
    await link(tmp, file);
  } catch (err) {
    throw new IdvStoreError('MASTER_KEY_INVALID', `Could not create ${file}: ${errorMessage(err)}`, {
      cause: err,
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(path.dirname(file));
  return key;
}

/**
 * Re-keys a store that kept its master key in DATA_DIR/master.key (the standalone service's way,
 * and the kiosk's before issue 12) to `newKey`, kept elsewhere by the caller (the OS key store, an
 * operator's key): every session's data key is re-wrapped in one transaction, the key check value
 * replaced, then the file is overwritten and removed. Returns how many session keys moved; 0 and
 * nothing changed when there is no key file. A crash before the commit leaves the old key in force
 * (the file is still there); after it, the file no longer matches and is removed on the next call.
 */
export async function moveMasterKeyOffDisk(dataDir: string, newKey: Buffer): Promise<number> {
  assertMasterKeyShape(newKey);
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (!(await stat(file).catch(() => null))) return 0;
  const dbFile = path.join(dataDir, 'idv.sqlite');
  let moved = 0;
  if (await stat(dbFile).catch(() => null)) {
    const oldKey = await loadMasterKeyFile(dataDir, false);
    const sql = await SqliteFile.open(dbFile, { create: false });
    try {
      const check = sql.one("SELECT value FROM meta WHERE key = 'key_check'");
      const stored = check?.value;
      const alreadyMoved = stored instanceof Uint8Array && keyMatches(newKey, stored);
      if (!alreadyMoved) {
        if (!(stored instanceof Uint8Array) || !keyMatches(oldKey, stored)) {
          throw new IdvStoreError(
            'MASTER_KEY_INVALID',
            `${file} does not match the store in ${dataDir}; nothing was changed.`,
          );
        }
        sql.transaction(() => {
          for (const row of sql.all('SELECT session_id, wrapped FROM session_keys')) {
            const sessionId = String(row.session_id);
            const wrapped = rewrapDataKey(oldKey, newKey, sessionId, row.wrapped as Uint8Array);
            sql.run('UPDATE session_keys SET wrapped = ? WHERE session_id = ?', [wrapped, sessionId]);
            moved++;
          }
          sql.run("UPDATE meta SET value = ? WHERE key = 'key_check'", [keyCheckValue(newKey)]);
        });
      }
    } finally {
      sql.close();
      oldKey.fill(0);
    }
  }
  // The key is no longer needed: overwrite it before unlinking (a copy in the file system's free
  // blocks is what this is about).
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(file);
  await fsyncDir(dataDir);
  return moved;
}
