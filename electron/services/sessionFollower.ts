// Follows a submitted session until the service reports a final state. Polls with exponential
// backoff (common/backoff); a notification from the service (see notificationReceiver.ts) makes it
// poll at once, so with notifications configured the result shows up as soon as it exists. The
// final fetch is handed on with the update, so whoever builds the report does not fetch it again.
import { backoffDelay, type BackoffPolicy } from '../../common/backoff';
import { errorMessage } from '../../common/errorMessage';
import { isRetryable } from './serviceErrors';

export type FollowedState = 'PROCESSING' | 'COMPLETED' | 'EXPIRED' | 'FAILED';

export interface FollowUpdate<R> {
  state: FollowedState;
  /** Why, for FAILED/EXPIRED; null otherwise. Free of ids and tokens. */
  message: string | null;
  /** The fetch that showed a final state (COMPLETED, EXPIRED); null for PROCESSING and FAILED. */
  result: R | null;
}

export interface SessionFollowerOptions<R> {
  /** Fetches the session (the SDK's GetSessionResult in the kiosk). */
  fetch(sessionId: string): Promise<R>;
  /** The service's session state string of a fetch, e.g. ONGOING, COMPLETED, EXPIRED. */
  stateOf(result: R): string;
  /** Delay after the first poll; doubles each poll up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up (FAILED) when no final state arrives within this time. */
  deadlineMs?: number;
  now?: () => number;
}

export interface SessionFollower<R> {
  follow(sessionId: string, onUpdate: (u: FollowUpdate<R>) => void): () => void;
  /** A notification arrived for this session: poll now rather than at the next backoff step. */
  notify(sessionId: string): void;
  following(): number;
  close(): void;
}

interface Followed<R> {
  timer: NodeJS.Timeout | null;
  /** Polls since the start or the last notification: the backoff step. */
  polls: number;
  startedAt: number;
  polling: boolean;
  again: boolean;
  stopped: boolean;
  last: FollowedState | null;
  onUpdate: (u: FollowUpdate<R>) => void;
}

export function createSessionFollower<R>(opts: SessionFollowerOptions<R>): SessionFollower<R> {
  const backoff: BackoffPolicy = { baseMs: opts.initialDelayMs ?? 500, maxMs: opts.maxDelayMs ?? 10_000 };
  const deadline = opts.deadlineMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const followed = new Map<string, Followed<R>>();

  function stop(sessionId: string): void {
    const f = followed.get(sessionId);
    if (!f) return;
    f.stopped = true;
    if (f.timer) clearTimeout(f.timer);
    followed.delete(sessionId);
  }

  function emit(f: Followed<R>, u: FollowUpdate<R>): void {
    if (f.last === u.state && u.state === 'PROCESSING') return;
    f.last = u.state;
    f.onUpdate(u);
  }

  function arm(sessionId: string, f: Followed<R>, delay: number): void {
    if (f.stopped) return;
    if (f.timer) clearTimeout(f.timer);
    f.timer = setTimeout(() => void poll(sessionId, f), delay);
    f.timer.unref?.();
  }

  async function poll(sessionId: string, f: Followed<R>): Promise<void> {
    if (f.stopped) return;
    if (f.polling) {
      f.again = true;
      return;
    }
    f.polling = true;
    f.timer = null;
    try {
      const result = await opts.fetch(sessionId);
      if (f.stopped) return;
      const state = opts.stateOf(result);
      if (state === 'COMPLETED') {
        stop(sessionId);
        emit(f, { state: 'COMPLETED', message: null, result });
        return;
      }
      if (state === 'EXPIRED') {
        stop(sessionId);
        emit(f, { state: 'EXPIRED', message: 'The session expired before a result was ready.', result });
        return;
      }
      emit(f, { state: 'PROCESSING', message: null, result: null });
    } catch (err) {
      if (f.stopped) return;
      if (!isRetryable(err)) {
        stop(sessionId);
        emit(f, { state: 'FAILED', message: errorMessage(err), result: null });
        return;
      }
    } finally {
      f.polling = false;
    }
    if (now() - f.startedAt > deadline) {
      stop(sessionId);
      emit(f, {
        state: 'FAILED',
        message: 'No result arrived in time; staff can look the session up later.',
        result: null,
      });
      return;
    }
    if (f.again) {
      f.again = false;
      arm(sessionId, f, 0);
      return;
    }
    f.polls++;
    arm(sessionId, f, backoffDelay(f.polls, backoff));
  }

  return {
    follow(sessionId, onUpdate) {
      stop(sessionId);
      const f: Followed<R> = {
        timer: null,
        polls: 0,
        startedAt: now(),
        polling: false,
        again: false,
        stopped: false,
        last: null,
        onUpdate,
      };
      followed.set(sessionId, f);
      arm(sessionId, f, 0);
      return () => stop(sessionId);
    },
    notify(sessionId) {
      const f = followed.get(sessionId);
      if (!f) return;
      f.polls = 0;
      if (f.polling) f.again = true;
      else arm(sessionId, f, 0);
    },
    following: () => followed.size,
    close() {
      for (const id of [...followed.keys()]) stop(id);
    },
  };
}
