// What every route handler gets: the service's dependencies (built once by idv/server.ts) and the
// request being handled (its body already read under the route's size limit).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDeferred, type Deferred } from '../../common/deferred';
import type { SentNotificationTopic } from '../../common/notificationTopics';
import type { Logger } from '../../platform/logger';
import type { VisionPort } from '../../vision/contract';
import type { AnalyseUploadedPage, RunPipeline } from '../pipeline/types';
import type { AppRecord, IdvStore, SessionRecord } from '../store/types';
import type { DocumentCatalogue } from '../supportedDocuments';
import { HttpError } from '../http/httpError';
import { IdvStoreError } from '../store/types';
import type { ApiKind } from './sessionOrigin';

export interface SessionNotifier {
  /** Queues a notification; never blocks or throws into the request. */
  notify(session: SessionRecord, topic: SentNotificationTopic): void;
  close?(): Promise<void>;
}

export interface PipelinePort {
  runPipeline: RunPipeline;
  analyseUploadedPage: AnalyseUploadedPage;
}

/**
 * Background work (pipeline runs): at most `concurrency` at a time, so a burst of submits queues
 * instead of starving the request path of CPU. close() and tests await idle().
 */
export class JobTracker {
  private readonly queue: Array<() => Promise<void>> = [];
  private readonly running = new Set<Promise<void>>();
  private idlePoint: Deferred<void> | null = null;

  constructor(private readonly concurrency = 2) {}

  run(job: () => Promise<void>, onError: (err: unknown) => void): void {
    this.queue.push(() => job().catch(onError));
    this.pump();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift() as () => Promise<void>;
      const promise: Promise<void> = next().finally(() => {
        this.running.delete(promise);
        this.pump();
      });
      this.running.add(promise);
    }
    if (this.running.size === 0 && this.queue.length === 0) {
      this.idlePoint?.resolve();
      this.idlePoint = null;
    }
  }

  get pending(): number {
    return this.running.size + this.queue.length;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    this.idlePoint ??= createDeferred();
    return this.idlePoint.promise;
  }
}

export interface ServiceDeps {
  store: IdvStore;
  vision: VisionPort | null;
  /** The countries and documents offered (the specimen issuer in demo mode only). */
  documents: DocumentCatalogue;
  pipeline: PipelinePort | null;
  notifier: SessionNotifier;
  jobs: JobTracker;
  /** Sessions whose checks are running now (a delete waits for them). */
  processing: Set<string>;
  now: () => number;
  limits: { jsonBytes: number; imageBytes: number };
  logger: Logger;
}

export interface RequestContext {
  deps: ServiceDeps;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  body: Buffer;
  /** Set by signed-request auth on the RP API. */
  app: AppRecord | null;
  /** Set by bearer-token auth on the client API. */
  session: SessionRecord | null;
  /** Which API the request came in on. */
  api: ApiKind;
  /**
   * Who captures through the client API: the person (END_USER, the session's own token) or a
   * registered branch station (IBV, a token from redeeming the session's letter).
   */
  captureSource: { type: 'END_USER' } | { type: 'IBV'; stationId: string } | null;
}

/** Store refusals become HTTP errors with the store's own explanation. */
export function fromStoreError(err: unknown): unknown {
  if (!(err instanceof IdvStoreError)) return err;
  switch (err.code) {
    case 'NOT_FOUND':
      return new HttpError(404, 'NOT_FOUND', err.message);
    case 'CONFLICT':
      return new HttpError(409, 'CONFLICT', err.message);
    case 'INVALID_INPUT':
      return new HttpError(400, 'INVALID_INPUT', err.message);
    case 'STORE_BUSY':
      return new HttpError(503, 'STORE_BUSY', 'the store is busy; retry shortly', {}, { 'Retry-After': '1' });
    case 'MEDIA_UNREADABLE':
      return new HttpError(500, 'MEDIA_UNREADABLE', 'stored media could not be decrypted');
    default:
      return new HttpError(500, err.code, 'the store failed; nothing was changed');
  }
}

export function requireApp(ctx: RequestContext): AppRecord {
  if (!ctx.app) throw new HttpError(401, 'UNAUTHENTICATED', 'this call needs a signed request');
  return ctx.app;
}

export function requireSession(ctx: RequestContext): SessionRecord {
  if (!ctx.session) throw new HttpError(401, 'UNAUTHENTICATED', 'this call needs a client session token');
  return ctx.session;
}
