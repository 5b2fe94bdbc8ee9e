// The audit key where the OS offers no key store: a 0600 file next to the log,
// <kiosk data>/audit/audit.key, holding the key as 64 hex digits (the form `audit verify
// --key-file` reads). A key made afresh each run could not verify the entries written before it,
// and the log refuses to open under another key, so a kept file is the lesser evil; the kiosk says
// so in its log. The same format parser serves the IT tool.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../platform/logger';
import { AUDIT_KEY_BYTES } from './auditChain';
import { AuditError } from './auditError';
import { AUDIT_FOLDER } from './auditLog';

export const AUDIT_KEY_FILE = 'audit.key';

/** A key as 64 hex digits, base64, or the raw 32 bytes; null for anything else. */
export function parseKey(text: Buffer): Buffer | null {
  const trimmed = text.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return text.length === AUDIT_KEY_BYTES ? text : null;
}

export function auditKeyFile(kioskDataDir: string): string {
  return path.join(kioskDataDir, AUDIT_FOLDER, AUDIT_KEY_FILE);
}

/** Reads the key file, or makes it (exclusively, mode 0600) when there is none. */
export async function loadOrCreateAuditKeyFile(kioskDataDir: string, logger: Logger): Promise<Buffer> {
  const file = auditKeyFile(kioskDataDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let text: Buffer | null = null;
  try {
    text = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === null) {
    const key = randomBytes(AUDIT_KEY_BYTES);
    await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    logger.warn(
      `no OS key store: the audit log key is kept in ${file} (mode 0600); protect this folder like the kiosk itself`,
    );
    return key;
  }
  const key = parseKey(text);
  if (!key) throw new AuditError('KEY_INVALID', `${file} holds no ${AUDIT_KEY_BYTES}-byte key`);
  await chmod(file, 0o600);
  logger.warn(`no OS key store: the audit log key is read from ${file}`);
  return key;
}
