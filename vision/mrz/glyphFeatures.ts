// Describes the glyph in one cell patch: its ink map resampled to a fixed grid over the glyph's
// own bounding box (size- and font-weight-tolerant), plus its shape proportions.
import { type InkLevels, PATCH_H, PATCH_W } from './glyphCells';
import { sampleBilinear } from './grayImage';

export const GRID_W = 12;
export const GRID_H = 16;
/** Grid values then aspect (w/h) then height relative to the zone's typical glyph height. */
export const FEATURE_DIMS = GRID_W * GRID_H + 2;

export interface GlyphBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Ink pixels found for the glyph; 0 means the cell looked empty. */
  pixels: number;
}

/** Bounding box of the ink components that make up the cell's glyph (not neighbours' edges). */
export function glyphBox(patch: Uint8Array, level: InkLevels): GlyphBox {
  const mask = new Uint8Array(PATCH_W * PATCH_H);
  for (let i = 0; i < mask.length; i++) mask[i] = patch[i] <= level.threshold ? 1 : 0;
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  let box: GlyphBox = { x0: PATCH_W, y0: PATCH_H, x1: -1, y1: -1, pixels: 0 };
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let x0 = PATCH_W;
    let y0 = PATCH_H;
    let x1 = -1;
    let y1 = -1;
    let count = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % PATCH_W;
      const y = (p - x) / PATCH_W;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= PATCH_H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= PATCH_W) continue;
          const q = yy * PATCH_W + xx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    if (count < 3) continue;
    // A glyph component reaches the cell's central zone; pieces of neighbours only touch its edges.
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const centralX = x1 >= PATCH_W * 0.3 && x0 <= PATCH_W * 0.7 && cx > PATCH_W * 0.15 && cx < PATCH_W * 0.85;
    const centralY = y1 >= PATCH_H * 0.35 && y0 <= PATCH_H * 0.65 && cy > PATCH_H * 0.2 && cy < PATCH_H * 0.8;
    if (!centralX || !centralY) continue;
    box = {
      x0: Math.min(box.x0, x0),
      y0: Math.min(box.y0, y0),
      x1: Math.max(box.x1, x1),
      y1: Math.max(box.y1, y1),
      pixels: box.pixels + count,
    };
  }
  return box;
}

/** Feature vector of a glyph; `typicalHeight` is the zone's usual glyph height in patch pixels. */
export function glyphFeatures(
  patch: Uint8Array,
  level: InkLevels,
  box: GlyphBox,
  typicalHeight: number,
): Float32Array {
  const f = new Float32Array(FEATURE_DIMS);
  if (box.pixels === 0) return f;
  const contrast = Math.max(16, level.paper - level.ink);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const image = { width: PATCH_W, height: PATCH_H, data: patch };
  const ink = (x: number, y: number): number => {
    // Bilinear over the patch, in pixel-centre coordinates.
    const g = sampleBilinear(image, x - 0.5, y - 0.5);
    const v = (level.paper - g) / contrast;
    return v < 0 ? 0 : v > 1 ? 1 : v;
  };
  const sx = bw / GRID_W;
  const sy = bh / GRID_H;
  for (let gy = 0; gy < GRID_H; gy++) {
    for (let gx = 0; gx < GRID_W; gx++) {
      let s = 0;
      for (let ty = 0; ty < 2; ty++) {
        for (let tx = 0; tx < 2; tx++) {
          s += ink(box.x0 + (gx + (tx + 0.5) / 2) * sx, box.y0 + (gy + (ty + 0.5) / 2) * sy);
        }
      }
      f[gy * GRID_W + gx] = s / 4;
    }
  }
  f[GRID_W * GRID_H] = bw / bh;
  f[GRID_W * GRID_H + 1] = typicalHeight > 0 ? bh / typicalHeight : 1;
  return f;
}
