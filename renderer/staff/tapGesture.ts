// The hidden staff entry on attract: a number of taps in one corner within a time window. Pure
// counting (the clock is passed in) so tests drive it with fake timers. The count, window and
// corner are constants for now; settings could carry them later.
export const STAFF_GESTURE = { taps: 5, windowMs: 3000, corner: 'top-right', cornerPx: 120 } as const;

export interface TapCounter {
  /** Records a tap; true when this tap completes the gesture (the count then starts over). */
  tap(): boolean;
}

export function createTapCounter(
  taps: number = STAFF_GESTURE.taps,
  windowMs: number = STAFF_GESTURE.windowMs,
  now: () => number = Date.now,
): TapCounter {
  let times: number[] = [];
  return {
    tap() {
      const at = now();
      times = [...times.filter((t) => at - t < windowMs), at];
      if (times.length < taps) return false;
      times = [];
      return true;
    },
  };
}
