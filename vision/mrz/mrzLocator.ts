// Finds machine-readable-zone candidates: rows of evenly pitched, equally tall dark blobs
// (the monospaced OCR-B characters, '<' fillers included), stacked 2 or 3 deep and parallel.
// Works on a downscaled copy; returns geometry in the coordinates of the image it was given.
import type { GrayImage } from '../contract';
import { type Blob, connectedBlobs, darkMask } from './textBlobs';
import { type MrzLineLength, mrzLineLengths } from './mrzLayout';

export interface MrzRowGeometry {
  /** Unit direction of the text line (left to right). */
  ux: number;
  uy: number;
  /** A point on the line's centre. */
  ox: number;
  oy: number;
  /** Median character pitch and blob height, in pixels. */
  pitch: number;
  height: number;
  /** Blob centres along the line (projected coordinate t) with their blob. */
  blobs: { t: number; s: number; blob: Blob }[];
  /** Extent along the line (projected bbox edges). */
  start: number;
  end: number;
}

export interface MrzCandidate {
  rows: MrzRowGeometry[];
  /** Characters per row. */
  chars: MrzLineLength;
  score: number;
}

interface Chain {
  blobs: Blob[];
}

const MAX_TILT = 0.45; // |dy|/dx allowed between neighbouring characters (about 24°)

function linkRightNeighbours(blobs: Blob[], cell: number): Int32Array {
  const cols = new Map<string, number[]>();
  const key = (x: number, y: number) => `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
  blobs.forEach((b, i) => {
    const k = key(b.cx, b.cy);
    const list = cols.get(k);
    if (list) list.push(i);
    else cols.set(k, [i]);
  });
  const right = new Int32Array(blobs.length).fill(-1);
  const rightDist = new Float64Array(blobs.length).fill(Infinity);
  const leftBest = new Int32Array(blobs.length).fill(-1);
  const leftDist = new Float64Array(blobs.length).fill(Infinity);
  for (let i = 0; i < blobs.length; i++) {
    const a = blobs[i];
    const gx = Math.floor(a.cx / cell);
    const gy = Math.floor(a.cy / cell);
    const reach = Math.ceil((2.4 * a.h) / cell) + 1;
    for (let yy = gy - reach; yy <= gy + reach; yy++) {
      for (let xx = gx; xx <= gx + reach; xx++) {
        const list = cols.get(`${xx},${yy}`);
        if (!list) continue;
        for (const j of list) {
          if (j === i) continue;
          const b = blobs[j];
          const dx = b.cx - a.cx;
          if (dx <= 0) continue;
          const dy = b.cy - a.cy;
          const href = Math.max(a.h, b.h);
          const hmin = Math.min(a.h, b.h);
          if (hmin < 0.35 * href) continue;
          const d = Math.hypot(dx, dy);
          if (d < 0.45 * hmin || d > 2.3 * href) continue;
          if (Math.abs(dy) > MAX_TILT * dx + 0.1 * href) continue;
          // Gap between boxes must be small relative to height (characters, not words).
          const gap = b.minX - a.maxX;
          if (gap > 1.1 * href) continue;
          if (d < rightDist[i]) {
            rightDist[i] = d;
            right[i] = j;
          }
          if (d < leftDist[j]) {
            leftDist[j] = d;
            leftBest[j] = i;
          }
        }
      }
    }
  }
  // Keep mutual links only: robust against a neighbour line or a stray speck.
  for (let i = 0; i < blobs.length; i++) {
    const j = right[i];
    if (j >= 0 && leftBest[j] !== i) right[i] = -1;
  }
  return right;
}

function buildChains(blobs: Blob[], right: Int32Array): Chain[] {
  const hasLeft = new Uint8Array(blobs.length);
  for (let i = 0; i < blobs.length; i++) if (right[i] >= 0) hasLeft[right[i]] = 1;
  const chains: Chain[] = [];
  for (let i = 0; i < blobs.length; i++) {
    if (hasLeft[i]) continue;
    const list: Blob[] = [];
    let k = i;
    const seen = new Set<number>();
    while (k >= 0 && !seen.has(k)) {
      seen.add(k);
      list.push(blobs[k]);
      k = right[k];
    }
    if (list.length >= 3) chains.push({ blobs: list });
  }
  return chains;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Principal direction of the blob centres (least squares line). */
function fitRow(blobs: Blob[]): MrzRowGeometry {
  let mx = 0;
  let my = 0;
  for (const b of blobs) {
    mx += b.cx;
    my += b.cy;
  }
  mx /= blobs.length;
  my /= blobs.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const b of blobs) {
    const dx = b.cx - mx;
    const dy = b.cy - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  let ux = Math.cos(angle);
  let uy = Math.sin(angle);
  if (ux < 0) {
    ux = -ux;
    uy = -uy;
  }
  const items = blobs
    .map((blob) => ({
      t: (blob.cx - mx) * ux + (blob.cy - my) * uy,
      s: -(blob.cx - mx) * uy + (blob.cy - my) * ux,
      blob,
    }))
    .sort((a, b) => a.t - b.t);
  const gaps: number[] = [];
  for (let i = 1; i < items.length; i++) gaps.push(items[i].t - items[i - 1].t);
  const tall = items.map((it) => it.blob.h).sort((a, b) => a - b);
  const height = tall[Math.floor(tall.length * 0.75)] ?? 0;
  // The median gap is one pitch unless many characters merged or broke; the lower half of gaps
  // guards against merged fillers inflating it.
  const sortedGaps = [...gaps].sort((a, b) => a - b);
  const pitch = sortedGaps.length
    ? median(sortedGaps.slice(0, Math.max(1, Math.ceil(sortedGaps.length * 0.7))))
    : height;
  let start = Infinity;
  let end = -Infinity;
  for (const it of items) {
    const half = (Math.abs(ux) * it.blob.w + Math.abs(uy) * it.blob.h) / 2;
    start = Math.min(start, it.t - half);
    end = Math.max(end, it.t + half);
  }
  return { ux, uy, ox: mx, oy: my, pitch, height, blobs: items, start, end };
}

function project(row: MrzRowGeometry, x: number, y: number): { t: number; s: number } {
  const dx = x - row.ox;
  const dy = y - row.oy;
  return { t: dx * row.ux + dy * row.uy, s: -dx * row.uy + dy * row.ux };
}

/** Joins chains that continue each other along the same line (broken by a missed character). */
function mergeChains(chains: Chain[]): Chain[] {
  let current = chains.map((c) => ({ blobs: [...c.blobs], row: fitRow(c.blobs) }));
  let changed = true;
  while (changed) {
    changed = false;
    current.sort((a, b) => b.blobs.length - a.blobs.length);
    outer: for (let i = 0; i < current.length; i++) {
      const a = current[i];
      if (a.blobs.length < 4) continue;
      for (let j = 0; j < current.length; j++) {
        if (i === j) continue;
        const b = current[j];
        const bRow = b.row;
        const angleDiff = Math.abs(
          Math.atan2(a.row.ux * bRow.uy - a.row.uy * bRow.ux, a.row.ux * bRow.ux + a.row.uy * bRow.uy),
        );
        if (b.blobs.length >= 5 && angleDiff > 0.09) continue;
        const first = b.blobs[0];
        const last = b.blobs[b.blobs.length - 1];
        const pf = project(a.row, first.cx, first.cy);
        const pl = project(a.row, last.cx, last.cy);
        const tol = 0.45 * a.row.height;
        if (Math.abs(pf.s) > tol || Math.abs(pl.s) > tol) continue;
        const aStart = a.row.blobs[0].t;
        const aEnd = a.row.blobs[a.row.blobs.length - 1].t;
        const gapAfter = Math.min(pf.t, pl.t) - aEnd;
        const gapBefore = aStart - Math.max(pf.t, pl.t);
        const maxGap = 6 * a.row.pitch;
        if ((gapAfter > 0 && gapAfter < maxGap) || (gapBefore > 0 && gapBefore < maxGap)) {
          const blobs = [...a.blobs, ...b.blobs];
          const merged = { blobs, row: fitRow(blobs) };
          current = current.filter((_, k) => k !== i && k !== j);
          current.push(merged);
          changed = true;
          break outer;
        }
      }
    }
  }
  return current.map((c) => ({ blobs: c.blobs }));
}

/** Adds flat blobs (runs of merged '<' fillers) that continue a row at its end (fillers never start a row). */
function extendRow(row: MrzRowGeometry, all: Blob[]): MrzRowGeometry {
  const extra: Blob[] = [];
  let hi = row.blobs[row.blobs.length - 1].t;
  const candidates = all
    .filter((b) => b.h <= 1.3 * row.height && b.h >= 0.25 * row.height && b.w > 1.2 * row.pitch)
    .map((b) => ({ b, p: project(row, b.cx, b.cy) }))
    .filter(({ p }) => Math.abs(p.s) < 0.4 * row.height)
    .sort((a, b) => a.p.t - b.p.t);
  for (const { b, p } of candidates) {
    const half = b.w / 2;
    if (p.t - half > hi && p.t - half - hi < 2.2 * row.pitch) {
      extra.push(b);
      hi = p.t + half;
    }
  }
  if (!extra.length) return row;
  const start = Math.min(row.start, ...extra.map((b) => project(row, b.cx, b.cy).t - b.w / 2));
  const end = Math.max(row.end, ...extra.map((b) => project(row, b.cx, b.cy).t + b.w / 2));
  return { ...row, start, end };
}

/** Locates MRZ candidates in a grayscale image, best first. */
export interface LocateOptions {
  /**
   * How much darker than its surroundings a pixel must be to count as ink (darkMask's margin).
   * Higher keeps only the darkest print: fine guilloche lines crossing the rows (lighter than MRZ
   * ink, which must be black) then no longer join the glyphs into one blob.
   */
  inkMargin?: number;
}

/** Ink margin for a second look when pale lines over the zone hid it at the usual margin. */
export const STRONG_INK_MARGIN = 0.35;

export function locateMrz(gray: GrayImage, options: LocateOptions = {}): MrzCandidate[] {
  const { width, height } = gray;
  const radius = Math.max(6, Math.round(Math.max(width, height) / 45));
  const mask = darkMask(gray, radius, options.inkMargin);
  const all = connectedBlobs(mask, width, height, 4);
  const maxH = height / 2.5;
  const charBlobs = all.filter(
    (b) => b.h >= 5 && b.h <= maxH && b.w <= 2.2 * b.h && b.area >= 0.08 * b.w * b.h,
  );
  if (charBlobs.length < 20) return [];
  const cell = Math.max(8, median(charBlobs.map((b) => b.h)) * 2);
  const right = linkRightNeighbours(charBlobs, cell);
  const chains = mergeChains(buildChains(charBlobs, right));
  const rows: MrzRowGeometry[] = [];
  for (const c of chains) {
    if (c.blobs.length < 8) continue;
    let row = fitRow(c.blobs);
    row = extendRow(row, all);
    const span = (row.end - row.start) / row.pitch;
    if (span < 22 || span > 52) continue;
    // Regular pitch: most neighbour gaps are close to one pitch.
    const gaps = row.blobs.slice(1).map((b, i) => (b.t - row.blobs[i].t) / row.pitch);
    const regular =
      gaps.filter((g) => Math.abs(g - Math.round(g)) < 0.25 && Math.round(g) >= 1).length /
      Math.max(1, gaps.length);
    if (regular < 0.7) continue;
    rows.push(row);
  }
  // Order rows by their offset along the common normal.
  const candidates: MrzCandidate[] = [];
  for (let i = 0; i < rows.length; i++) {
    const stack = [rows[i]];
    const a = rows[i];
    const others = rows
      .filter((r) => r !== a)
      .map((r) => ({ r, p: project(a, r.ox, r.oy) }))
      .filter(({ p }) => p.s > 0)
      .sort((x, y) => x.p.s - y.p.s);
    let last = a;
    for (const { r } of others) {
      if (stack.length === 3) break;
      const p = project(last, r.ox, r.oy);
      const pitch = (last.pitch + r.pitch) / 2;
      const angleDiff = Math.abs(
        Math.atan2(last.ux * r.uy - last.uy * r.ux, last.ux * r.ux + last.uy * r.uy),
      );
      if (angleDiff > 0.08) continue;
      if (p.s < 1.0 * pitch || p.s > 3.2 * pitch) continue;
      if (Math.abs(r.pitch / last.pitch - 1) > 0.2) continue;
      // Same left margin (all rows have the same number of characters).
      const rs = project(last, r.ox + r.ux * r.start, r.oy + r.uy * r.start).t;
      if (Math.abs(rs - last.start) > 2.5 * pitch) continue;
      stack.push(r);
      last = r;
    }
    if (stack.length < 2) continue;
    for (const count of stack.length === 3 ? [3, 2] : [2]) {
      const rowsUsed = stack.slice(0, count);
      const spans = rowsUsed.map((r) => (r.end - r.start) / r.pitch + 0.3);
      const est = median(spans);
      // Rows that lost their ends (glare, blur) look shorter: a 2-row zone is offered as both
      // 36 and 44 characters when the estimate is not clearly one of them; check digits decide.
      const sizes = mrzLineLengths(count);
      for (const chars of sizes) {
        const err = Math.abs(est - chars);
        const nearest = sizes.every((other) => Math.abs(est - other) >= err);
        if (err > (nearest ? 5 : 9) || est > chars + 5) continue;
        const blobCount = rowsUsed.reduce((s, r) => s + r.blobs.length, 0);
        const score = blobCount / (chars * count) - err * 0.05 + (count === 3 ? 0.05 : 0);
        candidates.push({ rows: rowsUsed, chars, score });
      }
    }
  }
  candidates.sort((x, y) => y.score - x.score);
  // Drop duplicates: the same first row and size reached from another stack.
  const seen = new Set<string>();
  const key = new Map<MrzRowGeometry, number>();
  return candidates.filter((c) => {
    if (!key.has(c.rows[0])) key.set(c.rows[0], key.size);
    const k = `${key.get(c.rows[0])}:${c.rows.length}:${c.chars}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
