import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import path from 'node:path';
import type { RgbaImage } from '../../../vision/contract';
import { assessFrame } from '../../../vision/quality';
import { centredCard, makeFrame } from './syntheticFrames';

const specimens = path.resolve(__dirname, '../../fixtures/specimens');

async function load(file: string, resize?: { width: number; height: number }): Promise<RgbaImage> {
  let pipeline = sharp(path.join(specimens, file));
  if (resize) pipeline = pipeline.resize(resize.width, resize.height, { fit: 'contain', background: '#000' });
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const card = centredCard(1280, 720, 0.45, 8);

describe('assessFrame on synthetic frames', () => {
  it('accepts a sharp card on a dark background and finds its corners', () => {
    const q = assessFrame(makeFrame({ card, noise: 3 }));
    expect(q.issues).toEqual([]);
    expect(q.ok).toBe(true);
    expect(q.corners).toHaveLength(4);
    // Each found corner within 12 px (about 1% of the frame width) of the drawn one.
    q.corners!.forEach((p, i) => expect(Math.hypot(p.x - card[i].x, p.y - card[i].y)).toBeLessThan(12));
    expect(q.fillRatio).toBeGreaterThan(0.4);
    expect(q.fillRatio).toBeLessThan(0.5);
    expect(q.sharpness).toBeGreaterThan(0.8);
    expect(q.glare).toBe(0);
  });

  it('flags a strongly blurred card, and sharpness falls as blur grows', () => {
    const values = [0, 1, 2, 4].map((blur) => assessFrame(makeFrame({ card, noise: 3, blur })).sharpness);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
    const blurred = assessFrame(makeFrame({ card, noise: 3, blur: 4 }));
    expect(blurred.issues).toContain('BLURRED');
    expect(blurred.ok).toBe(false);
    expect(blurred.corners).toHaveLength(4);
  });

  it('does not mistake contrast for focus: a faint sharp card stays sharp', () => {
    const q = assessFrame(makeFrame({ card, noise: 2, paper: 190, ink: 120, background: 60 }));
    expect(q.issues).not.toContain('BLURRED');
  });

  it('flags glare inside the document', () => {
    const q = assessFrame(makeFrame({ card, noise: 3, glare: [{ u: 0.6, v: 0.4, r: 0.1 }] }));
    expect(q.issues).toEqual(['GLARE']);
    expect(q.glare).toBeGreaterThan(0.02);
    // Glare is a share of the document area: a spot of radius 0.1 card widths covers ~5%.
    expect(q.glare).toBeLessThan(0.15);
  });

  it('says NO_DOCUMENT for an empty frame and TOO_DARK when it is dark', () => {
    const dark = assessFrame(makeFrame({ noise: 3 }));
    expect(dark.corners).toBeNull();
    expect(dark.issues).toEqual(['NO_DOCUMENT', 'TOO_DARK']);
    const grey = assessFrame(makeFrame({ noise: 3, background: 150 }));
    expect(grey.issues).toEqual(['NO_DOCUMENT']);
    expect(grey.ok).toBe(false);
  });

  it('flags a card that covers too little of the frame', () => {
    const q = assessFrame(makeFrame({ card: centredCard(1280, 720, 0.08), noise: 3 }));
    expect(q.issues).toEqual(['TOO_SMALL']);
  });

  it('finds a dark card on a light surface too', () => {
    const q = assessFrame(
      makeFrame({ card: centredCard(1280, 720, 0.45, -5), background: 230, paper: 120, ink: 20, noise: 3 }),
    );
    expect(q.ok).toBe(true);
    expect(q.fillRatio).toBeGreaterThan(0.4);
  });

  it('finds a light card on a light desk by its edges', () => {
    const tilted = centredCard(1280, 720, 0.4, 6);
    const q = assessFrame(makeFrame({ card: tilted, background: 200, paper: 228, noise: 3 }));
    expect(q.ok).toBe(true);
    q.corners!.forEach((p, i) => expect(Math.hypot(p.x - tilted[i].x, p.y - tilted[i].y)).toBeLessThan(16));
  });

  it('flags an underexposed document', () => {
    const q = assessFrame(makeFrame({ card, background: 5, paper: 45, ink: 10, noise: 2 }));
    expect(q.issues).toContain('TOO_DARK');
  });

  it('works on small and odd-sized images', () => {
    const q = assessFrame(
      makeFrame({ width: 333, height: 211, card: centredCard(333, 211, 0.5, 3), noise: 2 }),
    );
    expect(q.corners).toHaveLength(4);
    expect(q.issues).not.toContain('NO_DOCUMENT');
    const tiny = assessFrame({ width: 3, height: 2, data: new Uint8Array(24) });
    expect(tiny.issues).toContain('NO_DOCUMENT');
  });

  it('rejects malformed images with a clear error', () => {
    expect(() => assessFrame({ width: 10, height: 10, data: new Uint8Array(12) })).toThrow(/expected 400/);
    expect(() => assessFrame({ width: 0, height: 10, data: new Uint8Array(0) })).toThrow(/positive integers/);
  });
});

describe('assessFrame on the specimens', () => {
  it.each(['passport-td3.png', 'passport-td3.jpg', 'passport-td2.png', 'passport-td2.jpg'])(
    '%s is a good capture',
    async (file) => {
      const q = assessFrame(await load(file));
      expect(q.issues).toEqual([]);
      expect(q.fillRatio).toBeGreaterThan(0.7);
    },
  );

  it('a specimen letterboxed into a 1280×720 camera frame (as the e2e fake camera shows it)', async () => {
    const q = assessFrame(await load('passport-td3.png', { width: 1280, height: 720 }));
    expect(q.ok).toBe(true);
    // The page is 1091 px wide, centred: its sides at x≈94 and x≈1186.
    expect(q.corners![0].x).toBeGreaterThan(80);
    expect(q.corners![0].x).toBeLessThan(110);
    expect(q.corners![1].x).toBeGreaterThan(1170);
  });

  it('a blurred specimen is flagged', async () => {
    const img = await load('passport-td3.png');
    const { data, info } = await sharp(Buffer.from(img.data), {
      raw: { width: img.width, height: img.height, channels: 4 },
    })
      .blur(8)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const q = assessFrame({ width: info.width, height: info.height, data: new Uint8Array(data) });
    expect(q.issues).toContain('BLURRED');
  });

  it('light camera softness (σ 1.5 px) is not called blurred', async () => {
    const img = await load('passport-td3.png');
    const { data, info } = await sharp(Buffer.from(img.data), {
      raw: { width: img.width, height: img.height, channels: 4 },
    })
      .blur(1.5)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(
      assessFrame({ width: info.width, height: info.height, data: new Uint8Array(data) }).issues,
    ).toEqual([]);
  });

  it('the photo without a document says NO_DOCUMENT', async () => {
    const q = assessFrame(await load('pacman.jpg'));
    expect(q.issues).toContain('NO_DOCUMENT');
    expect(q.ok).toBe(false);
  });
});
