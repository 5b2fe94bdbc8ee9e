// Damaged files and failing writes: a clear IdvStoreError, and nothing already stored is lost.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { IdvStoreError, openIdvStore, type IdvStore } from '../../../idv/store/index';
import { jpegLike, newSession, openTestStore, removeTempDirs, tempDataDir } from './storeFixtures';

const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');

const stores: IdvStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await removeTempDirs();
});

async function openError(options: Parameters<typeof openIdvStore>[0]): Promise<IdvStoreError> {
  try {
    stores.push(await openIdvStore(options));
  } catch (err) {
    if (err instanceof IdvStoreError) return err;
    throw err;
  }
  throw new Error('openIdvStore succeeded on bad input');
}

/** A store with one session and one page, closed; returns what to compare against later. */
async function populated() {
  const { store, dataDir } = await openTestStore();
  const { session } = newSession(store);
  const content = jpegLike(50_000, 3);
  const media = await store.media.put({
    sessionId: session.id,
    purpose: 'PAGE',
    contentType: 'image/jpeg',
    content,
  });
  store.close();
  return { dataDir, session, media, content, dbFile: path.join(dataDir, 'idv.sqlite') };
}

async function expectIntact(dataDir: string, sessionId: string, mediaId: string, content: Buffer) {
  const store = await openIdvStore({ dataDir });
  stores.push(store);
  expect(store.sessions.get(sessionId)?.id).toBe(sessionId);
  expect((await store.media.get(sessionId, mediaId))?.content.equals(content)).toBe(true);
}

describe('damaged database file', () => {
  it('refuses a file that is not SQLite and leaves it untouched', async () => {
    const dataDir = await tempDataDir();
    const dbFile = path.join(dataDir, 'idv.sqlite');
    const garbage = randomBytes(8192);
    await writeFile(dbFile, garbage);
    const err = await openError({ dataDir, masterKey: randomBytes(32) });
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toContain('not an SQLite database');
    expect((await readFile(dbFile)).equals(garbage)).toBe(true);
  });

  it('refuses a store whose pages were overwritten, without recreating it', async () => {
    const { dataDir, dbFile } = await populated();
    const before = await readFile(dbFile);
    const damaged = Buffer.from(before);
    randomBytes(4096).copy(damaged, 4096 * 2); // scribble over a b-tree page, keep the header
    await writeFile(dbFile, damaged);
    const err = await openError({ dataDir });
    expect(err.code).toBe('STORE_CORRUPT');
    expect((await readFile(dbFile)).equals(damaged)).toBe(true);
  });

  it('refuses a truncated store', async () => {
    const { dataDir, dbFile } = await populated();
    const size = (await stat(dbFile)).size;
    await truncate(dbFile, Math.floor(size / 2) + 100);
    expect((await openError({ dataDir })).code).toBe('STORE_CORRUPT');
  });

  it('refuses an SQLite file that belongs to something else', async () => {
    const dataDir = await tempDataDir();
    const foreign = new Database(path.join(dataDir, 'idv.sqlite'));
    foreign.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x')",
    );
    foreign.close();
    const err = await openError({ dataDir, masterKey: randomBytes(32) });
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toContain('not an IDV store');
  });

  it('refuses to start afresh when the database is gone but encrypted media remains', async () => {
    const { dataDir, dbFile } = await populated();
    await rm(dbFile);
    expect((await openError({ dataDir })).code).toBe('STORE_CORRUPT');
    await expect(stat(dbFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('master key', () => {
  it('creates DATA_DIR/master.key with mode 0600 and reuses it', async () => {
    const { dataDir } = await populated();
    const file = path.join(dataDir, 'master.key');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^idv-master-key v1\n[A-Za-z0-9+/]{43}=\n$/);
  });

  it('refuses a damaged key file and does not overwrite it', async () => {
    const { dataDir } = await populated();
    const file = path.join(dataDir, 'master.key');
    await writeFile(file, 'idv-master-key v1\nnot-base64!!\n', { mode: 0o600 });
    const err = await openError({ dataDir });
    expect(err.code).toBe('MASTER_KEY_INVALID');
    expect(await readFile(file, 'utf8')).toBe('idv-master-key v1\nnot-base64!!\n');
  });

  it('refuses a well-formed key that is not the one the store was made with', async () => {
    const { dataDir, session, media, content } = await populated();
    const file = path.join(dataDir, 'master.key');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `idv-master-key v1\n${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const err = await openError({ dataDir });
    expect(err.code).toBe('MASTER_KEY_INVALID');
    expect(err.message).toContain('does not match');
    expect((await openError({ dataDir, masterKey: randomBytes(32) })).code).toBe('MASTER_KEY_INVALID');
    await writeFile(file, original, { mode: 0o600 });
    await expectIntact(dataDir, session.id, media.id, content);
  });

  it('refuses to invent a new key when the key file of an existing store is missing', async () => {
    const { dataDir } = await populated();
    const file = path.join(dataDir, 'master.key');
    await rm(file);
    const err = await openError({ dataDir });
    expect(err.code).toBe('MASTER_KEY_INVALID');
    expect(err.message).toContain('missing');
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.skipIf(process.platform === 'win32')('refuses a key file other users can read', async () => {
    const { dataDir } = await populated();
    await chmod(path.join(dataDir, 'master.key'), 0o644);
    expect((await openError({ dataDir })).message).toContain('chmod 600');
  });

  it('checks the shape of a passed master key and works with it', async () => {
    const dataDir = await tempDataDir();
    expect((await openError({ dataDir, masterKey: randomBytes(16) })).code).toBe('MASTER_KEY_INVALID');
    const key = randomBytes(32);
    const { store } = await openTestStore({ dataDir, masterKey: key });
    const { session } = newSession(store);
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/png',
      content: jpegLike(99),
    });
    store.close();
    await expect(stat(path.join(dataDir, 'master.key'))).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await openIdvStore({ dataDir, masterKey: key });
    stores.push(again);
    expect((await again.media.get(session.id, m.id))?.content.equals(jpegLike(99))).toBe(true);
  });
});

describe('failed writes', () => {
  it('a blob write that fails (folder replaced by a file) reports IO_FAILED and keeps earlier media', async () => {
    const { dataDir, session, media, content } = await populated();
    const store = await openIdvStore({ dataDir });
    stores.push(store);
    const { session: fresh } = newSession(store);
    // The new session's media folder cannot be created: a file sits where it should go.
    await mkdir(path.join(dataDir, 'media'), { recursive: true });
    await writeFile(path.join(dataDir, 'media', fresh.id), 'in the way');
    const failing = store.media.put({
      sessionId: fresh.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content: jpegLike(1000),
    });
    await expect(failing).rejects.toMatchObject({ code: 'IO_FAILED' });
    expect(store.media.list(fresh.id)).toEqual([]);
    expect((await store.media.get(session.id, media.id))?.content.equals(content)).toBe(true);
  });

  it('a missing blob behind a live row is reported, not returned as empty', async () => {
    const { dataDir, session, media } = await populated();
    await rm(path.join(dataDir, 'media', session.id, `${media.id}.blob`));
    const store = await openIdvStore({ dataDir });
    stores.push(store);
    await expect(store.media.get(session.id, media.id)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
  });

  it('calls on a closed store fail with STORE_CLOSED', async () => {
    const { store } = await openTestStore();
    store.close();
    expect(() => store.apps.list()).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
  });
});
