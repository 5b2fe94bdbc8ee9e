// Focus measure that does not depend on contrast or on how much text a document carries: for an
// edge blurred with a Gaussian of width s, Σ(second derivative)² / Σ(first derivative)² ≈ 1/(2s²),
// whatever the edge's height or count. So the ratio gives an effective blur width in pixels.
import type { GrayImage, Point } from '../contract';
import { insideConvex } from './convexHull';

export interface SharpnessMeasure {
  /** 0..1, higher is sharper; 0 when there is no detail to judge. */
  sharpness: number;
  /** Effective blur width in working pixels (Infinity without detail). */
  blurWidth: number;
  /** Share of sampled pixels with a noticeable gradient. */
  edgeDensity: number;
}

/** Gradients weaker than this (gray levels per pixel) are treated as noise or flat paper. */
const MIN_GRADIENT = 6;
/** Blur width at which sharpness is 0.5. */
const HALF_SHARPNESS_WIDTH = 1.1;

/**
 * Measures sharpness inside `region` (a convex polygon in the gray image's pixels; the whole image
 * when omitted), sampling every `stride`-th row and column.
 */
export function measureSharpness(gray: GrayImage, region?: readonly Point[], stride = 1): SharpnessMeasure {
  const { width: w, height: h, data } = gray;
  let minX = 1;
  let maxX = w - 2;
  let minY = 1;
  let maxY = h - 2;
  if (region) {
    minX = Math.max(1, Math.floor(Math.min(...region.map((p) => p.x))));
    maxX = Math.min(w - 2, Math.ceil(Math.max(...region.map((p) => p.x))));
    minY = Math.max(1, Math.floor(Math.min(...region.map((p) => p.y))));
    maxY = Math.min(h - 2, Math.ceil(Math.max(...region.map((p) => p.y))));
  }
  let g2 = 0;
  let l2 = 0;
  let sampled = 0;
  let edges = 0;
  const minG2 = MIN_GRADIENT * MIN_GRADIENT;
  for (let y = minY; y <= maxY; y += stride) {
    // Inside test per row: the convex region is an interval on each row.
    let x0 = minX;
    let x1 = maxX;
    if (region) {
      while (x0 <= x1 && !insideConvex(region, x0, y)) x0++;
      while (x1 >= x0 && !insideConvex(region, x1, y)) x1--;
      // Stay a little inside the outline: the document border itself is not focus information.
      x0 += 2;
      x1 -= 2;
    }
    const row = y * w;
    for (let x = x0; x <= x1; x += stride) {
      const i = row + x;
      const c = data[i];
      const l = data[i - 1];
      const r = data[i + 1];
      const u = data[i - w];
      const d = data[i + w];
      const gx = (r - l) / 2;
      const gy = (d - u) / 2;
      const gg = gx * gx + gy * gy;
      sampled++;
      if (gg < minG2) continue;
      edges++;
      const lx = r - 2 * c + l;
      const ly = d - 2 * c + u;
      g2 += gg;
      l2 += lx * lx + ly * ly;
    }
  }
  if (edges === 0 || sampled === 0 || l2 === 0) return { sharpness: 0, blurWidth: Infinity, edgeDensity: 0 };
  const edgeDensity = edges / sampled;
  const blurWidth = Math.sqrt(g2 / (2 * l2));
  const sharpness = 1 / (1 + (blurWidth / HALF_SHARPNESS_WIDTH) ** 2);
  return { sharpness, blurWidth, edgeDensity };
}
