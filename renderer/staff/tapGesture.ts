// The hidden staff entry on attract: a number of taps in one corner within a time window. The
// corner and the count are a setting (settings.json `staffGesture`, editable on the admin screen),
// which main gives the start screen each time it shows, so a change applies without a restart.
// Counting is pure (the clock is passed in) so tests drive it with fake timers.
import type { StaffGesture, StaffGestureCorner } from '../../common/ipc/adminChannels';

export const STAFF_GESTURE = { taps: 5, windowMs: 3000, corner: 'top-right', cornerPx: 120 } as const;

/**
 * The corners, in the admin screen's order. A type-checked copy of the contract's list: the renderer
 * imports no zod schema at run time (building one probes eval, which the page's CSP refuses).
 */
const CORNERS: Record<StaffGestureCorner, true> = { 'top-right': true, 'top-left': true, 'bottom-right': true, 'bottom-left': true };
export const GESTURE_CORNERS = Object.keys(CORNERS) as StaffGestureCorner[];

/** What the start screen uses until main has answered (and if it cannot). */
export const FALLBACK_GESTURE: StaffGesture = { corner: STAFF_GESTURE.corner, taps: STAFF_GESTURE.taps };

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

/** Where the invisible tap area sits (inline CSS for the corner the setting names). */
export function cornerPosition(corner: StaffGestureCorner): Record<'top' | 'bottom' | 'left' | 'right', string> {
  const [vertical, horizontal] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  return {
    top: vertical === 'top' ? '0' : 'auto',
    bottom: vertical === 'bottom' ? '0' : 'auto',
    left: horizontal === 'left' ? '0' : 'auto',
    right: horizontal === 'right' ? '0' : 'auto',
  };
}

/**
 * The gesture as set (taps counted anew when the setting changes): `gesture` is read at each tap,
 * so a count or corner main answered late is used from the next tap.
 */
export function createStaffGesture(gesture: () => StaffGesture, now: () => number = Date.now): TapCounter {
  let counter: TapCounter | null = null;
  let forTaps = 0;
  return {
    tap() {
      const taps = gesture().taps;
      if (!counter || forTaps !== taps) {
        counter = createTapCounter(taps, STAFF_GESTURE.windowMs, now);
        forTaps = taps;
      }
      return counter.tap();
    },
  };
}
