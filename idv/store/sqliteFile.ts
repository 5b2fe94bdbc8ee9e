// The store's single SQLite file (node-sqlite3-wasm: SQLite 3.53 compiled to WASM with a VFS written
// on node:fs, so it loads in Node and in Electron's main process without a native rebuild).
//
// Durability, as verified with strace on this library: xSync is fs.fsyncSync on the file, and the
// VFS fsyncs the directory when SQLite asks for it on delete. WAL needs shared memory, which this
// VFS lacks (PRAGMA journal_mode=WAL stays "delete"), so we use a rollback journal. Chosen settings,
// each commit traced: journal_mode=PERSIST + journal_size_limit=0 + synchronous=NORMAL →
//   write journal, fsync(journal) → write db pages, fsync(db) → truncate journal to 0, fsync(journal).
// Three fsyncs, fully durable: the commit point (the emptied journal) is synced before COMMIT
// returns, and no page pre-image is left behind in the journal file (which matters after a session
// delete: the wrapped key's old page must not linger). TRUNCATE+FULL does the same with a fourth
// fsync (journal content and header synced separately); the journal's per-record checksums make
// that extra sync unnecessary, and TRUNCATE+NORMAL skips the final sync (a power cut could then roll
// a committed transaction back). A crash or a power cut at any point leaves the old or the new
// state; a leftover "hot" journal is rolled back by SQLite on the next open, which the VFS alone
// never allowed (platform/sqliteHotJournal.ts). test/unit/idv-store/powerCutDurability.test.ts checks
// this against lost unsynced writes at every file call of four commits.
//
// Locking: the VFS locks by mkdir("<db>.lock") for the duration of each statement/transaction, so
// the CLI (`app create`) and a running server can share the file. A process killed while holding the
// lock leaves that directory behind; open() removes it once it has stayed unchanged long enough that
// no live statement can be holding it.
import { clearStaleSqliteLock, sqliteFileState } from '../../platform/sqliteFileGuards';
import { errorMessage } from '../../common/errorMessage';
import { SESSION_STATES } from '../../common/documents';
import type { Database as DatabaseT, SQLiteValue, Statement } from 'node-sqlite3-wasm';
import { createRequire } from 'node:module';
import { IdvStoreError } from './types';
import { recoverHotJournalsOf } from '../../platform/sqliteHotJournal';

/** "IDVS": marks the file as ours, so a foreign SQLite file is not mistaken for an empty store. */
export const APPLICATION_ID = 0x49445653;
export const SCHEMA_VERSION = 3;
/** What each older version needs to become the next one (index: the version it upgrades). */
const MIGRATIONS: Record<number, string> = {
  // v2: the upload-time reading of a page, sealed under the session's data key.
  1: 'ALTER TABLE pages ADD COLUMN reading BLOB;',
  // v3: a key per media item (so a retaken page's key is destroyed with its row), the attempts an
  // ID document used, and a hash of the request behind each idempotency key.
  2: `ALTER TABLE media ADD COLUMN wrapped_key BLOB;
      ALTER TABLE resources ADD COLUMN attempts_used TEXT;
      ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT;`,
};
/** The busy handler sleeps synchronously (the WASM VFS is synchronous): keep it short. */
const BUSY_TIMEOUT_MS = 2000;
const STALE_LOCK_MS = 2500;

// The package is CommonJS that attaches its classes at run time, which Node's ESM named-import
// detection cannot see: load it with require (works in Node ESM, vitest, tsx and Electron main).
const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');
type Database = DatabaseT;

export type Row = Record<string, SQLiteValue>;
export type Params = SQLiteValue[] | Record<string, SQLiteValue | boolean>;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE apps (
  sdk_id TEXT PRIMARY KEY, name TEXT NOT NULL, public_key_pem TEXT NOT NULL,
  created_at INTEGER NOT NULL, response_config TEXT);
CREATE TABLE nonces (
  sdk_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_id, nonce)) WITHOUT ROWID;
CREATE INDEX nonces_expiry ON nonces (expires_at);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY, sdk_id TEXT NOT NULL REFERENCES apps (sdk_id),
  specification TEXT NOT NULL, token_ttl INTEGER NOT NULL, resources_ttl INTEGER NOT NULL,
  user_tracking_id TEXT, notifications TEXT, token_hash TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN (${SESSION_STATES.map((state) => `'${state}'`).join(', ')})),
  created_at INTEGER NOT NULL, token_expires_at INTEGER NOT NULL, resources_expire_at INTEGER NOT NULL,
  submitted_at INTEGER, completed_at INTEGER, results TEXT, response_config TEXT);
CREATE INDEX sessions_app ON sessions (sdk_id, created_at);
CREATE INDEX sessions_token_expiry ON sessions (state, token_expires_at);
CREATE INDEX sessions_resources_expiry ON sessions (resources_expire_at);
CREATE TABLE session_keys (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE, wrapped BLOB NOT NULL);
CREATE TABLE resources (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('ID_DOCUMENT', 'LIVENESS', 'FACE_CAPTURE')),
  created_at INTEGER NOT NULL, issuing_country TEXT, document_type TEXT, required_pages TEXT,
  mrz TEXT, liveness_type TEXT, requirement_id TEXT, image_media_id TEXT, attempts_used TEXT);
CREATE INDEX resources_session ON resources (session_id);
CREATE TABLE media (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  resource_id TEXT, purpose TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
  created_at INTEGER NOT NULL, content_deleted_at INTEGER, wrapped_key BLOB);
CREATE INDEX media_session ON media (session_id);
CREATE TABLE pages (
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  side TEXT NOT NULL, media_id TEXT NOT NULL, capture_method TEXT NOT NULL, feedback TEXT,
  created_at INTEGER NOT NULL, reading BLOB, PRIMARY KEY (resource_id, side));
CREATE TABLE liveness_frames (
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  media_id TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX liveness_frames_resource ON liveness_frames (resource_id);
CREATE TABLE device_events (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  event TEXT NOT NULL, created_at INTEGER NOT NULL, device TEXT NOT NULL);
CREATE INDEX device_events_session ON device_events (session_id);
CREATE TABLE idempotency_keys (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  key TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL, request_hash TEXT,
  PRIMARY KEY (session_id, key)) WITHOUT ROWID;
`;

export function toStoreError(err: unknown, what: string): IdvStoreError {
  if (err instanceof IdvStoreError) return err;
  const message = errorMessage(err);
  if (/locked|busy/i.test(message)) {
    return new IdvStoreError('STORE_BUSY', `${what}: the store is locked by another process (${message}).`, {
      cause: err,
    });
  }
  if (/malformed|not a database|corrupt/i.test(message)) {
    return new IdvStoreError('STORE_CORRUPT', `${what}: the store file is damaged (${message}).`, {
      cause: err,
    });
  }
  if (/I\/O|disk|full/i.test(message)) {
    return new IdvStoreError('IO_FAILED', `${what}: ${message}`, { cause: err });
  }
  if (/closed/i.test(message)) {
    return new IdvStoreError('STORE_CLOSED', `${what}: the store is closed.`, { cause: err });
  }
  return new IdvStoreError('IO_FAILED', `${what}: ${message}`, { cause: err });
}

/** A thin typed wrapper: cached statements, savepoint-nested transactions, errors mapped. */
export class SqliteFile {
  private readonly statements = new Map<string, Statement>();
  private depth = 0;

  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {}

  /**
   * Opens (or creates when `create` and the file is absent) and checks the file: SQLite header,
   * integrity, application id and schema version. Never recreates an existing file.
   */
  static async open(file: string, options: { create: boolean }): Promise<SqliteFile> {
    await checkHeader(file);
    await clearStaleLock(file);
    // Without it the VFS never lets SQLite roll back a journal a crash left (see the module).
    recoverHotJournalsOf(file);
    let db: Database;
    try {
      db = new Database(file, { fileMustExist: !options.create });
    } catch (err) {
      throw toStoreError(err, `Cannot open ${file}`);
    }
    const sqlite = new SqliteFile(db, file);
    try {
      sqlite.setup();
    } catch (err) {
      try {
        db.close();
      } catch {
        // already failing; the original error matters
      }
      throw err;
    }
    return sqlite;
  }

  private setup(): void {
    const db = this.db;
    try {
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.exec('PRAGMA journal_mode = PERSIST');
      db.exec('PRAGMA journal_size_limit = 0');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA foreign_keys = ON');
      // Deleted rows (wrapped session keys above all) are overwritten with zeros, not just unlinked.
      db.exec('PRAGMA secure_delete = ON');
    } catch (err) {
      throw toStoreError(err, `Cannot open ${this.file}`);
    }
    let check: string;
    try {
      check = String(db.get('PRAGMA quick_check')?.quick_check ?? '');
    } catch (err) {
      throw toStoreError(err, `Cannot check ${this.file}`);
    }
    if (check !== 'ok') {
      throw new IdvStoreError(
        'STORE_CORRUPT',
        `${this.file} failed SQLite's integrity check (${check}). It was left untouched; restore it from backup.`,
      );
    }
    const appId = Number(db.get('PRAGMA application_id')?.application_id ?? 0);
    const tables = Number(db.get("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")?.n ?? 0);
    if (appId === 0 && tables === 0) {
      // Before the first table: a file made with auto_vacuum can hand freed pages back to the
      // file system (the periodic sweep's incremental_vacuum), so the data folder returns to its
      // size once the sessions are gone instead of keeping its high-water mark.
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      this.transaction(() => {
        db.exec(SCHEMA);
        db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      });
      return;
    }
    if (appId !== APPLICATION_ID) {
      throw new IdvStoreError(
        'STORE_CORRUPT',
        `${this.file} is an SQLite file but not an IDV store; refusing to use it.`,
      );
    }
    let version = Number(db.get('PRAGMA user_version')?.user_version ?? 0);
    while (version < SCHEMA_VERSION && MIGRATIONS[version] !== undefined) {
      const from = version;
      this.transaction(() => {
        db.exec(MIGRATIONS[from]);
        db.exec(`PRAGMA user_version = ${from + 1}`);
      });
      version = from + 1;
    }
    if (version !== SCHEMA_VERSION) {
      throw new IdvStoreError(
        'STORE_CORRUPT',
        `${this.file} has schema version ${version}; this build reads version ${SCHEMA_VERSION}.`,
      );
    }
    // A store made before auto_vacuum: switched once (VACUUM rewrites the file under the journal).
    if (Number(db.get('PRAGMA auto_vacuum')?.auto_vacuum ?? 0) !== 2) {
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    }
  }

  /** Hands the pages freed by deletes back to the file system (a store with auto_vacuum). */
  releaseFreePages(): void {
    this.db.exec('PRAGMA incremental_vacuum');
  }

  private recovering = false;

  /** Maps an error; on STORE_BUSY also checks, off the request path, for a dead process's lock. */
  private fail(err: unknown, what: string): IdvStoreError {
    const mapped = toStoreError(err, what);
    if (mapped.code === 'STORE_BUSY' && !this.recovering) {
      this.recovering = true;
      void clearStaleLock(this.file).finally(() => (this.recovering = false));
    }
    return mapped;
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Drops a statement whose last step failed: sqlite3_reset repeats that step's error, and the
   * library refuses to rebind a statement it cannot reset, so a cached one would stay broken.
   */
  private evict(sql: string): void {
    const stmt = this.statements.get(sql);
    this.statements.delete(sql);
    try {
      if (stmt && !stmt.isFinalized) stmt.finalize();
    } catch {
      // finalize reports the same error again; the statement is released regardless
    }
  }

  run(sql: string, params?: Params): number {
    try {
      return this.statement(sql).run(params).changes;
    } catch (err) {
      this.evict(sql);
      throw this.fail(err, 'Store write failed');
    }
  }

  /** All rows. Statements always run to completion, so no read lock outlives the call. */
  all(sql: string, params?: Params): Row[] {
    try {
      return this.statement(sql).all(params) as Row[];
    } catch (err) {
      this.evict(sql);
      throw this.fail(err, 'Store read failed');
    }
  }

  one(sql: string, params?: Params): Row | null {
    return this.all(sql, params)[0] ?? null;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** BEGIN IMMEDIATE at the outermost level, SAVEPOINTs inside; throwing rolls back that level. */
  transaction<T>(fn: () => T): T {
    const level = this.depth;
    const savepoint = `sp${level}`;
    try {
      this.db.exec(level === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    } catch (err) {
      throw this.fail(err, 'Cannot start a transaction');
    }
    this.depth++;
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) {
        throw new TypeError('IdvStore.transaction takes a synchronous function (no await inside).');
      }
    } catch (err) {
      this.depth--;
      try {
        this.db.exec(level === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      } catch {
        // SQLite may already have rolled back (e.g. after an I/O error); the original error matters.
      }
      throw err;
    }
    this.depth--;
    try {
      this.db.exec(level === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
    } catch (err) {
      if (level === 0) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // nothing left to roll back
        }
      }
      throw this.fail(err, 'Commit failed; nothing was changed');
    }
    return result;
  }

  /**
   * Several reads under one shared lock and one consistent snapshot (each lone statement would
   * take and drop the VFS lock, a mkdir/rmdir pair, on its own).
   */
  read<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    try {
      this.db.exec('BEGIN DEFERRED');
    } catch (err) {
      throw this.fail(err, 'Cannot start a read');
    }
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      try {
        this.db.exec('COMMIT');
      } catch {
        // a read-only transaction has nothing to commit; ending it cannot lose data
      }
    }
  }

  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (err) {
      throw this.fail(err, 'Store command failed');
    }
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): void {
    if (!this.db.isOpen) return;
    for (const stmt of this.statements.values()) {
      if (!stmt.isFinalized) stmt.finalize();
    }
    this.statements.clear();
    this.db.close();
  }
}

/** A non-empty file that does not start with SQLite's magic is refused before SQLite sees it. */
async function checkHeader(file: string): Promise<void> {
  let state;
  try {
    state = await sqliteFileState(file);
  } catch (err) {
    throw new IdvStoreError('IO_FAILED', `Cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  if (state === 'not-sqlite')
    throw new IdvStoreError(
      'STORE_CORRUPT',
      `${file} is not an SQLite database (bad header). It was left untouched; restore it from backup.`,
    );
}

const clearStaleLock = (file: string): Promise<void> => clearStaleSqliteLock(file, STALE_LOCK_MS);
