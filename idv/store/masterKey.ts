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
import { KEY_BYTES, fsyncDir } from './mediaVault';
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
