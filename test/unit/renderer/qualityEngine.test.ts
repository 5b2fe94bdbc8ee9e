// The capture worker's adapter to vision/quality: one frame's quality with steadiness across
// frames (NOT_STEADY until the document holds still), a reset, and the perspective crop.
import { describe, expect, it } from 'vitest';
import { createQualityEngine } from '../../../renderer/workers/qualityEngine';
import type { Corners } from '../../../renderer/workers/captureProtocol';
import { centredCard, makeFrame } from '../vision-quality/syntheticFrames';

const card = centredCard(1280, 720, 0.45);
const frame = makeFrame({ card, noise: 3 });

describe('quality engine', () => {
  it('is available, and passes only the contract fields of a sharp, still card to the UI', () => {
    const engine = createQualityEngine();
    expect(engine.unavailable).toBeNull();
    const first = engine.assess(frame, 0);
    expect(first.steady).toBe(false); // one frame says nothing about movement
    expect(first.quality.issues).toContain('NOT_STEADY');
    expect(first.quality.ok).toBe(false);
    expect(Object.keys(first.quality).sort()).toEqual(
      ['corners', 'exposure', 'fillRatio', 'glare', 'issues', 'ok', 'sharpness'].sort(),
    );
    first.quality.corners!.forEach((p, i) =>
      expect(Math.hypot(p.x - card[i]!.x, p.y - card[i]!.y)).toBeLessThan(12),
    );
  });

  it('says steady once the card has held still long enough, and forgets it on reset', () => {
    const engine = createQualityEngine();
    let last = engine.assess(frame, 0);
    for (let t = 100; t <= 600; t += 100) last = engine.assess(frame, t);
    expect(last.steady).toBe(true);
    expect(last.quality.issues).toEqual([]);
    expect(last.quality.ok).toBe(true);
    engine.reset();
    expect(engine.assess(frame, 700).steady).toBe(false);
  });

  it('a moving card is not steady', () => {
    const engine = createQualityEngine();
    let last = engine.assess(frame, 0);
    for (let i = 1; i <= 6; i++) {
      const moved = centredCard(1280, 720, 0.45).map((p) => ({ x: p.x + i * 25, y: p.y }));
      last = engine.assess(makeFrame({ card: moved, noise: 3 }), i * 100);
    }
    expect(last.steady).toBe(false);
    expect(last.quality.issues).toContain('NOT_STEADY');
  });

  it('crops the card out of the frame along its corners', () => {
    const engine = createQualityEngine();
    const out = engine.crop(frame, card as Corners);
    const w = Math.hypot(card[1]!.x - card[0]!.x, card[1]!.y - card[0]!.y);
    const h = Math.hypot(card[3]!.x - card[0]!.x, card[3]!.y - card[0]!.y);
    expect(Math.abs(out.width - w)).toBeLessThan(w * 0.05);
    expect(Math.abs(out.height - h)).toBeLessThan(h * 0.05);
    expect(out.data.length).toBe(out.width * out.height * 4);
  });
});
