// The ink gray: black MRZ ink stays dark while coloured print over it (guilloche, a stamp) turns
// as light as the paper; and the cheap test for whether an image has colour worth that read.
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import { hasColour, toGray, toInkGray } from '../../../vision/mrz/grayImage';

function image(pixels: [number, number, number][], width = pixels.length): RgbaImage {
  const data = new Uint8Array(pixels.length * 4);
  pixels.forEach(([r, g, b], i) => data.set([r, g, b, 255], i * 4));
  return { width, height: pixels.length / width, data };
}

describe('toInkGray', () => {
  it('keeps black ink dark and fades coloured print to paper', () => {
    const ink: [number, number, number] = [30, 30, 34];
    const paper: [number, number, number] = [241, 239, 230];
    const blueStamp: [number, number, number] = [59, 79, 160];
    const pinkGuilloche: [number, number, number] = [217, 107, 138];
    const img = image([ink, paper, blueStamp, pinkGuilloche]);
    expect(Array.from(toInkGray(img).data)).toEqual([38, 252, 255, 255]);
    // Luma keeps the stamp and the guilloche darker than the paper by far (what the ink gray fixes).
    expect(Array.from(toGray(img).data)).toEqual([30, 238, 82, 143]);
  });

  it('says why a buffer is refused', () => {
    expect(() => toInkGray({ width: 4, height: 4, data: new Uint8Array(10) })).toThrow(
      'RGBA buffer too short: 10 bytes for 4x4',
    );
  });
});

describe('hasColour', () => {
  const grey = (n: number): [number, number, number][] => Array.from({ length: n }, () => [120, 122, 118]);

  it('is false for a grey image (JPEG tints below the chroma bar included)', () => {
    expect(hasColour(image(grey(100 * 100), 100))).toBe(false);
  });

  it('is true once about 1% of the image is coloured (a stamp, a few lines of guilloche)', () => {
    const px = grey(100 * 100);
    for (let i = 0; i < 100; i++) px[i * 100 + 50] = [217, 107, 138];
    expect(hasColour(image(px, 100))).toBe(true);
  });
});
