// A second glyph classifier for zones the feature classifier reads poorly: low-resolution scans
// (5-12 px per character) and soft webcam photos, where thresholding a glyph to find its box
// loses the shape. Instead of describing the glyph, it degrades OCR-B to what the zone's imaging
// did to it (blur at the zone's pitch, glyph size relative to pitch, both chosen per zone by how
// well they fit) and compares gray patches by normalised correlation, allowing a small shift.
import type { GrayImage } from '../contract';
import { GLYPH_BITMAP_H, GLYPH_BITMAP_W } from './glyphBitmapFrame';
import { GLYPH_BITMAPS } from './glyphBitmaps';
import { GLYPH_BITMAPS_SANS_MONO } from './glyphBitmapsSansMono';
import type { CellGrid } from './glyphCells';
import type { CharChoice } from './glyphClassifier';
import { sampleBilinear } from './grayImage';

/** Compared patch: 16 px per pitch (1 × 1.5 pitches), sampled with a margin for the shift search. */
const PW = 16;
const PH = 24;
const MARGIN = 4;
/** Shift searched per cell once the grid is refined (patch pixels). */
const FINE_SHIFT = 2;
/** Less across the line: shifted down, a 0 loses its top and passes for a U. */
const FINE_SHIFT_Y = 1;
const SW = PW + 2 * MARGIN;
/**
 * The compared window within the frame: the central 0.75 pitch across (a big '<' beside this
 * cell reaches into its edges and looks like K's stem) and 1.25 pitches down.
 */
const X0 = 2;
const X1 = PW - 2;
const Y0 = 2;
const Y1 = PH - 2;
const WINDOW = (X1 - X0) * (Y1 - Y0);
const SH = PH + 2 * MARGIN;
/** Blur of the imaging (camera, scan, JPEG) in image pixels, tried per zone. */
const BLURS = [0.45, 0.75, 1.1, 1.6];
/** Glyph size relative to the pitch (fonts and printers vary), tried per zone. */
const SIZES = [0.9, 1.0, 1.1];
/** Characters kept from the unshifted comparison for the shift search. */
const SHORTLIST = 8;
/** Characters shifted per cell while aligning the grid. */
const ALIGN_SHORTLIST = 6;
/**
 * Correlation distance (1 - r) maps onto the feature classifier's scale (mean squared ink
 * difference) so the reader's thresholds and closeness factors mean the same for both.
 */
const DISTANCE_SCALE = 0.25;

interface Bitmaps {
  labels: string;
  ink: Float32Array[];
}

/**
 * Template font: OCR-B, or a sans monospaced font (DejaVu Sans Mono) for zones a rendered form
 * prints in such a font, which OCR-B templates read with many near ties.
 */
export type GlyphFont = 'ocr-b' | 'sans-mono';

const SOURCES: Record<GlyphFont, { labels: string; data: string }> = {
  'ocr-b': GLYPH_BITMAPS,
  'sans-mono': GLYPH_BITMAPS_SANS_MONO,
};

const decoded = new Map<GlyphFont, Bitmaps>();

function fontBitmaps(font: GlyphFont): Bitmaps {
  let b = decoded.get(font);
  if (!b) {
    b = decodeBitmaps(SOURCES[font]);
    decoded.set(font, b);
  }
  return b;
}

function decodeBitmaps(source: { labels: string; data: string }): Bitmaps {
  const bin = atob(source.data);
  const n = source.labels.length;
  const size = GLYPH_BITMAP_W * GLYPH_BITMAP_H;
  const ink: Float32Array[] = [];
  for (let c = 0; c < n; c++) {
    const a = new Float32Array(size);
    for (let i = 0; i < size; i++) a[i] = bin.charCodeAt(c * size + i) / 255;
    ink.push(a);
  }
  return { labels: source.labels, ink };
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 2.5));
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/** Separable blur, edges clamped (paper beyond the cell is paper). */
function blur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  if (sigma < 0.3) return src;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx >= 0 && xx < w) s += k[i + r] * src[y * w + xx];
      }
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy >= 0 && yy < h) s += k[i + r] * tmp[yy * w + x];
      }
      out[y * w + x] = s;
    }
  return out;
}

function bilinear(a: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const x1 = fx > 0 ? x0 + 1 : x0;
  const y1 = fy > 0 ? y0 + 1 : y0;
  const top = a[y0 * w + x0] * (1 - fx) + a[y0 * w + x1] * fx;
  const bottom = a[y1 * w + x0] * (1 - fx) + a[y1 * w + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * The reader's row line (blob centres, fillers among them) lies this far (patch pixels) above
 * the capitals' middle, where the bitmaps are centred; found as the alignment's steady vertical
 * offset on rendered zones.
 */
const FRAME_DY = 2;

/** OCR-B drawn `size` times as large into the compared patch's frame, area-sampled, unblurred. */
function framed(ink: Float32Array, size: number): Float32Array {
  const out = new Float32Array(PW * PH);
  const f = GLYPH_BITMAP_W / PW;
  const taps = 3;
  for (let y = 0; y < PH; y++)
    for (let x = 0; x < PW; x++) {
      let s = 0;
      for (let ty = 0; ty < taps; ty++)
        for (let tx = 0; tx < taps; tx++) {
          // Glyph `size` times as large: sample the bitmap nearer its centre.
          const bx = GLYPH_BITMAP_W / 2 + ((x + (tx + 0.5) / taps) * f - GLYPH_BITMAP_W / 2) / size - 0.5;
          const by =
            GLYPH_BITMAP_H / 2 + ((y - FRAME_DY + (ty + 0.5) / taps) * f - GLYPH_BITMAP_H / 2) / size - 0.5;
          const inside = bx >= 0 && by >= 0 && bx <= GLYPH_BITMAP_W - 1 && by <= GLYPH_BITMAP_H - 1;
          if (inside) s += bilinear(ink, GLYPH_BITMAP_W, bx, by);
        }
      out[y * PW + x] = s / (taps * taps);
    }
  return out;
}

/** The compared window of a frame, zero-mean and unit-norm (correlation is then a dot product). */
function normalised(a: Float32Array): Float32Array {
  const out = new Float32Array(WINDOW);
  let k = 0;
  for (let y = Y0; y < Y1; y++) for (let x = X0; x < X1; x++) out[k++] = a[y * PW + x];
  let mean = 0;
  for (let i = 0; i < out.length; i++) mean += out[i];
  mean /= out.length;
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] -= mean;
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

/** Framed glyphs per font and size, made once. */
const framedBySize = new Map<string, Float32Array[]>();

/**
 * Fillers are printed larger than OCR-B's '<' on many documents (nearly cap height): drawn small
 * only, a big '<' matches K's arms better than its own template.
 */
const FILLER_SIZES = [1.2, 1.4];

/** Label of each template: the alphabet, then the larger fillers. */
function templateLabels(font: GlyphFont): string {
  return fontBitmaps(font).labels + '<'.repeat(FILLER_SIZES.length);
}

/** Degraded template sets by size and blur (a zone is read at several turns and in two grays). */
const templateCache = new Map<string, Float32Array[]>();
const TEMPLATE_CACHE_LIMIT = 96;

function templates(font: GlyphFont, size: number, sigmaPatchPx: number): Float32Array[] {
  const key = `${font}:${size}:${sigmaPatchPx.toFixed(2)}`;
  const cached = templateCache.get(key);
  if (cached) return cached;
  if (templateCache.size >= TEMPLATE_CACHE_LIMIT) templateCache.clear();
  const made = makeTemplates(font, size, sigmaPatchPx);
  templateCache.set(key, made);
  return made;
}

function makeTemplates(font: GlyphFont, size: number, sigmaPatchPx: number): Float32Array[] {
  const { ink, labels } = fontBitmaps(font);
  let base = framedBySize.get(`${font}:${size}`);
  if (!base) {
    const filler = ink[labels.indexOf('<')];
    base = [...ink.map((a) => framed(a, size)), ...FILLER_SIZES.map((k) => framed(filler, size * k))];
    framedBySize.set(`${font}:${size}`, base);
  }
  return base.map((a) => normalised(blur(a, PW, PH, sigmaPatchPx)));
}

/** Ink (255 - gray) of each cell, upright, PW × PH plus the shift margin. */
function samplePatches(gray: GrayImage, grid: CellGrid): Float32Array[] {
  const out: Float32Array[] = [];
  const n = grid.rows * grid.chars;
  for (let i = 0; i < n; i++) {
    const p = new Float32Array(SW * SH);
    const pitch = Math.hypot(grid.px[i], grid.py[i]);
    // Average several taps when the image has more pixels per patch pixel (no aliasing).
    const taps = Math.min(4, Math.max(1, Math.round(pitch / PW)));
    for (let y = 0; y < SH; y++)
      for (let x = 0; x < SW; x++) {
        let s = 0;
        for (let ty = 0; ty < taps; ty++)
          for (let tx = 0; tx < taps; tx++) {
            const u = (x - MARGIN + (tx + 0.5) / taps) / PW - 0.5;
            const v = (y - MARGIN + (ty + 0.5) / taps) / PW - PH / PW / 2;
            s += sampleBilinear(
              gray,
              grid.cx[i] + u * grid.px[i] + v * grid.qx[i],
              grid.cy[i] + u * grid.py[i] + v * grid.qy[i],
            );
          }
        p[y * SW + x] = 255 - s / (taps * taps);
      }
    out.push(p);
  }
  return out;
}

/** Correlation of the patch window at (dx, dy) with each template in `which`. */
function correlate(
  patch: Float32Array,
  dx: number,
  dy: number,
  templates: Float32Array[],
  which: number[],
): number[] {
  let sum = 0;
  let sq = 0;
  for (let y = Y0; y < Y1; y++) {
    const row = (y + dy) * SW + dx;
    for (let x = X0; x < X1; x++) {
      const v = patch[row + x];
      sum += v;
      sq += v * v;
    }
  }
  const varTotal = sq - (sum * sum) / WINDOW;
  // A flat cell (nothing printed, or glare) correlates with nothing.
  if (varTotal < WINDOW * 4) return which.map(() => 0);
  const norm = Math.sqrt(varTotal);
  const W = X1 - X0;
  return which.map((t) => {
    const tpl = templates[t];
    let dot = 0;
    for (let y = Y0; y < Y1; y++) {
      const row = (y + dy) * SW + dx;
      const trow = (y - Y0) * W - X0;
      for (let x = X0; x < X1; x++) dot += patch[row + x] * tpl[trow + x];
    }
    return dot / norm;
  });
}

/**
 * Where each cell's glyph really sits, in patch pixels from the cell's centre: the placed grid
 * drifts by a fraction of a pitch along long filler runs (merged blobs give the row fit little to
 * hold). Each sampled cell's best-matching shift (any character) is found, then a straight line
 * per row through them (outliers dropped) gives every cell its offset.
 */
function alignCells(
  patches: Float32Array[],
  set: Float32Array[],
  all: number[],
  rows: number,
  chars: number,
): { dx: Int8Array; dy: Int8Array } {
  const dx = new Int8Array(patches.length);
  const dy = new Int8Array(patches.length);
  for (let r = 0; r < rows; r++) {
    const ks: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < chars; k += 2) {
      const p = patches[r * chars + k];
      let bestR = 0.5;
      let bx = NaN;
      let by = NaN;
      // The characters that fit best unshifted are the ones worth shifting (saves most of the work).
      const r0 = correlate(p, MARGIN, MARGIN, set, all);
      const short = [...all].sort((a, b) => r0[b] - r0[a]).slice(0, ALIGN_SHORTLIST);
      for (let y = 0; y <= 2 * MARGIN; y += 2)
        for (let x = 0; x <= 2 * MARGIN; x++) {
          const m = Math.max(...correlate(p, x, y, set, short));
          if (m > bestR) {
            bestR = m;
            bx = x - MARGIN;
            by = y - MARGIN;
          }
        }
      if (Number.isNaN(bx)) continue;
      ks.push(k);
      xs.push(bx);
      ys.push(by);
    }
    const fx = robustLine(ks, xs);
    const fy = robustLine(ks, ys);
    for (let k = 0; k < chars; k++) {
      const clamp = (v: number) =>
        Math.max(-MARGIN + FINE_SHIFT, Math.min(MARGIN - FINE_SHIFT, Math.round(v)));
      dx[r * chars + k] = clamp(fx(k));
      dy[r * chars + k] = clamp(fy(k));
    }
  }
  return { dx, dy };
}

/** Least-squares line through (k, v), refitted once without points more than 1.5 off. */
function robustLine(ks: number[], vs: number[]): (k: number) => number {
  const fit = (use: number[]) => {
    const n = use.length;
    if (n < 4) return () => 0;
    let sk = 0;
    let sv = 0;
    let skk = 0;
    let skv = 0;
    for (const i of use) {
      sk += ks[i];
      sv += vs[i];
      skk += ks[i] * ks[i];
      skv += ks[i] * vs[i];
    }
    const den = n * skk - sk * sk;
    const b = den ? (n * skv - sk * sv) / den : 0;
    const a = (sv - b * sk) / n;
    return (k: number) => a + b * k;
  };
  const first = fit(ks.map((_, i) => i));
  const kept = ks.map((_, i) => i).filter((i) => Math.abs(first(ks[i]) - vs[i]) <= 1.5);
  return fit(kept);
}

export interface RenderedClassification {
  choices: CharChoice[][];
  /** The imaging the zone fitted best (for diagnostics). */
  blur: number;
  size: number;
}

/** Classifies every cell of `grid` against the font (OCR-B unless told) degraded as the zone is. */
export function classifyRendered(
  gray: GrayImage,
  grid: CellGrid,
  font: GlyphFont = 'ocr-b',
): RenderedClassification {
  const labels = templateLabels(font);
  const patches = samplePatches(gray, grid);
  const n = patches.length;
  let pitch = 0;
  for (let i = 0; i < n; i++) pitch += Math.hypot(grid.px[i], grid.py[i]);
  pitch /= n;
  const all = labels.split('').map((_, i) => i);
  const sigmaFor = (b: number) => Math.hypot(b, 0.35) * (PW / pitch);
  // Align the cells with a middling imaging first: judged unaligned, a blurrier, smaller glyph
  // wins for fitting an offset cell loosely, and it tells 0 from O and U worse.
  const offsets = alignCells(patches, templates(font, 1, sigmaFor(0.75)), all, grid.rows, grid.chars);
  // Then choose the zone's imaging on a sample of aligned cells: the one whose best matches fit best.
  let best: { set: Float32Array[]; score: number; blur: number; size: number } | null = null;
  for (const b of BLURS) {
    for (const size of SIZES) {
      const set = templates(font, size, sigmaFor(b));
      let score = 0;
      for (let i = 0; i < n; i += 3)
        score += Math.max(...correlate(patches[i], MARGIN + offsets.dx[i], MARGIN + offsets.dy[i], set, all));
      if (!best || score > best.score) best = { set, score, blur: b, size };
    }
  }
  const chosen = best as NonNullable<typeof best>;
  const set = chosen.set;
  const choices: CharChoice[][] = [];
  patches.forEach((p, i) => {
    const ox = MARGIN + offsets.dx[i];
    const oy = MARGIN + offsets.dy[i];
    const r0 = correlate(p, ox, oy, set, all);
    const short = [...all].sort((a, b) => r0[b] - r0[a]).slice(0, SHORTLIST);
    const bestR = new Map<number, number>(short.map((t) => [t, -1]));
    for (let dy = -FINE_SHIFT_Y; dy <= FINE_SHIFT_Y; dy++)
      for (let dx = -FINE_SHIFT; dx <= FINE_SHIFT; dx++) {
        const x = ox + dx;
        const y = oy + dy;
        if (x < 0 || y < 0 || x > 2 * MARGIN || y > 2 * MARGIN) continue;
        const r = correlate(p, x, y, set, short);
        short.forEach((t, k) => {
          if (r[k] > (bestR.get(t) ?? -1)) bestR.set(t, r[k]);
        });
      }
    // A character's distance is its closest template's; outside the shortlist the unshifted
    // figure stands (they are far behind anyway).
    const byChar = new Map<string, number>();
    for (const t of all) {
      const d = DISTANCE_SCALE * (1 - (bestR.get(t) ?? r0[t]));
      const prev = byChar.get(labels[t]);
      if (prev === undefined || d < prev) byChar.set(labels[t], d);
    }
    const ranked: CharChoice[] = [...byChar].map(([ch, d]) => ({ ch, d }));
    ranked.sort((a, b) => a.d - b.d);
    choices.push(ranked);
  });
  return { choices, blur: chosen.blur, size: chosen.size };
}
