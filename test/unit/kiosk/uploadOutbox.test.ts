import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { newSealKey } from '../../../electron/services/sealedBox';
import {
  backoffDelay,
  openUploadOutbox,
  type NewOutboxItem,
  type OutboxExecutor,
  type UploadOutbox,
} from '../../../electron/services/uploadOutbox';
import { startRecordingClientApi, type RecordingClientApi } from './support/recordingClientApi';

const TOKEN = 'cst-SECRET-token-0123456789abcdef';
const SESSION = 'sess-7d1f0e2a-secret-id';
const IMAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('PAGE-IMAGE-BYTES-'.repeat(50))]);

function pageItem(side: 'front' | 'back' = 'front', group = SESSION): NewOutboxItem {
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
      image: IMAGE.toString('base64'),
    },
  };
}

function executorFor(api: RecordingClientApi): OutboxExecutor {
  const client = createClientSessionApi({ apiBaseUrl: api.apiBaseUrl, timeoutMs: 2000 });
  return async (item, ctx) => {
    const auth = { sessionId: item.sessionId, clientSessionToken: item.clientSessionToken };
    const p = item.payload;
    if (p.kind === 'page') {
      return (await client.uploadPage(auth, { ...p, image: Buffer.from(p.image, 'base64') }, item.id)).value;
    }
    if (p.kind === 'face') {
      const rid =
        p.livenessResourceId ?? (await client.createLiveness(auth, item.id + '-r')).value.resourceId!;
      await ctx.checkpoint({ ...p, livenessResourceId: rid });
      return (
        await client.uploadLivenessFrame(auth, rid, Buffer.from(p.image, 'base64'), p.mime, item.id + '-f')
      ).value;
    }
    if (p.kind === 'submit') return (await client.submit(auth, item.id)).value;
    throw new Error('unexpected kind');
  };
}

describe('uploadOutbox', () => {
  let dir: string;
  let api: RecordingClientApi;
  let outbox: UploadOutbox | null;
  const key = newSealKey();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    api = await startRecordingClientApi();
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
    expect(files).toHaveLength(1);
    const raw = await readFile(path.join(dir, files[0]));
    for (const secret of [TOKEN, SESSION, 'PAGE-IMAGE-BYTES', IMAGE.toString('base64').slice(0, 40)]) {
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
    expect(raw.length).toBeGreaterThan(IMAGE.length); // the image really is in there, sealed
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
    if (first.status === 'failed') expect(first.error.message).toMatch(/refused the request: test says 400/);
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

  it('checkpoints a multi-step item so a resume does not redo the first step', async () => {
    api.failNext(0, 200);
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api), baseDelayMs: 20 });
    // The frame upload fails once after the resource was created: the retry must reuse the resource.
    let calls = 0;
    const base = executorFor(api);
    await outbox.close();
    outbox = await openUploadOutbox({
      dir,
      key,
      baseDelayMs: 20,
      execute: async (item, ctx) => {
        calls++;
        if (calls === 1) {
          await ctx.checkpoint({
            ...(item.payload as { kind: 'face'; mime: string; image: string }),
            kind: 'face',
            livenessResourceId: 'live-1',
          });
          api.failNext(1, 503);
        }
        return base(item, ctx);
      },
    });
    const q = await outbox.enqueue({
      ...pageItem(),
      payload: {
        kind: 'face',
        mime: 'image/jpeg',
        image: IMAGE.toString('base64'),
        livenessResourceId: null,
      },
    });
    await expect(q.settled).resolves.toMatchObject({ status: 'sent' });
    expect(api.applied.filter((w) => w.path === '/resources/liveness')).toHaveLength(0);
    expect(api.applied.filter((w) => w.path === '/resources/liveness/live-1/frames')).toHaveLength(1);
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
        `${bad.id}.item: sealed data failed authentication (wrong key or tampered)`,
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
    await first.enqueue(pageItem());
    await first.close();
    const corrupt: string[] = [];
    outbox = await openUploadOutbox({
      dir,
      key: newSealKey(),
      execute: executorFor(api),
      onCorruptItem: (f) => corrupt.push(f),
    });
    expect(corrupt).toHaveLength(1);
    expect(await readdir(path.join(dir, 'quarantine'))).toHaveLength(1);
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

  it('drops an item whose session expired instead of retrying forever', async () => {
    outbox = await openUploadOutbox({ dir, key, execute: executorFor(api) });
    const q = await outbox.enqueue({ ...pageItem(), expiresAt: Date.now() - 1 });
    await expect(q.settled).resolves.toMatchObject({ status: 'dropped' });
    expect(api.received).toHaveLength(0);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(4800);
  });
});
