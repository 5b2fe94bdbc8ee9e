// The audit log's own SQLite file (<kiosk data>/audit/audit.sqlite), opened the way
// idv/store/sqliteFile.ts opens the IDV store and for the same reasons (read its header comment):
// rollback journal PERSIST + journal_size_limit 0 + synchronous NORMAL, so each commit is durable
// and a crash leaves the old or the new state; secure_delete, so purged entries are overwritten.
// A separate file, not a table in the IDV store: the log outlives any one service (a kiosk on Yoti
// has no IDV store) and IT can copy and verify it on its own.
import { clearStaleSqliteLock, sqliteFileState } from '../../../platform/sqliteFileGuards';
import { recoverHotJournalsOf } from '../../../platform/sqliteHotJournal';
import { errorMessage } from '../../../common/errorMessage';
import type { Database as DatabaseT, SQLiteValue } from 'node-sqlite3-wasm';
import { createRequire } from 'node:module';
import { AuditError } from './auditError';

/** "AUDT": marks the file as an audit log. */
export const AUDIT_APPLICATION_ID = 0x41554454;
export const AUDIT_SCHEMA_VERSION = 1;
const BUSY_TIMEOUT_MS = 2000;
const STALE_LOCK_MS = 2500;

// CommonJS that attaches its classes at run time: loaded with require (see sqliteFile.ts).
const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
  seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, entry TEXT NOT NULL, hash TEXT NOT NULL, mac TEXT NOT NULL);
CREATE INDEX entries_at ON entries (at_ms);
`;

export type Row = Record<string, SQLiteValue>;

function toAuditError(err: unknown, what: string): AuditError {
  if (err instanceof AuditError) return err;
  const message = errorMessage(err);
  if (/locked|busy/i.test(message))
    return new AuditError('LOG_BUSY', `${what}: the log is locked by another process (${message})`, {
      cause: err,
    });
  if (/malformed|not a database|corrupt/i.test(message))
    return new AuditError('LOG_CORRUPT', `${what}: the file is damaged (${message})`, { cause: err });
  if (/closed/i.test(message))
    return new AuditError('LOG_CLOSED', `${what}: the log is closed`, { cause: err });
  return new AuditError('IO_FAILED', `${what}: ${message}`, { cause: err });
}

export class AuditFile {
  private depth = 0;

  private constructor(
    private readonly db: DatabaseT,
    readonly path: string,
  ) {}

  /**
   * `create`: make the file when it is absent (the kiosk). Otherwise it must exist, and
   * `readOnly` opens it without any write (the IT tool never changes a log it checks).
   */
  static async open(file: string, options: { create: boolean; readOnly?: boolean }): Promise<AuditFile> {
    const exists = await checkHeader(file);
    if (!exists && !options.create) throw new AuditError('LOG_NOT_FOUND', `no audit log at ${file}`);
    if (!options.readOnly) {
      await clearStaleLock(file);
      // A crash mid-commit leaves a hot journal that node-sqlite3-wasm would never play back
      // (platform/sqliteHotJournal.ts). Not for a read-only check: the kiosk may be writing then.
      recoverHotJournalsOf(file);
    }
    let db: DatabaseT;
    try {
      db = new Database(file, { fileMustExist: !options.create, readOnly: options.readOnly ?? false });
    } catch (err) {
      throw toAuditError(err, `Cannot open ${file}`);
    }
    const audit = new AuditFile(db, file);
    try {
      audit.setup(options.readOnly ?? false);
    } catch (err) {
      db.close();
      throw err;
    }
    return audit;
  }

  private setup(readOnly: boolean): void {
    try {
      this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!readOnly) {
        this.db.exec('PRAGMA journal_mode = PERSIST');
        this.db.exec('PRAGMA journal_size_limit = 0');
        this.db.exec('PRAGMA synchronous = NORMAL');
        this.db.exec('PRAGMA secure_delete = ON');
      }
    } catch (err) {
      throw toAuditError(err, `Cannot open ${this.path}`);
    }
    const check = String(this.one('PRAGMA quick_check')?.quick_check ?? '');
    if (check !== 'ok')
      throw new AuditError(
        'LOG_CORRUPT',
        `${this.path} fails SQLite's integrity check (${check}); it was left untouched`,
      );
    const appId = Number(this.one('PRAGMA application_id')?.application_id ?? 0);
    const tables = Number(this.one("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")?.n ?? 0);
    if (appId === 0 && tables === 0 && !readOnly) {
      this.transaction(() => {
        this.db.exec(SCHEMA);
        this.db.exec(`PRAGMA application_id = ${AUDIT_APPLICATION_ID}`);
        this.db.exec(`PRAGMA user_version = ${AUDIT_SCHEMA_VERSION}`);
      });
      return;
    }
    if (appId !== AUDIT_APPLICATION_ID)
      throw new AuditError(
        'LOG_CORRUPT',
        `${this.path} is an SQLite file but not an audit log; refusing to use it`,
      );
    const version = Number(this.one('PRAGMA user_version')?.user_version ?? 0);
    if (version !== AUDIT_SCHEMA_VERSION)
      throw new AuditError(
        'LOG_CORRUPT',
        `${this.path} has audit schema version ${version}; this build reads version ${AUDIT_SCHEMA_VERSION}`,
      );
  }

  run(sql: string, params?: SQLiteValue[]): number {
    try {
      return this.db.run(sql, params).changes;
    } catch (err) {
      throw toAuditError(err, 'Audit log write failed');
    }
  }

  all(sql: string, params?: SQLiteValue[]): Row[] {
    try {
      return this.db.all(sql, params) as Row[];
    } catch (err) {
      throw toAuditError(err, 'Audit log read failed');
    }
  }

  one(sql: string, params?: SQLiteValue[]): Row | null {
    return this.all(sql, params)[0] ?? null;
  }

  /** BEGIN IMMEDIATE: one writer at a time, so two appends can never take the same head. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.exec('BEGIN IMMEDIATE');
    this.depth++;
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.depth--;
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // SQLite may already have rolled back; the original error matters
      }
      throw err;
    }
    this.depth--;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // nothing left to roll back
      }
      throw toAuditError(err, 'Audit log commit failed; nothing was recorded');
    }
    return result;
  }

  /** Several reads under one shared lock: one consistent snapshot of head, anchor and entries. */
  read<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.exec('BEGIN DEFERRED');
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      try {
        this.db.exec('COMMIT');
      } catch {
        // a read-only transaction has nothing to commit
      }
    }
  }

  private exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (err) {
      throw toAuditError(err, 'Audit log command failed');
    }
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

/** True when the file exists with content; a file that is not SQLite is refused before SQLite sees it. */
async function checkHeader(file: string): Promise<boolean> {
  let state;
  try {
    state = await sqliteFileState(file);
  } catch (err) {
    throw new AuditError('IO_FAILED', `Cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  if (state === 'not-sqlite')
    throw new AuditError(
      'LOG_CORRUPT',
      `${file} is not an SQLite database (bad header); it was left untouched`,
    );
  return state === 'sqlite';
}

const clearStaleLock = (file: string): Promise<void> => clearStaleSqliteLock(file, STALE_LOCK_MS);
