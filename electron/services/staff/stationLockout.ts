// Wrong-PIN lockout for the station (not per account: a customer could otherwise try five PINs on
// each name in turn). Pure functions over a small persisted record, so the service can save it
// before answering and a restart cannot reset it.
//
// The first `maxAttempts - 1` wrong PINs only count down; the `maxAttempts`-th locks the station for
// `baseMs`; while locked, nothing is checked (no attempt is spent, no hash computed). Once the lock
// expires, each further wrong PIN locks again at once, for twice as long as the last (capped at
// `maxMs`), the way a phone does. A correct PIN, when not locked, clears everything.
import { z } from 'zod';
import { backoffDelay } from '../../../common/backoff';

export interface LockoutPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxAttempts: 5, baseMs: 30_000, maxMs: 15 * 60_000 };

export const LockoutState = z.strictObject({
  /** Wrong PINs since the last correct one. */
  failures: z.number().int().min(0),
  /** Epoch ms the current (or last) lock ends; null when never locked since the last correct PIN. */
  lockedUntil: z.number().int().nullable(),
  /** How long the current (or last) lock is: bounds a lock if the clock is set back. */
  lockMs: z.number().int().min(0),
});
export type LockoutState = z.infer<typeof LockoutState>;

export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntil: null, lockMs: 0 };

/** Milliseconds the station stays locked at `now` (0 = not locked). */
export function lockRemainingMs(state: LockoutState, now: number): number {
  if (state.lockedUntil === null) return 0;
  const left = state.lockedUntil - now;
  // A clock set back must not stretch a 30 s lock into days: never more than the lock's own length.
  return left <= 0 ? 0 : Math.min(left, state.lockMs);
}

/** Seconds to tell the person (rounded up: "0 s" would invite a retry that is still refused). */
export function retryAfterSeconds(state: LockoutState, now: number): number {
  return Math.ceil(lockRemainingMs(state, now) / 1000);
}

/** Wrong PINs left before the next lock (0 once the threshold is reached: the next wrong one locks). */
export function attemptsLeft(state: LockoutState, policy: LockoutPolicy): number {
  return Math.max(0, policy.maxAttempts - state.failures);
}

/** The state after a wrong PIN at `now` (call only when not locked). */
export function afterWrongPin(state: LockoutState, now: number, policy: LockoutPolicy): LockoutState {
  const failures = state.failures + 1;
  if (failures < policy.maxAttempts) return { ...state, failures };
  // 5th wrong → lock 1 (base), 6th → lock 2 (2 × base), ...
  const lockMs = backoffDelay(failures - policy.maxAttempts + 1, { baseMs: policy.baseMs, maxMs: policy.maxMs });
  return { failures, lockedUntil: now + lockMs, lockMs };
}
