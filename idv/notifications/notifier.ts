// Session notifications, as Yoti sends them: POST {session_id, topic} to the endpoint in the
// session's NotificationConfig, with its auth (BASIC: "Basic base64(auth_token)", auth_token being
// "user:password"; BEARER: "Bearer auth_token").
//
// notify() only enqueues and returns: a slow or dead endpoint never holds up the API request that
// caused the event. Deliveries of one session go out in order (a later topic waits for an earlier one
// being retried); sessions are independent. Retries use exponential backoff with jitter, a bounded
// number of attempts, and honour Retry-After; a 4xx other than 408/429 is final. close() cancels
// pending retries and aborts requests in flight.
import { backoffDelay } from '../../common/backoff';
import { createDeferred, type Deferred } from '../../common/deferred';
import { errorMessage } from '../../common/errorMessage';
import {
  SENT_NOTIFICATION_TOPICS,
  type SentNotificationTopic as NotificationTopic,
} from '../../common/notificationTopics';
import type { NotificationSettings } from '../store/types';

export type DeliveryEvent =
  | { type: 'delivered'; sessionId: string; topic: NotificationTopic; attempts: number; status: number }
  | {
      type: 'retrying';
      sessionId: string;
      topic: NotificationTopic;
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | { type: 'failed'; sessionId: string; topic: NotificationTopic; attempts: number; reason: string }
  | { type: 'dropped'; sessionId: string; topic: NotificationTopic; reason: string };

export interface NotifierOptions {
  /** Attempts per notification, first one included (default 6). */
  maxAttempts?: number;
  /** First retry delay; doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** Cap of one delay, Retry-After included (default 30 s). */
  maxDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Pending notifications kept at most, all sessions together (default 10 000); beyond, new ones are dropped. */
  maxPending?: number;
  /** Outcome of each delivery, for logs and tests. Never carries the auth token. */
  onEvent?: (event: DeliveryEvent) => void;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Randomness for jitter (0..1), injectable for tests. */
  random?: () => number;
}

export interface Notifier {
  /**
   * Queues a notification if the session asked for notifications and for this topic (an empty
   * topic list means every topic). Returns whether it was queued. Never throws, never waits.
   */
  notify(settings: NotificationSettings | null, sessionId: string, topic: NotificationTopic): boolean;
  /** Resolves when every queued notification has been delivered or given up (tests, shutdown). */
  idle(): Promise<void>;
  /** Number of notifications queued or in flight. */
  pending(): number;
  /** Stops: pending retries are cancelled, requests in flight aborted, later notify() ignored. */
  close(): Promise<void>;
}

interface Job {
  settings: NotificationSettings;
  sessionId: string;
  topic: NotificationTopic;
}

class FinalFailure extends Error {}

export function authorizationHeader(settings: NotificationSettings): string | null {
  if (!settings.authToken) return null;
  // Yoti's default auth type is BASIC when only a token is given.
  if (settings.authType === 'BEARER') return `Bearer ${settings.authToken}`;
  return `Basic ${Buffer.from(settings.authToken, 'utf8').toString('base64')}`;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export function createNotifier(options: NotifierOptions = {}): Notifier {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxPending = options.maxPending ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const emit = (event: DeliveryEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a failing logger must not break delivery
    }
  };

  /** One chain per session: deliveries of a session stay in order. */
  const chains = new Map<string, Promise<void>>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const closing = new AbortController();
  let pendingCount = 0;
  let closed = false;
  let idlePoint: Deferred<void> | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      const entry = {
        timer: setTimeout(() => {
          timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      entry.timer.unref();
      timers.add(entry);
    });

  async function attempt(job: Job): Promise<number> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const auth = authorizationHeader(job.settings);
    if (auth) headers.authorization = auth;
    const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]);
    const response = await doFetch(job.settings.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ session_id: job.sessionId, topic: job.topic }),
      signal,
      // A redirect could carry the credentials elsewhere: treat it as a failure instead.
      redirect: 'error',
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return response.status;
    const error = new Error(`HTTP ${response.status}`) as Error & { retryAfter?: number | null };
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429
    ) {
      throw new FinalFailure(`HTTP ${response.status}`);
    }
    error.retryAfter = retryAfterMs(response.headers.get('retry-after'));
    throw error;
  }

  async function deliver(job: Job): Promise<void> {
    for (let n = 1; ; n++) {
      if (closed) return emit({ ...pick(job), type: 'dropped', reason: 'notifier closed' });
      try {
        const status = await attempt(job);
        return emit({ ...pick(job), type: 'delivered', attempts: n, status });
      } catch (err) {
        const reason = errorMessage(err);
        if (closed) return emit({ ...pick(job), type: 'dropped', reason: 'notifier closed' });
        if (err instanceof FinalFailure || n >= maxAttempts) {
          return emit({ ...pick(job), type: 'failed', attempts: n, reason });
        }
        // Up to half the delay off at random (1 − random: random() = 1 gives the full delay).
        const backoff = backoffDelay(
          n,
          { baseMs: baseDelayMs, maxMs: maxDelayMs, jitter: 0.5, jitterMode: 'down' },
          () => 1 - random(),
        );
        const hinted = (err as { retryAfter?: number | null }).retryAfter;
        const delayMs = Math.round(Math.min(maxDelayMs, Math.max(backoff, hinted ?? 0)));
        emit({ ...pick(job), type: 'retrying', attempt: n, delayMs, reason });
        await sleep(delayMs);
      }
    }
  }

  function settle(): void {
    pendingCount--;
    if (pendingCount === 0) {
      idlePoint?.resolve();
      idlePoint = null;
    }
  }

  return {
    notify(settings, sessionId, topic) {
      if (closed || !settings || !settings.endpoint) return false;
      if (!SENT_NOTIFICATION_TOPICS.includes(topic)) return false;
      const topics = Array.isArray(settings.topics) ? settings.topics : [];
      if (topics.length > 0 && !topics.includes(topic)) return false;
      if (pendingCount >= maxPending) {
        emit({ type: 'dropped', sessionId, topic, reason: `more than ${maxPending} notifications pending` });
        return false;
      }
      pendingCount++;
      const job: Job = { settings, sessionId, topic };
      const previous = chains.get(sessionId) ?? Promise.resolve();
      const next = previous.then(() => deliver(job)).finally(settle);
      chains.set(sessionId, next);
      // Forget the chain once it is the last one, so finished sessions hold no memory.
      void next.then(() => {
        if (chains.get(sessionId) === next) chains.delete(sessionId);
      });
      return true;
    },
    idle() {
      if (pendingCount === 0) return Promise.resolve();
      idlePoint ??= createDeferred();
      return idlePoint.promise;
    },
    pending: () => pendingCount,
    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
      await Promise.allSettled([...chains.values()]);
    },
  };
}

function pick(job: Job): { sessionId: string; topic: NotificationTopic } {
  return { sessionId: job.sessionId, topic: job.topic };
}
