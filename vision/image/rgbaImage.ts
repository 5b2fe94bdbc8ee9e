// Validation and small transforms of RGBA images (crop, resize) used by quality, faces and tests.
import type { RgbaImage } from '../contract';

/** Throws with a message naming the problem when an RgbaImage is malformed. */
export function assertRgbaImage(image: RgbaImage): void {
  if (!image || typeof image !== 'object') throw new TypeError('image: expected an RgbaImage object');
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image: width and height must be positive integers (got ${width}×${height})`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError('image: data must be a Uint8Array or Uint8ClampedArray');
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(
      `image: data has ${data.length} bytes, expected ${width * height * 4} for ${width}×${height} RGBA`,
    );
  }
}

/** Copies a rectangle (clamped to the image). */
export function cropRgba(image: RgbaImage, x: number, y: number, width: number, height: number): RgbaImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + width));
  const y1 = Math.min(image.height, Math.ceil(y + height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const out = new Uint8Array(w * h * 4);
  for (let row = 0; row < h; row++) {
    const start = ((y0 + row) * image.width + x0) * 4;
    out.set(image.data.subarray(start, start + w * 4), row * w * 4);
  }
  return { width: w, height: h, data: out };
}

/** Bilinear resize (area-averaging is not needed for the moderate factors it is used with). */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const out = new Uint8Array(w * h * 4);
  const sx = image.width / w;
  const sy = image.height / h;
  const src = image.data;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const wx = fx - x0;
      const i00 = (y0 * image.width + x0) * 4;
      const i01 = (y0 * image.width + x1) * 4;
      const i10 = (y1 * image.width + x0) * 4;
      const i11 = (y1 * image.width + x1) * 4;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[i00 + c] + (src[i01 + c] - src[i00 + c]) * wx;
        const bottom = src[i10 + c] + (src[i11 + c] - src[i10 + c]) * wx;
        out[o + c] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return { width: w, height: h, data: out };
}
