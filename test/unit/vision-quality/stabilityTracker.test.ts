import { describe, expect, it } from 'vitest';
import type { Point } from '../../../vision/contract';
import { assessFrame, createStabilityTracker, withStability } from '../../../vision/quality';
import { centredCard, makeFrame } from './syntheticFrames';

const quad = (dx = 0, dy = 0): Point[] => [
  { x: 100 + dx, y: 100 + dy },
  { x: 600 + dx, y: 100 + dy },
  { x: 600 + dx, y: 420 + dy },
  { x: 100 + dx, y: 420 + dy },
];

describe('createStabilityTracker', () => {
  it('becomes steady after enough still frames and not before', () => {
    const t = createStabilityTracker({ minSteadyFrames: 5 });
    const signals = Array.from({ length: 7 }, (_, i) => t.update(quad(i % 2 ? 0.5 : 0)));
    expect(signals[0].motion).toBeNull();
    expect(signals.map((s) => s.steady)).toEqual([false, false, false, false, false, true, true]);
  });

  it('resets on motion and on a lost document', () => {
    const t = createStabilityTracker({ minSteadyFrames: 3 });
    for (let i = 0; i < 4; i++) t.update(quad());
    expect(t.update(quad()).steady).toBe(true);
    const moved = t.update(quad(40, 0));
    expect(moved.steady).toBe(false);
    expect(moved.motion).toBeGreaterThan(0.05);
    for (let i = 0; i < 4; i++) t.update(quad(40, 0));
    expect(t.update(null).steady).toBe(false);
    expect(t.update(quad(40, 0)).steadyFrames).toBe(0);
  });

  it('uses time when timestamps are given', () => {
    const t = createStabilityTracker({ minSteadyMs: 400 });
    let s = t.update(quad(), 0);
    for (let ms = 100; ms <= 300; ms += 100) s = t.update(quad(), ms);
    expect(s.steady).toBe(false);
    s = t.update(quad(), 450);
    expect(s.steady).toBe(true);
    expect(s.steadyMs).toBeGreaterThanOrEqual(400);
  });

  it('marks a moving capture NOT_STEADY, on real frames from assessFrame', () => {
    const t = createStabilityTracker({ minSteadyFrames: 2 });
    const frames = [0, 30, 60].map((shift) =>
      makeFrame({
        card: centredCard(1280, 720, 0.4, 0).map((p) => ({ x: p.x + shift, y: p.y })),
        noise: 3,
        seed: shift + 1,
      }),
    );
    const results = frames.map((f) => {
      const q = assessFrame(f);
      return withStability(q, t.update(q.corners));
    });
    expect(results[2].issues).toContain('NOT_STEADY');
    expect(results[2].ok).toBe(false);
    // The same frame again and again settles.
    let last = results[2];
    for (let i = 0; i < 3; i++) {
      const q = assessFrame(frames[2]);
      last = withStability(q, t.update(q.corners));
    }
    expect(last.issues).toEqual([]);
    expect(last.ok).toBe(true);
  });
});
