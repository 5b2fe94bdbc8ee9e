// Exponential backoff with jitter, shared by every retry loop (upload outbox, session follower,
// the IDV service's notifier): attempt 1 waits about baseMs, each further attempt doubles, capped
// at maxMs. Jitter spreads retries of many clients so they do not arrive together.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay that is random (0 = none). */
  jitter?: number;
  /** 'spread': delay × (1 ± jitter); 'down': delay × (1 − jitter … 1). Never past maxMs either way. */
  jitterMode?: 'spread' | 'down';
}

/** Delay before retry number `attempt` (1-based). `random` is 0..1, injectable for tests. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = policy.jitter ?? 0;
  if (jitter <= 0) return Math.round(raw);
  const r = random();
  const factor = policy.jitterMode === 'down' ? 1 - jitter * r : 1 + jitter * (2 * r - 1);
  return Math.round(Math.min(policy.maxMs, Math.max(0, raw * factor)));
}
