// Time for the staff service: the wall clock for lockouts (persisted, so it must be epoch ms) and a
// cancellable timer for idle sign-out. Tests pass a manual clock or use vitest's fake timers.
export interface StaffClock {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: StaffClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    // An idle timer alone must not keep a process (a test, the CLI) alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};
