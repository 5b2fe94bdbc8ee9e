// The presentation cues on synthetic images: what counts as a periodic pattern (a pixel grid,
// halftone dots) and what must not (camera noise, a straight edge, JPEG colour planes), and the
// document cues on the specimen page.
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import { documentContext, LIVENESS_GATES, periodicPattern } from '../../../vision/faces';
import { seededRandom } from '../../support/docgen/seededRandom';

const W = 256;
const box = { x: 64, y: 64, width: 128, height: 128 };

function image(value: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8Array(W * W * 4);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4;
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))));
      data[o] = data[o + 1] = data[o + 2] = v;
      data[o + 3] = 255;
    }
  }
  return { width: W, height: W, data };
}

describe('periodic pattern', () => {
  const rnd = seededRandom(7);
  const noise = () => 4 * rnd.gauss();

  it('a 3 px pixel grid and 5 px halftone dots score over the gate, at their period', () => {
    const grid = periodicPattern(image((x, y) => 140 + (x % 3 === 2 || y % 3 === 2 ? -25 : 10) + noise()), box);
    expect(grid.score).toBeGreaterThan(LIVENESS_GATES.maxPattern);
    // Any vector of the grid's lattice repeats it: both components are multiples of 3.
    expect(grid.lag.map((v) => Math.abs(v) % 3)).toEqual([0, 0]);
    const dots = periodicPattern(
      image((x, y) => 150 + 30 * (Math.cos((2 * Math.PI * x) / 5) + Math.cos((2 * Math.PI * y) / 5)) + noise()),
      box,
    );
    expect(dots.score).toBeGreaterThan(LIVENESS_GATES.maxPattern);
  });

  it('camera noise on a smooth face, and a straight edge, stay under the gate', () => {
    const skin = periodicPattern(image((x, y) => 120 + 40 * Math.sin(x / 40) * Math.cos(y / 50) + noise()), box);
    expect(skin.score).toBeLessThan(LIVENESS_GATES.maxPattern);
    const edge = periodicPattern(image((x, y) => (y < 128 ? 60 : 200) + noise()), box);
    expect(edge.score).toBeLessThan(LIVENESS_GATES.maxPattern);
  });

  it('a JPEG of a smooth face (half-resolution colour planes, 8 px blocks) stays under the gate', async () => {
    const src = image((x, y) => 120 + 40 * Math.sin(x / 40) * Math.cos(y / 50) + noise());
    for (let i = 0; i < src.data.length; i += 4) src.data[i] = Math.min(255, src.data[i] + 40);
    const jpeg = await sharp(Buffer.from(src.data), { raw: { width: W, height: W, channels: 4 } })
      .jpeg({ quality: 70, chromaSubsampling: '4:2:0' })
      .toBuffer();
    const { data } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(periodicPattern({ width: W, height: W, data: new Uint8Array(data) }, box).score).toBeLessThan(
      LIVENESS_GATES.maxPattern,
    );
  });
});

describe('document context', () => {
  it('the specimen page: an MRZ and lines of printed text around a face that is a small part of it', async () => {
    const file = path.resolve(__dirname, '../../fixtures/specimens/passport-td3.png');
    const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const page = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const c = documentContext(page, { x: 150, y: 260, width: 260, height: 300 });
    expect(c.mrzFound).toBe(true);
    expect(c.textLines).toBeGreaterThanOrEqual(LIVENESS_GATES.maxTextLines);
    expect(c.faceShare).toBeCloseTo((260 * 300) / (info.width * info.height), 5);
  });

  it('a face on a plain wall has no MRZ and no text', () => {
    const rnd = seededRandom(3);
    const c = documentContext(image((x, y) => 180 - Math.hypot(x - 128, y - 128) / 3 + 3 * rnd.gauss()), box);
    expect(c).toEqual({ faceShare: 0.25, mrzFound: false, textLines: 0 });
  });
});
