// Grayscale conversion, box downscaling and bilinear sampling used by the MRZ reader.
import type { GrayImage, RgbaImage } from '../contract';

/** Luma (BT.601 integer weights) of an RGBA image. */
export function toGray(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const n = width * height;
  if (data.length < n * 4)
    throw new Error(`RGBA buffer too short: ${data.length} bytes for ${width}x${height}`);
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (77 * data[j] + 150 * data[j + 1] + 29 * data[j + 2]) >> 8;
  }
  return { width, height, data: out };
}

/**
 * The brightest channel of each pixel plus its chroma: black ink (grey, no chroma) stays dark,
 * coloured print (guilloche, a watermark, a blue stamp) turns nearly as light as the paper.
 */
export function toInkGray(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const n = width * height;
  if (data.length < n * 4)
    throw new Error(`RGBA buffer too short: ${data.length} bytes for ${width}x${height}`);
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const r = data[j];
    const g = data[j + 1];
    const b = data[j + 2];
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    // Chroma added on top: a saturated blue stamp (max 160) turns as light as paper too.
    const v = 2 * max - min;
    out[i] = v > 255 ? 255 : v;
  }
  return { width, height, data: out };
}

/** Chroma (max - min channel) a pixel needs to count as coloured, and the share of such pixels. */
const COLOUR_CHROMA = 30;
const COLOUR_SHARE = 0.002;

/** Whether a noticeable share of the image is coloured (sampled on a sparse grid). */
export function hasColour(image: RgbaImage): boolean {
  const { width, height, data } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 20000)));
  let coloured = 0;
  let total = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const j = (y * width + x) * 4;
      const r = data[j];
      const g = data[j + 1];
      const b = data[j + 2];
      const chroma = Math.max(r, g, b) - Math.min(r, g, b);
      if (chroma > COLOUR_CHROMA) coloured++;
      total++;
    }
  }
  return total > 0 && coloured / total > COLOUR_SHARE;
}

/** Averages factor×factor blocks (area downscale: no aliasing of thin strokes). */
export function downscale(gray: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return gray;
  const width = Math.floor(gray.width / factor);
  const height = Math.floor(gray.height / factor);
  const out = new Uint8Array(width * height);
  const sums = new Uint32Array(width);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * gray.width;
      for (let x = 0; x < width; x++) {
        let s = 0;
        const base = row + x * factor;
        for (let dx = 0; dx < factor; dx++) s += gray.data[base + dx];
        sums[x] += s;
      }
    }
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round(sums[x] / area);
  }
  return { width, height, data: out };
}

/** Twice as wide and high, bilinear (for zones too small to locate as they are). */
export function upscale2(gray: GrayImage): GrayImage {
  const width = gray.width * 2;
  const height = gray.height * 2;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = (y + 0.5) / 2 - 0.5;
    for (let x = 0; x < width; x++)
      out[y * width + x] = Math.round(sampleBilinear(gray, (x + 0.5) / 2 - 0.5, sy));
  }
  return { width, height, data: out };
}

/** Bilinear sample; outside the image returns the nearest edge pixel. */
export function sampleBilinear(gray: GrayImage, x: number, y: number): number {
  const { width, height, data } = gray;
  if (x < 0) x = 0;
  else if (x > width - 1) x = width - 1;
  if (y < 0) y = 0;
  else if (y > height - 1) y = height - 1;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = x0 < width - 1 ? x0 + 1 : x0;
  const y1 = y0 < height - 1 ? y0 + 1 : y0;
  const fx = x - x0;
  const fy = y - y0;
  const a = data[y0 * width + x0];
  const b = data[y0 * width + x1];
  const c = data[y1 * width + x0];
  const d = data[y1 * width + x1];
  return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
}

/** Rotates a quarter turn clockwise (for documents photographed sideways). */
export function rotateGray90(gray: GrayImage): GrayImage {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h);
  // New pixel (x', y') comes from old (y', h - 1 - x'); new width is the old height.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const nx = h - 1 - y;
    for (let x = 0; x < w; x++) out[x * h + nx] = data[row + x];
  }
  return { width: h, height: w, data: out };
}

/**
 * Rotates by `radians` (clockwise on screen) about the centre, into a canvas that holds the whole
 * image; uncovered corners are white (paper, not ink).
 */
export function rotateGray(gray: GrayImage, radians: number): GrayImage {
  const { width: w, height: h } = gray;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const width = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const height = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const out = new Uint8Array(width * height).fill(255);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const ox = (width - 1) / 2;
  const oy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - oy;
    for (let x = 0; x < width; x++) {
      const dx = x - ox;
      // Inverse rotation: where this output pixel comes from.
      const sx = cx + dx * cos + dy * sin;
      const sy = cy - dx * sin + dy * cos;
      if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) continue;
      out[y * width + x] = Math.round(sampleBilinear(gray, sx, sy));
    }
  }
  return { width, height, data: out };
}
