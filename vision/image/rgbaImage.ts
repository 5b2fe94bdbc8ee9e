// Validation and resizing of RGBA images, used by quality, faces and the barcode reader.
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

/**
 * Writes the bilinear sample of `image` at (x, y), in pixel-index coordinates (pixel centres at
 * integers), into the four bytes of `out` from `o`. Points outside take the nearest edge pixel.
 */
export function sampleRgbaBilinear(image: RgbaImage, x: number, y: number, out: Uint8Array, o: number): void {
  const { width, height, data: src } = image;
  const fx = Math.min(width - 1, Math.max(0, x));
  const fy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const i00 = (y0 * width + x0) * 4;
  const i01 = (y0 * width + x1) * 4;
  const i10 = (y1 * width + x0) * 4;
  const i11 = (y1 * width + x1) * 4;
  for (let c = 0; c < 4; c++) {
    const top = src[i00 + c] + (src[i01 + c] - src[i00 + c]) * wx;
    const bottom = src[i10 + c] + (src[i11 + c] - src[i10 + c]) * wx;
    out[o + c] = Math.round(top + (bottom - top) * wy);
  }
}

/** Bilinear resize (area-averaging is not needed for the moderate factors it is used with). */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const out = new Uint8Array(w * h * 4);
  const sx = image.width / w;
  const sy = image.height / h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      sampleRgbaBilinear(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, out, (y * w + x) * 4);
    }
  }
  return { width: w, height: h, data: out };
}
