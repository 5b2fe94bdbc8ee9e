// Durability against a power cut, not only a process kill (issue 12). A writer process
// (powerCutWriter.ts) runs the store's SQLite under a recording file layer: every write (with its
// bytes), truncate, fsync, creation and unlink goes to a side log, and the writer SIGKILLs itself
// at the cut, so no connection lives on to write on close or hide the hot journal behind its
// in-memory locks (what made the earlier in-process simulation report damage that a real kill
// never shows). The parent rebuilds each file as the disk would hold it after the power came back
// — its content at its last fsync plus any subset of the calls after it (none, all, or some in any
// combination: a disk cache that lost part of what it held; a file created since the folder's last
// fsync may be gone) — in a fresh folder, and opens the store there. It must open, pass SQLite's
// integrity check, and hold every transaction whose COMMIT had returned, in order, plus at most
// the one in flight.
//
// Cutting after K calls leaves exactly the first K calls of an uncut run (the writer does the same
// thing up to the cut), so one uncut run gives every cut point; a few real cuts check that.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openIdvStore } from '../../../idv/store/index';
import { SqliteFile } from '../../../idv/store/sqliteFile';
import { AuditFile } from '../../../electron/services/audit/auditFile';
import { MEDIA_POWER_CUT_KEY, mediaPowerCutContent } from './powerCutRows';
import {
  cutState,
  mulberry32,
  parseFileOpLog,
  rebuild,
  type FileOp,
  type PendingOp,
} from '../../support/faultFs/fileOpLog';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Runs the writer until the cut; returns its folder as the kill left it, and its log. */
async function runWriter(cutAfter: number, variant: Variant): Promise<{ dir: string; ops: FileOp[] }> {
  const dir = await tempDir('idv-powercut-');
  const logFile = path.join(await tempDir('idv-powercut-log-'), 'ops.jsonl');
  const result = await new Promise<{ signal: string | null; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'powerCutWriter.ts'), dir, logFile, String(cutAfter), variant],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr }));
  });
  expect(result.signal, result.stderr).toBe('SIGKILL');
  // The writer is dead: the lock directory it held means nothing now (the store would clear it
  // after STALE_LOCK_MS; removing it here saves the wait).
  await rm(path.join(dir, 'idv.sqlite.lock'), { recursive: true, force: true });
  return { dir, ops: parseFileOpLog(await readFile(logFile, 'utf8')) };
}

type Variant = 'store' | 'sync-off' | 'media';

const isCall = (op: FileOp) => op.t !== 'base' && op.t !== 'mark';

/** The log a cut after `k` calls leaves: the first k calls and the marks the writer made before call k+1. */
function prefix(ops: FileOp[], k: number): FileOp[] {
  const out: FileOp[] = [];
  let calls = 0;
  for (const op of ops) {
    if (isCall(op) && calls++ === k) break;
    out.push(op);
  }
  return out;
}

/** A call's identity without its bytes (the journal's nonce is random per run). */
const shape = (op: FileOp) =>
  op.t === 'write'
    ? `write ${op.p} @${op.pos} +${Buffer.from(op.data, 'base64').length}`
    : `${op.t} ${'p' in op ? op.p : op.m}`;

type Keep = 'none' | 'all' | number;

function readRows(sql: SqliteFile) {
  const rows = sql
    .all("SELECT expires_at AS i FROM nonces WHERE sdk_id = 'power' ORDER BY expires_at")
    .map((r) => Number(r.i));
  const counter = Number(
    Buffer.from(sql.one("SELECT value FROM meta WHERE key = 'counter'")!.value as Uint8Array).toString(),
  );
  return { rows, counter };
}

const committedIn = (log: FileOp[]) =>
  log.filter((op) => op.t === 'mark' && op.m.startsWith('committed ')).length;

/** A fresh folder holding each file as the disk would after the reboot. */
async function rebootedFolder(log: FileOp[], keep: Keep): Promise<string> {
  const random = typeof keep === 'number' ? mulberry32(keep) : null;
  const files = rebuild(cutState(log), (_op: PendingOp) =>
    keep === 'all' ? true : keep === 'none' ? false : random!() < 0.5,
  );
  const dir = await tempDir('idv-powercut-reboot-');
  for (const [name, content] of files) {
    if (content === null) continue;
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function reopenAfterCut(log: FileOp[], keep: Keep) {
  const committed = committedIn(log);
  const dir = await rebootedFolder(log, keep);
  const sql = await SqliteFile.open(path.join(dir, 'idv.sqlite'), { create: false });
  try {
    return { committed, ...readRows(sql) };
  } finally {
    sql.close();
  }
}

const KEEPS: Keep[] = ['none', 'all', 1, 2, 3];

/** Every cut point of one uncut run, each with every subset in KEEPS; the cases that went wrong. */
async function failuresUnderCuts(variant: 'store' | 'sync-off') {
  const { ops: full } = await runWriter(Number.MAX_SAFE_INTEGER, variant);
  const calls = full.filter(isCall).length;
  const failures: string[] = [];
  let cases = 0;
  for (let k = 0; k <= calls; k++) {
    for (const keep of KEEPS) {
      cases++;
      const where = `cut after ${k} of ${calls} calls, keep ${String(keep)}`;
      let r;
      try {
        r = await reopenAfterCut(prefix(full, k), keep);
      } catch (err) {
        failures.push(`${where}: ${(err as Error).message.replace(/\/tmp\/\S+/, 'the store')}`);
        continue;
      }
      const inOrder = r.rows.every((v, idx) => v === idx);
      const ok =
        inOrder &&
        r.rows.length - 1 >= r.committed &&
        r.rows.length - 1 <= r.committed + 1 &&
        r.counter === r.rows.length - 1;
      if (!ok)
        failures.push(`${where}: committed ${r.committed}, rows ${r.rows.join(',')}, counter ${r.counter}`);
    }
  }
  return { full, calls, cases, failures };
}

describe('the store under a power cut (lost unsynced writes)', () => {
  it('keeps every committed transaction and stays consistent, wherever the cut falls', async () => {
    const { full, calls, cases, failures } = await failuresUnderCuts('store');
    // Four commits, each with journal writes, page writes, truncate and three fsyncs.
    expect(calls).toBeGreaterThanOrEqual(4 * 6);
    expect(cases).toBe((calls + 1) * KEEPS.length);
    expect(failures).toEqual([]);

    // A real cut leaves the uncut run's first K calls, which is what the replay above relies on;
    // and the folder the killed writer left (every write kept) opens with its commits.
    for (const k of [3, Math.floor(calls / 2), calls - 2]) {
      const cut = await runWriter(k, 'store');
      expect(cut.ops.filter(isCall).map(shape)).toEqual(prefix(full, k).filter(isCall).map(shape));
      const sql = await SqliteFile.open(path.join(cut.dir, 'idv.sqlite'), { create: false });
      const { rows, counter } = readRows(sql);
      sql.close();
      expect(rows.length - 1 - committedIn(cut.ops)).toBeGreaterThanOrEqual(0);
      expect(rows.length - 1 - committedIn(cut.ops)).toBeLessThanOrEqual(1);
      expect(rows).toEqual(rows.map((_, i) => i));
      expect(counter).toBe(rows.length - 1);
    }
  }, 180_000);

  it('node-sqlite3-wasm alone leaves a hot journal unplayed (why platform/sqliteHotJournal.ts exists)', async () => {
    // Killed while the last commit wrote its pages: journal synced and hot, the file half-written.
    const { ops: full } = await runWriter(Number.MAX_SAFE_INTEGER, 'store');
    const calls = full.filter(isCall);
    const lastJournalSync = calls
      .map((op) => op.t === 'fsync' && op.p === 'idv.sqlite-journal')
      .lastIndexOf(true, calls.length - 2);
    const killed = await runWriter(lastJournalSync + 1 + 6, 'store');
    expect(committedIn(killed.ops)).toBe(3);
    const copy = await tempDir('idv-powercut-raw-');
    for (const name of ['idv.sqlite', 'idv.sqlite-journal'])
      await writeFile(path.join(copy, name), await readFile(path.join(killed.dir, name)));

    const { Database } = createRequire(import.meta.url)(
      'node-sqlite3-wasm',
    ) as typeof import('node-sqlite3-wasm');
    const raw = new Database(path.join(copy, 'idv.sqlite'), { fileMustExist: true });
    try {
      expect(() => raw.all('PRAGMA quick_check')).toThrow('database disk image is malformed');
    } finally {
      raw.close();
    }
    // The store's open (with the recovery) rolls the same files back to the three commits.
    const sql = await SqliteFile.open(path.join(killed.dir, 'idv.sqlite'), { create: false });
    expect(readRows(sql)).toEqual({ rows: [0, 1, 2, 3], counter: 3 });
    sql.close();

    // The kiosk's audit log opens its file the same way: the same killed pair is rolled back
    // before its own checks, which then find a sound SQLite file that is not an audit log
    // (without the recovery: "the file is damaged (database disk image is malformed)").
    const audit = await tempDir('audit-powercut-');
    for (const name of ['idv.sqlite', 'idv.sqlite-journal'])
      await writeFile(path.join(audit, name.replace('idv.sqlite', 'audit.sqlite')), await readFile(path.join(copy, name)));
    await expect(AuditFile.open(path.join(audit, 'audit.sqlite'), { create: false })).rejects.toMatchObject({
      code: 'LOG_CORRUPT',
      message: expect.stringContaining('is an SQLite file but not an audit log'),
    });
  }, 60_000);

  it('keeps every stored page readable: no row without its blob, wherever the cut falls', async () => {
    const { ops: full } = await runWriter(Number.MAX_SAFE_INTEGER, 'media');
    const calls = full.filter(isCall).length;
    // Three puts: blob created, written, fdatasynced, its folder fsynced (a new folder once), row committed.
    expect(full.filter((op) => op.t === 'mkdir')).toHaveLength(1);
    expect(full.filter((op) => op.t === 'fsync' && op.dir).length).toBeGreaterThanOrEqual(5);
    const failures: string[] = [];
    for (let k = 0; k <= calls; k++) {
      const log = prefix(full, k);
      const marks = log.flatMap((op) => (op.t === 'mark' ? [op.m.split(' ')] : []));
      const sessions = marks.filter((m) => m[0] === 'session').map((m) => m[1]);
      const committed = marks.filter((m) => m[0] === 'committed');
      for (const keep of ['none', 'all', 1] as const) {
        const where = `cut after ${k} of ${calls} calls, keep ${String(keep)}`;
        const dir = await rebootedFolder(log, keep);
        let store;
        try {
          store = await openIdvStore({ dataDir: dir, masterKey: MEDIA_POWER_CUT_KEY });
        } catch (err) {
          failures.push(`${where}: ${(err as Error).message.replace(/\/tmp\/\S+/, 'the store')}`);
          continue;
        }
        try {
          for (const [, sessionId, mediaId, i] of committed) {
            const got = await store.media.get(sessionId, mediaId).catch((err: Error) => err);
            if (!(got && !(got instanceof Error) && got.content.equals(mediaPowerCutContent(Number(i)))))
              failures.push(
                `${where}: committed page ${i} reads ${got instanceof Error ? got.message : String(got)}`,
              );
          }
          // Every row there (committed or in flight) has its whole blob.
          for (const sessionId of sessions) {
            for (const row of store.media.list(sessionId)) {
              const got = await store.media.get(sessionId, row.id).catch((err: Error) => err);
              if (!got || got instanceof Error)
                failures.push(
                  `${where}: row ${row.id} without a readable blob (${got instanceof Error ? got.message : 'null'})`,
                );
            }
          }
        } finally {
          store.close();
        }
      }
    }
    expect(calls).toBeGreaterThan(60);
    expect(failures).toEqual([]);
  }, 240_000);

  it('catches a store that does not sync: with synchronous = OFF the same cuts lose or damage data', async () => {
    const { failures } = await failuresUnderCuts('sync-off');
    expect(failures.length).toBeGreaterThan(0);
  }, 180_000);
});
