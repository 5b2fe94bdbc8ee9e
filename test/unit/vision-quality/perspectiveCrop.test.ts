import { describe, expect, it } from 'vitest';
import type { Point } from '../../../vision/contract';
import { assessFrame, perspectiveCrop } from '../../../vision/quality';
import { applyHomography, homographyFromPoints } from '../../../vision/image/homography';
import { makeFrame } from './syntheticFrames';

describe('homography', () => {
  it('maps the four points exactly and is null for collinear points', () => {
    const from: Point[] = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 5 },
      { x: 0, y: 5 },
    ];
    const to: Point[] = [
      { x: 3, y: 4 },
      { x: 40, y: 9 },
      { x: 37, y: 30 },
      { x: 1, y: 26 },
    ];
    const h = homographyFromPoints(from, to)!;
    from.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q.x).toBeCloseTo(to[i].x, 6);
      expect(q.y).toBeCloseTo(to[i].y, 6);
    });
    expect(homographyFromPoints(from, [to[0], to[0], to[0], to[0]])).toBeNull();
  });
});

describe('perspectiveCrop', () => {
  // A tilted quad on a frame; inside it a checker pattern defined in the quad's own coordinates.
  const corners: [Point, Point, Point, Point] = [
    { x: 210, y: 90 },
    { x: 1050, y: 140 },
    { x: 1000, y: 640 },
    { x: 250, y: 600 },
  ];

  it('gives an upright document whose content matches the source', () => {
    const frame = makeFrame({ card: corners, noise: 0 });
    const crop = perspectiveCrop(frame, corners, 800);
    expect(crop.width).toBe(800);
    expect(crop.data.length).toBe(crop.width * crop.height * 4);
    // Aspect from the quad's sides: about (840+750)/2 by (510+500)/2.
    expect(crop.height / crop.width).toBeCloseTo(1010 / 1590, 1);
    // Corner patches of the crop are paper (light), not background (dark).
    const at = (x: number, y: number) => crop.data[(y * crop.width + x) * 4];
    expect(at(5, 5)).toBeGreaterThan(150);
    expect(at(crop.width - 5, crop.height - 5)).toBeGreaterThan(150);
    // The portrait block (card u 0.05..0.35, v 0.2..0.95) is dark in the crop where it should be.
    expect(at(Math.round(crop.width * 0.2), Math.round(crop.height * 0.6))).toBeLessThan(80);
    expect(at(Math.round(crop.width * 0.2), Math.round(crop.height * 0.1))).toBeGreaterThan(150);
  });

  it('crops what assessFrame found', () => {
    const frame = makeFrame({ card: corners, noise: 2 });
    const q = assessFrame(frame);
    const crop = perspectiveCrop(frame, q.corners!);
    expect(crop.width).toBeGreaterThan(700);
    const again = assessFrame(crop);
    // The crop is all document: it fills the frame.
    expect(again.fillRatio).toBeGreaterThan(0.85);
  });

  it('rejects bad corners and sizes', () => {
    const frame = makeFrame({ width: 64, height: 48 });
    const p = { x: 5, y: 5 };
    expect(() => perspectiveCrop(frame, [p, p, p, p])).toThrow(/no area/);
    expect(() => perspectiveCrop(frame, corners, -3)).toThrow(/outWidth/);
    expect(() => perspectiveCrop(frame, [corners[0], corners[1], corners[2]] as never)).toThrow(/four/);
  });
});
