// The staff accounts and the station's lockout, in one small JSON file in the kiosk's data folder,
// replaced atomically on every change (write a temp file, fsync, rename, fsync the folder): a crash
// leaves the old file or the new one, never half of each. Why a file and not the embedded SQLite
// store: idv/store/sqliteFile.ts opens the IDV schema only, the data is a few kilobytes changed a
// few times a day, and a whole-file replace makes "bad input loses nothing" trivially true.
//
// A file that cannot be read as this format is never overwritten or deleted: a copy is kept aside
// (staff.json.damaged-<time>) for IT, the original stays where it is, and the service refuses to
// work until IT restores or removes it. Starting empty instead would let whoever stands at the kiosk
// create the "first" admin.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open as openFile, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../../common/errorMessage';
import { CredentialHash } from './credentialHash';
import { LockoutState, NO_LOCKOUT } from './stationLockout';
import { AccountId, AccountName, DisplayName, IdleTimeoutSeconds, StaffRole } from './staffSchemas';

export const STAFF_FILE_NAME = 'staff.json';
const FORMAT = 'doc-scan-kiosk/staff';
const VERSION = 1;

export const StoredAccount = z.strictObject({
  id: AccountId,
  name: AccountName,
  displayName: DisplayName,
  role: StaffRole,
  disabled: z.boolean(),
  credential: CredentialHash,
  idleTimeoutSeconds: IdleTimeoutSeconds.nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type StoredAccount = z.infer<typeof StoredAccount>;

const StaffFileContent = z
  .strictObject({
    format: z.literal(FORMAT),
    version: z.literal(VERSION),
    accounts: z.array(StoredAccount).max(10_000),
    lockout: LockoutState,
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const a of file.accounts) {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', message: 'two accounts share an id' });
      if (names.has(nameKey(a.name))) ctx.addIssue({ code: 'custom', message: 'two accounts share a name' });
      ids.add(a.id);
      names.add(nameKey(a.name));
    }
  });

export interface StaffData {
  accounts: StoredAccount[];
  lockout: LockoutState;
}

export type StaffFileLoad =
  | { kind: 'ok'; data: StaffData }
  | { kind: 'corrupt'; reason: string; keptAt: string | null }
  | { kind: 'unreadable'; reason: string };

/** Names are unique without case and Unicode form ("Anna" and "anna" are one account). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export class StaffFile {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, STAFF_FILE_NAME);
  }

  async load(now: number): Promise<StaffFileLoad> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        await this.removeLeftoverTemps();
        return { kind: 'ok', data: { accounts: [], lockout: { ...NO_LOCKOUT } } };
      }
      return { kind: 'unreadable', reason: errorMessage(err) };
    }
    const reason = parseProblem(text);
    if (reason === null) {
      await this.removeLeftoverTemps();
      return { kind: 'ok', data: StaffFileContent.parse(JSON.parse(text)) };
    }
    return { kind: 'corrupt', reason, keptAt: await this.keepAside(now) };
  }

  async save(data: StaffData): Promise<void> {
    const content: z.input<typeof StaffFileContent> = { format: FORMAT, version: VERSION, ...data };
    const bytes = Buffer.from(`${JSON.stringify(content, null, 1)}\n`, 'utf8');
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const fh = await openFile(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    // The rename is durable only once the folder's entry is synced.
    const dh = await openFile(this.dir, 'r').catch(() => null);
    if (dh) {
      await dh.sync().catch(() => undefined);
      await dh.close();
    }
  }

  /** A copy for IT, never replacing an earlier copy; null if even the copy failed. */
  private async keepAside(now: number): Promise<string | null> {
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.file}.damaged-${stamp}`;
    try {
      await copyFile(this.file, aside, constants.COPYFILE_EXCL);
      return aside;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return aside;
      return null;
    }
  }

  /** Temp files a crash left between write and rename: never the live file. */
  private async removeLeftoverTemps(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const prefix = `${STAFF_FILE_NAME}.`;
    await Promise.all(
      names
        .filter((n) => n.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(n.slice(prefix.length)))
        .map((n) => rm(path.join(this.dir, n), { force: true }).catch(() => undefined)),
    );
  }
}

/** Null when `text` is a valid staff file; else why not, in words (no values from the file). */
function parseProblem(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const parsed = StaffFileContent.safeParse(json);
  if (parsed.success) return null;
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > VERSION)
    return `it was written by a newer version of the kiosk (format ${version})`;
  const issue = parsed.error.issues[0];
  return `it does not match the staff file format (${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'unknown'})`;
}
