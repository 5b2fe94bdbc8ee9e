// A fronto-parallel crop of the document from its four corners, taken when a capture is made.
import type { Point, RgbaImage } from '../contract';
import { applyHomography, homographyFromPoints } from './homography';
import { assertRgbaImage, sampleRgbaBilinear } from './rgbaImage';

export type Quad = [Point, Point, Point, Point];

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Longest output side when outWidth is not given: enough for MRZ reading, bounded for memory. */
const DEFAULT_MAX_WIDTH = 2000;

/**
 * Warps the quadrilateral `corners` (clockwise from top-left, image pixels) to an upright
 * rectangle. The output aspect ratio is the quad's (mean of opposite sides); its width is outWidth
 * or the quad's own width (at most 2000 px). Bilinear sampling; pixels outside the image are black.
 */
export function perspectiveCrop(image: RgbaImage, corners: Quad, outWidth?: number): RgbaImage {
  assertRgbaImage(image);
  if (
    !Array.isArray(corners) ||
    corners.length !== 4 ||
    corners.some((p) => !Number.isFinite(p?.x) || !Number.isFinite(p?.y))
  ) {
    throw new RangeError('perspectiveCrop: corners must be four finite points');
  }
  const [tl, tr, br, bl] = corners;
  const quadWidth = (distance(tl, tr) + distance(bl, br)) / 2;
  const quadHeight = (distance(tl, bl) + distance(tr, br)) / 2;
  if (quadWidth < 2 || quadHeight < 2) throw new RangeError('perspectiveCrop: the corners enclose no area');
  if (outWidth !== undefined && (!Number.isFinite(outWidth) || outWidth < 1 || outWidth > 10000)) {
    throw new RangeError(`perspectiveCrop: outWidth must be between 1 and 10000 (got ${outWidth})`);
  }
  const w = Math.round(outWidth ?? Math.min(DEFAULT_MAX_WIDTH, quadWidth));
  const h = Math.max(1, Math.round((w * quadHeight) / quadWidth));
  const rect: Point[] = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ];
  // Map output pixel centres back into the source image.
  const hm = homographyFromPoints(rect, corners);
  if (!hm) throw new RangeError('perspectiveCrop: the corners are degenerate (three or more in a line)');
  const out = new Uint8Array(w * h * 4);
  const iw = image.width;
  const ih = image.height;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = applyHomography(hm, { x: x + 0.5, y: y + 0.5 });
      const fx = p.x - 0.5;
      const fy = p.y - 0.5;
      const o = (y * w + x) * 4;
      if (!(fx > -1 && fy > -1 && fx < iw && fy < ih)) {
        out[o + 3] = 255;
        continue;
      }
      // Within a pixel of the edge: the edge pixel (sampleRgbaBilinear clamps).
      sampleRgbaBilinear(image, fx, fy, out, o);
    }
  }
  return { width: w, height: h, data: out };
}
