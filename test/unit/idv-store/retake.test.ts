// Retakes in the store (issue 8, part 1): a link that `replaces` the media in a slot (page side,
// face image, liveness frame) swaps it in one transaction — the old row with its own wrapped key
// and sealed reading go, its blob file after — and only when that media is still the one there.
// Each media item has its own key, so a kept copy of a retaken blob does not open with the
// session's data key, the only key left.
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdvStoreError, openIdvStore, type IdvStore, type MediaLink } from '../../../idv/store/index';
import { sealMedia, unwrapKey } from '../../../idv/store/mediaVault';
import { jpegLike, newSession, openTestStore, removeTempDirs } from './storeFixtures';

const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');

const stores: IdvStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await removeTempDirs();
});

async function withDocument() {
  const opened = await openTestStore();
  stores.push(opened.store);
  const { store } = opened;
  const { session } = newSession(store);
  const doc = store.resources.createIdDocument({
    sessionId: session.id,
    issuingCountry: 'GBR',
    documentType: 'PASSPORT',
    requiredPages: ['front'],
  });
  const page = (replaces: string | null, reading: Record<string, string> | null = null): MediaLink => ({
    kind: 'PAGE',
    resourceId: doc.id,
    side: 'front',
    captureMethod: 'CAMERA',
    feedback: { acceptable: replaces === null ? false : true, issues: [] },
    reading,
    replaces,
  });
  const put = (content: Buffer, link: MediaLink) =>
    store.media.put({ sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content }, link);
  return { ...opened, session, doc, page, put };
}

async function rejectionOf(p: Promise<unknown>): Promise<IdvStoreError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof IdvStoreError)) throw new Error(`expected an IdvStoreError, got ${String(err)}`);
  return err;
}

describe('store: a retake replaces the media in its slot', () => {
  it('swaps the page: the old row, reading and blob go, the new one is read back', async () => {
    const { store, dataDir, session, doc, page, put } = await withDocument();
    const first = await put(jpegLike(4000, 1), page(null, { mrz: 'first' }));
    expect(store.media.pageReading(session.id, first.id)).toEqual({ mrz: 'first' });
    const retake = await put(jpegLike(4000, 2), page(first.id, { mrz: 'retake' }));

    const resource = store.resources.get(session.id, doc.id);
    expect(resource?.kind === 'ID_DOCUMENT' && resource.pages.map((p) => p.mediaId)).toEqual([retake.id]);
    expect(store.media.describe(session.id, first.id)).toBeNull();
    expect(await store.media.get(session.id, first.id)).toBeNull();
    expect(store.media.pageReading(session.id, first.id)).toBeNull();
    expect(store.media.pageReading(session.id, retake.id)).toEqual({ mrz: 'retake' });
    expect((await store.media.get(session.id, retake.id))?.content.equals(jpegLike(4000, 2))).toBe(true);
    expect(await readdir(path.join(dataDir, 'media', session.id))).toEqual([`${retake.id}.blob`]);
  });

  it('refuses a retake of media that is no longer there, and an upload over a page without naming it', async () => {
    const { store, dataDir, session, page, put } = await withDocument();
    const first = await put(jpegLike(4000, 1), page(null));
    const second = await put(jpegLike(4000, 2), page(first.id));
    // A retake that raced with `second`: it names the page that was there when it started.
    const stale = await rejectionOf(put(jpegLike(4000, 3), page(first.id)));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(new RegExp(`replaces ${first.id}, but ${second.id} is there now`));
    const blind = await rejectionOf(put(jpegLike(4000, 4), page(null)));
    expect(blind.code).toBe('CONFLICT');
    expect(blind.message).toMatch(/already uploaded/);
    // Nothing was lost or left behind.
    expect(store.media.list(session.id).map((m) => m.id)).toEqual([second.id]);
    expect(await readdir(path.join(dataDir, 'media', session.id))).toEqual([`${second.id}.blob`]);
  });

  it('replaces a face capture image and a liveness frame in place', async () => {
    const { store, session } = await withDocument();
    const face = store.resources.createFaceCapture({ sessionId: session.id, requirementId: 'req-1' });
    const putFace = (n: number, replaces: string | null) =>
      store.media.put(
        {
          sessionId: session.id,
          purpose: 'FACE_CAPTURE',
          contentType: 'image/jpeg',
          content: jpegLike(500, n),
        },
        { kind: 'FACE_CAPTURE_IMAGE', resourceId: face.id, replaces },
      );
    const one = await putFace(1, null);
    const two = await putFace(2, one.id);
    const faceNow = store.resources.get(session.id, face.id);
    expect(faceNow?.kind === 'FACE_CAPTURE' && faceNow.image?.mediaId).toBe(two.id);
    expect(store.media.describe(session.id, one.id)).toBeNull();

    const live = store.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
    const putFrame = (n: number, replaces: string | null) =>
      store.media.put(
        {
          sessionId: session.id,
          purpose: 'LIVENESS_FRAME',
          contentType: 'image/jpeg',
          content: jpegLike(500, n),
        },
        { kind: 'LIVENESS_FRAME', resourceId: live.id, replaces },
      );
    const f0 = await putFrame(10, null);
    const f1 = await putFrame(11, null);
    const f0b = await putFrame(12, f0.id);
    const frames = store.resources.get(session.id, live.id);
    expect(frames?.kind === 'LIVENESS' && frames.frames.map((f) => f.mediaId)).toEqual([f0b.id, f1.id]);
    expect(store.media.describe(session.id, f0.id)).toBeNull();
    expect((await rejectionOf(putFrame(13, f0.id))).code).toBe('CONFLICT');
  });

  it('destroys the retaken media’s own key: a kept copy of its blob does not open with the session key', async () => {
    const { store, dataDir, session, page, put } = await withDocument();
    const first = await put(jpegLike(4000, 1), page(null));
    const kept = path.join(dataDir, 'kept.blob');
    await copyFile(path.join(dataDir, 'media', session.id, `${first.id}.blob`), kept);
    await put(jpegLike(4000, 2), page(first.id));
    store.close();
    stores.splice(0);

    // Put the blob and a row for it back, as someone restoring from a backup of the files would;
    // the per-media wrapped key went with the row, so only the session's data key is there.
    const raw = new Database(path.join(dataDir, 'idv.sqlite'));
    raw.run(
      `INSERT INTO media (id, session_id, resource_id, purpose, content_type, size, created_at)
       VALUES (?, ?, NULL, 'PAGE', 'image/jpeg', 4000, 0)`,
      [first.id, session.id],
    );
    raw.close();
    await copyFile(kept, path.join(dataDir, 'media', session.id, `${first.id}.blob`));
    const reopened = await openIdvStore({ dataDir });
    stores.push(reopened);
    const err = await rejectionOf(reopened.media.get(session.id, first.id));
    expect(err.code).toBe('MEDIA_UNREADABLE');
    expect(err.message).toMatch(/failed authentication/);
  });
});

describe('store: media from before per-item keys', () => {
  it('still opens a blob sealed under the session key itself (no wrapped key in its row)', async () => {
    const masterKey = randomBytes(32);
    const { store, dataDir } = await openTestStore({ masterKey });
    const { session } = newSession(store);
    store.close();
    const raw = new Database(path.join(dataDir, 'idv.sqlite'));
    const wrapped = raw.get('SELECT wrapped FROM session_keys WHERE session_id = ?', [session.id])!.wrapped;
    const dataKey = unwrapKey(masterKey, session.id, wrapped as Uint8Array);
    const id = randomUUID();
    const content = jpegLike(3000, 9);
    const sealed = sealMedia(dataKey, session.id, id, content);
    raw.run(
      `INSERT INTO media (id, session_id, resource_id, purpose, content_type, size, created_at)
       VALUES (?, ?, NULL, 'PAGE', 'image/jpeg', ?, 0)`,
      [id, session.id, content.length],
    );
    raw.close();
    const dir = path.join(dataDir, 'media', session.id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${id}.blob`), Buffer.concat([sealed.header, sealed.ciphertext]));
    const reopened = await openIdvStore({ dataDir, masterKey });
    stores.push(reopened);
    expect((await reopened.media.get(session.id, id))?.content.equals(content)).toBe(true);
  });
});

describe('store: attempts used per ID document', () => {
  it('counts each category and keeps them with the resource', async () => {
    const { store, session, doc } = await withDocument();
    expect(store.resources.get(session.id, doc.id)).toMatchObject({ attemptsUsed: {} });
    store.resources.useAttempt(session.id, doc.id, 'GENERIC');
    const after = store.resources.useAttempt(session.id, doc.id, 'GENERIC');
    expect(after.attemptsUsed).toEqual({ GENERIC: 2 });
    expect(store.resources.useAttempt(session.id, doc.id, 'RECLASSIFICATION').attemptsUsed).toEqual({
      GENERIC: 2,
      RECLASSIFICATION: 1,
    });
    expect(() => store.resources.useAttempt(session.id, doc.id, 'not a category')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    store.sessions.markSubmitted(session.id);
    expect(() => store.resources.useAttempt(session.id, doc.id, 'GENERIC')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});
