import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdvStoreError, openIdvStore, type IdvStore } from '../../../idv/store/index';
import { SCHEMA_VERSION } from '../../../idv/store/sqliteFile';
import {
  fakeClock,
  jpegLike,
  newSession,
  openTestStore,
  publicKeyPem,
  removeTempDirs,
  sessionInput,
} from './storeFixtures';

const open: IdvStore[] = [];
async function track(p: Promise<{ store: IdvStore; dataDir: string }>) {
  const r = await p;
  open.push(r.store);
  return r;
}
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await removeTempDirs();
});

function storeError(fn: () => unknown): IdvStoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IdvStoreError) return err;
    throw err;
  }
  throw new Error('expected an IdvStoreError');
}

async function storeErrorAsync(p: Promise<unknown>): Promise<IdvStoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof IdvStoreError) return err;
    throw err;
  }
  throw new Error('expected an IdvStoreError');
}

describe('apps', () => {
  it('registers, gets and lists apps with a normalised RSA public key', async () => {
    const { store } = await track(openTestStore());
    const app = store.apps.register({ name: '  Bank counter ', publicKeyPem });
    expect(app.sdkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.name).toBe('Bank counter');
    expect(app.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(store.apps.get(app.sdkId)).toEqual(app);
    expect(store.apps.get('nope')).toBeNull();
    const second = store.apps.register({ name: 'Venue', publicKeyPem });
    expect(store.apps.list().map((a) => a.sdkId)).toEqual([app.sdkId, second.sdkId]);
  });

  it('refuses a key that is not an RSA public key and an empty name', async () => {
    const { store } = await track(openTestStore());
    expect(storeError(() => store.apps.register({ name: 'x', publicKeyPem: 'not a key' })).code).toBe(
      'INVALID_INPUT',
    );
    expect(storeError(() => store.apps.register({ name: ' ', publicKeyPem })).code).toBe('INVALID_INPUT');
    expect(store.apps.list()).toEqual([]);
  });

  it('keeps an app response-config and sees apps registered by another opener of the same dir', async () => {
    const { store, dataDir } = await track(openTestStore());
    const app = store.apps.register({ name: 'A', publicKeyPem });
    store.apps.setResponseConfig(app.sdkId, { check_reports: { async_report_delay: 0 } });
    expect(store.apps.getResponseConfig(app.sdkId)).toEqual({ check_reports: { async_report_delay: 0 } });
    store.apps.setResponseConfig(app.sdkId, null);
    expect(store.apps.getResponseConfig(app.sdkId)).toBeNull();
    expect(storeError(() => store.apps.setResponseConfig('missing', {})).code).toBe('NOT_FOUND');

    // The CLI registers an app while the server has the store open: usable at once.
    const cli = await openIdvStore({ dataDir });
    const created = cli.apps.register({ name: 'From CLI', publicKeyPem });
    cli.close();
    expect(store.apps.get(created.sdkId)?.name).toBe('From CLI');
  });
});

describe('nonces', () => {
  it('rejects a replay until the nonce expires, and remembers across a restart', async () => {
    const clock = fakeClock();
    const { store, dataDir } = await track(openTestStore({ now: clock.now }));
    expect(store.nonces.remember('app', 'n1', clock.now() + 60_000)).toBe(true);
    expect(store.nonces.remember('app', 'n1', clock.now() + 60_000)).toBe(false);
    expect(store.nonces.remember('other-app', 'n1', clock.now() + 60_000)).toBe(true);
    store.close();

    const reopened = await openIdvStore({ dataDir, now: clock.now });
    open.push(reopened);
    expect(reopened.nonces.remember('app', 'n1', clock.now() + 60_000)).toBe(false);
    clock.advance(60_001);
    expect(reopened.nonces.remember('app', 'n1', clock.now() + 60_000)).toBe(true);
    expect(reopened.nonces.remember('app', 'n1', clock.now() + 60_000)).toBe(false);
    expect(storeError(() => reopened.nonces.remember('app', '', 1)).code).toBe('INVALID_INPUT');
  });
});

describe('sessions', () => {
  it('creates a session, returns the token once and stores only its SHA-256', async () => {
    const clock = fakeClock();
    const { store, dataDir } = await track(openTestStore({ now: clock.now }));
    const notifications = {
      endpoint: 'https://rp.example/hook',
      topics: ['SESSION_COMPLETION'],
      authToken: 'user:pass',
      authType: 'BASIC' as const,
    };
    const { app, session, clientSessionToken } = newSession(store, { notifications });
    expect(clientSessionToken.length).toBeGreaterThanOrEqual(40);
    expect(session).toMatchObject({
      sdkId: app.sdkId,
      state: 'ONGOING',
      submitted: false,
      clientSessionTokenTtl: 600,
      resourcesTtl: 87_000,
      userTrackingId: 'user-1',
      notifications,
      clientSessionTokenExpiresAt: clock.now() + 600_000,
      resourcesExpireAt: clock.now() + 87_000_000,
      results: null,
    });
    expect(session.specification).toEqual(sessionInput(app.sdkId).specification);
    const hash = createHash('sha256').update(clientSessionToken).digest('hex');
    expect(session.clientSessionTokenHash).toBe(hash);
    expect(store.sessions.findByClientToken(clientSessionToken)?.id).toBe(session.id);
    expect(store.sessions.findByTokenHash(hash)?.id).toBe(session.id);
    expect(store.sessions.findByClientToken(clientSessionToken + 'x')).toBeNull();
    store.close();
    const file = await readFile(path.join(dataDir, 'idv.sqlite'));
    expect(file.includes(Buffer.from(clientSessionToken))).toBe(false);
    expect(file.includes(Buffer.from(hash))).toBe(true);
  });

  it('scopes sessions to their app and validates TTLs and the app', async () => {
    const { store } = await track(openTestStore());
    const { app, session } = newSession(store);
    const other = store.apps.register({ name: 'Other', publicKeyPem });
    expect(store.sessions.getForApp(app.sdkId, session.id)?.id).toBe(session.id);
    expect(store.sessions.getForApp(other.sdkId, session.id)).toBeNull();
    expect(store.sessions.listForApp(other.sdkId)).toEqual([]);
    expect(store.sessions.listForApp(app.sdkId).map((s) => s.id)).toEqual([session.id]);
    expect(storeError(() => store.sessions.create(sessionInput('no-such-app'))).code).toBe('NOT_FOUND');
    expect(
      storeError(() => store.sessions.create(sessionInput(app.sdkId, { clientSessionTokenTtl: 0 }))).code,
    ).toBe('INVALID_INPUT');
    expect(storeError(() => store.sessions.create(sessionInput(app.sdkId, { resourcesTtl: 1.5 }))).code).toBe(
      'INVALID_INPUT',
    );
    const bad = { endpoint: 'ftp://x', topics: [], authToken: null, authType: null };
    expect(
      storeError(() => store.sessions.create(sessionInput(app.sdkId, { notifications: bad }))).code,
    ).toBe('INVALID_INPUT');
    expect(store.sessions.listForApp(app.sdkId)).toHaveLength(1);
  });

  it('submits once, stores results with the state, and keeps sandbox config per session', async () => {
    const clock = fakeClock();
    const { store } = await track(openTestStore({ now: clock.now }));
    const { session } = newSession(store);
    clock.advance(1000);
    const submitted = store.sessions.markSubmitted(session.id);
    expect(submitted.submitted).toBe(true);
    expect(submitted.submittedAt).toBe(clock.now());
    expect(storeError(() => store.sessions.markSubmitted(session.id)).code).toBe('CONFLICT');
    expect(storeError(() => store.sessions.markSubmitted('missing')).code).toBe('NOT_FOUND');

    const results = { checks: [{ type: 'LIVENESS', state: 'DONE' }], tasks: [] };
    const done = store.sessions.saveResults(session.id, results, 'COMPLETED');
    expect(done.state).toBe('COMPLETED');
    expect(done.results).toEqual(results);
    expect(done.completedAt).toBe(clock.now());

    store.sessions.setResponseConfig(session.id, { check_reports: {} });
    expect(store.sessions.get(session.id)?.responseConfig).toEqual({ check_reports: {} });
    expect(storeError(() => store.sessions.setResponseConfig('missing', null)).code).toBe('NOT_FOUND');
  });

  it('reports token expiry by the clock', async () => {
    const clock = fakeClock();
    const { store } = await track(openTestStore({ now: clock.now }));
    const { session } = newSession(store);
    expect(store.sessions.isTokenExpired(session)).toBe(false);
    clock.advance(600_000);
    expect(store.sessions.isTokenExpired(session)).toBe(true);
  });
});

describe('resources and media', () => {
  it('stores pages with capture method and feedback, returning the same bytes', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    const doc = store.resources.createIdDocument({
      sessionId: session.id,
      issuingCountry: 'GBR',
      documentType: 'DRIVING_LICENCE',
      requiredPages: ['front', 'back'],
    });
    const back = jpegLike(300_000, 2);
    const front = jpegLike(400_000, 1);
    const backMedia = await store.media.put(
      { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: back },
      { kind: 'PAGE', resourceId: doc.id, side: 'back', captureMethod: 'SCANNER', feedback: { blur: 0.1 } },
    );
    const frontMedia = await store.media.put(
      { sessionId: session.id, purpose: 'PAGE', contentType: 'IMAGE/JPEG', content: front },
      { kind: 'PAGE', resourceId: doc.id, side: 'front', captureMethod: 'CAMERA', feedback: null },
    );
    const loaded = store.resources.get(session.id, doc.id);
    if (loaded?.kind !== 'ID_DOCUMENT') throw new Error(`expected the ID document, got ${loaded?.kind}`);
    expect(loaded.pages.map((p) => [p.side, p.mediaId, p.captureMethod, p.contentType])).toEqual([
      ['front', frontMedia.id, 'CAMERA', 'image/jpeg'],
      ['back', backMedia.id, 'SCANNER', 'image/jpeg'],
    ]);
    expect(loaded.pages.map((p) => p.feedback)).toEqual([null, { blur: 0.1 }]);

    const got = await store.media.get(session.id, frontMedia.id);
    expect(got?.content.equals(front)).toBe(true);
    expect(got?.record).toMatchObject({ size: front.length, purpose: 'PAGE', resourceId: doc.id });
    // Another session cannot reach the media by id.
    const { session: other } = newSession(store);
    expect(await store.media.get(other.id, frontMedia.id)).toBeNull();
  });

  it('refuses a page the document does not have, a duplicate page and an upload after submit, leaving nothing behind', async () => {
    const { store, dataDir } = await track(openTestStore());
    const { session } = newSession(store);
    const doc = store.resources.createIdDocument({
      sessionId: session.id,
      issuingCountry: 'GBR',
      documentType: 'PASSPORT',
      requiredPages: ['front'],
    });
    const put = (side: 'front' | 'back') =>
      store.media.put(
        { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: jpegLike(1000) },
        { kind: 'PAGE', resourceId: doc.id, side, captureMethod: 'CAMERA', feedback: null },
      );
    expect((await storeErrorAsync(put('back'))).code).toBe('INVALID_INPUT');
    const first = await put('front');
    expect((await storeErrorAsync(put('front'))).code).toBe('CONFLICT');
    store.sessions.markSubmitted(session.id);
    const liveness = storeError(() =>
      store.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' }),
    );
    expect(liveness.code).toBe('CONFLICT');
    expect(store.media.list(session.id).map((m) => m.id)).toEqual([first.id]);
    const files = await readdir(path.join(dataDir, 'media', session.id));
    expect(files).toEqual([`${first.id}.blob`]);
  });

  it('rolls back the media row when the linked transaction step throws, and removes its blob', async () => {
    const { store, dataDir } = await track(openTestStore());
    const { session } = newSession(store);
    const live = store.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
    await expect(
      store.media.put(
        {
          sessionId: session.id,
          purpose: 'LIVENESS_FRAME',
          contentType: 'image/jpeg',
          content: jpegLike(5000),
        },
        { kind: 'LIVENESS_FRAME', resourceId: live.id },
        (tx, media) => {
          tx.devices.record(session.id, 'RESOURCE_CREATED', { os_name: 'Linux' });
          throw new Error(`refuse ${media.id}`);
        },
      ),
    ).rejects.toThrow(/refuse/);
    expect(store.media.list(session.id)).toEqual([]);
    expect(store.devices.list(session.id)).toEqual([]);
    expect((store.resources.get(session.id, live.id) as { frames: unknown[] }).frames).toEqual([]);
    expect(await readdir(path.join(dataDir, 'media', session.id))).toEqual([]);
  });

  it('keeps liveness frames in order, one face image, and MRZ lines', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    const live = store.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
    const f1 = await store.media.put(
      {
        sessionId: session.id,
        purpose: 'LIVENESS_FRAME',
        contentType: 'image/jpeg',
        content: jpegLike(100, 1),
      },
      { kind: 'LIVENESS_FRAME', resourceId: live.id },
    );
    const f2 = await store.media.put(
      {
        sessionId: session.id,
        purpose: 'LIVENESS_FRAME',
        contentType: 'image/png',
        content: jpegLike(100, 2),
      },
      { kind: 'LIVENESS_FRAME', resourceId: live.id },
    );
    const face = store.resources.createFaceCapture({ sessionId: session.id, requirementId: 'req-1' });
    const img = await store.media.put(
      {
        sessionId: session.id,
        purpose: 'FACE_CAPTURE',
        contentType: 'image/jpeg',
        content: jpegLike(100, 3),
      },
      { kind: 'FACE_CAPTURE_IMAGE', resourceId: face.id },
    );
    const again = store.media.put(
      {
        sessionId: session.id,
        purpose: 'FACE_CAPTURE',
        contentType: 'image/jpeg',
        content: jpegLike(100, 4),
      },
      { kind: 'FACE_CAPTURE_IMAGE', resourceId: face.id },
    );
    expect((await storeErrorAsync(again)).code).toBe('CONFLICT');
    // A frame linked to the wrong kind of resource.
    const wrong = store.media.put(
      { sessionId: session.id, purpose: 'LIVENESS_FRAME', contentType: 'image/jpeg', content: jpegLike(10) },
      { kind: 'LIVENESS_FRAME', resourceId: face.id },
    );
    expect((await storeErrorAsync(wrong)).code).toBe('CONFLICT');

    const doc = store.resources.createIdDocument({
      sessionId: session.id,
      issuingCountry: 'UTO',
      documentType: 'PASSPORT',
      requiredPages: ['front'],
    });
    const mrz = [
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ];
    store.resources.setMrz(session.id, doc.id, mrz);
    expect(storeError(() => store.resources.setMrz(session.id, doc.id, ['x'.repeat(45)])).code).toBe(
      'INVALID_INPUT',
    );
    expect(storeError(() => store.resources.setMrz(session.id, live.id, mrz)).code).toBe('CONFLICT');

    const all = store.resources.list(session.id);
    expect(all.map((r) => r.kind)).toEqual(['LIVENESS', 'FACE_CAPTURE', 'ID_DOCUMENT']);
    const [l, fc, d] = all;
    expect(l.kind === 'LIVENESS' && l.frames.map((f) => [f.mediaId, f.contentType])).toEqual([
      [f1.id, 'image/jpeg'],
      [f2.id, 'image/png'],
    ]);
    expect(fc.kind === 'FACE_CAPTURE' && [fc.requirementId, fc.image?.mediaId]).toEqual(['req-1', img.id]);
    expect(d.kind === 'ID_DOCUMENT' && d.mrz?.lines).toEqual(mrz);
  });

  it('validates resource input', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    const base = { sessionId: session.id, issuingCountry: 'GBR', documentType: 'PASSPORT' as const };
    expect(
      storeError(() =>
        store.resources.createIdDocument({ ...base, issuingCountry: 'gb', requiredPages: ['front'] }),
      ).code,
    ).toBe('INVALID_INPUT');
    expect(storeError(() => store.resources.createIdDocument({ ...base, requiredPages: [] })).code).toBe(
      'INVALID_INPUT',
    );
    expect(
      storeError(() =>
        store.resources.createIdDocument({
          ...base,
          documentType: 'LIBRARY_CARD' as 'PASSPORT',
          requiredPages: ['front'],
        }),
      ).code,
    ).toBe('INVALID_INPUT');
    expect(
      storeError(() =>
        store.resources.createIdDocument({ ...base, sessionId: 'missing', requiredPages: ['front'] }),
      ).code,
    ).toBe('NOT_FOUND');
    expect(store.resources.list(session.id)).toEqual([]);
  });

  it('stores pipeline media and deletes content while the id stays known', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    store.sessions.markSubmitted(session.id); // pipeline media is written after submit
    const fields = Buffer.from(JSON.stringify({ full_name: 'ANNA MARIA ERIKSSON' }));
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'DOCUMENT_FIELDS',
      contentType: 'application/json',
      content: fields,
    });
    expect((await store.media.get(session.id, m.id))?.content.toString()).toBe(fields.toString());
    expect(await store.media.deleteContent(session.id, m.id)).toBe(true);
    expect(await store.media.deleteContent(session.id, m.id)).toBe(false);
    expect(await store.media.get(session.id, m.id)).toBeNull();
    expect(store.media.describe(session.id, m.id)?.contentDeletedAt).not.toBeNull();
    const empty = store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content: Buffer.alloc(0),
    });
    expect((await storeErrorAsync(empty)).code).toBe('INVALID_INPUT');
    const badType = store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'jpeg',
      content: fields,
    });
    expect((await storeErrorAsync(badType)).code).toBe('INVALID_INPUT');
  });
});

describe('devices, idempotency and transactions', () => {
  it('records, lists and deletes tracked device events with known fields only', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    store.devices.record(session.id, 'CONFIG_FIRST_LOADED', {
      os_name: 'Linux',
      browser_name: 'Chromium',
      ...({ injected: '<script>' } as object),
    });
    store.devices.record(session.id, 'RESOURCE_CREATED', { locale: 'en-GB' });
    const events = store.devices.list(session.id);
    expect(events.map((e) => e.event)).toEqual(['CONFIG_FIRST_LOADED', 'RESOURCE_CREATED']);
    expect(events[0].device).toEqual({ os_name: 'Linux', browser_name: 'Chromium' });
    expect(store.devices.deleteAll(session.id)).toBe(2);
    expect(store.devices.list(session.id)).toEqual([]);
    expect(storeError(() => store.devices.record('missing', 'X', {})).code).toBe('NOT_FOUND');
  });

  it('recalls the first response for an idempotency key', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    expect(store.idempotency.recall(session.id, 'k1')).toBeNull();
    store.idempotency.remember(session.id, 'k1', { media_id: 'm1' });
    expect(store.idempotency.recall(session.id, 'k1')).toEqual({
      response: { media_id: 'm1' },
      requestHash: null,
    });
    store.idempotency.remember(session.id, 'k2', { media_id: 'm3' }, 'hash-of-k2');
    expect(store.idempotency.recall(session.id, 'k2')).toEqual({
      response: { media_id: 'm3' },
      requestHash: 'hash-of-k2',
    });
    expect(storeError(() => store.idempotency.remember(session.id, 'k1', { media_id: 'm2' })).code).toBe(
      'CONFLICT',
    );
    expect(store.idempotency.recall(session.id, 'k1')?.response).toEqual({ media_id: 'm1' });
  });

  it('makes multi-step writes all-or-nothing, with nested steps rolled back on their own', async () => {
    const { store } = await track(openTestStore());
    const { session } = newSession(store);
    expect(() =>
      store.transaction((tx) => {
        tx.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
        tx.devices.record(session.id, 'RESOURCE_CREATED', {});
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.resources.list(session.id)).toEqual([]);
    expect(store.devices.list(session.id)).toEqual([]);

    const kept = store.transaction((tx) => {
      const r = tx.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
      expect(() =>
        store.transaction((inner) => {
          inner.devices.record(session.id, 'INNER', {});
          throw new Error('inner');
        }),
      ).toThrow('inner');
      return r;
    });
    expect(store.resources.list(session.id).map((r) => r.id)).toEqual([kept.id]);
    expect(store.devices.list(session.id)).toEqual([]);
    expect(() => store.transaction(async () => undefined)).toThrow(/synchronous/);
  });
});

describe('expiry and deletion', () => {
  it('expires tokens, then deletes sessions past resources_ttl with their media and nonces', async () => {
    const clock = fakeClock();
    const { store, dataDir } = await track(openTestStore({ now: clock.now }));
    const { session } = newSession(store, { clientSessionTokenTtl: 60, resourcesTtl: 3600 });
    const { session: submitted } = newSession(store, { clientSessionTokenTtl: 60, resourcesTtl: 7200 });
    store.sessions.markSubmitted(submitted.id);
    const m = await store.media.put({
      sessionId: session.id,
      purpose: 'LIVENESS_FRAME',
      contentType: 'image/jpeg',
      content: jpegLike(2000),
    });
    store.nonces.remember('app', 'n', clock.now() + 30_000);

    expect(await store.sweepExpired()).toEqual({ sessionsExpired: 0, sessionsDeleted: 0, noncesDeleted: 0 });
    clock.advance(60_000);
    expect(await store.sweepExpired()).toEqual({ sessionsExpired: 1, sessionsDeleted: 0, noncesDeleted: 1 });
    expect(store.sessions.get(session.id)?.state).toBe('EXPIRED');
    expect(store.sessions.get(submitted.id)?.state).toBe('ONGOING'); // its checks may still be running
    expect((await store.media.get(session.id, m.id))?.content.length).toBe(2000);

    clock.advance(3600_000);
    expect(await store.sweepExpired()).toEqual({ sessionsExpired: 0, sessionsDeleted: 1, noncesDeleted: 0 });
    expect(store.sessions.get(session.id)).toBeNull();
    expect(await store.media.get(session.id, m.id)).toBeNull();
    expect(await readdir(path.join(dataDir, 'media'))).toEqual([]);
    expect(store.sessions.get(submitted.id)).not.toBeNull();
  });

  it('a session deleted while its upload is being written ends that upload with NOT_FOUND and leaves no file', async () => {
    const { store, dataDir } = await track(openTestStore());
    const { session } = newSession(store);
    store.idempotency.remember(session.id, 'key-1', { ok: true });
    const upload = store.media.put({
      sessionId: session.id,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content: jpegLike(100_000),
    });
    const deletion = store.sessions.delete(session.id); // runs while the blob is being written
    await expect(upload).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await deletion).toBe(true);
    const left = await readdir(path.join(dataDir, 'media', session.id)).catch(() => []);
    expect(left).toEqual([]);
    expect(store.media.list(session.id)).toEqual([]);
    expect(store.idempotency.recall(session.id, 'key-1')).toBeNull();
  });
});

describe('schema upgrade', () => {
  it('opens a version 1 store (no page readings, keys per media, attempts or request hashes) as the current version, keeping its pages', async () => {
    const { store, dataDir } = await openTestStore();
    const { session } = newSession(store);
    const doc = store.resources.createIdDocument({
      sessionId: session.id,
      issuingCountry: 'GBR',
      documentType: 'DRIVING_LICENCE',
      requiredPages: ['front', 'back'],
    });
    const link = { kind: 'PAGE', resourceId: doc.id, captureMethod: 'CAMERA', feedback: null } as const;
    const front = await store.media.put(
      { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: jpegLike(100) },
      { ...link, side: 'front' },
    );
    store.close();

    // Make it a store as version 1 wrote it: no reading column, user_version 1.
    const { Database } = createRequire(import.meta.url)(
      'node-sqlite3-wasm',
    ) as typeof import('node-sqlite3-wasm');
    const file = path.join(dataDir, 'idv.sqlite');
    const raw = new Database(file);
    raw.exec(
      `ALTER TABLE pages DROP COLUMN reading; ALTER TABLE media DROP COLUMN wrapped_key;
       ALTER TABLE resources DROP COLUMN attempts_used; ALTER TABLE idempotency_keys DROP COLUMN request_hash;
       PRAGMA user_version = 1;`,
    );
    raw.close();

    const reopened = await openIdvStore({ dataDir });
    open.push(reopened);
    expect(reopened.media.pageReading(session.id, front.id)).toBeNull();
    const back = await reopened.media.put(
      { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: jpegLike(100, 2) },
      { ...link, side: 'back', reading: { quality: null } },
    );
    expect(reopened.media.pageReading(session.id, back.id)).toEqual({ quality: null });
    const pages = reopened.resources.get(session.id, doc.id);
    if (pages?.kind !== 'ID_DOCUMENT') throw new Error(`expected the ID document, got ${pages?.kind}`);
    expect(pages.pages.map((p) => p.mediaId)).toEqual([front.id, back.id]);
    const check = new Database(file, { readOnly: true });
    const version = check.get('PRAGMA user_version')?.user_version;
    check.close();
    expect(version).toBe(SCHEMA_VERSION);
  });
});
