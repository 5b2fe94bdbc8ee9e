import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { newEnvelopeKey } from '../../../platform/aesGcmEnvelope';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { createOutboxExecutor } from '../../../electron/services/kioskService';
import { RejectedByServiceError } from '../../../electron/services/serviceErrors';
import type { SessionBroker } from '../../../electron/services/sessionBroker';
import {
  openUploadOutbox,
  type NewOutboxItem,
  type OutboxExecutor,
  type UploadOutbox,
} from '../../../electron/services/uploadOutbox';
import { startRecordingClientApi, type RecordingClientApi } from './support/recordingClientApi';
import { sessionResult } from './support/sessionResult';

const TOKEN = 'cst-SECRET-token-0123456789abcdef';
const SESSION = 'sess-7d1f0e2a-secret-id';
const IMAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('PAGE-IMAGE-BYTES-'.repeat(50))]);

function pageItem(
  side: 'front' | 'back' = 'front',
  group = SESSION,
  image: Uint8Array = IMAGE,
): NewOutboxItem {
  return {
    group,
    sessionId: SESSION,
    clientSessionToken: TOKEN,
    expiresAt: Date.now() + 600_000,
    payload: {
      kind: 'page',
      resourceId: 'res-1',
      side,
      mime: 'image/jpeg',
      captureMethod: 'CAMERA',
      image,
    },
  };
}

function faceItem(): NewOutboxItem {
  return {
    ...pageItem(),
    payload: { kind: 'face', mime: 'image/jpeg', image: IMAGE, livenessResourceId: null },
  };
}

/** The broker side of the executor: what the service says about the session, and what was asked. */
interface FakeBroker extends Pick<SessionBroker, 'getSession' | 'deleteSession'> {
  calls: string[];
  /** Static liveness resources the session has (id, and whether a frame is on it already). */
  liveness: Array<{ id: string; hasImage: boolean }>;
}

function fakeBroker(): FakeBroker {
  const b: FakeBroker = {
    calls: [],
    liveness: [],
    async getSession(sessionId) {
      b.calls.push(`getSession ${sessionId}`);
      return sessionResult({
        session_id: sessionId,
        state: 'ONGOING',
        resources: {
          liveness_capture: b.liveness.map((l) => ({
            id: l.id,
            liveness_type: 'STATIC',
            ...(l.hasImage ? { image: { media: { id: `media-${l.id}`, type: 'IMAGE' } } } : {}),
          })),
        },
      });
    },
    async deleteSession(sessionId) {
      b.calls.push(`deleteSession ${sessionId}`);
    },
  };
  return b;
}

describe('uploadOutbox', () => {
  let dir: string;
  let api: RecordingClientApi;
  let outbox: UploadOutbox | null;
  let broker: FakeBroker;
  const key = newEnvelopeKey();
  const executorFor = (service: RecordingClientApi): OutboxExecutor =>
    createOutboxExecutor({
      clientApi: createClientSessionApi({ apiBaseUrl: service.apiBaseUrl, timeoutMs: 2000 }),
      broker,
    });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    api = await startRecordingClientApi();
    broker = fakeBroker();
    outbox = null;
  });
  afterEach(async () => {
    await outbox?.close();
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends an item, reports it sent, and leaves no file behind', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    const q = await outbox.enqueue(pageItem());
    const first = await q.firstAttempt;
    expect(first.status).toBe('sent');
    expect(await q.settled).toMatchObject({ status: 'sent' });
    expect(api.applied).toHaveLength(1);
    expect(api.applied[0]).toMatchObject({
      method: 'PUT',
      path: '/resources/id-documents/res-1/pages/front/media',
      key: q.id,
      auth: `Bearer ${TOKEN}`,
    });
    expect(api.applied[0].bytes).toBe(IMAGE.length);
    expect((await readdir(dir)).filter((f) => f.endsWith('.item'))).toEqual([]);
  });

  it('keeps the item sealed on disk: no token, session id or image bytes in clear', async () => {
    await api.stop(); // service down, so the item stays on disk
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const q = await outbox.enqueue(pageItem());
    expect((await q.firstAttempt).status).toBe('queued');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.item'));
    expect(files).toEqual([`${q.id}.item`]);
    const raw = await readFile(path.join(dir, files[0]));
    for (const secret of [TOKEN, SESSION, 'PAGE-IMAGE-BYTES', IMAGE.toString('base64').slice(0, 40)]) {
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
    expect(raw.length).toBeGreaterThan(IMAGE.length); // the image really is in there, sealed
  });

  it('stores a page’s image as its raw bytes (no base64): the file is the image plus a small header', async () => {
    await api.stop();
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const big = Buffer.alloc(300_000, 0xa5);
    const q = await outbox.enqueue(pageItem('front', SESSION, big));
    const size = (await readFile(path.join(dir, `${q.id}.item`))).length;
    expect(size - big.length).toBeGreaterThan(0);
    expect(size - big.length).toBeLessThan(1024); // base64 would add 100 000 bytes
  });

  it('queues while the service is down and delivers exactly once after it is back', async () => {
    await api.stop();
    const progress: Array<{ pending: number; sent: number; lastError: string | null }> = [];
    outbox = await openUploadOutbox({
      dir,
      key,
      execute: executorFor(api),
      baseDelayMs: 50,
      maxDelayMs: 100,
      onProgress: (p) => progress.push(p),
    });
    const a = await outbox.enqueue(pageItem('front'));
    const b = await outbox.enqueue(pageItem('back'));
    expect((await a.firstAttempt).status).toBe('queued');
    expect((await b.firstAttempt).status).toBe('queued');
    expect(progress.some((p) => p.lastError && /could not connect/.test(p.lastError))).toBe(true);
    await api.start();
    await expect(a.settled).resolves.toMatchObject({ status: 'sent' });
    await expect(b.settled).resolves.toMatchObject({ status: 'sent' });
    expect(api.applied.map((w) => w.path)).toEqual([
      '/resources/id-documents/res-1/pages/front/media',
      '/resources/id-documents/res-1/pages/back/media',
    ]);
    expect(progress.at(-1)).toMatchObject({ pending: 0, sent: 2, lastError: null });
  });

  it('retries 5xx with backoff, gives up at once on a 4xx and deletes that item', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 20, maxDelayMs: 40 });
    api.failNext(2, 503);
    const a = await outbox.enqueue(pageItem('front'));
    expect((await a.firstAttempt).status).toBe('queued');
    await expect(a.settled).resolves.toMatchObject({ status: 'sent' });
    expect(api.received.filter((r) => r.key === a.id)).toHaveLength(3);

    api.failNext(1, 400, 'UNSUPPORTED_PAGE');
    const b = await outbox.enqueue(pageItem('back'));
    const first = await b.firstAttempt;
    expect(first.status).toBe('failed');
    if (first.status === 'failed') {
      expect(first.error.message).toBe('The verification service refused the request (UNSUPPORTED_PAGE).');
      expect((first.error as RejectedByServiceError).serviceMessage).toBe('test says 400');
    }
    expect((await readdir(dir)).filter((f) => f.endsWith('.item'))).toEqual([]);
  });

  it('sends a group first-in-first-out: a submit never overtakes its pages', async () => {
    await api.stop();
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 30, maxDelayMs: 60 });
    await outbox.enqueue(pageItem('front'));
    const submit = await outbox.enqueue({ ...pageItem(), payload: { kind: 'submit' } });
    const back = await outbox.enqueue(pageItem('back'));
    expect((await submit.firstAttempt).status).toBe('queued');
    await api.start();
    await back.settled;
    expect(api.applied.map((w) => w.path)).toEqual([
      '/resources/id-documents/res-1/pages/front/media',
      '/submit',
      '/resources/id-documents/res-1/pages/back/media',
    ]);
  });

  it('treats 409 ALREADY_UPLOADED as success (the resend after a crash)', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    const q = await outbox.enqueue(pageItem());
    await q.settled;
    // Replay the same key directly, as a restarted kiosk would.
    const client = createClientSessionApi({ apiBaseUrl: api.apiBaseUrl });
    const again = await client.uploadPage(
      { sessionId: SESSION, clientSessionToken: TOKEN },
      { resourceId: 'res-1', side: 'front', image: IMAGE, mime: 'image/jpeg', captureMethod: 'CAMERA' },
      q.id,
    );
    expect(again.duplicate).toBe(true);
    expect(api.applied).toHaveLength(1);
  });

  it('resumes after a restart with the same key: nothing lost, nothing sent twice', async () => {
    await api.stop();
    const first = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const ids = [];
    for (const side of ['front', 'back'] as const) ids.push((await first.enqueue(pageItem(side))).id);
    await first.close();
    await api.start();
    const settled: string[] = [];
    outbox = await openUploadOutbox({
      dir,
      key,
      execute: executorFor(api),
      onSettled: (item, o) => settled.push(`${item.id}:${o.status}`),
    });
    await outbox.idle();
    expect(settled).toEqual(ids.map((id) => `${id}:sent`));
    expect(api.applied.map((w) => w.key)).toEqual(ids);
    expect(outbox.pending()).toBe(0);
  });

  it('checkpoints the face item’s liveness resource, so a restart does not create a second one', async () => {
    api.failNext(1, 503, 'DOWN', '/frames/0'); // the resource is created, then its frame upload fails
    const first = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const q = await first.enqueue(faceItem());
    expect(await q.firstAttempt).toEqual({ status: 'queued', error: expect.stringMatching(/HTTP 503/) });
    await first.close();
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    await outbox.idle();
    expect(api.received.map((w) => `${w.method} ${w.path} ${w.key}`)).toEqual([
      `POST /resources/liveness ${q.id}-r`,
      `PUT /resources/liveness/live-1/frames/0 ${q.id}-f`,
      `PUT /resources/liveness/live-1/frames/0 ${q.id}-f`,
    ]);
    expect(api.applied.at(-1)?.body.equals(IMAGE)).toBe(true);
  });

  it('moves unreadable files to quarantine, reports them, and still sends the good ones', async () => {
    await api.stop();
    const first = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const good = await first.enqueue(pageItem('front'));
    const bad = await first.enqueue(pageItem('back'));
    await first.close();
    const badFile = path.join(dir, `${bad.id}.item`);
    const blob = await readFile(badFile);
    blob[blob.length - 1] ^= 0xff; // flip a ciphertext bit
    await writeFile(badFile, blob);
    await writeFile(path.join(dir, 'garbage.item'), 'not sealed at all');
    await writeFile(path.join(dir, 'half-written.item.1234.tmp'), 'x');
    await api.start();
    const corrupt: string[] = [];
    outbox = await openUploadOutbox({
      dir,
      key,
      execute: executorFor(api),
      onCorruptItem: (f, why) => corrupt.push(`${f}: ${why}`),
    });
    await outbox.idle();
    expect(corrupt.sort()).toEqual(
      [
        `${bad.id}.item: encrypted data failed authentication (wrong key or tampered)`,
        'garbage.item: file name is not an outbox item id',
      ].sort(),
    );
    expect((await readdir(path.join(dir, 'quarantine'))).sort()).toEqual(
      [`${bad.id}.item`, 'garbage.item'].sort(),
    );
    expect(api.applied.map((w) => w.key)).toEqual([good.id]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('with the wrong key, quarantines everything rather than deleting it', async () => {
    await api.stop();
    const first = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 60_000 });
    const q = await first.enqueue(pageItem());
    await first.close();
    const corrupt: string[] = [];
    outbox = await openUploadOutbox({
      dir,
      key: newEnvelopeKey(),
      execute: executorFor(api),
      onCorruptItem: (f, why) => corrupt.push(`${f}: ${why}`),
    });
    expect(corrupt).toEqual([`${q.id}.item: encrypted data failed authentication (wrong key or tampered)`]);
    expect(await readdir(path.join(dir, 'quarantine'))).toEqual([`${q.id}.item`]);
  });

  it('dropGroup wipes a person’s pending uploads from disk and never sends them', async () => {
    await api.stop();
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 30 });
    const mine = await outbox.enqueue(pageItem('front', 'person-a'));
    const other = await outbox.enqueue(pageItem('front', 'person-b'));
    expect(await outbox.dropGroup('person-a', 'idle timeout')).toBe(1);
    await expect(mine.settled).resolves.toEqual({ status: 'dropped', reason: 'idle timeout' });
    expect((await readdir(dir)).filter((f) => f.endsWith('.item'))).toEqual([`${other.id}.item`]);
    await api.start();
    await other.settled;
    expect(api.applied.map((w) => w.key)).toEqual([other.id]);
  });

  it('refuses at enqueue what it could not read back after a restart, and writes nothing', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    await expect(outbox.enqueue(pageItem('front', SESSION, new Uint8Array(0)))).rejects.toThrow(
      'a page item needs its image',
    );
    const gif = {
      ...pageItem(),
      payload: { ...pageItem().payload, mime: 'image/gif' },
    } as unknown as NewOutboxItem;
    const refused = await outbox.enqueue(gif).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ZodError);
    expect((refused as ZodError).issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', path: ['payload', 'mime'] }),
    ]);
    expect(await readdir(dir)).toEqual([]);
    expect(api.received).toEqual([]);
  });

  it('drops an item whose session expired instead of retrying forever', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    const q = await outbox.enqueue({ ...pageItem(), expiresAt: Date.now() - 1 });
    await expect(q.settled).resolves.toMatchObject({ status: 'dropped' });
    expect(api.received).toHaveLength(0);
  });

  describe('the kiosk’s executor (createOutboxExecutor), each kind of item', () => {
    async function send(item: NewOutboxItem, baseDelayMs = 10) {
      outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs });
      const q = await outbox.enqueue(item);
      return { q, first: await q.firstAttempt, settled: await q.settled };
    }

    it('page: the raw image bytes with their type and capture method; the feedback comes back', async () => {
      const { q, first } = await send(pageItem('back'));
      expect(first).toEqual({
        status: 'sent',
        result: { mediaId: `m-${q.id}`, feedback: { acceptable: true, issues: [] }, attemptsRemaining: 2, accessKey: null },
      });
      expect(api.applied).toHaveLength(1);
      const w = api.applied[0];
      expect([w.method, w.path, w.key, w.contentType, w.captureMethod, w.chipKey]).toEqual([
        'PUT',
        '/resources/id-documents/res-1/pages/back/media',
        q.id,
        'image/jpeg',
        'CAMERA',
        'requested',
      ]);
      expect(w.body.equals(IMAGE)).toBe(true);
    });

    it('face: creates the liveness resource, then puts the frame on it', async () => {
      const { q, first } = await send(faceItem());
      expect(first).toEqual({ status: 'sent', result: { resourceId: 'live-1', mediaId: `m-${q.id}-f` } });
      expect(api.applied.map((w) => `${w.method} ${w.path} ${w.key}`)).toEqual([
        `POST /resources/liveness ${q.id}-r`,
        `PUT /resources/liveness/live-1/frames/0 ${q.id}-f`,
      ]);
      expect(api.applied[1].body.equals(IMAGE)).toBe(true);
      expect(broker.calls).toEqual([]);
    });

    it('face: when the first answer was lost, the replay finds the created resource on the session', async () => {
      api.loseAnswers(1); // the service creates the resource, the kiosk never hears back
      broker.liveness = [
        { id: 'live-0', hasImage: true }, // an earlier, finished capture
        { id: 'live-1', hasImage: false },
      ];
      const { q, first, settled } = await send(faceItem());
      expect(first).toEqual({ status: 'queued', error: 'The verification service could not connect.' });
      expect(settled).toEqual({ status: 'sent', result: { resourceId: 'live-1', mediaId: `m-${q.id}-f` } });
      // The replay was answered "already uploaded" without an id: the session said which one.
      expect(api.received.map((w) => `${w.method} ${w.path} ${w.key}`)).toEqual([
        `POST /resources/liveness ${q.id}-r`,
        `POST /resources/liveness ${q.id}-r`,
        `PUT /resources/liveness/live-1/frames/0 ${q.id}-f`,
      ]);
      expect(broker.calls).toEqual([`getSession ${SESSION}`]);
    });

    it('face: a lost answer and no liveness resource on the session fails the item, naming why', async () => {
      api.loseAnswers(1);
      const { q, first, settled } = await send(faceItem());
      expect(first.status).toBe('queued');
      expect(settled.status).toBe('failed');
      if (settled.status === 'failed') {
        expect(settled.error).toBeInstanceOf(RejectedByServiceError);
        expect(settled.error.message).toBe('The service did not say which liveness resource it created.');
      }
      expect(api.received.map((w) => `${w.method} ${w.path} ${w.key}`)).toEqual([
        `POST /resources/liveness ${q.id}-r`,
        `POST /resources/liveness ${q.id}-r`,
      ]);
      expect(broker.calls).toEqual([`getSession ${SESSION}`]);
    });

    it.each([
      [409, 'NO_ATTEMPTS_REMAINING', 'no attempts remain for this document'],
      [409, 'SESSION_SUBMITTED', 'the session was already submitted'],
      [409, 'CONFLICT', 'another upload got there first'],
      [422, 'IDEMPOTENCY_KEY_REUSED', 'this key was used for a different request'],
    ])(
      'page: a retake the service refuses (%i %s) fails the item; it is not reported as sent',
      async (status, code) => {
        api.failNext(1, status, code, '/media');
        const { first, settled } = await send(pageItem('front'));
        expect(first.status).toBe('failed');
        expect(settled.status).toBe('failed');
        if (settled.status === 'failed') {
          expect(settled.error).toBeInstanceOf(RejectedByServiceError);
          expect(settled.error).toMatchObject({ serviceCode: code, status });
        }
        expect(api.applied).toEqual([]);
        expect(outbox?.pending()).toBe(0);
      },
    );

    it('face: a retake finds the session’s liveness resource (409 ALREADY_CREATED) and replaces frame 0', async () => {
      api.failNext(1, 409, 'ALREADY_CREATED', '/resources/liveness', { resource_id: 'live-9' });
      const { q, first } = await send(faceItem());
      expect(first).toEqual({ status: 'sent', result: { resourceId: 'live-9', mediaId: `m-${q.id}-f` } });
      expect(api.received.map((w) => `${w.method} ${w.path} ${w.key}`)).toEqual([
        `POST /resources/liveness ${q.id}-r`,
        `PUT /resources/liveness/live-9/frames/0 ${q.id}-f`,
      ]);
      expect(broker.calls).toEqual([]);
    });

    it('mrz: the scanned lines as JSON on the document resource', async () => {
      const lines = [
        'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
        'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
      ];
      const { q, first } = await send({
        ...pageItem(),
        payload: { kind: 'mrz', resourceId: 'res-1', lines },
      });
      expect(first).toEqual({ status: 'sent', result: { ok: true } });
      const w = api.applied[0];
      expect([w.method, w.path, w.key, w.contentType]).toEqual([
        'PUT',
        '/resources/id-documents/res-1/mrz',
        q.id,
        'application/json',
      ]);
      expect(JSON.parse(w.body.toString('utf8'))).toEqual({ lines });
    });

    it('submit: POST /submit with the item id as its Idempotency-Key', async () => {
      const { q, first } = await send({ ...pageItem(), payload: { kind: 'submit' } });
      expect(first.status).toBe('sent');
      expect(api.applied.map((w) => `${w.method} ${w.path} ${w.key} ${w.auth}`)).toEqual([
        `POST /submit ${q.id} Bearer ${TOKEN}`,
      ]);
    });

    it('deleteSession: deletes through the broker (the RP API), nothing on the client API', async () => {
      const { first } = await send({
        ...pageItem(),
        clientSessionToken: '',
        payload: { kind: 'deleteSession' },
      });
      expect(first).toEqual({ status: 'sent', result: null });
      expect(broker.calls).toEqual([`deleteSession ${SESSION}`]);
      expect(api.received).toEqual([]);
    });
  });
});
