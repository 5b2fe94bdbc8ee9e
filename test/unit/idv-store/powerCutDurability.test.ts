// Durability against a power cut, not only a process kill (issue 12): a fault-injecting file layer
// under the store's SQLite (node-sqlite3-wasm's VFS calls node:fs synchronously, so wrapping those
// calls sees every write, truncate and fsync). It records what each file held at its last fsync
// and every write since; at the cut every later call fails, and the "reboot" leaves each file as
// it was at its last fsync plus an arbitrary subset of the writes after it (none, all, or some, in
// any combination: a disk cache that lost part of what it held). The store must then open, pass
// SQLite's integrity check, and hold every transaction whose COMMIT had returned, in order, and
// at most the one that was in flight.
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteFile } from '../../../idv/store/sqliteFile';

type Op = { kind: 'write'; position: number; data: Buffer } | { kind: 'truncate'; size: number };

class PowerCut extends Error {}

/** The fault-injecting layer over node:fs for the files under `dir`. */
function faultLayer(dir: string) {
  const real = {
    openSync: fs.openSync,
    writeSync: fs.writeSync,
    ftruncateSync: fs.ftruncateSync,
    fsyncSync: fs.fsyncSync,
  };
  const fdPath = new Map<number, string>();
  const durable = new Map<string, Buffer | null>();
  const pending = new Map<string, Op[]>();
  let budget = Infinity;
  let cut = false;
  const tracked = (p: unknown): p is string =>
    typeof p === 'string' && p.startsWith(dir) && !p.endsWith('.lock');
  const spend = () => {
    if (cut) throw new PowerCut('the power is off');
    if (--budget < 0) {
      cut = true;
      throw new PowerCut('the power went off');
    }
  };
  const snapshot = (p: string) => (fs.existsSync(p) ? Buffer.from(fs.readFileSync(p)) : null);

  const patched = {
    openSync(p: fs.PathLike, ...rest: unknown[]) {
      if (cut && tracked(p)) throw new PowerCut('the power is off');
      const fd = (real.openSync as (...a: unknown[]) => number)(p, ...rest);
      if (tracked(p)) {
        fdPath.set(fd, p);
        if (!durable.has(p)) durable.set(p, null); // created since the last sync: not on disk yet
      }
      return fd;
    },
    writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number) {
      const p = fdPath.get(fd);
      if (p === undefined)
        return (real.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, position);
      spend();
      const list = pending.get(p) ?? [];
      list.push({ kind: 'write', position, data: Buffer.from(buffer.subarray(offset, offset + length)) });
      pending.set(p, list);
      return (real.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, position);
    },
    ftruncateSync(fd: number, size?: number) {
      const p = fdPath.get(fd);
      if (p !== undefined) {
        spend();
        const list = pending.get(p) ?? [];
        list.push({ kind: 'truncate', size: size ?? 0 });
        pending.set(p, list);
      }
      return real.ftruncateSync(fd, size);
    },
    fsyncSync(fd: number) {
      const p = fdPath.get(fd);
      if (p !== undefined) spend();
      real.fsyncSync(fd);
      if (p !== undefined) {
        durable.set(p, snapshot(p));
        pending.set(p, []);
      }
    },
  };

  return {
    /** Wraps node:fs (before the store opens its files, so every descriptor is known). */
    install() {
      Object.assign(fs, patched);
    },
    /** From now on the cut comes after `afterOps` calls; what is on disk now counts as synced. */
    arm(afterOps: number) {
      for (const name of fs.readdirSync(dir)) {
        const p = path.join(dir, name);
        if (tracked(p) && fs.statSync(p).isFile()) {
          durable.set(p, snapshot(p));
          pending.set(p, []);
        }
      }
      budget = afterOps;
    },
    get cut() {
      return cut;
    },
    /** Puts the real node:fs back and leaves each file as the disk would have after the cut. */
    reboot(keep: (p: string, index: number) => boolean) {
      Object.assign(fs, real);
      for (const [p, base] of durable) {
        let content: Buffer | null = base === null ? null : Buffer.from(base);
        (pending.get(p) ?? []).forEach((op, index) => {
          if (!keep(p, index)) return;
          content ??= Buffer.alloc(0);
          if (op.kind === 'truncate') content = content.subarray(0, op.size);
          else {
            const end = op.position + op.data.length;
            if (content.length < end) content = Buffer.concat([content, Buffer.alloc(end - content.length)]);
            op.data.copy(content, op.position);
          }
        });
        if (content === null) fs.rmSync(p, { force: true });
        else fs.writeFileSync(p, content);
      }
      // A lock directory does not survive a reboot of the process that held it.
      for (const name of fs.readdirSync(dir))
        if (name.endsWith('.lock')) fs.rmSync(path.join(dir, name), { recursive: true });
    },
  };
}

/** A small deterministic generator, so a failing case can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One transaction the size of a page's rows: a multi-page row and an overwritten counter. */
function commitOne(sql: SqliteFile, i: number): void {
  sql.transaction(() => {
    sql.run('INSERT INTO nonces (sdk_id, nonce, expires_at) VALUES (?, ?, ?)', [
      'power',
      `n${i}-${'x'.repeat(6000)}`,
      i,
    ]);
    sql.run(
      "INSERT INTO meta (key, value) VALUES ('counter', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [Buffer.from(String(i))],
    );
  });
}

async function scenario(cutAfter: number, keepMode: 'none' | 'all' | number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'idv-powercut-'));
  dirs.push(dir);
  const file = path.join(dir, 'idv.sqlite');
  const layer = faultLayer(dir);
  layer.install();
  let sql = await SqliteFile.open(file, { create: true });
  commitOne(sql, 0);
  layer.arm(cutAfter);
  let committed = 0;
  try {
    for (let i = 1; i <= 4; i++) {
      commitOne(sql, i);
      committed = i;
    }
  } catch (err) {
    if (!layer.cut) throw err;
  }
  try {
    sql.close();
  } catch {
    // the power is off
  }
  const random = typeof keepMode === 'number' ? mulberry32(keepMode) : null;
  layer.reboot(() => (keepMode === 'all' ? true : keepMode === 'none' ? false : random!() < 0.5));
  sql = await SqliteFile.open(file, { create: false });
  try {
    const rows = sql
      .all("SELECT expires_at AS i FROM nonces WHERE sdk_id = 'power' ORDER BY expires_at")
      .map((r) => Number(r.i));
    const counter = Number(
      Buffer.from(sql.one("SELECT value FROM meta WHERE key = 'counter'")!.value as Uint8Array).toString(),
    );
    return { cut: layer.cut, committed, rows, counter };
  } finally {
    sql.close();
  }
}

describe('the store under a power cut (lost unsynced writes)', () => {
  // KNOWN FAILING (issue 12, open): with the store's settings (journal PERSIST,
  // journal_size_limit 0, synchronous NORMAL) on node-sqlite3-wasm, a cut while the second
  // transaction writes its pages leaves a file SQLite reports as malformed on the next open, even
  // when every write was kept (cut after 16-22 file calls), and losing some unsynced writes gives
  // a counter update without its row. `it.fails` keeps the reproduction running: it turns red the
  // day the store survives these cuts, and must then become a plain `it`.
  it.fails(
    'keeps every committed transaction and stays consistent, wherever the cut falls',
    async () => {
      const failures: string[] = [];
      let cuts = 0;
      for (let cutAfter = 0; cutAfter < 40; cutAfter++) {
        for (const keep of ['none', 'all', 1, 2, 3] as const) {
          let r: Awaited<ReturnType<typeof scenario>>;
          try {
            r = await scenario(cutAfter, keep);
          } catch (err) {
            failures.push(
              `cut after ${cutAfter} ops, keep ${String(keep)}: ${(err as Error).message.replace(/\/tmp\/\S+/, 'the store')}`,
            );
            continue;
          }
          if (r.cut) cuts++;
          const prefix = r.rows.every((v, idx) => v === idx);
          const ok =
            prefix &&
            r.rows.length - 1 >= r.committed &&
            r.rows.length - 1 <= r.committed + 1 &&
            r.counter === r.rows.length - 1;
          if (!ok)
            failures.push(
              `cut after ${cutAfter} ops, keep ${String(keep)}: committed ${r.committed}, rows ${r.rows.join(',')}, counter ${r.counter}`,
            );
        }
      }
      // The cut fell inside the transactions for most of the range (not only after them).
      expect(cuts).toBeGreaterThan(100);
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
