// A durable, encrypted outbox for uploads to the IDV service. Each item is one AES-256-GCM sealed
// file (the client session token needed to resume is inside the sealed record, never in clear on
// disk), written atomically (tmp + fsync + rename) before enqueue() returns. A pump sends items
// first-in-first-out per group (one group per session, so a submit never overtakes its pages),
// retries what failed for network reasons with exponential backoff, and deletes an item's file only
// after the service accepted it. Items carry an id that the executor sends as an Idempotency-Key:
// after a crash between "service accepted" and "file deleted", the resend is answered with
// "already uploaded", which the executor reports as success. So nothing is lost and nothing is
// stored twice.
import { randomBytes } from 'node:crypto';
import { mkdir, open as openFile, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { open as unseal, seal } from './sealedBox';
import { isRetryable } from './serviceErrors';

export const OutboxPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('page'),
    resourceId: z.string(),
    side: z.enum(['front', 'back']),
    mime: z.string(),
    captureMethod: z.enum(['CAMERA', 'SCANNER', 'UPLOAD']),
    image: z.string(), // base64
  }),
  z.object({
    kind: z.literal('face'),
    mime: z.string(),
    image: z.string(),
    livenessResourceId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('mrz'), resourceId: z.string(), lines: z.array(z.string()) }),
  z.object({ kind: z.literal('submit') }),
  z.object({ kind: z.literal('deleteSession') }),
]);
export type OutboxPayload = z.infer<typeof OutboxPayload>;

const ItemRecord = z.object({
  v: z.literal(1),
  id: z.string(),
  seq: z.number(),
  group: z.string(),
  sessionId: z.string(),
  clientSessionToken: z.string(),
  /** Epoch ms after which sending is pointless (token or resources expired): dropped, reported. */
  expiresAt: z.number(),
  createdAt: z.number(),
  attempts: z.number(),
  payload: OutboxPayload,
});
export type OutboxItem = z.infer<typeof ItemRecord>;

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
  /** Resolves when nothing is pending that can currently be sent (used by tests and shutdown). */
  idle(): Promise<void>;
  /** Try now instead of waiting out the backoff (e.g. the network came back). */
  retryNow(): void;
  close(): Promise<void>;
}

interface Live {
  item: OutboxItem;
  nextAttemptAt: number;
  lastError: string | null;
  first: Deferred<FirstAttempt>;
  firstDone: boolean;
  settled: Deferred<Settled>;
  dropped: boolean;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const ITEM_SUFFIX = '.item';
const ID_RE = /^[A-Za-z0-9_-]{16,64}$/;

async function writeAtomic(dir: string, name: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(dir, `${name}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await openFile(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data);
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

export function backoffDelay(
  attempts: number,
  baseMs: number,
  maxMs: number,
  rand: () => number = Math.random,
): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * rand()));
}

export async function openUploadOutbox(opts: UploadOutboxOptions): Promise<UploadOutbox> {
  const now = opts.now ?? Date.now;
  const baseDelay = opts.baseDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });

  const live = new Map<string, Live>();
  const sentCount = new Map<string, number>();
  let seq = 0;
  let closed = false;
  let pumping = false;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: Array<() => void> = [];
  let inFlight: Live | null = null;
  let inFlightDone: Promise<void> = Promise.resolve();

  const filePath = (id: string) => path.join(opts.dir, id + ITEM_SUFFIX);

  async function persist(item: OutboxItem): Promise<void> {
    const blob = seal(opts.key, Buffer.from(JSON.stringify(item), 'utf8'), item.id);
    await writeAtomic(opts.dir, item.id + ITEM_SUFFIX, blob);
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
      const rec = ItemRecord.parse(JSON.parse(unseal(opts.key, await readFile(full), id).toString('utf8')));
      if (rec.id !== id) throw new Error('item id does not match its file name');
      const l: Live = {
        item: rec,
        nextAttemptAt: 0,
        lastError: null,
        first: deferred(),
        firstDone: false,
        settled: deferred(),
        dropped: false,
      };
      live.set(rec.id, l);
      seq = Math.max(seq, rec.seq);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const qdir = path.join(opts.dir, 'quarantine');
      await mkdir(qdir, { recursive: true, mode: 0o700 });
      await rename(full, path.join(qdir, name)).catch(() => undefined);
      opts.onCorruptItem?.(name, reason);
    }
  }

  function ordered(): Live[] {
    return [...live.values()].filter((l) => !l.dropped).sort((a, b) => a.item.seq - b.item.seq);
  }

  function notifyIdleIfSo(): void {
    const t = now();
    const sendable = ordered().some((l) => l.nextAttemptAt <= t);
    if (!sendable && !inFlight) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
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
    if (!l.firstDone) {
      l.firstDone = true;
      l.first.resolve(
        outcome.status === 'sent'
          ? outcome
          : {
              status: 'failed',
              error: outcome.status === 'failed' ? outcome.error : new Error(outcome.reason),
            },
      );
    }
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
    let markDone!: () => void;
    inFlightDone = new Promise<void>((r) => (markDone = r));
    try {
      const result = await opts.execute(structuredClone(item), {
        checkpoint: async (payload) => {
          item.payload = payload;
          if (!l.dropped) await persist(item);
        },
      });
      inFlight = null;
      if (l.dropped) return;
      l.lastError = null;
      await finish(l, { status: 'sent', result });
    } catch (err) {
      inFlight = null;
      if (l.dropped) return;
      const error = err instanceof Error ? err : new Error(String(err));
      if (isRetryable(error)) {
        l.lastError = error.message;
        l.nextAttemptAt = now() + backoffDelay(item.attempts, baseDelay, maxDelay);
        if (!l.firstDone) {
          l.firstDone = true;
          l.first.resolve({ status: 'queued', error: error.message });
        }
        progress(item.group);
      } else {
        await finish(l, { status: 'failed', error });
      }
    } finally {
      markDone();
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
            if (!l.firstDone) {
              l.firstDone = true;
              l.first.resolve({ status: 'queued', error: 'waiting for earlier uploads to go through' });
            }
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
      const item: OutboxItem = ItemRecord.parse({
        v: 1,
        id: randomBytes(18).toString('base64url'),
        seq: ++seq,
        createdAt: now(),
        attempts: 0,
        ...input,
      });
      await persist(item);
      const l: Live = {
        item,
        nextAttemptAt: 0,
        lastError: null,
        first: deferred(),
        firstDone: false,
        settled: deferred(),
        dropped: false,
      };
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
        if (!l.firstDone) {
          l.firstDone = true;
          l.first.resolve({ status: 'failed', error: new Error(reason) });
        }
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
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        notifyIdleIfSo();
      });
    },
    retryNow() {
      for (const l of live.values()) l.nextAttemptAt = 0;
      void pump();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      // Let a send in progress finish (bounded), so its result is recorded and not resent later.
      await Promise.race([inFlightDone, new Promise((r) => setTimeout(r, 5000).unref?.())]);
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    },
  };
  if (live.size > 0) queueMicrotask(() => void pump());
  return outbox;
}

/** Removes the whole outbox directory (used when a kiosk is reset, not in normal operation). */
export async function destroyOutboxDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
