import { randomBytes } from 'node:crypto';
import { copyFile, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { IdvStoreError, openIdvStore, type IdvStore } from '../../../idv/store/index';
import { createWrappedDataKey, openMedia, sealMedia, unwrapKey } from '../../../idv/store/mediaVault';
import { jpegLike, newSession, openTestStore, removeTempDirs } from './storeFixtures';

const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');

const stores: IdvStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await removeTempDirs();
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof IdvStoreError ? err.code : `not a store error: ${String(err)}`;
  }
  return 'no error';
}

describe('media vault primitives', () => {
  const master = randomBytes(32);

  it('round-trips and binds each blob to its session and media id', () => {
    const key = unwrapKey(master, 's1', createWrappedDataKey(master, 's1'));
    const content = jpegLike(10_000);
    const sealed = sealMedia(key, 's1', 'm1', content);
    const blob = Buffer.concat([sealed.header, sealed.ciphertext]);
    expect(blob.subarray(sealed.header.length).includes(content.subarray(0, 64))).toBe(false);
    expect(openMedia(key, 's1', 'm1', blob).equals(content)).toBe(true);
    expect(codeOf(() => openMedia(key, 's1', 'm2', blob))).toBe('MEDIA_UNREADABLE');
    expect(codeOf(() => openMedia(key, 's2', 'm1', blob))).toBe('MEDIA_UNREADABLE');
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 1;
    expect(codeOf(() => openMedia(key, 's1', 'm1', flipped))).toBe('MEDIA_UNREADABLE');
    expect(codeOf(() => openMedia(key, 's1', 'm1', blob.subarray(0, 20)))).toBe('MEDIA_UNREADABLE');
  });

  it('uses a fresh nonce per blob and a distinct data key per session', () => {
    const k1 = unwrapKey(master, 's1', createWrappedDataKey(master, 's1'));
    const k2 = unwrapKey(master, 's2', createWrappedDataKey(master, 's2'));
    expect(k1.equals(k2)).toBe(false);
    const a = sealMedia(k1, 's1', 'm1', Buffer.alloc(64));
    const b = sealMedia(k1, 's1', 'm1', Buffer.alloc(64));
    expect(a.header.equals(b.header)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('will not unwrap a data key with another master key or for another session', () => {
    const wrapped = createWrappedDataKey(master, 's1');
    expect(codeOf(() => unwrapKey(randomBytes(32), 's1', wrapped))).toBe('MASTER_KEY_INVALID');
    expect(codeOf(() => unwrapKey(master, 's2', wrapped))).toBe('MASTER_KEY_INVALID');
    expect(codeOf(() => unwrapKey(master, 's1', wrapped.subarray(1)))).toBe('MEDIA_UNREADABLE');
  });
});

describe('encrypted media in the store', () => {
  it('writes no plaintext to disk', async () => {
    const { store, dataDir } = await openTestStore();
    stores.push(store);
    const { session } = newSession(store);
    const content = jpegLike(200_000, 9);
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content,
    });
    const blob = await readFile(path.join(dataDir, 'media', session.id, `${m.id}.blob`));
    expect(blob.length).toBe(content.length + 33);
    expect(blob.includes(content.subarray(1000, 1032))).toBe(false);
    const db = await readFile(path.join(dataDir, 'idv.sqlite'));
    expect(db.includes(content.subarray(1000, 1032))).toBe(false);
  });

  it("keeps a page's upload-time reading sealed under the session key, bound to that page", async () => {
    const { store, dataDir } = await openTestStore();
    stores.push(store);
    const { session } = newSession(store);
    const doc = store.resources.createIdDocument({
      sessionId: session.id,
      issuingCountry: 'GBR',
      documentType: 'DRIVING_LICENCE',
      requiredPages: ['front', 'back'],
    });
    const secret = 'P<UTOERIKSSON<<ANNA<MARIA';
    const reading = { document: { mrz: { lines: [secret] } }, quality: null };
    const page = (side: 'front' | 'back', withReading: boolean) =>
      store.media.put(
        { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: jpegLike(500) },
        {
          kind: 'PAGE',
          resourceId: doc.id,
          side,
          captureMethod: 'CAMERA',
          feedback: null,
          reading: withReading ? reading : null,
        },
      );
    const front = await page('front', true);
    const back = await page('back', false);
    expect(store.media.pageReading(session.id, front.id)).toEqual(reading);
    expect(store.media.pageReading(session.id, back.id)).toBeNull();
    store.close();
    stores.splice(stores.indexOf(store), 1);

    const dbFile = path.join(dataDir, 'idv.sqlite');
    expect((await readFile(dbFile)).includes(Buffer.from(secret))).toBe(false);
    // Sealed for the front page: moved onto the back page it no longer opens.
    const raw = new Database(dbFile);
    const sealed = raw.get("SELECT reading FROM pages WHERE side = 'front'")?.reading;
    expect(sealed).toBeInstanceOf(Uint8Array);
    raw.run("UPDATE pages SET reading = ? WHERE side = 'back'", [sealed as Uint8Array]);
    raw.close();
    const reopened = await openIdvStore({ dataDir });
    stores.push(reopened);
    expect(codeOf(() => reopened.media.pageReading(session.id, back.id))).toBe('MEDIA_UNREADABLE');
    expect(reopened.media.pageReading(session.id, front.id)).toEqual(reading);
  });

  it.skipIf(process.platform === 'win32')('keeps its files private to the service account', async () => {
    const { store, dataDir } = await openTestStore();
    stores.push(store);
    const { session } = newSession(store);
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content: jpegLike(100),
    });
    const modes = await Promise.all(
      [
        dataDir,
        path.join(dataDir, 'idv.sqlite'),
        path.join(dataDir, 'master.key'),
        path.join(dataDir, 'media'),
        path.join(dataDir, 'media', session.id),
        path.join(dataDir, 'media', session.id, `${m.id}.blob`),
      ].map(async (p) => (await stat(p)).mode & 0o077),
    );
    expect(modes).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses a blob swapped in from another media or session', async () => {
    const { store, dataDir } = await openTestStore();
    stores.push(store);
    const { session: s1 } = newSession(store);
    const { session: s2 } = newSession(store);
    const put = (sessionId: string, seed: number) =>
      store.media.put({
        sessionId,
        purpose: 'PAGE',
        contentType: 'image/jpeg',
        content: jpegLike(5000, seed),
      });
    const a = await put(s1.id, 1);
    const b = await put(s1.id, 2);
    const c = await put(s2.id, 3);
    const file = (sid: string, mid: string) => path.join(dataDir, 'media', sid, `${mid}.blob`);
    await copyFile(file(s1.id, a.id), file(s1.id, b.id));
    await expect(store.media.get(s1.id, b.id)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
    await copyFile(file(s1.id, a.id), file(s2.id, c.id));
    await expect(store.media.get(s2.id, c.id)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
    // The untouched original is still fine.
    expect((await store.media.get(s1.id, a.id))?.content.equals(jpegLike(5000, 1))).toBe(true);
  });

  it('destroys the session key on delete: a kept copy of a blob stays unreadable, the key bytes are gone from the file', async () => {
    const { store, dataDir } = await openTestStore();
    const { session } = newSession(store);
    const content = jpegLike(4096, 5);
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content,
    });
    const blob = await readFile(path.join(dataDir, 'media', session.id, `${m.id}.blob`));
    store.close();

    // Read the wrapped key straight from the file, as an attacker with the disk would.
    const dbFile = path.join(dataDir, 'idv.sqlite');
    const raw = new Database(dbFile, { readOnly: true });
    const wrapped = raw.get('SELECT wrapped FROM session_keys WHERE session_id = ?', [session.id])?.wrapped;
    raw.close();
    expect(wrapped).toBeInstanceOf(Uint8Array);
    const wrappedBytes = Buffer.from(wrapped as Uint8Array);
    expect((await readFile(dbFile)).includes(wrappedBytes)).toBe(true);

    const reopened = await openIdvStore({ dataDir });
    expect(await reopened.sessions.delete(session.id)).toBe(true);
    expect(await reopened.sessions.delete(session.id)).toBe(false);
    expect(await reopened.media.get(session.id, m.id)).toBeNull();
    reopened.close();

    expect(await readdir(path.join(dataDir, 'media'))).toEqual([]);
    // secure_delete: the wrapped key's bytes were overwritten, not just unlinked from the b-tree.
    expect((await readFile(dbFile)).includes(wrappedBytes)).toBe(false);
    expect((await readFile(`${dbFile}-journal`).catch(() => Buffer.alloc(0))).includes(wrappedBytes)).toBe(
      false,
    );

    expect(blob.length).toBeGreaterThan(content.length); // the copy exists, its key does not
  });
});
