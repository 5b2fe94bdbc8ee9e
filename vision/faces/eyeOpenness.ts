// Eyes-open estimate from face-mesh landmarks: the eye aspect ratio (lid gap over eye width),
// whatever the face's size. Measured here: 0.40 for the open eyes of the specimen portrait, 0.23
// once its eyes are painted over (the mesh model still guesses a gap); truly shut eyes are
// expected near 0.1, but no such image was available offline to calibrate on.
import type { RgbaImage } from '../contract';
import type { RawFace } from './faceEngine';

/** MediaPipe face-mesh indices: [outer corner, inner corner, upper lid, lower lid]. */
const RIGHT_EYE = [33, 133, 159, 145] as const;
const LEFT_EYE = [263, 362, 386, 374] as const;

/** Ratio at or below which the eye is taken as shut, and at or above which as fully open. */
const CLOSED_RATIO = 0.12;
const OPEN_RATIO = 0.26;

function aspectRatio(mesh: RawFace['mesh'], [outer, inner, upper, lower]: readonly number[]): number | null {
  const o = mesh[outer];
  const i = mesh[inner];
  const u = mesh[upper];
  const l = mesh[lower];
  if (!o || !i || !u || !l) return null;
  const width = Math.hypot(o[0] - i[0], o[1] - i[1]);
  if (width <= 0) return null;
  return Math.hypot(u[0] - l[0], u[1] - l[1]) / width;
}

/** Eye aspect ratios (right, left as the person sees them); null without a mesh. */
export function eyeAspectRatios(face: RawFace): { right: number; left: number } | null {
  if (face.mesh.length < 468) return null;
  const right = aspectRatio(face.mesh, RIGHT_EYE);
  const left = aspectRatio(face.mesh, LEFT_EYE);
  return right === null || left === null ? null : { right, left };
}

/** 0..1: how open the less open eye is (a wink or a half-shut eye counts against). */
export function eyesOpenEstimate(face: RawFace): number | null {
  const ratios = eyeAspectRatios(face);
  if (!ratios) return null;
  const r = Math.min(ratios.right, ratios.left);
  return Math.min(1, Math.max(0, (r - CLOSED_RATIO) / (OPEN_RATIO - CLOSED_RATIO)));
}

/** MediaPipe face-mesh eye contours (right, left). */
const EYE_CONTOURS = [
  [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
] as const;

const luma = (d: Uint8Array | Uint8ClampedArray, i: number): number =>
  0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];

/**
 * How tall the dark feature in the middle of each eye is, over the eye's width (the less open eye):
 * an open eye shows the iris and pupil, about a third of the eye's width tall; a closed or
 * painted-over lid shows at most a lash line, a few hundredths. Measured per column across the
 * middle 40% of the eye as the run darker than halfway between the column's darkest pixel and
 * the surrounding lid skin, so blur (which widens and flattens the same feature) changes it
 * little. The mesh's lid positions are not used: the model draws open lids over a painted eye.
 * Null without a mesh or when an eye is outside the image.
 */
export function eyeIrisHeight(image: RgbaImage, face: RawFace): number | null {
  if (face.mesh.length < 468) return null;
  const heights: number[] = [];
  for (const contour of EYE_CONTOURS) {
    const xs = contour.map((k) => face.mesh[k][0]);
    const ys = contour.map((k) => face.mesh[k][1]);
    const minX = Math.min(...xs);
    const eyeW = Math.max(...xs) - minX;
    if (eyeW < 4) return null;
    const cy = ys.reduce((a, b) => a + b, 0) / ys.length;
    const y0 = Math.round(cy - 0.35 * eyeW);
    const y1 = Math.round(cy + 0.35 * eyeW);
    const x0 = Math.round(minX + 0.3 * eyeW);
    const x1 = Math.round(minX + 0.7 * eyeW);
    if (x0 < 0 || y0 < 0 || x1 >= image.width || y1 >= image.height) return null;
    const window: number[] = [];
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) window.push(luma(image.data, (y * image.width + x) * 4));
    const sorted = [...window].sort((a, b) => a - b);
    const skin = sorted[Math.floor(sorted.length * 0.75)];
    const cols = x1 - x0 + 1;
    const runs: number[] = [];
    for (let c = 0; c < cols; c++) {
      let min = 255;
      for (let r = 0; r <= y1 - y0; r++) min = Math.min(min, window[r * cols + c]);
      if (skin - min < 12) {
        runs.push(0);
        continue;
      }
      const half = (min + skin) / 2;
      let n = 0;
      for (let r = 0; r <= y1 - y0; r++) if (window[r * cols + c] < half) n++;
      runs.push(n);
    }
    runs.sort((a, b) => a - b);
    heights.push(runs[Math.floor(runs.length / 2)] / eyeW);
  }
  return Math.min(...heights);
}
