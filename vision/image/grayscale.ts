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
 * For factors above 4 only a 4×4 grid of each block is sampled: it keeps a 12 MP still under a
 * few tens of milliseconds while still averaging away sensor noise.
 */
export function grayDownscaled(image: RgbaImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return toGray(image);
  if (f === 2) return grayHalved(image);
  const { width, data } = image;
  const ow = Math.max(1, Math.floor(image.width / f));
  const oh = Math.max(1, Math.floor(image.height / f));
  const out = new Uint8Array(ow * oh);
  // Up to 4×4 samples a block, evenly spread.
  const n = Math.min(f, 4);
  const offsets = new Int32Array(n);
  for (let k = 0; k < n; k++) offsets[k] = Math.floor((k * f) / n);
  const count = n * n;
  for (let oy = 0; oy < oh; oy++) {
    const y0 = oy * f;
    for (let ox = 0; ox < ow; ox++) {
      const x0 = ox * f;
      let sum = 0;
      for (let a = 0; a < n; a++) {
        const row = (y0 + offsets[a]) * width + x0;
        for (let b = 0; b < n; b++) {
          const i = (row + offsets[b]) * 4;
          sum += data[i] * 77 + data[i + 1] * 150 + data[i + 2] * 29;
        }
      }
      out[oy * ow + ox] = (sum / count) >> 8;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** The 2×2 case, unrolled: a 1280×720 camera frame goes through here every frame. */
function grayHalved(image: RgbaImage): GrayImage {
  const { width, data } = image;
  const ow = Math.max(1, image.width >> 1);
  const oh = Math.max(1, image.height >> 1);
  const out = new Uint8Array(ow * oh);
  const stride = width * 4;
  for (let oy = 0; oy < oh; oy++) {
    let i = oy * 2 * stride;
    let o = oy * ow;
    for (let ox = 0; ox < ow; ox++, i += 8, o++) {
      const j = i + stride;
      const r = data[i] + data[i + 4] + data[j] + data[j + 4];
      const g = data[i + 1] + data[i + 5] + data[j + 1] + data[j + 5];
      const b = data[i + 2] + data[i + 6] + data[j + 2] + data[j + 6];
      out[o] = (r * 77 + g * 150 + b * 29) >> 10;
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
