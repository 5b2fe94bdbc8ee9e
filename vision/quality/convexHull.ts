// Convex hull and its reduction to a quadrilateral: the document outline from a segmented region.
import type { Point } from '../contract';

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Andrew's monotone chain; returns the hull counter-clockwise in math axes (clockwise on screen). */
export function convexHull(points: Point[]): Point[] {
  if (points.length < 3) return points.slice();
  const pts = points.slice().sort((a, b) => a.x - b.x || a.y - b.y);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % poly.length];
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}

/**
 * Reduces a convex polygon to four vertices by repeatedly dropping the vertex whose triangle with
 * its neighbours is smallest: rounded or slightly clipped card corners vanish first, the four real
 * corners survive. Rotation-invariant, unlike picking extremes along the diagonals.
 */
export function reduceToQuad(hull: readonly Point[]): Point[] | null {
  if (hull.length < 4) return null;
  const poly = hull.slice();
  const tri = (i: number): number => {
    const n = poly.length;
    return Math.abs(cross(poly[(i - 1 + n) % n], poly[i], poly[(i + 1) % n]));
  };
  while (poly.length > 4) {
    let best = 0;
    let bestArea = Infinity;
    for (let i = 0; i < poly.length; i++) {
      const a = tri(i);
      if (a < bestArea) {
        bestArea = a;
        best = i;
      }
    }
    poly.splice(best, 1);
  }
  return poly;
}

/** Orders four points clockwise on screen starting at the top-left (smallest x + y). */
export function orderCorners(quad: readonly Point[]): [Point, Point, Point, Point] {
  const cx = quad.reduce((s, p) => s + p.x, 0) / quad.length;
  const cy = quad.reduce((s, p) => s + p.y, 0) / quad.length;
  // Screen y points down, so increasing atan2 goes clockwise on screen.
  const sorted = quad.slice().sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  let start = 0;
  for (let i = 1; i < 4; i++) if (sorted[i].x + sorted[i].y < sorted[start].x + sorted[start].y) start = i;
  return [sorted[start], sorted[(start + 1) % 4], sorted[(start + 2) % 4], sorted[(start + 3) % 4]];
}

/** Point-in-convex-polygon test for any winding. */
export function insideConvex(poly: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % poly.length];
    const c = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x);
    if (c !== 0) {
      const s = c > 0 ? 1 : -1;
      if (sign === 0) sign = s;
      else if (s !== sign) return false;
    }
  }
  return true;
}
