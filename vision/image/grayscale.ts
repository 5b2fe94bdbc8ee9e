// Luminance images at reduced resolution: every per-frame analysis starts here, so it is one pass
// over the RGBA bytes with integer arithmetic (the capture worker runs it at camera frame rate).
import type { GrayImage, RgbaImage } from '../contract';

/** Rec. 601 luma with integer weights (sum 256). */
function lumaAt(data: Uint8Array | Uint8ClampedArray, i: number): number {
  return (data[i] * 77 + data[i + 1] * 150 + data[i + 2] * 29) >> 8;
}

/** Full-resolution luminance. */
export function toGray(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  for (let p = 0, i = 0; p < out.length; p++, i += 4) out[p] = lumaAt(data, i);
  return { width, height, data: out };
}

/**
 * Luminance box-averaged by an integer factor (factor 1 is plain conversion). Blocks at the right
 * and bottom edges that would be partial are dropped, so the output is floor(size / factor).
 * For large factors only a 4×4 grid of each block is sampled: it keeps a 12 MP still under a few
 * tens of milliseconds while still averaging away sensor noise.
 */
export function grayDownscaled(image: RgbaImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return toGray(image);
  const { width, data } = image;
  const ow = Math.max(1, Math.floor(image.width / f));
  const oh = Math.max(1, Math.floor(image.height / f));
  const out = new Uint8Array(ow * oh);
  const step = f > 4 ? f / 4 : 1;
  const samples: number[] = [];
  for (let s = 0; s < f; s += step) samples.push(Math.floor(s));
  const n = samples.length * samples.length;
  for (let oy = 0; oy < oh; oy++) {
    const y0 = oy * f;
    for (let ox = 0; ox < ow; ox++) {
      const x0 = ox * f;
      let sum = 0;
      for (const dy of samples) {
        let i = ((y0 + dy) * width + x0) * 4;
        if (step === 1) {
          for (let dx = 0; dx < f; dx++, i += 4) sum += lumaAt(data, i);
        } else {
          for (const dx of samples) sum += lumaAt(data, i + dx * 4);
        }
      }
      out[oy * ow + ox] = (sum / n) | 0;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** Halves a gray image with a 2×2 box average. */
export function halveGray(image: GrayImage): GrayImage {
  const ow = Math.max(1, image.width >> 1);
  const oh = Math.max(1, image.height >> 1);
  const out = new Uint8Array(ow * oh);
  const w = image.width;
  const src = image.data;
  if (image.width < 2 || image.height < 2)
    return { width: image.width, height: image.height, data: src.slice() };
  for (let y = 0; y < oh; y++) {
    const r0 = 2 * y * w;
    const r1 = r0 + w;
    for (let x = 0; x < ow; x++) {
      const c = 2 * x;
      out[y * ow + x] = (src[r0 + c] + src[r0 + c + 1] + src[r1 + c] + src[r1 + c + 1] + 2) >> 2;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** The integer factor that brings the longer side to at most maxSide. */
export function factorForMaxSide(width: number, height: number, maxSide: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
}
