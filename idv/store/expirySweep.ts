// Time-based clean-up: TTL expiry of tokens and resources, old nonces, and (at open and on every
// periodic sweep) blob files that lost their row (a crash between writing a blob and committing its row, or between deleting a
// session's rows and its folder).
import { readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { deleteSession } from './sessionRepository';
import type { StoreContext } from './storeContext';
import type { SweepReport } from './types';

/** Files younger than this may belong to a write in flight in another process (CLI vs server). */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

export async function sweepExpired(ctx: StoreContext): Promise<SweepReport> {
  const { sql } = ctx;
  const now = ctx.now();
  const { noncesDeleted, sessionsExpired, doomed } = sql.transaction(() => ({
    noncesDeleted: sql.run('DELETE FROM nonces WHERE expires_at <= ?', [now]),
    // A submitted session keeps running its checks even if the client token has lapsed meanwhile.
    sessionsExpired: sql.run(
      `UPDATE sessions SET state = 'EXPIRED'
       WHERE state = 'ONGOING' AND submitted_at IS NULL AND token_expires_at <= ?`,
      [now],
    ),
    doomed: sql.all('SELECT id FROM sessions WHERE resources_expire_at <= ?', [now]).map((r) => String(r.id)),
  }));
  let sessionsDeleted = 0;
  for (const id of doomed) {
    if (await deleteSession(ctx, id)) sessionsDeleted++;
  }
  // Not only at open: a kiosk that runs for months between restarts (and the crashes of a CLI
  // sharing the store) would otherwise keep every orphaned blob until then.
  await sweepOrphanBlobs(ctx);
  // The rows deleted above (and since the last sweep) free pages; give them back, so the data
  // folder returns to its size after the retention period rather than keeping its high-water mark.
  sql.releaseFreePages();
  return { sessionsExpired, sessionsDeleted, noncesDeleted };
}

async function olderThanGrace(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > ORPHAN_GRACE_MS;
}

/** Removes blob folders/files with no live row. Errors are ignored: this only reclaims space. */
export async function sweepOrphanBlobs(ctx: StoreContext): Promise<number> {
  const { sql, blobs } = ctx;
  let removed = 0;
  let sessionDirs: string[];
  try {
    sessionDirs = await readdir(blobs.root);
  } catch {
    return 0;
  }
  for (const sessionId of sessionDirs) {
    const dir = path.join(blobs.root, sessionId);
    const known = sql.one('SELECT 1 AS x FROM session_keys WHERE session_id = ?', [sessionId]);
    if (!known) {
      if (await olderThanGrace(dir)) {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        removed++;
      }
      continue;
    }
    const live = new Set(
      sql
        .all('SELECT id FROM media WHERE session_id = ? AND content_deleted_at IS NULL', [sessionId])
        .map((r) => `${String(r.id)}.blob`),
    );
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const name of files) {
      if (live.has(name)) continue;
      const file = path.join(dir, name);
      if (await olderThanGrace(file)) {
        await unlink(file).catch(() => undefined);
        removed++;
      }
    }
  }
  return removed;
}
