// A durable, encrypted outbox for uploads to the IDV service. Each item is one AES-256-GCM sealed
// file (platform/aesGcmEnvelope: the client session token needed to resume and the page's raw
// image bytes are inside the envelope, never in clear on disk), written atomically (tmp + fsync +
// rename) before enqueue() returns. A pump sends items first-in-first-out per group (one group per
// session, so a submit never overtakes its pages), retries what failed for network reasons with
// exponential backoff, and deletes an item's file only after the service accepted it. Items carry
// an id that the executor sends as an Idempotency-Key: after a crash between "service accepted"
// and "file deleted", the resend is answered with "already uploaded", which the executor reports
// as success. So nothing is lost and nothing is stored twice.
import { randomBytes } from 'node:crypto';
import { mkdir, open as openFile, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { backoffDelay, type BackoffPolicy } from '../../common/backoff';
import { createDeferred, type Deferred } from '../../common/deferred';
import { CAPTURE_METHODS, PAGE_SIDES } from '../../common/documents';
import { errorMessage } from '../../common/errorMessage';
import { MediaImage } from '../../common/ipc/contract';
import { openEnvelope, sealEnvelopeParts, type EnvelopeFormat } from '../../platform/aesGcmEnvelope';
import { isRetryable } from './serviceErrors';
import { ChipResourceBody } from '../../idv/chip/chipResource';

// What an item says about itself, as stored in the sealed file's JSON part. Page and face images
// are not in here: their bytes follow the JSON as they are (see encodeItem).
const StoredPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('page'),
    resourceId: z.string(),
    side: z.enum(PAGE_SIDES),
    mime: MediaImage.shape.mime,
    captureMethod: z.enum(CAPTURE_METHODS),
  }),
  z.object({
    kind: z.literal('face'),
    mime: MediaImage.shape.mime,
    livenessResourceId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('mrz'), resourceId: z.string(), lines: z.array(z.string()) }),
  // The document's chip read (raw SOD and data groups: personal data, sealed like the rest).
  z.object({ kind: z.literal('chip'), resourceId: z.string(), body: ChipResourceBody }),
  z.object({ kind: z.literal('submit') }),
  z.object({ kind: z.literal('deleteSession') }),
]);
type StoredPayload = z.infer<typeof StoredPayload>;
type WithImage<K extends StoredPayload['kind']> = Extract<StoredPayload, { kind: K }> & { image: Uint8Array };

/** What one item sends: a page or the face carries its image bytes. */
export type OutboxPayload =
  WithImage<'page'> | WithImage<'face'> | Exclude<StoredPayload, { kind: 'page' | 'face' }>;

const StoredItem = z.object({
  v: z.literal(2),
  id: z.string(),
  seq: z.number(),
  group: z.string(),
  sessionId: z.string(),
  clientSessionToken: z.string(),
  /** Epoch ms after which sending is pointless (token or resources expired): dropped, reported. */
  expiresAt: z.number(),
  createdAt: z.number(),
  attempts: z.number(),
  payload: StoredPayload,
});
export type OutboxItem = Omit<z.infer<typeof StoredItem>, 'payload'> & { payload: OutboxPayload };

export type NewOutboxItem = Pick<
  OutboxItem,
  'group' | 'sessionId' | 'clientSessionToken' | 'expiresAt' | 'payload'
>;

/** What the executor tells the outbox: the item is done (sent or already there), or to record progress. */
export interface ExecuteContext {
  /** Persist a change to the item's payload (e.g. a resource id created by a first step) before going on. */
  checkpoint(payload: OutboxPayload): Promise<void>;
}
export type OutboxExecutor = (item: OutboxItem, ctx: ExecuteContext) => Promise<unknown>;

export type FirstAttempt =
  | { status: 'sent'; result: unknown }
  | { status: 'queued'; error: string }
  | { status: 'failed'; error: Error };
export type Settled =
  | { status: 'sent'; result: unknown }
  | { status: 'failed'; error: Error }
  | { status: 'dropped'; reason: string };

export interface OutboxProgress {
  group: string;
  pending: number;
  sent: number;
  lastError: string | null;
}

export interface UploadOutboxOptions {
  dir: string;
  key: Uint8Array;
  execute: OutboxExecutor;
  /** First retry delay; doubles each attempt up to maxDelayMs (with ±20% jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  onProgress?: (p: OutboxProgress) => void;
  onSettled?: (item: OutboxItem, outcome: Settled) => void;
  /** Unreadable files found on open are moved to <dir>/quarantine and reported here, never deleted. */
  onCorruptItem?: (file: string, reason: string) => void;
}

export interface Enqueued {
  id: string;
  firstAttempt: Promise<FirstAttempt>;
  settled: Promise<Settled>;
}

export interface UploadOutbox {
  /** Durable once the promise resolves: the sealed item file is on disk. */
  enqueue(item: NewOutboxItem): Promise<Enqueued>;
  /** Removes every not-yet-sent item of a group from memory and disk (an in-flight send finishes but is not retried). */
  dropGroup(group: string, reason: string): Promise<number>;
  pending(group?: string): number;
  /** Resolves when nothing is pending that can currently be sent (items waiting out a backoff do not count). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Live {
  item: OutboxItem;
  nextAttemptAt: number;
  lastError: string | null;
  first: Deferred<FirstAttempt>;
  settled: Deferred<Settled>;
  dropped: boolean;
}

const ITEM_SUFFIX = '.item';
const ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
/** Version 2: raw image bytes after the JSON (version 1, sealedBox.ts, kept them base64 inside it). */
const ITEM_FORMAT: EnvelopeFormat = { magic: Buffer.from('DSKO', 'ascii'), version: 2 };
const LENGTH_BYTES = 4;
/** How long close() waits for a send in progress to be answered. */
const CLOSE_WAIT_MS = 5000;

/**
 * The sealed plaintext of an item: [JSON length: u32 BE][JSON][image bytes, page and face only].
 * The envelope's AAD is the item id, so a file renamed to another id does not open.
 */
function splitImage(payload: OutboxPayload): { stored: StoredPayload; image: Uint8Array } {
  if (payload.kind !== 'page' && payload.kind !== 'face')
    return { stored: payload, image: new Uint8Array(0) };
  const { image, ...stored } = payload;
  return { stored, image };
}

function encodeItem(item: OutboxItem): Buffer {
  const { payload, ...rest } = item;
  const { stored, image } = splitImage(payload);
  const json = Buffer.from(JSON.stringify({ ...rest, payload: stored }), 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, image]);
}

function decodeItem(plain: Buffer): OutboxItem {
  if (plain.length < LENGTH_BYTES) throw new Error('item record is truncated');
  const jsonEnd = LENGTH_BYTES + plain.readUInt32BE(0);
  if (jsonEnd > plain.length) throw new Error('item record is truncated');
  const rec = StoredItem.parse(JSON.parse(plain.subarray(LENGTH_BYTES, jsonEnd).toString('utf8')));
  const image = plain.subarray(jsonEnd);
  const p = rec.payload;
  if (p.kind === 'page' || p.kind === 'face') {
    if (image.length === 0) throw new Error(`a ${p.kind} item has no image`);
    return { ...rec, payload: { ...p, image } };
  }
  if (image.length !== 0) throw new Error(`a ${p.kind} item carries bytes it does not send`);
  return { ...rec, payload: p };
}

async function writeAtomic(dir: string, name: string, parts: Uint8Array[]): Promise<void> {
  const tmp = path.join(dir, `${name}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await openFile(tmp, 'wx', 0o600);
  try {
    await fh.writev(parts);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path.join(dir, name));
  // fsync the directory so the rename itself survives a power cut.
  const dh = await openFile(dir, 'r').catch(() => null);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

function newLive(item: OutboxItem): Live {
  return {
    item,
    nextAttemptAt: 0,
    lastError: null,
    first: createDeferred<FirstAttempt>(),
    settled: createDeferred<Settled>(),
    dropped: false,
  };
}

export async function openUploadOutbox(opts: UploadOutboxOptions): Promise<UploadOutbox> {
  const now = opts.now ?? Date.now;
  const backoff: BackoffPolicy = {
    baseMs: opts.baseDelayMs ?? 1000,
    maxMs: opts.maxDelayMs ?? 60_000,
    jitter: 0.2,
  };
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });

  const live = new Map<string, Live>();
  const sentCount = new Map<string, number>();
  let seq = 0;
  let closed = false;
  let pumping = false;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: Array<Deferred<void>> = [];
  let inFlight: Live | null = null;
  let inFlightDone: Deferred<void> | null = null;

  const filePath = (id: string) => path.join(opts.dir, id + ITEM_SUFFIX);

  async function persist(item: OutboxItem): Promise<void> {
    const { header, ciphertext } = sealEnvelopeParts(ITEM_FORMAT, opts.key, encodeItem(item), item.id);
    await writeAtomic(opts.dir, item.id + ITEM_SUFFIX, [header, ciphertext]);
  }

  function progress(group: string): void {
    if (!opts.onProgress) return;
    let pending = 0;
    let lastError: string | null = null;
    for (const l of live.values())
      if (l.item.group === group && !l.dropped) {
        pending++;
        lastError = lastError ?? l.lastError;
      }
    opts.onProgress({ group, pending, sent: sentCount.get(group) ?? 0, lastError });
  }

  // Load what a previous run left behind.
  for (const name of await readdir(opts.dir)) {
    const full = path.join(opts.dir, name);
    if (name.endsWith('.tmp')) {
      // A write that never completed was never acknowledged to anyone: safe to remove.
      await unlink(full).catch(() => undefined);
      continue;
    }
    if (!name.endsWith(ITEM_SUFFIX)) continue;
    const id = name.slice(0, -ITEM_SUFFIX.length);
    try {
      if (!ID_RE.test(id)) throw new Error('file name is not an outbox item id');
      const rec = decodeItem(openEnvelope(ITEM_FORMAT, opts.key, await readFile(full), id));
      if (rec.id !== id) throw new Error('item id does not match its file name');
      live.set(rec.id, newLive(rec));
      seq = Math.max(seq, rec.seq);
    } catch (err) {
      const qdir = path.join(opts.dir, 'quarantine');
      await mkdir(qdir, { recursive: true, mode: 0o700 });
      await rename(full, path.join(qdir, name)).catch(() => undefined);
      opts.onCorruptItem?.(name, errorMessage(err));
    }
  }

  function ordered(): Live[] {
    return [...live.values()].filter((l) => !l.dropped).sort((a, b) => a.item.seq - b.item.seq);
  }

  function releaseIdleWaiters(): void {
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((d) => d.resolve());
  }

  function notifyIdleIfSo(): void {
    const t = now();
    const sendable = ordered().some((l) => l.nextAttemptAt <= t);
    if (!sendable && !inFlight) releaseIdleWaiters();
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const items = ordered();
    if (items.length === 0) return notifyIdleIfSo();
    const soonest = Math.min(...items.map((l) => l.nextAttemptAt));
    timer = setTimeout(() => void pump(), Math.max(0, soonest - now()));
    timer.unref?.();
  }

  async function finish(l: Live, outcome: Settled): Promise<void> {
    // The file goes first: until it is gone the item still counts as pending.
    await unlink(filePath(l.item.id)).catch(() => undefined);
    live.delete(l.item.id);
    if (outcome.status === 'sent') sentCount.set(l.item.group, (sentCount.get(l.item.group) ?? 0) + 1);
    l.first.resolve(
      outcome.status === 'sent'
        ? outcome
        : {
            status: 'failed',
            error: outcome.status === 'failed' ? outcome.error : new Error(outcome.reason),
          },
    );
    l.settled.resolve(outcome);
    opts.onSettled?.(l.item, outcome);
    progress(l.item.group);
  }

  async function attempt(l: Live): Promise<void> {
    const item = l.item;
    if (item.expiresAt <= now()) {
      await finish(l, { status: 'dropped', reason: 'the session expired before this could be sent' });
      return;
    }
    item.attempts++;
    inFlight = l;
    const done = createDeferred<void>();
    inFlightDone = done;
    try {
      // A copy, so the executor cannot change what is persisted except through checkpoint().
      const result = await opts.execute(
        { ...item, payload: { ...item.payload } },
        {
          checkpoint: async (payload) => {
            item.payload = payload;
            if (!l.dropped) await persist(item);
          },
        },
      );
      inFlight = null;
      if (l.dropped) return;
      l.lastError = null;
      await finish(l, { status: 'sent', result });
    } catch (err) {
      inFlight = null;
      if (l.dropped) return;
      const error = err instanceof Error ? err : new Error(errorMessage(err));
      if (isRetryable(error)) {
        l.lastError = error.message;
        l.nextAttemptAt = now() + backoffDelay(item.attempts, backoff);
        l.first.resolve({ status: 'queued', error: error.message });
        progress(item.group);
      } else {
        await finish(l, { status: 'failed', error });
      }
    } finally {
      done.resolve();
    }
  }

  async function pump(): Promise<void> {
    if (pumping || closed) return;
    pumping = true;
    try {
      for (;;) {
        if (closed) return;
        const t = now();
        const blockedGroups = new Set<string>();
        let next: Live | null = null;
        for (const l of ordered()) {
          if (blockedGroups.has(l.item.group)) {
            // Behind an item that is waiting out a backoff: tell the caller it is safely queued.
            l.first.resolve({ status: 'queued', error: 'waiting for earlier uploads to go through' });
            continue;
          }
          blockedGroups.add(l.item.group);
          if (l.nextAttemptAt <= t && !next) next = l;
        }
        if (!next) break;
        await attempt(next);
      }
    } finally {
      pumping = false;
      schedule();
    }
  }

  const outbox: UploadOutbox = {
    async enqueue(input) {
      if (closed) throw new Error('the outbox is closed');
      const { payload, ...meta } = input;
      const { stored, image } = splitImage(payload);
      // Checked as it will be read back, so nothing is written that a restart would quarantine.
      const { payload: _checked, ...record } = StoredItem.parse({
        v: 2,
        id: randomBytes(18).toString('base64url'),
        seq: ++seq,
        createdAt: now(),
        attempts: 0,
        ...meta,
        payload: stored,
      });
      if ((payload.kind === 'page' || payload.kind === 'face') && image.length === 0)
        throw new Error(`a ${payload.kind} item needs its image`);
      const item: OutboxItem = { ...record, payload };
      await persist(item);
      const l = newLive(item);
      live.set(item.id, l);
      progress(item.group);
      queueMicrotask(() => void pump());
      return { id: item.id, firstAttempt: l.first.promise, settled: l.settled.promise };
    },
    async dropGroup(group, reason) {
      let n = 0;
      for (const l of [...live.values()]) {
        if (l.item.group !== group || l.dropped) continue;
        l.dropped = true;
        n++;
        live.delete(l.item.id);
        await unlink(filePath(l.item.id)).catch(() => undefined);
        l.first.resolve({ status: 'failed', error: new Error(reason) });
        l.settled.resolve({ status: 'dropped', reason });
      }
      sentCount.delete(group);
      schedule();
      return n;
    },
    pending(group) {
      return ordered().filter((l) => group === undefined || l.item.group === group).length;
    },
    idle() {
      const d = createDeferred<void>();
      idleWaiters.push(d);
      notifyIdleIfSo();
      return d.promise;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      // Let a send in progress finish (bounded), so its result is recorded and not resent later.
      if (inFlightDone) {
        let bound: NodeJS.Timeout | undefined;
        await Promise.race([
          inFlightDone.promise,
          new Promise<void>((r) => (bound = setTimeout(r, CLOSE_WAIT_MS))),
        ]);
        clearTimeout(bound);
      }
      releaseIdleWaiters();
    },
  };
  if (live.size > 0) queueMicrotask(() => void pump());
  return outbox;
}
