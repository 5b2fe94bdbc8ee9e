// The kiosk's own state, kept apart from what IT configures (settings.json): the kiosk id made on
// the first run and the kiosk's sealed secrets (safeStorage output, or sealed under the operator
// key: nothing in clear). It lives in the kiosk's data folder as kiosk-state.json, mode 0600, and
// is replaced atomically (temp file, fsync, rename, fsync the folder), so settings.json can be
// root-owned and read-only for the kiosk user. A state file that cannot be read is kept aside and
// reported, never deleted.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorFirstLine } from '../../common/errorMessage';

export const KIOSK_STATE_FILE = 'kiosk-state.json';
const STATE_FILE_MODE = 0o600;

export const KioskId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'kioskId must be 1-64 letters, digits, ".", "_" or "-"');

/** Secrets kept in the state file, each sealed (safeStorage output in base64, or "op1:" + sealed under the operator key). */
export const StoredSecrets = z.object({
  embeddedApp: z.object({ sdkId: z.string(), privateKeyEnc: z.string() }).optional(),
  outboxKeyEnc: z.string().optional(),
  /** The embedded IDV store's master key (wraps every session's media key). */
  idvMasterKeyEnc: z.string().optional(),
  /** The audit log's HMAC key (32 bytes). */
  auditKeyEnc: z.string().optional(),
});
export type StoredSecrets = z.infer<typeof StoredSecrets>;

export const KioskState = z.object({
  version: z.literal(1),
  kioskId: KioskId.optional(),
  secrets: StoredSecrets.optional(),
});
export type KioskState = z.infer<typeof KioskState>;

export interface OpenedKioskState {
  file: string;
  /** As read (or `{version: 1}` for a new kiosk or a state file kept aside). */
  state: KioskState;
  problems: string[];
  /** Replaces the whole state file atomically. */
  save(next: KioskState): void;
}

function writeAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', STATE_FILE_MODE);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  // The rename lasts a power cut only once the folder's entry is synced (not possible on Windows).
  if (process.platform !== 'win32') {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
}

export function openKioskState(dir: string, now: () => Date = () => new Date()): OpenedKioskState {
  const file = path.join(dir, KIOSK_STATE_FILE);
  const problems: string[] = [];
  let state: KioskState = { version: 1 };
  if (existsSync(file)) {
    let why: string | null = null;
    try {
      const parsed = KioskState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) state = parsed.data;
      else why = parsed.error.issues[0]?.message ?? 'not a kiosk state file';
    } catch (err) {
      why = errorFirstLine(err);
    }
    if (why !== null) {
      const aside = path.join(dir, `kiosk-state.corrupt-${now().toISOString().replace(/[:.]/g, '-')}.json`);
      renameSync(file, aside);
      problems.push(
        `${file} could not be read (${why}); it was kept as ${path.basename(aside)}, and a new kiosk id and keys are made (uploads queued before cannot be resumed).`,
      );
    } else if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      // A state file made by hand or copied with a looser mode is made private again.
      chmodSync(file, STATE_FILE_MODE);
    }
  }
  return {
    file,
    get state() {
      return state;
    },
    problems,
    save(next) {
      const checked = KioskState.parse(next);
      writeAtomically(file, `${JSON.stringify(checked, null, 2)}\n`);
      state = checked;
    },
  };
}
