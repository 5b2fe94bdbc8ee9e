// Dark-on-light blobs (candidate characters) of a grayscale image: local-mean thresholding, then
// 8-connected components with their bounding boxes.
import type { GrayImage } from '../contract';

export interface Blob {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Pixel count. */
  area: number;
  /** Bounding-box centre. */
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/**
 * Marks pixels darker than their neighbourhood mean (window 2r+1) by a relative margin (a
 * fraction of the mean; higher keeps only ink much darker than its surroundings).
 */
export function darkMask(gray: GrayImage, radius: number, margin = 0.12): Uint8Array {
  const { width: w, height: h, data } = gray;
  const iw = w + 1;
  const integral = new Float64Array(iw * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x];
      integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
    }
  }
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(h, y + radius + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(w, x + radius + 1);
      const sum =
        integral[y1 * iw + x1] - integral[y0 * iw + x1] - integral[y1 * iw + x0] + integral[y0 * iw + x0];
      const mean = sum / ((x1 - x0) * (y1 - y0));
      const v = data[y * w + x];
      // Relative margin: text on a bright card and on a dim one both pass, flat texture does not.
      if (mean - v > Math.max(8, margin * mean)) mask[y * w + x] = 1;
    }
  }
  return mask;
}

/** 8-connected components of a 0/1 mask (union-find, two passes). */
export function connectedBlobs(mask: Uint8Array, width: number, height: number, minArea = 1): Blob[] {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      let l = 0;
      if (x > 0 && labels[i - 1]) l = labels[i - 1];
      if (y > 0) {
        const up = i - width;
        if (labels[up]) l = l ? union(l, labels[up]) : labels[up];
        if (x > 0 && labels[up - 1]) l = l ? union(l, labels[up - 1]) : labels[up - 1];
        if (x < width - 1 && labels[up + 1]) l = l ? union(l, labels[up + 1]) : labels[up + 1];
      }
      if (!l) {
        l = parent.length;
        parent.push(l);
      }
      labels[i] = l;
    }
  }
  const n = parent.length;
  const minX = new Int32Array(n).fill(width);
  const minY = new Int32Array(n).fill(height);
  const maxX = new Int32Array(n).fill(-1);
  const maxY = new Int32Array(n).fill(-1);
  const area = new Int32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l0 = labels[y * width + x];
      if (!l0) continue;
      const l = find(l0);
      area[l]++;
      if (x < minX[l]) minX[l] = x;
      if (x > maxX[l]) maxX[l] = x;
      if (y < minY[l]) minY[l] = y;
      if (y > maxY[l]) maxY[l] = y;
    }
  }
  const blobs: Blob[] = [];
  for (let l = 1; l < n; l++) {
    if (area[l] < minArea || maxX[l] < 0) continue;
    const w = maxX[l] - minX[l] + 1;
    const h = maxY[l] - minY[l] + 1;
    blobs.push({
      minX: minX[l],
      minY: minY[l],
      maxX: maxX[l],
      maxY: maxY[l],
      area: area[l],
      cx: (minX[l] + maxX[l]) / 2,
      cy: (minY[l] + maxY[l]) / 2,
      w,
      h,
    });
  }
  return blobs;
}
