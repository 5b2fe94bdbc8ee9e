// `npm run -s bench -- store [--commits N] [--pages N] [--no-load]`: the IDV store's durable commits
// side by side on node-sqlite3-wasm (what the store uses), better-sqlite3 12 (native, if its
// binding is built) and node:sqlite (Node 22.5+: reported unavailable, with the reason, on older
// Node), under load: two worker threads spinning the CPU and one writing and fsyncing 4 MiB files.
// Every backend runs the same transaction (a media row, a page row and an idempotency answer, ~2 KB)
// with the store's settings (rollback journal PERSIST, synchronous NORMAL, secure_delete), and
// better-sqlite3 also in WAL (FULL: one fsync per commit; NORMAL: none, durable to a crash but not to
// a power cut). All three are synchronous: a commit's fsyncs block the event loop for as long as
// they take, so the event-loop delay is measured alongside. Then a 1.5 MB page stored durably
// through the real store (openIdvStore media.put: blob file + row) under the same load.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openIdvStore } from '../../idv/store';
import { bareSession, passportDocument, registerTestApp } from '../support/idvStoreSessions';

const require = createRequire(import.meta.url);

interface Db {
  exec(sql: string): void;
  run(sql: string, params: unknown[]): void;
  close(): void;
}

interface Backend {
  name: string;
  open(file: string): Db;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS media (id TEXT PRIMARY KEY, session_id TEXT, size INTEGER, wrapped_key BLOB);
CREATE TABLE IF NOT EXISTS pages (media_id TEXT PRIMARY KEY, feedback BLOB, reading BLOB);
CREATE TABLE IF NOT EXISTS idem (k TEXT PRIMARY KEY, response BLOB);`;

const STORE_PRAGMAS = [
  'PRAGMA journal_mode = PERSIST',
  'PRAGMA journal_size_limit = 0',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA secure_delete = ON',
];

function wasmBackend(): Backend {
  const { Database } = require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
  return {
    name: 'node-sqlite3-wasm, journal PERSIST, synchronous NORMAL (the store)',
    open(file) {
      const db = new Database(file);
      for (const p of STORE_PRAGMAS) db.exec(p);
      return {
        exec: (sql) => db.exec(sql),
        run: (sql, params) => void db.run(sql, params as never),
        close: () => db.close(),
      };
    },
  };
}

function betterBackends(): Backend[] | string {
  let Better: typeof import('better-sqlite3');
  try {
    Better = require('better-sqlite3') as typeof import('better-sqlite3');
    new Better(':memory:').close();
  } catch (err) {
    return `better-sqlite3 is not loadable: ${(err as Error).message.split('\n')[0]} (its native build is not run by npm install: allowScripts)`;
  }
  const make = (name: string, pragmas: string[]): Backend => ({
    name,
    open(file) {
      const db = new Better(file);
      for (const p of pragmas) db.exec(p);
      return {
        exec: (sql) => db.exec(sql),
        run: (sql, params) => void db.prepare(sql).run(...(params as never[])),
        close: () => db.close(),
      };
    },
  });
  return [
    make('better-sqlite3, journal PERSIST, synchronous NORMAL (same settings)', STORE_PRAGMAS),
    make('better-sqlite3, WAL, synchronous FULL (fsync per commit)', [
      'PRAGMA journal_mode = WAL',
      'PRAGMA synchronous = FULL',
      'PRAGMA secure_delete = ON',
    ]),
    make(
      'better-sqlite3, WAL, synchronous NORMAL (no fsync per commit: a power cut may lose the last commits)',
      ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA secure_delete = ON'],
    ),
  ];
}

async function nodeSqliteBackend(): Promise<Backend | string> {
  try {
    const mod = (await import('node:sqlite' as string)) as {
      DatabaseSync: new (file: string) => {
        exec(sql: string): void;
        prepare(sql: string): { run(...p: unknown[]): void };
        close(): void;
      };
    };
    return {
      name: 'node:sqlite, journal PERSIST, synchronous NORMAL',
      open(file) {
        const db = new mod.DatabaseSync(file);
        for (const p of STORE_PRAGMAS) db.exec(p);
        return {
          exec: (sql) => db.exec(sql),
          run: (sql, params) => db.prepare(sql).run(...params),
          close: () => db.close(),
        };
      },
    };
  } catch (err) {
    return `node:sqlite is not in Node ${process.version} (${(err as NodeJS.ErrnoException).code ?? 'error'}): it needs Node 22.5+ (unflagged from 22.13/23.4); Electron 41's Node has it, but this build machine's Node 20 does not, so it was not measured`;
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => Math.round(x * 100) / 100;

function summary(samples: number[]) {
  return {
    p50_ms: ms(quantile(samples, 0.5)),
    p95_ms: ms(quantile(samples, 0.95)),
    max_ms: ms(Math.max(...samples)),
  };
}

async function measureBackend(backend: Backend, dir: string, commits: number) {
  const file = path.join(dir, `${randomUUID()}.sqlite`);
  const db = backend.open(file);
  db.exec(SCHEMA);
  const samples: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  for (let i = 0; i < commits; i++) {
    const id = randomUUID();
    const t0 = performance.now();
    db.exec('BEGIN IMMEDIATE');
    db.run('INSERT INTO media (id, session_id, size, wrapped_key) VALUES (?, ?, ?, ?)', [
      id,
      'session',
      1_500_000,
      randomBytes(60),
    ]);
    db.run('INSERT INTO pages (media_id, feedback, reading) VALUES (?, ?, ?)', [
      id,
      randomBytes(600),
      randomBytes(1200),
    ]);
    db.run('INSERT INTO idem (k, response) VALUES (?, ?)', [id, randomBytes(300)]);
    db.exec('COMMIT');
    samples.push(performance.now() - t0);
    // Let timers run between commits, so the loop delay shows what a commit holds up.
    await new Promise((r) => setImmediate(r));
  }
  loop.disable();
  db.close();
  return {
    backend: backend.name,
    commits,
    commit: summary(samples),
    event_loop_delay_p95_ms: ms(loop.percentile(95) / 1e6),
    event_loop_delay_max_ms: ms(loop.max / 1e6),
  };
}

function startLoad(dir: string): () => Promise<void> {
  const spin = `const { parentPort } = require('node:worker_threads'); let stop = false;
    parentPort.on('message', () => { stop = true; });
    (function spin() { const t = Date.now(); while (Date.now() - t < 50) Math.sqrt(Math.random()); if (!stop) setImmediate(spin); else process.exit(0); })();`;
  const disk = `const { parentPort, workerData } = require('node:worker_threads'); const fs = require('node:fs');
    const path = require('node:path'); let stop = false; parentPort.on('message', () => { stop = true; });
    const buf = Buffer.alloc(4 * 1024 * 1024, 7); let i = 0;
    (function write() { const f = path.join(workerData, 'load-' + (i++ % 4)); const fd = fs.openSync(f, 'w');
      fs.writeSync(fd, buf); fs.fsyncSync(fd); fs.closeSync(fd); if (!stop) setImmediate(write); else process.exit(0); })();`;
  const workers = [
    new Worker(spin, { eval: true }),
    new Worker(spin, { eval: true }),
    new Worker(disk, { eval: true, workerData: dir }),
  ];
  return async () => {
    await Promise.all(
      workers.map((w) => new Promise<void>((r) => (w.once('exit', () => r()), w.postMessage('stop')))),
    );
  };
}

async function measureStorePages(dir: string, pages: number) {
  const store = await openIdvStore({ dataDir: path.join(dir, 'store'), masterKey: randomBytes(32) });
  const sdkId = registerTestApp(store, 'bench');
  const page = randomBytes(1_500_000);
  const samples: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  for (let i = 0; i < pages; i++) {
    const session = bareSession(store, sdkId);
    const doc = passportDocument(store, session.id);
    const t0 = performance.now();
    await store.media.put(
      { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: page },
      {
        kind: 'PAGE',
        resourceId: doc.id,
        side: 'front',
        captureMethod: 'CAMERA',
        feedback: { acceptable: true },
      },
    );
    samples.push(performance.now() - t0);
  }
  loop.disable();
  store.close();
  return {
    what: '1.5 MB page stored durably through openIdvStore (encrypted blob: fdatasync + dir fsync; row committed)',
    pages,
    put: summary(samples),
    event_loop_delay_p95_ms: ms(loop.percentile(95) / 1e6),
  };
}

export default async function storeBench(args: string[]) {
  const arg = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const commits = arg('--commits', 300);
  const pages = arg('--pages', 60);
  const load = !args.includes('--no-load');
  const dir = await mkdtemp(path.join(tmpdir(), 'store-bench-'));
  const stopLoad = load ? startLoad(dir) : async () => undefined;
  try {
    const backends: Backend[] = [wasmBackend()];
    const notMeasured: string[] = [];
    const better = betterBackends();
    if (typeof better === 'string') notMeasured.push(better);
    else backends.push(...better);
    const nodeSqlite = await nodeSqliteBackend();
    if (typeof nodeSqlite === 'string') notMeasured.push(nodeSqlite);
    else backends.push(nodeSqlite);
    const results = [];
    // Alternated twice, so neither backend always runs while the load is warming up.
    for (let round = 0; round < 2; round++)
      for (const b of backends)
        results.push({ round, ...(await measureBackend(b, dir, Math.ceil(commits / 2))) });
    const storePages = await measureStorePages(dir, pages);
    return {
      load: load ? '2 CPU-spinning worker threads + 1 worker writing and fsyncing 4 MiB files' : 'none',
      load_average_1m: (await import('node:os')).loadavg()[0],
      transaction: '3 inserts (~2.2 KB) in BEGIN IMMEDIATE … COMMIT, one at a time',
      results,
      store_pages: storePages,
      not_measured: notMeasured,
    };
  } finally {
    await stopLoad();
    await rm(dir, { recursive: true, force: true });
  }
}
