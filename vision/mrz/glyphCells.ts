// Places the character cells of a located MRZ (one per character, rows × chars) and samples each
// cell upright at a fixed resolution, so that rotation, scale and perspective drop out before
// classification.
import type { GrayImage } from '../contract';
import { otsuThreshold } from '../image/otsuThreshold';
import { sampleBilinear } from './grayImage';
import type { MrzCandidate, MrzRowGeometry } from './mrzLocator';

/** Patch size: one pitch wide, 1.5 pitches tall (room for tall glyphs, not the next row). */
export const PATCH_W = 20;
export const PATCH_H = 30;

export interface CellGrid {
  rows: number;
  chars: number;
  /** Cell centres, row-major, in the coordinates of the image the grid is sampled from. */
  cx: Float64Array;
  cy: Float64Array;
  /** One pitch to the right (local, perspective-aware). */
  px: Float64Array;
  py: Float64Array;
  /** One pitch down (towards the next row). */
  qx: Float64Array;
  qy: Float64Array;
}

function emptyGrid(rows: number, chars: number): CellGrid {
  const n = rows * chars;
  return {
    rows,
    chars,
    cx: new Float64Array(n),
    cy: new Float64Array(n),
    px: new Float64Array(n),
    py: new Float64Array(n),
    qx: new Float64Array(n),
    qy: new Float64Array(n),
  };
}

interface RowModel {
  pos: (k: number) => { x: number; y: number };
  step: (k: number) => { x: number; y: number };
}

/** Solves a small least squares problem by normal equations (Gauss-Jordan, partial pivoting). */
function leastSquares(rows: number[][], rhs: number[]): number[] | null {
  const n = rows[0].length;
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i][j] += rows[r][i] * rows[r][j];
      a[i][n] += rows[r][i] * rhs[r];
    }
  }
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(a[r][i]) > Math.abs(a[p][i])) p = r;
    if (Math.abs(a[p][i]) < 1e-9) return null;
    [a[i], a[p]] = [a[p], a[i]];
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = a[r][i] / a[i][i];
      for (let c = i; c <= n; c++) a[r][c] -= f * a[i][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

/**
 * Fits character index → position along a row: t(k) = a + b·k + c·k² (the quadratic term
 * absorbs perspective), after numbering the blobs by their gaps in pitches.
 */
interface NumberedRow {
  items: MrzRowGeometry['blobs'];
  /** Character index of each item, 0 = first item (shifted later by the row's offset). */
  ks: number[];
}

/** Numbers a row's single-glyph blobs by their gaps in pitches, the first one 0. */
function numberRow(row: MrzRowGeometry): NumberedRow {
  // Glyph-sized blobs only; of two closer than a pitch (a glyph and a speck of pattern or noise
  // beside it), keep the bigger: one stray blob must not shift every later column by one.
  // Nor a frame edge or a rule twice a glyph's height at the row's end (a rendered form's border
  // beside the last filler): numbered as a character it shifts the whole row's columns.
  const singles = row.blobs.filter(
    (b) => b.blob.w <= 1.4 * row.pitch && b.blob.h >= 0.45 * row.height && b.blob.h <= 1.6 * row.height,
  );
  const pool = singles.length >= 4 ? singles : row.blobs;
  const items: MrzRowGeometry['blobs'] = [];
  for (const it of pool) {
    const prev = items[items.length - 1];
    if (prev && it.t - prev.t < 0.6 * row.pitch) {
      if (it.blob.area > prev.blob.area) items[items.length - 1] = it;
      continue;
    }
    items.push(it);
  }
  trimRowEnds(items, row.pitch);
  const ks = [0];
  for (let i = 1; i < items.length; i++)
    ks.push(ks[i - 1] + Math.max(1, Math.round((items[i].t - items[i - 1].t) / row.pitch)));
  return { items, ks };
}

/**
 * Drops blobs at a row's ends that are no character of it: every MRZ position is printed (fillers
 * too), so a lone blob a gap beyond the row's end is a piece of pattern, a stamp or a frame, and
 * numbered as a column it would shift the row. (Width says nothing: a glyph touching a line of
 * pattern is wide and still a glyph.)
 */
function trimRowEnds(items: MrzRowGeometry['blobs'], pitch: number): void {
  while (items.length > 8) {
    const n = items.length;
    if (items[n - 1].t - items[n - 2].t > 1.5 * pitch) items.pop();
    else if (items[1].t - items[0].t > 1.5 * pitch) items.shift();
    else break;
  }
}

/** The value most others agree with (within tol), ties to the smallest or largest. */
function consensus(values: number[], tol: number, preferLow: boolean): number {
  let best = values[0];
  let bestVotes = -1;
  for (const v of values) {
    const votes = values.filter((w) => Math.abs(w - v) < tol).length;
    if (votes > bestVotes || (votes === bestVotes && (preferLow ? v < best : v > best))) {
      best = v;
      bestVotes = votes;
    }
  }
  return best;
}

/**
 * Column of each row's first numbered blob: every MRZ row holds the same number of characters
 * and they line up in columns, so rows agree on where column 0 and the last column are even
 * when one row lost a character or picked up a speck at an end.
 */
function rowOffsets(rows: MrzRowGeometry[], numbered: NumberedRow[], chars: number): number[] {
  const r0 = rows[0];
  const along = (b: { blob: { cx: number; cy: number } }) =>
    (b.blob.cx - r0.ox) * r0.ux + (b.blob.cy - r0.oy) * r0.uy;
  const pitch = rows.reduce((a, r) => a + r.pitch, 0) / rows.length;
  const firsts = numbered.map((n) => along(n.items[0]));
  const lasts = numbered.map((n) => along(n.items[n.items.length - 1]));
  const colStart = consensus(firsts, pitch * 0.5, true);
  const colEnd = consensus(lasts, pitch * 0.5, false);
  return numbered.map((n, r) => {
    const fromStart = Math.round((firsts[r] - colStart) / pitch);
    const fromEnd = chars - 1 - n.ks[n.ks.length - 1] - Math.round((colEnd - lasts[r]) / pitch);
    const lastK = n.ks[n.ks.length - 1];
    if (fromStart === fromEnd) return fromStart;
    // Trust the start unless it pushes the row past its last column.
    return lastK + fromStart > chars - 1 ? fromEnd : fromStart;
  });
}

/**
 * Fits character index → position along a row: t(k) = a + b·k + c·k² (the quadratic term
 * absorbs perspective).
 */
function fitRowModel(
  row: MrzRowGeometry,
  numbered: NumberedRow,
  kOffset: number,
  chars: number,
  scale: number,
  offset: number,
): RowModel {
  const { items } = numbered;
  const ks = numbered.ks.map((k) => k + kOffset);
  const useK: number[] = [];
  const ts: number[] = [];
  const ss: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (ks[i] < 0) continue;
    if (ks[i] >= chars) break;
    useK.push(ks[i]);
    ts.push(items[i].t);
    ss.push(items[i].s);
  }
  const spread = useK.length ? useK[useK.length - 1] - useK[0] : 0;
  let tc: number[] | null = null;
  if (useK.length >= 8 && spread >= chars * 0.6) {
    const fitT = () => {
      const kn = useK.map((v) => v / chars);
      const q = leastSquares(
        kn.map((v) => [1, v, v * v]),
        ts,
      );
      return q ? [q[0], q[1] / chars, q[2] / (chars * chars)] : null;
    };
    tc = fitT();
    // One pass of outlier rejection: a blob far from its column is not that column's glyph.
    if (tc) {
      const [a0, b0, c0] = tc;
      const keep = useK.map((k, i) => Math.abs(a0 + b0 * k + c0 * k * k - ts[i]) < 0.35 * row.pitch);
      if (keep.some((x) => !x) && keep.filter(Boolean).length >= 8) {
        for (let i = keep.length - 1; i >= 0; i--) {
          if (keep[i]) continue;
          useK.splice(i, 1);
          ts.splice(i, 1);
          ss.splice(i, 1);
        }
        tc = fitT() ?? tc;
      }
    }
  }
  if (!tc && useK.length >= 2) {
    const lin = leastSquares(
      useK.map((v) => [1, v]),
      ts,
    );
    if (lin) tc = [lin[0], lin[1], 0];
  }
  if (!tc) tc = [row.start + row.pitch / 2, row.pitch, 0];
  // Offset across the line: a slight bow (a passport page curving towards its binding) is
  // followed with a quadratic term when there are enough characters to trust it.
  let sc: number[] = [0, 0, 0];
  if (useK.length >= 8 && spread >= chars * 0.6) {
    const kn = useK.map((v) => v / chars);
    const q = leastSquares(
      kn.map((v) => [1, v, v * v]),
      ss,
    );
    if (q) sc = [q[0], q[1] / chars, q[2] / (chars * chars)];
  } else if (useK.length >= 2) {
    const lin = leastSquares(
      useK.map((v) => [1, v]),
      ss,
    );
    if (lin) sc = [lin[0], lin[1], 0];
  }
  const [a, b, c] = tc;
  const [s0, s1, s2] = sc;
  const { ux, uy, ox, oy } = row;
  return {
    pos: (kk) => {
      const t = a + b * kk + c * kk * kk;
      const s = s0 + s1 * kk + s2 * kk * kk;
      return { x: (ox + t * ux - s * uy) * scale + offset, y: (oy + t * uy + s * ux) * scale + offset };
    },
    step: (kk) => {
      const dt = b + 2 * c * kk;
      const ds = s1 + 2 * s2 * kk;
      return { x: (dt * ux - ds * uy) * scale, y: (dt * uy + ds * ux) * scale };
    },
  };
}

/**
 * One homography (column k, row r) → image for the whole zone, fitted to every numbered blob.
 * It places the cells of a row that lost characters (glare, a fold, faded ink) from the rows that
 * kept theirs. Null when the blobs do not fit one plane well (then rows stand alone).
 */
function fitZoneHomography(
  rows: MrzRowGeometry[],
  numbered: NumberedRow[],
  offsets: number[],
  chars: number,
  scale: number,
  offset: number,
): ((k: number, r: number) => { x: number; y: number }) | null {
  const pts: { k: number; r: number; x: number; y: number }[] = [];
  numbered.forEach((n, r) =>
    n.items.forEach((it, i) => {
      const k = n.ks[i] + offsets[r];
      if (k >= 0 && k < chars) pts.push({ k: k / chars, r, x: it.blob.cx, y: it.blob.cy });
    }),
  );
  if (pts.length < 12) return null;
  const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  const pitch = rows.reduce((a, r) => a + r.pitch, 0) / rows.length;
  const S = pitch * chars;
  const eq: number[][] = [];
  const rhs: number[] = [];
  for (const p of pts) {
    const x = (p.x - mx) / S;
    const y = (p.y - my) / S;
    eq.push([p.k, p.r, 1, 0, 0, 0, -x * p.k, -x * p.r]);
    rhs.push(x);
    eq.push([0, 0, 0, p.k, p.r, 1, -y * p.k, -y * p.r]);
    rhs.push(y);
  }
  // A light ridge on the perspective terms keeps two-row zones well conditioned.
  eq.push([0, 0, 0, 0, 0, 0, 0.5, 0]);
  rhs.push(0);
  eq.push([0, 0, 0, 0, 0, 0, 0, 0.5]);
  rhs.push(0);
  const h = leastSquares(eq, rhs);
  if (!h) return null;
  const map = (k: number, r: number) => {
    const kn = k / chars;
    const w = h[6] * kn + h[7] * r + 1;
    return {
      x: ((h[0] * kn + h[1] * r + h[2]) / w) * S + mx,
      y: ((h[3] * kn + h[4] * r + h[5]) / w) * S + my,
    };
  };
  let sq = 0;
  for (const p of pts) {
    const q = map(p.k * chars, p.r);
    sq += (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
  }
  if (Math.sqrt(sq / pts.length) > 0.15 * pitch) return null;
  return (k, r) => {
    const q = map(k, r);
    return { x: q.x * scale + offset, y: q.y * scale + offset };
  };
}

/** Whether a row's own blobs cover it well enough to place its cells alone. */
function wellCovered(n: NumberedRow, kOffset: number, chars: number): boolean {
  const ks = n.ks.map((k) => k + kOffset).filter((k) => k >= 0 && k < chars);
  if (ks.length < chars * 0.6) return false;
  return ks[0] <= 1 && ks[ks.length - 1] >= chars - 2;
}

/**
 * Cell grid for a candidate located on an image downscaled by `scale` (1 = same image).
 */
export function buildCellGrid(candidate: MrzCandidate, scale = 1): CellGrid {
  const rows = candidate.rows.length;
  const chars = candidate.chars;
  // Box downscaling maps working pixel x to the centre of its block in the full image.
  const offset = (scale - 1) / 2;
  const numbered = candidate.rows.map(numberRow);
  const offsets = rowOffsets(candidate.rows, numbered, chars);
  let models = candidate.rows.map((r, i) => fitRowModel(r, numbered[i], offsets[i], chars, scale, offset));
  if (!numbered.every((n, i) => wellCovered(n, offsets[i], chars))) {
    const zone = fitZoneHomography(candidate.rows, numbered, offsets, chars, scale, offset);
    if (zone) {
      models = models.map((m, r) =>
        wellCovered(numbered[r], offsets[r], chars)
          ? m
          : {
              pos: (k: number) => zone(k, r),
              step: (k: number) => {
                const a = zone(k - 0.5, r);
                const b = zone(k + 0.5, r);
                return { x: b.x - a.x, y: b.y - a.y };
              },
            },
      );
    }
  }
  const grid = emptyGrid(rows, chars);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < chars; k++) {
      const i = r * chars + k;
      const p = models[r].pos(k);
      const d = models[r].step(k);
      grid.cx[i] = p.x;
      grid.cy[i] = p.y;
      grid.px[i] = d.x;
      grid.py[i] = d.y;
      // "Down" follows the rows (captures shear from perspective), scaled to one pitch.
      const other = r + 1 < rows ? models[r + 1].pos(k) : models[r - 1].pos(k);
      let vx = other.x - p.x;
      let vy = other.y - p.y;
      if (r + 1 >= rows) {
        vx = -vx;
        vy = -vy;
      }
      const len = Math.hypot(vx, vy) || 1;
      const pitch = Math.hypot(d.x, d.y);
      grid.qx[i] = (vx / len) * pitch;
      grid.qy[i] = (vy / len) * pitch;
    }
  }
  return grid;
}

/** Turns a grid upside down (reading a document photographed rotated by 180°). */
export function flipGrid(grid: CellGrid): CellGrid {
  const n = grid.rows * grid.chars;
  const out = emptyGrid(grid.rows, grid.chars);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    out.cx[i] = grid.cx[j];
    out.cy[i] = grid.cy[j];
    out.px[i] = -grid.px[j];
    out.py[i] = -grid.py[j];
    out.qx[i] = -grid.qx[j];
    out.qy[i] = -grid.qy[j];
  }
  return out;
}

/** Samples every cell upright into PATCH_W × PATCH_H gray patches (row-major cells). */
export function samplePatches(gray: GrayImage, grid: CellGrid): Uint8Array[] {
  const patches: Uint8Array[] = [];
  const n = grid.rows * grid.chars;
  for (let i = 0; i < n; i++) {
    const patch = new Uint8Array(PATCH_W * PATCH_H);
    const pitch = Math.hypot(grid.px[i], grid.py[i]);
    // Supersample when the image has more pixels per pitch than the patch (no aliasing).
    const taps = pitch > PATCH_W * 1.5 ? 3 : pitch > PATCH_W * 0.9 ? 2 : 1;
    for (let j = 0; j < PATCH_H; j++) {
      for (let x = 0; x < PATCH_W; x++) {
        let sum = 0;
        for (let ty = 0; ty < taps; ty++) {
          for (let tx = 0; tx < taps; tx++) {
            const u = (x + (tx + 0.5) / taps) / PATCH_W - 0.5;
            const v = (j + (ty + 0.5) / taps) / PATCH_W - PATCH_H / PATCH_W / 2;
            const sx = grid.cx[i] + u * grid.px[i] + v * grid.qx[i];
            const sy = grid.cy[i] + u * grid.py[i] + v * grid.qy[i];
            sum += sampleBilinear(gray, sx, sy);
          }
        }
        patch[j * PATCH_W + x] = Math.round(sum / (taps * taps));
      }
    }
    patches.push(patch);
  }
  return patches;
}

export interface InkLevels {
  threshold: number;
  paper: number;
  ink: number;
}

/** Local ink/paper levels for each cell from it and its row neighbours (copes with glare). */
export function cellLevels(patches: Uint8Array[], rows: number, chars: number): InkLevels[] {
  const out: InkLevels[] = [];
  const hist = new Float64Array(256);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < chars; k++) {
      hist.fill(0);
      for (let d = -1; d <= 1; d++) {
        const kk = k + d;
        if (kk < 0 || kk >= chars) continue;
        const p = patches[r * chars + kk];
        for (let i = 0; i < p.length; i++) hist[p[i]]++;
      }
      // Otsu alone splits paper from "everything darker" when a security pattern runs under the
      // zone; the midpoint between the darkest ink and the typical paper keeps the pattern out.
      let total = 0;
      for (let v = 0; v < 256; v++) total += hist[v];
      let acc = 0;
      let inkSum = 0;
      let inkCount = 0;
      let paperLevel = 255;
      for (let v = 0; v < 256; v++) {
        const take = Math.min(hist[v], Math.max(0, total * 0.05 - acc));
        inkSum += take * v;
        inkCount += take;
        acc += hist[v];
        if (acc >= total * 0.5) {
          paperLevel = v;
          break;
        }
      }
      const darkest = inkCount ? inkSum / inkCount : 0;
      const threshold = Math.min(otsuThreshold(hist), Math.round((darkest + paperLevel) / 2));
      let sb = 0;
      let nb = 0;
      let sf = 0;
      let nf = 0;
      for (let v = 0; v < 256; v++) {
        if (v > threshold) {
          sb += v * hist[v];
          nb += hist[v];
        } else {
          sf += v * hist[v];
          nf += hist[v];
        }
      }
      out.push({ threshold, paper: nb ? sb / nb : 255, ink: nf ? sf / nf : 0 });
    }
  }
  return out;
}
