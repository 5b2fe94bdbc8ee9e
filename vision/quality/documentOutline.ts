// Finds the document as the largest solid, quadrilateral region of either polarity after an Otsu
// split of a small luminance image (a light card on a dark desk, or the reverse); when that finds
// nothing or only the whole frame, as the largest bordered quadrilateral of edges (a light card on
// a light desk). Cheap enough for every video frame. A card whose border does not show against
// its background at all is not found (or reads as the whole frame).
import type { GrayImage, Point } from '../contract';
import { otsuThreshold } from '../image/otsuThreshold';
import { convexHull, insideConvex, orderCorners, polygonArea, reduceToQuad } from './convexHull';

export interface DocumentOutline {
  /** Clockwise from top-left, in the gray image's pixels. */
  corners: [Point, Point, Point, Point];
  /** Quad area over image area. */
  fillRatio: number;
  /** Region pixels over hull area (1 = no holes). */
  solidity: number;
  /** Quad area over hull area (1 = a perfect quadrilateral). */
  quadness: number;
  /** Mean luminance difference between the region and the rest, 0..255. */
  contrast: number;
}

export interface OutlineOptions {
  /** Regions smaller than this share of the frame are ignored. Default 0.03. */
  minArea?: number;
  /** Minimum Otsu class separation in gray levels. Default 28. */
  minContrast?: number;
}

/** Otsu's threshold and the class means it separates. */
function otsu(gray: GrayImage): { threshold: number; lowMean: number; highMean: number } {
  const hist = new Float64Array(256);
  const d = gray.data;
  for (let i = 0; i < d.length; i++) hist[d[i]]++;
  const total = d.length;
  const threshold = otsuThreshold(hist);
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v];
  let lowN = 0;
  let lowS = 0;
  for (let v = 0; v <= threshold; v++) {
    lowN += hist[v];
    lowS += v * hist[v];
  }
  const highN = total - lowN;
  return {
    threshold,
    lowMean: lowN ? lowS / lowN : 0,
    highMean: highN ? (sumAll - lowS) / highN : 255,
  };
}

interface Region {
  label: number;
  count: number;
  sum: number;
  /** Per-row min/max x, -1 where the row has no pixel. */
  minX: Int32Array;
  maxX: Int32Array;
  touches: number;
}

/**
 * 4-connected regions of pixels on one side of `threshold` (above it when `bright`), found by
 * run-length labelling with union-find (runs, not pixels, are the unit: several times faster than
 * a flood fill). Returns the `keep` largest regions of at least minCount pixels.
 */
function largestRegions(
  gray: GrayImage,
  threshold: number,
  bright: boolean,
  minCount: number,
  keep: number,
): Region[] {
  const { width: w, height: h, data } = gray;
  const cap = Math.ceil((w * h) / 2) + h + 1;
  const rx0 = new Int32Array(cap);
  const rx1 = new Int32Array(cap);
  const ry = new Int32Array(cap);
  const rsum = new Float64Array(cap);
  const parent = new Int32Array(cap);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  let n = 0;
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const start = n;
    let x = 0;
    while (x < w) {
      while (x < w && data[row + x] > threshold !== bright) x++;
      if (x >= w) break;
      const x0 = x;
      let sum = 0;
      while (x < w && data[row + x] > threshold === bright) sum += data[row + x++];
      rx0[n] = x0;
      rx1[n] = x - 1;
      ry[n] = y;
      rsum[n] = sum;
      parent[n] = n;
      n++;
    }
    // Union with overlapping runs of the previous row (both lists are sorted by x).
    let p = prevStart;
    for (let r = start; r < n; r++) {
      while (p < prevEnd && rx1[p] < rx0[r]) p++;
      for (let q = p; q < prevEnd && rx0[q] <= rx1[r]; q++) {
        const a = find(r);
        const b = find(q);
        if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
      }
    }
    prevStart = start;
    prevEnd = n;
  }
  const count = new Float64Array(n);
  const sums = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const root = find(r);
    parent[r] = root;
    count[root] += rx1[r] - rx0[r] + 1;
    sums[root] += rsum[r];
  }
  const roots: number[] = [];
  for (let r = 0; r < n; r++) if (parent[r] === r && count[r] >= minCount) roots.push(r);
  roots.sort((a, b) => count[b] - count[a]);
  const kept: Region[] = roots.slice(0, keep).map((root) => ({
    label: root,
    count: count[root],
    sum: sums[root],
    minX: new Int32Array(h).fill(-1),
    maxX: new Int32Array(h).fill(-1),
    touches: 0,
  }));
  if (kept.length === 0) return kept;
  const slot = new Map(kept.map((r, k) => [r.label, k]));
  for (let r = 0; r < n; r++) {
    const k = slot.get(parent[r]);
    if (k === undefined) continue;
    const region = kept[k];
    const y = ry[r];
    if (region.minX[y] < 0 || rx0[r] < region.minX[y]) region.minX[y] = rx0[r];
    if (rx1[r] > region.maxX[y]) region.maxX[y] = rx1[r];
  }
  for (const r of kept) {
    let touches = 0;
    let top = false;
    let bottom = false;
    let left = false;
    let right = false;
    for (let y = 0; y < h; y++) {
      if (r.minX[y] < 0) continue;
      if (y === 0) top = true;
      if (y === h - 1) bottom = true;
      if (r.minX[y] === 0) left = true;
      if (r.maxX[y] === w - 1) right = true;
    }
    touches = Number(top) + Number(bottom) + Number(left) + Number(right);
    r.touches = touches;
  }
  return kept;
}

interface Candidate extends DocumentOutline {
  count: number;
  touches: number;
  bright: boolean;
}

function describe(region: Region, gray: GrayImage, totalSum: number, bright: boolean): Candidate | null {
  const { width: w, height: h } = gray;
  const pts: Point[] = [];
  // Pixel-edge coordinates so that a region filling the frame has corners at the frame corners.
  for (let y = 0; y < h; y++) {
    if (region.minX[y] < 0) continue;
    pts.push({ x: region.minX[y], y }, { x: region.minX[y], y: y + 1 });
    pts.push({ x: region.maxX[y] + 1, y }, { x: region.maxX[y] + 1, y: y + 1 });
  }
  const hull = convexHull(pts);
  const hullArea = polygonArea(hull);
  const quad = reduceToQuad(hull);
  if (!quad || hullArea <= 0) return null;
  const quadArea = polygonArea(quad);
  const restCount = w * h - region.count;
  const meanIn = region.sum / region.count;
  const meanOut = restCount > 0 ? (totalSum - region.sum) / restCount : meanIn;
  return {
    corners: orderCorners(quad),
    fillRatio: quadArea / (w * h),
    solidity: Math.min(1, region.count / hullArea),
    quadness: quadArea / hullArea,
    contrast: Math.abs(meanIn - meanOut),
    count: region.count,
    touches: region.touches,
    bright,
  };
}

/** Gradient magnitude (|dx| + |dy| over two pixels), clipped to 255. */
function gradientImage(gray: GrayImage): GrayImage {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const g = Math.abs(data[i + 1] - data[i - 1]) + Math.abs(data[i + w] - data[i - w]);
      out[i] = g > 255 ? 255 : g;
    }
  }
  return { width: w, height: h, data: out };
}

/** Share of points along the quad's sides that have an edge pixel within 2 px. */
function borderEvidence(edges: GrayImage, threshold: number, quad: readonly Point[]): number {
  const { width: w, height: h, data } = edges;
  let hits = 0;
  let total = 0;
  for (let s = 0; s < 4; s++) {
    const a = quad[s];
    const b = quad[(s + 1) % 4];
    const steps = 40;
    for (let k = 1; k < steps; k++) {
      const x = Math.round(a.x + ((b.x - a.x) * k) / steps);
      const y = Math.round(a.y + ((b.y - a.y) * k) / steps);
      total++;
      let found = false;
      for (let dy = -2; dy <= 2 && !found; dy++) {
        for (let dx = -2; dx <= 2 && !found; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx > 0 && yy > 0 && xx < w - 1 && yy < h - 1 && data[yy * w + xx] > threshold) found = true;
        }
      }
      if (found) hits++;
    }
  }
  return total ? hits / total : 0;
}

/** Share of all edge pixels that lie inside (or within 3 px of) the quad. */
function shareOfEdgesInside(edges: GrayImage, threshold: number, quad: readonly Point[]): number {
  const { width: w, height: h, data } = edges;
  const cx = quad.reduce((a, p) => a + p.x, 0) / 4;
  const cy = quad.reduce((a, p) => a + p.y, 0) / 4;
  // Grow the quad a little around its centre so its own border pixels count as inside.
  const grown = quad.map((p) => {
    const d = Math.hypot(p.x - cx, p.y - cy) || 1;
    return { x: p.x + ((p.x - cx) / d) * 3, y: p.y + ((p.y - cy) / d) * 3 };
  });
  let all = 0;
  let inside = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      if (data[y * w + x] <= threshold) continue;
      all++;
      if (insideConvex(grown, x + 0.5, y + 0.5)) inside++;
    }
  }
  return all ? inside / all : 0;
}

/** Edges that count: 24 gray levels over two pixels (paper against a similar surface still
 * gives that along its border; sensor noise after the 4× averaging does not). */
const EDGE_THRESHOLD = 24;

/**
 * Fallback for a document on a surface of about its own brightness (a white card on a light
 * desk), where segmentation by brightness fails: the largest connected set of edge pixels, if
 * its hull is a quadrilateral whose four sides are themselves edges, is the document's border.
 */
function findOutlineByEdges(gray: GrayImage, options: OutlineOptions = {}): DocumentOutline | null {
  const minArea = options.minArea ?? 0.03;
  const edges = gradientImage(gray);
  // The frame's own first and last rows/columns carry no gradient; regions are edge pixels.
  const regions = largestRegions(edges, EDGE_THRESHOLD, true, 16, 3);
  let best: DocumentOutline | null = null;
  for (const region of regions) {
    const c = describe(region, edges, 0, true);
    if (!c || c.fillRatio < minArea || c.fillRatio > 0.97 || c.quadness < 0.9) continue;
    if (borderEvidence(edges, EDGE_THRESHOLD, c.corners) < 0.75) continue;
    // The document holds the detail: a text block or a portrait inside it holds only part of it.
    if (shareOfEdgesInside(edges, EDGE_THRESHOLD, c.corners) < 0.9) continue;
    if (!best || c.fillRatio > best.fillRatio) {
      best = {
        corners: c.corners,
        fillRatio: c.fillRatio,
        solidity: c.solidity,
        quadness: c.quadness,
        contrast: 0,
      };
    }
  }
  return best;
}

/** The document outline in `gray`, or null when no region looks like one. */
export function findDocumentOutline(gray: GrayImage, options: OutlineOptions = {}): DocumentOutline | null {
  const found = findOutlineByBrightness(gray, options);
  // Nothing found, or only "the whole frame": look for a bordered document by its edges.
  if (!found || found.fillRatio >= 0.85) {
    const byEdges = findOutlineByEdges(gray, options);
    if (byEdges && byEdges.fillRatio < 0.85) return byEdges;
  }
  return found;
}

function findOutlineByBrightness(gray: GrayImage, options: OutlineOptions): DocumentOutline | null {
  const minArea = options.minArea ?? 0.03;
  const minContrast = options.minContrast ?? 28;
  const { threshold, lowMean, highMean } = otsu(gray);
  if (highMean - lowMean < minContrast) return null;
  const n = gray.data.length;
  let totalSum = 0;
  for (let i = 0; i < n; i++) totalSum += gray.data[i];
  const minCount = Math.max(16, Math.floor(minArea * n));
  const candidates: Candidate[] = [];
  for (const bright of [true, false]) {
    for (const region of largestRegions(gray, threshold, bright, minCount, 3)) {
      const c = describe(region, gray, totalSum, bright);
      if (c && c.solidity >= 0.5 && c.quadness >= 0.93) candidates.push(c);
    }
  }
  // A region touching all four borders is either the document filling the frame (a scan: light
  // paper around dark print) or the background around a document. Light paper filling the frame
  // wins over a smaller dark rectangle inside it (that is the portrait on a scanned page); a light
  // card, or a dark one covering a good part of the frame, wins over what surrounds it. Known
  // limit: a small dark card on a light surface reads as a full-frame page.
  const fullFrame = candidates
    .filter((c) => c.touches === 4 && c.bright && c.fillRatio >= 0.85 && c.solidity >= 0.5)
    .sort((a, b) => b.count - a.count)[0];
  const inner = candidates.filter((c) => c.touches < 4).sort((a, b) => b.count - a.count);
  const pool = inner.filter((c) => !fullFrame || c.bright || c.fillRatio >= 0.3);
  if (pool.length === 0 && fullFrame) pool.push(fullFrame);
  const best = pool[0];
  if (!best) return null;
  const { corners, fillRatio, solidity, quadness, contrast } = best;
  return { corners, fillRatio, solidity, quadness, contrast };
}
