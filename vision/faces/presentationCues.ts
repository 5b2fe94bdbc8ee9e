// Image cues that a face is presented rather than present: it is part of a document (an MRZ, lines
// of printed text, the face a small part of the frame), or it is shown on a screen or a print (a
// periodic pixel grid, subpixel stripes, moiré or halftone dots). Measurements only; the gates
// that turn them into pass/fail live in livenessGates.ts. Platform-neutral.
import type { FaceBox, GrayImage, RgbaImage } from '../contract';
import { grayDownscaled } from '../image/grayscale';
import { locateMrz } from '../mrz/mrzLocator';
import { connectedBlobs, darkMask, type Blob } from '../mrz/textBlobs';

export interface DocumentContext {
  /** Face box area over frame area. */
  faceShare: number;
  /** A machine-readable zone was located in the frame. */
  mrzFound: boolean;
  /** Rows of printed characters outside the face (3+ evenly sized blobs in a line). */
  textLines: number;
}

export interface PeriodicPattern {
  /** The strongest periodic repeat of the fine texture at a lag of 2–12 px (normalised
   * autocorrelation of the high-pass residual at the lag minus that at half the lag, so 0..2);
   * skin, camera noise and straight edges sit low. */
  score: number;
  /** The lag (px) of that repeat. */
  lag: [number, number];
}

/** Longest side the text search works at: characters of a held-up page stay ≥ 5 px tall. */
const TEXT_SEARCH_SIDE = 1000;

/** Rows of 3+ text-like blobs (similar height, evenly spaced on a line) away from the face. */
function countTextLines(gray: GrayImage, exclude: FaceBox): number {
  const radius = Math.max(4, Math.round(Math.max(gray.width, gray.height) / 60));
  const mask = darkMask(gray, radius);
  const blobs = connectedBlobs(mask, gray.width, gray.height, 4).filter(
    (b) =>
      b.h >= 5 &&
      b.h <= gray.height / 25 &&
      b.w <= 2.5 * b.h &&
      b.w >= 0.15 * b.h &&
      !(
        b.cx > exclude.x &&
        b.cx < exclude.x + exclude.width &&
        b.cy > exclude.y &&
        b.cy < exclude.y + exclude.height
      ),
  );
  blobs.sort((a, b) => a.cx - b.cx);
  const used = new Uint8Array(blobs.length);
  let lines = 0;
  for (let i = 0; i < blobs.length; i++) {
    if (used[i]) continue;
    const chain: Blob[] = [blobs[i]];
    let last = blobs[i];
    for (let j = i + 1; j < blobs.length; j++) {
      const b = blobs[j];
      const gap = b.minX - last.maxX;
      if (gap > 1.5 * last.h) {
        if (b.cx - last.cx > 4 * last.h) break;
        continue;
      }
      if (used[j] || Math.abs(b.cy - last.cy) > 0.35 * last.h || Math.abs(b.h - last.h) > 0.4 * last.h)
        continue;
      chain.push(b);
      used[j] = 1;
      last = b;
    }
    if (chain.length >= 5) lines++;
  }
  return lines;
}

/** Where the face sits in the frame: the document cues around it. */
export function documentContext(image: RgbaImage, face: FaceBox): DocumentContext {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / TEXT_SEARCH_SIDE));
  const gray = grayDownscaled(image, factor);
  const scaled: FaceBox = {
    x: face.x / factor,
    y: face.y / factor,
    width: face.width / factor,
    height: face.height / factor,
  };
  return {
    faceShare: (face.width * face.height) / (image.width * image.height),
    mrzFound: locateMrz(gray).length > 0,
    textLines: countTextLines(gray, scaled),
  };
}

/** Side of the square window around the face the pattern is measured in (full resolution). */
const PATTERN_WINDOW = 192;
const MAX_LAG = 12;

/** High-pass residual (value minus its 3×3 mean) of a channel over a window. */
function residual(values: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += values[i + dy * w + dx];
      out[i] = values[i] - s / 9;
    }
  }
  return out;
}

/**
 * The strongest periodic repeat of `r`: for each lag d (2..MAX_LAG px, any direction), the
 * normalised autocorrelation at d minus that at d/2. A period-p grid correlates at p and
 * anti-correlates at p/2; a straight edge or a smooth gradient correlates at both, so it scores
 * near 0 (edges alone would otherwise look like a repeat along their length).
 */
function strongestRepeat(r: Float32Array, w: number, h: number): { score: number; lag: [number, number] } {
  const m = MAX_LAG + 1;
  let zero = 0;
  for (let y = m; y < h - m; y++) for (let x = m; x < w - m; x++) zero += r[y * w + x] * r[y * w + x];
  if (zero <= 1e-6) return { score: 0, lag: [0, 0] };
  const span = 2 * MAX_LAG + 1;
  // Half the lag plane (the other half is symmetric): dy 0..MAX_LAG, dx -MAX_LAG..MAX_LAG.
  const corr = new Float64Array(span * (MAX_LAG + 1));
  for (let dy = 0; dy <= MAX_LAG; dy++) {
    for (let dx = -MAX_LAG; dx <= MAX_LAG; dx++) {
      if (dy === 0 && dx <= 0) continue;
      let s = 0;
      for (let y = m; y < h - m; y++) {
        const row = y * w;
        const other = (y + dy) * w + dx;
        for (let x = m; x < w - m; x++) s += r[row + x] * r[other + x];
      }
      corr[dy * span + dx + MAX_LAG] = s / zero;
    }
  }
  const at = (dx: number, dy: number): number => {
    if (dx === 0 && dy === 0) return 1;
    if (dy < 0 || (dy === 0 && dx < 0)) return at(-dx, -dy);
    return corr[dy * span + dx + MAX_LAG];
  };
  let best = 0;
  let lag: [number, number] = [0, 0];
  for (let dy = 0; dy <= MAX_LAG; dy++) {
    for (let dx = -MAX_LAG; dx <= MAX_LAG; dx++) {
      if (Math.max(Math.abs(dx), dy) < 2 || (dy === 0 && dx <= 0)) continue;
      const score = at(dx, dy) - at(Math.round(dx / 2), Math.round(dy / 2));
      if (score > best) {
        best = score;
        lag = [dx, dy];
      }
    }
  }
  return { score: best, lag };
}

/**
 * A periodic fine texture over the face: a screen's pixel grid (its subpixel stripes differ in
 * luminance too) or a print's halftone. Luminance only: JPEG's half-resolution colour planes
 * repeat every 2 px in the red-blue difference of every camera frame.
 */
export function periodicPattern(image: RgbaImage, face: FaceBox): PeriodicPattern {
  const side = Math.min(PATTERN_WINDOW, image.width, image.height);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const x0 = Math.round(Math.min(Math.max(0, cx - side / 2), image.width - side));
  const y0 = Math.round(Math.min(Math.max(0, cy - side / 2), image.height - side));
  const luma = new Float32Array(side * side);
  const d = image.data;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = ((y0 + y) * image.width + x0 + x) * 4;
      luma[y * side + x] = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    }
  }
  return strongestRepeat(residual(luma, side, side), side, side);
}
