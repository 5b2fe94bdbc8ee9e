// Kills a real process in the middle of store writes, then reopens the store.
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openIdvStore, type IdvStore } from '../../../idv/store/index';
import { ORPHAN_GRACE_MS } from '../../../idv/store/expirySweep';
import { jpegLike, newSession, openTestStore, removeTempDirs } from './storeFixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

const stores: IdvStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await removeTempDirs();
});

function runCrashWriter(
  mode: string,
  dataDir: string,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'crashWriter.ts'), mode, dataDir],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function populated() {
  const { store, dataDir } = await openTestStore();
  const { session } = newSession(store);
  const content = jpegLike(20_000, 7);
  const media = await store.media.put({
    sessionId: session.id,
    purpose: 'PAGE',
    contentType: 'image/jpeg',
    content,
  });
  store.close();
  return { dataDir, session, media, content };
}

describe('crash recovery', () => {
  it('rolls back a transaction killed half-way (hot journal, stale lock) and keeps earlier data', async () => {
    const { dataDir, session, media, content } = await populated();
    const dbFile = path.join(dataDir, 'idv.sqlite');
    const sizeBefore = (await stat(dbFile)).size;

    const result = await runCrashWriter('transaction', dataDir);
    expect(result.signal, result.stderr).toBe('SIGKILL');
    // The kill really hit mid-write: pages were spilled into the file, the journal holds the old ones,
    // and the lock of the dead process is still there.
    expect((await stat(dbFile)).size).toBeGreaterThan(sizeBefore);
    expect((await stat(`${dbFile}-journal`)).size).toBeGreaterThan(0);
    expect((await stat(`${dbFile}.lock`)).isDirectory()).toBe(true);

    const store = await openIdvStore({ dataDir });
    stores.push(store);
    expect(store.sessions.listForApp(session.sdkId).map((s) => s.id)).toEqual([session.id]);
    expect((await store.media.get(session.id, media.id))?.content.equals(content)).toBe(true);
    // And it is writable again.
    expect(newSession(store).session.state).toBe('ONGOING');
    await expect(stat(`${dbFile}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a media write killed before its row committed leaves no media, and its blob is swept later', async () => {
    const { dataDir, session, media, content } = await populated();
    const result = await runCrashWriter('media', dataDir);
    expect(result.signal, result.stderr).toBe('SIGKILL');
    const dir = path.join(dataDir, 'media', session.id);
    const files = await readdir(dir);
    expect(files).toHaveLength(2); // the committed blob and the orphan

    let store = await openIdvStore({ dataDir });
    expect(store.media.list(session.id).map((m) => m.id)).toEqual([media.id]);
    expect((await store.media.get(session.id, media.id))?.content.equals(content)).toBe(true);
    store.close();
    expect(await readdir(dir)).toHaveLength(2); // too recent to be swept: could be another process's write

    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    for (const f of files) await utimes(path.join(dir, f), old, old);
    store = await openIdvStore({ dataDir });
    stores.push(store);
    expect(await readdir(dir)).toEqual([`${media.id}.blob`]);
    expect((await store.media.get(session.id, media.id))?.content.equals(content)).toBe(true);
  });

  it('a lock left by a dead process while the store is open gives STORE_BUSY, then is cleared', async () => {
    const { store, dataDir } = await openTestStore();
    stores.push(store);
    const { app } = newSession(store);
    // What a CLI killed in the middle of a statement leaves behind.
    await mkdir(path.join(dataDir, 'idv.sqlite.lock'));
    expect(() => store.apps.register({ name: 'blocked', publicKeyPem: app.publicKeyPem })).toThrow(
      expect.objectContaining({ code: 'STORE_BUSY' }),
    );
    await expect
      .poll(
        () =>
          stat(path.join(dataDir, 'idv.sqlite.lock')).then(
            () => true,
            () => false,
          ),
        { timeout: 8000 },
      )
      .toBe(false);
    expect(store.apps.register({ name: 'after', publicKeyPem: app.publicKeyPem }).name).toBe('after');
    expect(store.apps.list().map((a) => a.name)).toEqual([app.name, 'after']);
  });
});
