// "Export the audit verification key" (admin screen): the log's HMAC key lives in the OS key store
// under Electron, where `audit verify` cannot read it, so an admin writes it to a file they name,
// in the form `audit verify --key-file` reads (64 hex digits). The file is made new (an existing
// file is never replaced) with mode 0600; the export is recorded in the audit log (who, when,
// which key by its id, where); a record that cannot be written takes the file back away.
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../../common/errorMessage';
import type { AuditLog } from './auditLog';
import { AuditError } from './auditError';

export interface KeyExported {
  file: string;
  keyId: string;
  seq: number;
}

export async function exportAuditKey(options: {
  key: Uint8Array;
  audit: Pick<AuditLog, 'recordKeyExport'>;
  file: string;
  staffAccountId: string;
}): Promise<KeyExported> {
  const file = options.file.trim();
  if (!path.isAbsolute(file))
    throw new AuditError('INVALID_INPUT', `name the key file by its full path (such as /media/usb/audit.key), not "${file}"`);
  try {
    await writeFile(file, `${Buffer.from(options.key).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AuditError(
      'INVALID_INPUT',
      code === 'EEXIST'
        ? `${file} exists already: it was left as it is (name a new file)`
        : `the key could not be written to ${file}: ${errorMessage(err)}`,
    );
  }
  try {
    const entry = options.audit.recordKeyExport({ staffAccountId: options.staffAccountId, file });
    return { file, keyId: entry.keyId, seq: entry.seq };
  } catch (err) {
    // An export the log does not show must not exist.
    await unlink(file).catch(() => undefined);
    throw err;
  }
}
