// Follows a submitted session until the service reports a final state. Polls with exponential
// backoff; a notification from the service (see notificationReceiver.ts) makes it poll at once, so
// with notifications configured the result shows up as soon as it exists.
import { isRetryable } from './serviceErrors';

export type FollowedState = 'PROCESSING' | 'COMPLETED' | 'EXPIRED' | 'FAILED';

export interface FollowUpdate {
  state: FollowedState;
  /** Why, for FAILED/EXPIRED; null otherwise. Free of ids and tokens. */
  message: string | null;
}

export interface SessionFollowerOptions {
  /** Returns the service's session state string, e.g. ONGOING, COMPLETED, EXPIRED. */
  fetchState(sessionId: string): Promise<string>;
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Give up (FAILED) when no final state arrives within this time. */
  deadlineMs?: number;
  now?: () => number;
}

export interface SessionFollower {
  follow(sessionId: string, onUpdate: (u: FollowUpdate) => void): () => void;
  /** A notification arrived for this session: poll now rather than at the next backoff step. */
  notify(sessionId: string): void;
  following(): number;
  close(): void;
}

interface Followed {
  timer: NodeJS.Timeout | null;
  delay: number;
  startedAt: number;
  polling: boolean;
  again: boolean;
  stopped: boolean;
  last: FollowedState | null;
  onUpdate: (u: FollowUpdate) => void;
}

export function createSessionFollower(opts: SessionFollowerOptions): SessionFollower {
  const initial = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const factor = opts.factor ?? 1.6;
  const deadline = opts.deadlineMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const followed = new Map<string, Followed>();

  function stop(sessionId: string): void {
    const f = followed.get(sessionId);
    if (!f) return;
    f.stopped = true;
    if (f.timer) clearTimeout(f.timer);
    followed.delete(sessionId);
  }

  function emit(f: Followed, u: FollowUpdate): void {
    if (f.last === u.state && u.state === 'PROCESSING') return;
    f.last = u.state;
    f.onUpdate(u);
  }

  function arm(sessionId: string, f: Followed, delay: number): void {
    if (f.stopped) return;
    if (f.timer) clearTimeout(f.timer);
    f.timer = setTimeout(() => void poll(sessionId, f), delay);
    f.timer.unref?.();
  }

  async function poll(sessionId: string, f: Followed): Promise<void> {
    if (f.stopped) return;
    if (f.polling) {
      f.again = true;
      return;
    }
    f.polling = true;
    f.timer = null;
    try {
      const state = await opts.fetchState(sessionId);
      if (f.stopped) return;
      if (state === 'COMPLETED') {
        stop(sessionId);
        emit(f, { state: 'COMPLETED', message: null });
        return;
      }
      if (state === 'EXPIRED') {
        stop(sessionId);
        emit(f, { state: 'EXPIRED', message: 'The session expired before a result was ready.' });
        return;
      }
      emit(f, { state: 'PROCESSING', message: null });
    } catch (err) {
      if (f.stopped) return;
      if (!isRetryable(err)) {
        stop(sessionId);
        emit(f, {
          state: 'FAILED',
          message: err instanceof Error ? err.message : 'The result could not be fetched.',
        });
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
      });
      return;
    }
    if (f.again) {
      f.again = false;
      arm(sessionId, f, 0);
      return;
    }
    const delay = f.delay;
    f.delay = Math.min(maxDelay, Math.round(f.delay * factor));
    arm(sessionId, f, delay);
  }

  return {
    follow(sessionId, onUpdate) {
      stop(sessionId);
      const f: Followed = {
        timer: null,
        delay: initial,
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
      f.delay = initial;
      if (f.polling) f.again = true;
      else arm(sessionId, f, 0);
    },
    following: () => followed.size,
    close() {
      for (const id of [...followed.keys()]) stop(id);
    },
  };
}
