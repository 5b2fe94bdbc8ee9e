// Steadiness across frames for auto-capture: the document's corners must stay put (relative to its
// size) for a while before the kiosk takes the picture by itself.
import type { CaptureQuality, Point } from '../contract';

export interface StabilityOptions {
  /** Mean corner motion between consecutive frames, as a share of the document diagonal, under
   * which a frame counts as still. Default 0.01. */
  maxMotion?: number;
  /** Still frames needed in a row when no timestamps are given. Default 5. */
  minSteadyFrames?: number;
  /** Still time needed when timestamps are given (and at least two still frames). Default 400 ms. */
  minSteadyMs?: number;
}

export interface StabilitySignal {
  steady: boolean;
  /** Motion since the previous frame (share of the diagonal); null without two outlines in a row. */
  motion: number | null;
  steadyFrames: number;
  steadyMs: number;
}

export interface StabilityTracker {
  /** Feed each frame's corners (null when no document was found) and its time in ms. */
  update(corners: readonly Point[] | null, timeMs?: number): StabilitySignal;
  reset(): void;
}

export function createStabilityTracker(options: StabilityOptions = {}): StabilityTracker {
  const maxMotion = options.maxMotion ?? 0.01;
  const minSteadyFrames = options.minSteadyFrames ?? 5;
  const minSteadyMs = options.minSteadyMs ?? 400;
  let previous: Point[] | null = null;
  let steadyFrames = 0;
  let steadySince: number | null = null;
  let lastTime: number | null = null;

  const reset = (): void => {
    previous = null;
    steadyFrames = 0;
    steadySince = null;
    lastTime = null;
  };

  return {
    reset,
    update(corners, timeMs) {
      if (timeMs !== undefined && lastTime !== null && timeMs < lastTime) reset();
      if (timeMs !== undefined) lastTime = timeMs;
      if (!corners || corners.length !== 4) {
        reset();
        if (timeMs !== undefined) lastTime = timeMs;
        return { steady: false, motion: null, steadyFrames: 0, steadyMs: 0 };
      }
      let motion: number | null = null;
      if (previous) {
        const diag = Math.max(1, Math.hypot(corners[2].x - corners[0].x, corners[2].y - corners[0].y));
        let sum = 0;
        for (let i = 0; i < 4; i++)
          sum += Math.hypot(corners[i].x - previous[i].x, corners[i].y - previous[i].y);
        motion = sum / 4 / diag;
      }
      previous = corners.map((p) => ({ x: p.x, y: p.y }));
      if (motion !== null && motion <= maxMotion) {
        steadyFrames++;
        if (steadySince === null) steadySince = timeMs ?? null;
      } else {
        steadyFrames = 0;
        steadySince = timeMs ?? null;
      }
      const steadyMs =
        timeMs !== undefined && steadySince !== null && steadyFrames > 0 ? timeMs - steadySince : 0;
      // With timestamps, steadiness is a duration (frame rates vary); without, a count of frames.
      const steady =
        timeMs !== undefined ? steadyFrames >= 2 && steadyMs >= minSteadyMs : steadyFrames >= minSteadyFrames;
      return { steady, motion, steadyFrames, steadyMs };
    },
  };
}

/** Adds NOT_STEADY to a frame's quality when the tracker says the document is still moving. */
export function withStability<Q extends CaptureQuality>(quality: Q, signal: StabilitySignal): Q {
  if (signal.steady || quality.issues.includes('NOT_STEADY')) return quality;
  const issues = [...quality.issues, 'NOT_STEADY' as const];
  return { ...quality, issues, ok: false };
}
