// The data folder returns to its size once the retention period has passed (issue 12's soak
// bound): the store's file is made with auto_vacuum = INCREMENTAL and the periodic sweep hands
// the pages its deletes freed back to the file system, instead of keeping its high-water mark.
// A store made before this is switched once when it opens.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdvStore } from '../../../idv/store/index';
import { fakeClock, newSession, openTestStore, removeTempDirs, tempDataDir } from './storeFixtures';

const open: IdvStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await removeTempDirs();
});

const dbSize = (dataDir: string) => statSync(path.join(dataDir, 'idv.sqlite')).size;

/** 150 sessions with 8 KB of tracking data each (sealed rows spread over many pages). */
function fill(store: IdvStore): void {
  for (let i = 0; i < 150; i++) newSession(store, { userTrackingId: `u${i}-${'x'.repeat(8000)}`.slice(0, 8000) });
}

describe('the store file after the retention period', () => {
  it('shrinks back once expired sessions are swept', async () => {
    const clock = fakeClock();
    const { store, dataDir } = await openTestStore({ now: clock.now });
    open.push(store);
    newSession(store); // the app and one session: the store in use
    const before = dbSize(dataDir);
    fill(store);
    const full = dbSize(dataDir);
    expect(full).toBeGreaterThan(before + 1_000_000);
    clock.advance(2 * 86_400_000);
    const report = await store.sweepExpired();
    expect(report.sessionsDeleted).toBe(151);
    // Back within a few pages of where it started (schema pages, the app row, the sweep's meta).
    expect(dbSize(dataDir)).toBeLessThanOrEqual(before + 8 * 4096);
  });

  it('shrinks back when the sessions are deleted, before any sweep', async () => {
    const { store, dataDir } = await openTestStore();
    open.push(store);
    newSession(store);
    const before = dbSize(dataDir);
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push(newSession(store, { userTrackingId: `u${i}-${'y'.repeat(7990)}` }).session.id);
    expect(dbSize(dataDir)).toBeGreaterThan(before + 1_000_000);
    for (const id of ids) expect(await store.sessions.delete(id)).toBe(true);
    expect(dbSize(dataDir)).toBeLessThanOrEqual(before + 8 * 4096);
  });

  it('switches a store made without auto_vacuum when it opens', async () => {
    const dataDir = await tempDataDir();
    const first = await openTestStore({ dataDir });
    newSession(first.store);
    first.store.close();
    const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
    const raw = new Database(path.join(dataDir, 'idv.sqlite'));
    raw.exec('PRAGMA auto_vacuum = NONE');
    raw.exec('VACUUM');
    expect(raw.get('PRAGMA auto_vacuum')?.auto_vacuum).toBe(0);
    raw.close();
    const again = await openTestStore({ dataDir });
    open.push(again.store);
    const check = new Database(path.join(dataDir, 'idv.sqlite'), { readOnly: true });
    try {
      expect(check.get('PRAGMA auto_vacuum')?.auto_vacuum).toBe(2);
    } finally {
      check.close();
    }
  });
});
