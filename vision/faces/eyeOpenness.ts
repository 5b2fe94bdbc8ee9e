// Eyes-open estimate from face-mesh landmarks: the eye aspect ratio (lid gap over eye width),
// whatever the face's size. Measured here: 0.40 for the open eyes of the specimen portrait, 0.23
// once its eyes are painted over (the mesh model still guesses a gap); truly shut eyes are
// expected near 0.1, but no such image was available offline to calibrate on.
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
