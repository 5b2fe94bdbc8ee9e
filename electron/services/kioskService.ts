// The kiosk's relying-party logic for one person at a time (or several, each behind its own handle):
// start a session, pick the document, upload pages and the face through the durable outbox, submit,
// follow to the result, build the staff report, and wipe everything on discard or idle timeout.
// Pure Node: no electron import (DESIGN.md, "Testing without an Electron binary").
import type { MrzKey } from '../../chip/access/mrzKey';
import { errorMessage } from '../../common/errorMessage';
import type {
  EventChannel,
  EventPayload,
  InvokeHandlers,
  InvokeResponse,
  ServiceInfo,
} from '../../common/ipc/contract';
import { silentLogger, type Logger } from '../../platform/logger';
import type { ClientAuth, ClientSessionApi } from './clientSessionApi';
import { defaultPages, parseClientConfiguration } from './documentOptions';
import { buildStaffReport } from './reportBuilder';
import { KioskServiceError, RejectedByServiceError } from './serviceErrors';
import type { GetSessionResult, SessionBroker } from './sessionBroker';
import { createSessionFollower } from './sessionFollower';
import { createTokenVault, type VaultEntry } from './tokenVault';
import { openUnfinishedSessions, type UnfinishedSessions } from './unfinishedSessions';
import { openUploadOutbox, type OutboxExecutor, type OutboxPayload, type UploadOutbox } from './uploadOutbox';
import type { ChipResourceBody } from '../../idv/chip/chipResource';

export type EventEmitterFn = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

/** The invoke channels that act on a person's session: all of them are answered here. */
export type SessionChannel =
  | 'startSession'
  | 'selectDocument'
  | 'uploadPage'
  | 'uploadFace'
  | 'submitSession'
  | 'getReport'
  | 'getSessionStatus'
  | 'discardSession';
export type SessionHandlers = Pick<InvokeHandlers, SessionChannel>;

export interface KioskServiceOptions {
  broker: SessionBroker;
  clientApi: ClientSessionApi;
  serviceInfo: ServiceInfo;
  outboxDir: string;
  /** 32-byte AES key sealing the outbox (kept by the caller: safeStorage in Electron). */
  outboxKey: Uint8Array;
  emit: EventEmitterFn;
  /** A person's unfinished session is wiped this long after their last action (a backstop for the renderer's timer). */
  idleTimeoutMs: number;
  /** A submitted session's result stays available to staff this long after the last action. */
  reportRetentionMs?: number;
  outboxTiming?: { baseDelayMs?: number; maxDelayMs?: number };
  followerTiming?: { initialDelayMs?: number; maxDelayMs?: number; deadlineMs?: number };
  /** How often the idle sweeper looks (ms). */
  sweepIntervalMs?: number;
  userTrackingId?: string;
  /**
   * Where sessions not yet handed over for deletion are recorded (sealed under outboxKey), so that
   * a quit or a crash mid-flow does not leave them on the service: absent = not recorded.
   */
  unfinishedDir?: string;
  /** close() waits this long for the quit's session deletes to reach the service (default 3 s). */
  quitDeleteWaitMs?: number;
  logger?: Logger;
  /** The chip key the service read from a page of this session (held by the chip feature, main only). */
  onPageAccessKey?: (handle: string, key: MrzKey) => void;
  now?: () => number;
}

export interface KioskService {
  /** One handler per session channel, for the composition root's `satisfies InvokeHandlers` table. */
  readonly handlers: SessionHandlers;
  /** A hardware scanner read an MRZ: send it for the most recent session that has a document. */
  scannerMrz(lines: string[]): Promise<void>;
  /**
   * The chip of this session's document was read: queue its upload (durable and sealed like the
   * pages, sent in order before the submit). False when the session has no document to attach it to.
   */
  chipRead(handle: string, body: ChipResourceBody): Promise<boolean>;
  /** A notification from the service: poll that session now. */
  notify(sessionId: string): void;
  /** Wipes every session (renderer crashed and was reset to attract, or the app quits mid-flow). */
  discardAll(why: string): Promise<number>;
  /** The IDV session id behind a handle, for main's audit log only (never sent to the renderer). */
  sessionIdFor(handle: string): string;
  /**
   * Staff are reviewing this session's result: the idle sweep leaves it alone until `release`,
   * from which the normal retention counts again. A discard still wipes it.
   */
  holdForReview(handle: string): void;
  release(handle: string): void;
  /**
   * Hosted capture: a session for the service's own web page to capture. The handle goes to the
   * renderer; `launch` (the session id and token) stays in main, for the page's URL only.
   */
  startHostedSession(locale: string): Promise<{ handle: string; launch: { sessionId: string; clientSessionToken: string } }>;
  /** The hosted page said SUCCESS (it submitted): follow the session to its result like a kiosk submit. */
  hostedSubmitted(handle: string): void;
  close(): Promise<void>;
}

const DELETE_RETENTION_MS = 2 * 24 * 60 * 60_000;

/** The kiosk takes one face, as frame 0 of the liveness resource: a second one replaces it. */
const FACE_FRAME = 0;

/** What a page upload's outbox item resolves to (the executor's result for a 'page' item). */
type PageSent = Awaited<ReturnType<ClientSessionApi['uploadPage']>>['value'];

/**
 * What sending one outbox item means. Every write carries the item id as its Idempotency-Key, so
 * a resend after a crash is recognised by the service (409 ALREADY_UPLOADED = success here). A
 * retake is a new item, so a new key: the service replaces the page (or the face, frame 0) or
 * refuses it, and a refusal fails the item rather than passing for an upload.
 */
export function createOutboxExecutor(deps: {
  clientApi: ClientSessionApi;
  broker: Pick<SessionBroker, 'getSession' | 'deleteSession'>;
}): OutboxExecutor {
  return async (item, ctx) => {
    const auth: ClientAuth = { sessionId: item.sessionId, clientSessionToken: item.clientSessionToken };
    const p = item.payload;
    switch (p.kind) {
      case 'page': {
        const { resourceId, side, image, mime, captureMethod } = p;
        const sent: PageSent = (
          await deps.clientApi.uploadPage(auth, { resourceId, side, image, mime, captureMethod }, item.id)
        ).value;
        return sent;
      }
      case 'face': {
        let resourceId = p.livenessResourceId;
        if (!resourceId) {
          const created = await deps.clientApi.createLiveness(auth, `${item.id}-r`);
          resourceId = created.value.resourceId;
          if (!resourceId) {
            // A replay whose first response we never saw and the service did not echo: find it.
            const session = await deps.broker.getSession(item.sessionId);
            const live = session.getResources()?.getStaticLivenessResources?.() ?? [];
            resourceId = live.find((l) => !l.getImage?.())?.getId?.() ?? live.at(-1)?.getId?.() ?? null;
            if (!resourceId)
              throw new RejectedByServiceError(
                'The service did not say which liveness resource it created.',
                502,
                null,
              );
          }
          await ctx.checkpoint({ ...p, livenessResourceId: resourceId });
        }
        const frame = await deps.clientApi.uploadLivenessFrame(
          auth,
          resourceId,
          p.image,
          p.mime,
          `${item.id}-f`,
          FACE_FRAME,
        );
        return { resourceId, mediaId: frame.value.mediaId };
      }
      case 'mrz':
        return (await deps.clientApi.putMrz(auth, p.resourceId, p.lines, item.id)).value;
      case 'chip':
        return (await deps.clientApi.putChip(auth, p.resourceId, p.body, item.id)).value;
      case 'submit':
        return (await deps.clientApi.submit(auth, item.id)).value;
      case 'deleteSession':
        await deps.broker.deleteSession(item.sessionId);
        return null;
    }
  };
}

export async function createKioskService(opts: KioskServiceOptions): Promise<KioskService> {
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const vault = createTokenVault();
  const reportRetention = opts.reportRetentionMs ?? 15 * 60_000;
  const followers = new Map<string, () => void>(); // handle → stop
  /** The completed result the follower fetched, per handle: the report is built from it. */
  const results = new Map<string, GetSessionResult>();
  /** Handles whose result staff are reviewing: main's idle sweep never wipes them. */
  const held = new Set<string>();
  const authOf = (e: { sessionId: string; clientSessionToken: string }): ClientAuth => ({
    sessionId: e.sessionId,
    clientSessionToken: e.clientSessionToken,
  });

  const follower = createSessionFollower<GetSessionResult>({
    fetch: (sessionId) => opts.broker.getSession(sessionId),
    stateOf: (result) => result.getState(),
    ...opts.followerTiming,
    now,
  });

  const outbox: UploadOutbox = await openUploadOutbox({
    dir: opts.outboxDir,
    key: opts.outboxKey,
    execute: createOutboxExecutor({ clientApi: opts.clientApi, broker: opts.broker }),
    ...opts.outboxTiming,
    now,
    onProgress: (p) => {
      const entry = vault.findBySessionId(p.group);
      if (entry)
        opts.emit('upload:progress', {
          handle: entry.handle,
          pending: p.pending,
          sent: p.sent,
          lastError: p.lastError,
        });
    },
    onSettled: (item, outcome) => {
      if (outcome.status !== 'sent')
        logger.warn('outbox item not sent', { kind: item.payload.kind, outcome: outcome.status });
      if (item.payload.kind === 'submit' && outcome.status === 'sent') {
        const entry = vault.findBySessionId(item.sessionId);
        if (entry) startFollowing(entry);
      }
    },
    onCorruptItem: (file, reason) =>
      logger.error('outbox item unreadable, moved to quarantine', { file, reason }),
  });

  // Sessions a previous run left (killed, crashed, or quit with the service unreachable): each gets
  // a durable delete, in its own outbox group so it goes after anything that run still had queued.
  const unfinished: UnfinishedSessions | null = opts.unfinishedDir
    ? await openUnfinishedSessions({ dir: opts.unfinishedDir, key: opts.outboxKey })
    : null;
  const pendingDeletes = new Set<Promise<unknown>>();
  if (unfinished) {
    for (const file of unfinished.unreadable)
      logger.error('a session record of an earlier run cannot be opened (another key?); kept in unfinished/unreadable', {
        file,
      });
    for (const left of unfinished.leftOver) {
      const queued = await outbox.enqueue({
        group: left.sessionId,
        sessionId: left.sessionId,
        clientSessionToken: '',
        expiresAt: now() + DELETE_RETENTION_MS,
        payload: { kind: 'deleteSession' },
      });
      await unfinished.forget(left.sessionId);
      trackDelete(queued.settled);
    }
    if (unfinished.leftOver.length > 0)
      logger.warn('sessions left unfinished by the previous run are being deleted on the service', {
        count: unfinished.leftOver.length,
      });
  }

  function trackDelete(settled: Promise<unknown>): void {
    pendingDeletes.add(settled);
    void settled.finally(() => pendingDeletes.delete(settled));
  }

  function startFollowing(entry: VaultEntry): void {
    if (followers.has(entry.handle)) return;
    const handle = entry.handle;
    const stop = follower.follow(entry.sessionId, (u) => {
      if (u.state === 'COMPLETED' && u.result) results.set(handle, u.result);
      // submitSession already said PROCESSING when the submit went straight through.
      if (u.state === 'PROCESSING' && entry.lastState === 'PROCESSING') return;
      entry.lastState = u.state;
      opts.emit('session:state', { handle, state: u.state, message: u.message });
      if (u.state !== 'PROCESSING') followers.delete(handle);
    });
    followers.set(handle, stop);
  }

  function entryFor(handle: string): VaultEntry {
    const e = vault.get(handle);
    if (e.tokenExpiresAt <= now() && !e.submitted) {
      throw new KioskServiceError('SESSION_EXPIRED', 'This session has expired. Please start again.');
    }
    vault.touch(handle, now());
    return e;
  }

  /** Queues one write for a person's session (one outbox group per session: sent in order). */
  function enqueueFor(e: VaultEntry, payload: OutboxPayload) {
    return outbox.enqueue({
      group: e.sessionId,
      sessionId: e.sessionId,
      clientSessionToken: e.clientSessionToken,
      expiresAt: e.tokenExpiresAt,
      payload,
    });
  }

  async function wipe(handle: string, why: string): Promise<boolean> {
    followers.get(handle)?.();
    followers.delete(handle);
    results.delete(handle);
    held.delete(handle);
    const e = vault.wipe(handle);
    if (!e) return false;
    await outbox.dropGroup(e.sessionId, why);
    // Deleting on the service is itself durable: if the service is down it is retried later.
    const queued = await outbox.enqueue({
      group: `delete:${e.sessionId}`,
      sessionId: e.sessionId,
      clientSessionToken: '',
      expiresAt: now() + DELETE_RETENTION_MS,
      payload: { kind: 'deleteSession' },
    });
    trackDelete(queued.settled);
    // The outbox holds the delete durably now: the record has done its job.
    await unfinished?.forget(e.sessionId);
    return true;
  }

  const sweeper = setInterval(() => {
    const t = now();
    for (const h of vault.handles()) {
      const e = vault.find(h);
      if (!e || held.has(h)) continue;
      const limit = e.submitted ? reportRetention : opts.idleTimeoutMs;
      if (t - e.lastActivityAt > limit) {
        void wipe(h, 'idle timeout').then((wiped) => {
          if (wiped && !e.submitted)
            opts.emit('session:state', {
              handle: h,
              state: 'EXPIRED',
              message: 'The session ended after a period of inactivity.',
            });
        });
      }
    }
  }, opts.sweepIntervalMs ?? 5_000);
  sweeper.unref?.();

  function requireDocument(e: VaultEntry): NonNullable<VaultEntry['document']> {
    if (!e.document)
      throw new KioskServiceError('INVALID_REQUEST', 'Choose the document before uploading its pages.');
    return e.document;
  }

  const handlers: SessionHandlers = {
    async startSession({ locale }) {
      const created = await opts.broker.createSession({ locale, userTrackingId: opts.userTrackingId });
      const entry = vault.put(created, now());
      try {
        // On disk before the person does anything, so a crash cannot leave the session behind.
        await unfinished?.record(entry.sessionId, now());
        const cfg = parseClientConfiguration(await opts.clientApi.getConfiguration(authOf(entry)));
        if (cfg.documents.length === 0)
          throw new KioskServiceError(
            'REJECTED_BY_SERVICE',
            'The service offers no document this kiosk can capture.',
          );
        return { handle: entry.handle, documents: cfg.documents };
      } catch (err) {
        await wipe(entry.handle, 'session could not be set up');
        if (err instanceof KioskServiceError) throw err;
        throw new KioskServiceError('REJECTED_BY_SERVICE', errorMessage(err));
      }
    },
    async selectDocument({ handle, issuingCountry, documentType }) {
      const e = entryFor(handle);
      if (e.submitted) throw new KioskServiceError('INVALID_REQUEST', 'The session was already submitted.');
      const key = `${handle.slice(0, 12)}-doc-${now().toString(36)}`;
      const r = await opts.clientApi.createIdDocument(
        authOf(e),
        { issuing_country: issuingCountry, document_type: documentType },
        key,
      );
      if (!r.value.resourceId)
        throw new RejectedByServiceError('The service did not return the document resource.', 502, null);
      const requiredPages = r.value.requiredPages ?? defaultPages(documentType);
      e.document = { resourceId: r.value.resourceId, issuingCountry, documentType, requiredPages };
      return { requiredPages };
    },
    async uploadPage({ handle, side, image, mime, captureMethod }) {
      const e = entryFor(handle);
      const doc = requireDocument(e);
      if (!doc.requiredPages.includes(side)) {
        throw new KioskServiceError('INVALID_REQUEST', `This document has no ${side} page to upload.`);
      }
      const q = await enqueueFor(e, {
        kind: 'page',
        resourceId: doc.resourceId,
        side,
        mime,
        captureMethod,
        image,
      });
      // A page sent later (queued now) may still bring the chip key.
      void q.settled.then((s) => {
        const key = s.status === 'sent' ? (s.result as PageSent).accessKey : null;
        if (key && vault.find(handle) === e) opts.onPageAccessKey?.(handle, key);
      }, () => undefined);
      const first = await q.firstAttempt;
      if (first.status === 'failed') throw first.error;
      if (first.status === 'queued') return { status: 'queued', feedback: null, attemptsRemaining: null };
      const sent = first.result as PageSent;
      return { status: 'uploaded', feedback: sent.feedback, attemptsRemaining: sent.attemptsRemaining };
    },
    async uploadFace({ handle, image, mime }) {
      const e = entryFor(handle);
      const q = await enqueueFor(e, { kind: 'face', mime, image, livenessResourceId: null });
      const first = await q.firstAttempt;
      if (first.status === 'failed') throw first.error;
      // Faces have no attempts in Yoti's model: a retake always replaces frame 0.
      return { status: first.status === 'sent' ? 'uploaded' : 'queued', attemptsRemaining: null };
    },
    async submitSession({ handle }) {
      const e = entryFor(handle);
      if (e.submitted) return { accepted: true };
      requireDocument(e);
      const q = await enqueueFor(e, { kind: 'submit' });
      const first = await q.firstAttempt;
      if (first.status === 'failed') throw first.error;
      e.submitted = true;
      e.lastState = first.status === 'sent' ? 'PROCESSING' : 'UPLOADING';
      opts.emit('session:state', {
        handle,
        state: first.status === 'sent' ? 'PROCESSING' : 'UPLOADING',
        message:
          first.status === 'sent'
            ? null
            : 'Waiting for the verification service; your images are kept safely.',
      });
      return { accepted: true };
    },
    async getReport({ handle }): Promise<InvokeResponse<'getReport'>> {
      const e = vault.get(handle);
      vault.touch(handle, now());
      const sessionId = e.sessionId;
      let result = results.get(handle);
      if (!result) {
        // Asked before the follower saw the end (or without a submit): the state as it is now.
        result = await opts.broker.getSession(sessionId);
        if (result.getState() === 'COMPLETED' && vault.find(handle)) results.set(handle, result);
      }
      return buildStaffReport(handle, opts.serviceInfo, result, {
        getMediaContent: (mediaId) => opts.broker.getMediaContent(sessionId, mediaId),
      });
    },
    async getSessionStatus({ handle }) {
      const e = vault.get(handle);
      vault.touch(handle, now());
      if (results.has(handle)) return { state: 'COMPLETED' };
      if (!e.submitted) return { state: 'UPLOADING' };
      if (e.lastState === 'EXPIRED') return { state: 'EXPIRED' };
      // The follower is polling already: no second poll of the service for the same answer.
      if (followers.has(handle)) return { state: 'PROCESSING' };
      // Nobody follows it (the submit is still queued, or the follower gave up): ask the service
      // now; the result is kept for the report, which stays in main unless staff ask for it.
      const result = await opts.broker.getSession(e.sessionId);
      const state = result.getState();
      if (state === 'COMPLETED') {
        if (vault.find(handle)) results.set(handle, result);
        return { state: 'COMPLETED' };
      }
      return { state: state === 'EXPIRED' ? 'EXPIRED' : 'PROCESSING' };
    },
    async discardSession({ handle }) {
      return { discarded: await wipe(handle, 'discarded') };
    },
  };

  return {
    handlers,
    async scannerMrz(lines) {
      let target: VaultEntry | undefined;
      for (const h of vault.handles()) {
        const e = vault.find(h);
        if (e?.document && !e.submitted && (!target || e.lastActivityAt >= target.lastActivityAt)) target = e;
      }
      if (!target?.document) return;
      await enqueueFor(target, { kind: 'mrz', resourceId: target.document.resourceId, lines });
    },
    async chipRead(handle, body) {
      const e = vault.find(handle);
      if (!e?.document || e.submitted) return false;
      await enqueueFor(e, { kind: 'chip', resourceId: e.document.resourceId, body });
      return true;
    },
    notify(sessionId) {
      follower.notify(sessionId);
    },
    async discardAll(why) {
      let n = 0;
      for (const h of vault.handles()) if (await wipe(h, why)) n++;
      return n;
    },
    sessionIdFor: (handle) => vault.get(handle).sessionId,
    holdForReview(handle) {
      vault.get(handle);
      held.add(handle);
    },
    release(handle) {
      if (held.delete(handle)) vault.touch(handle, now());
    },
    async startHostedSession(locale) {
      const created = await opts.broker.createSession({ locale, userTrackingId: opts.userTrackingId });
      const entry = vault.put(created, now());
      try {
        // As for the kiosk's own capture: on disk before the page opens, so a crash cannot leave it.
        await unfinished?.record(entry.sessionId, now());
      } catch (err) {
        await wipe(entry.handle, 'session could not be recorded');
        throw new KioskServiceError('INTERNAL', errorMessage(err));
      }
      return {
        handle: entry.handle,
        launch: { sessionId: entry.sessionId, clientSessionToken: entry.clientSessionToken },
      };
    },
    hostedSubmitted(handle) {
      const e = entryFor(handle);
      if (e.submitted) return;
      e.submitted = true;
      e.lastState = 'PROCESSING';
      opts.emit('session:state', { handle, state: 'PROCESSING', message: null });
      startFollowing(e);
    },
    async close() {
      clearInterval(sweeper);
      // Quitting mid-flow: the person cannot come back to this session, so it goes now. A submitted
      // one keeps its queued uploads and its record: delivered, then deleted, at the next start.
      for (const h of vault.handles()) {
        const e = vault.find(h);
        if (e && !e.submitted) await wipe(h, 'the kiosk is quitting').catch(() => false);
      }
      if (pendingDeletes.size > 0) {
        let bound: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...pendingDeletes]),
          new Promise<void>((r) => (bound = setTimeout(r, opts.quitDeleteWaitMs ?? 3_000))),
        ]);
        clearTimeout(bound);
      }
      follower.close();
      await outbox.close();
    },
  };
}
