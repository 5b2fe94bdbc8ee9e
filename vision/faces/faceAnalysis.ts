// Face rules on top of a FaceEngine: the detections the contract describes, a document-portrait
// to face-capture match, and static liveness. Platform-neutral.
import type { FaceDetection, FaceMatch, LivenessAssessment, RgbaImage } from '../contract';
import { assertRgbaImage } from '../image/rgbaImage';
import { eyesOpenEstimate } from './eyeOpenness';
import {
  foldCheck,
  LIVENESS_GATES,
  measureFrame,
  presentationChecks,
  type FrameCues,
  type LivenessCheck,
} from './livenessGates';
import type { FaceEngine, RawFace } from './faceEngine';

/**
 * What STATIC liveness here checks, and what it does not: for reports and the staff screen.
 */
export const STATIC_LIVENESS_SCOPE =
  'Static liveness checks each frame for: exactly one face (no face or several fail); a frontal ' +
  'head pose; open eyes (the lids from the face mesh and a dark iris actually showing, so eyes ' +
  'painted or shut fail); not a document (a machine-readable zone, rows of printed text around ' +
  'the face, or a face that is a tiny part of the frame fail); no screen or print pattern (a ' +
  'periodic pixel grid, subpixel stripes or halftone dots over the face fail, where the camera ' +
  'resolves them: 1 to 12 px per period); the antispoof and liveness models shipped with ' +
  '@vladmandic/human (scored, but on the offline sets they did not separate attacks from genuine ' +
  'faces, so only a near-zero score fails); and the same face in every frame. It does NOT catch ' +
  'a high-quality print or screen whose texture the camera does not resolve, a cut-out or a ' +
  'mask, a replayed video, or a deepfake: there is no depth, motion or challenge-response. Staff ' +
  'must look at the person.';

/** Face-match score at or above which the two faces are taken as the same person. Set from the
 * only labelled pairs available offline (the same portrait reprinted, rescaled, rotated and
 * JPEG-compressed scores ≥ 0.9; different people in the model's sample images ≤ 0.6): a
 * starting point to be calibrated on real captures, not a measured error rate. */
export const FACE_MATCH_THRESHOLD = 0.65;

export interface LivenessOptions {
  /** Largest |yaw| and |pitch| in degrees for a frontal face. Default 20. */
  maxYaw?: number;
  maxPitch?: number;
  /** Eyes-open estimate (0..1) a frame needs. Default 0.5. */
  minEyesOpen?: number;
  /** Match score every frame needs against the first. Default FACE_MATCH_THRESHOLD. */
  minConsistency?: number;
  /** Detector confidence under which a face is ignored. Default 0.5. */
  minFaceScore?: number;
  /** Frames needed. Default 1. */
  minFrames?: number;
  /** Measures a frame's presentation cues. Default measureFrame (tests script their own). */
  measure?: (image: RgbaImage, face: RawFace) => FrameCues;
}

/** Embeddings from the description model are non-negative (a pooled ReLU layer), so cosine
 * similarity of unrelated faces sits around 0.3–0.5, not 0; the score maps [0.3, 1] to [0, 1]. */
const COSINE_FLOOR = 0.3;

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('face descriptors differ in length');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** 0..1 match score of two face descriptors. */
export function matchScore(a: readonly number[], b: readonly number[]): number {
  const c = cosineSimilarity(a, b);
  return Math.min(1, Math.max(0, (c - COSINE_FLOOR) / (1 - COSINE_FLOOR)));
}

const area = (f: RawFace): number => f.box.width * f.box.height;

function toDetection(f: RawFace): FaceDetection {
  return {
    box: { ...f.box },
    score: f.score,
    yaw: f.yaw,
    pitch: f.pitch,
    eyesOpen: eyesOpenEstimate(f),
    embedding: f.embedding,
  };
}

async function facesIn(engine: FaceEngine, image: RgbaImage, minScore: number): Promise<RawFace[]> {
  assertRgbaImage(image);
  const faces = await engine.detect(image);
  return faces.filter((f) => f.score >= minScore).sort((a, b) => area(b) - area(a));
}

/** Faces in the image, largest first. */
export async function detectFaces(
  engine: FaceEngine,
  image: RgbaImage,
  minScore = 0.5,
): Promise<FaceDetection[]> {
  return (await facesIn(engine, image, minScore)).map(toDetection);
}

/**
 * Compares the portrait on a document with the face in a face capture. The largest face on each
 * side is used: documents often carry a smaller "ghost" copy of the portrait, and a capture may
 * catch someone in the background.
 */
export async function compareFaces(
  engine: FaceEngine,
  documentImage: RgbaImage,
  faceImage: RgbaImage,
): Promise<FaceMatch> {
  // Both at once: an engine with several workers runs them in parallel.
  const [portraits, faces] = await Promise.all([
    facesIn(engine, documentImage, 0.5),
    facesIn(engine, faceImage, 0.5),
  ]);
  const portrait = portraits[0];
  const face = faces[0];
  const score =
    portrait?.embedding && face?.embedding ? matchScore(portrait.embedding, face.embedding) : null;
  return { score, portraitFound: Boolean(portrait), faceFound: Boolean(face) };
}

export interface LivenessDetails extends LivenessAssessment {
  /** Per frame: yaw, pitch (degrees), eyes-open estimate and match score against frame 1. */
  frames: { yaw: number | null; pitch: number | null; eyesOpen: number | null; consistency: number | null }[];
  scope: string;
  /** Every sub-check by name, in report order: a FAIL or NOT_AVAILABLE one says why. passed is
   * true only when every one PASSed. */
  checks: LivenessCheck[];
}

/** Whether a liveness result carries the named sub-checks (a VisionPort built before them, or a
 * fake, gives only the summary fields). */
export function hasLivenessChecks(result: LivenessAssessment): result is LivenessDetails {
  return Array.isArray((result as Partial<LivenessDetails>).checks);
}

export async function assessLiveness(
  engine: FaceEngine,
  frames: RgbaImage[],
  options: LivenessOptions = {},
): Promise<LivenessDetails> {
  const maxYaw = options.maxYaw ?? 20;
  const maxPitch = options.maxPitch ?? 20;
  const minEyesOpen = options.minEyesOpen ?? 0.5;
  const minConsistency = options.minConsistency ?? FACE_MATCH_THRESHOLD;
  const minFaceScore = options.minFaceScore ?? 0.5;
  const minFrames = options.minFrames ?? 1;
  const reasons: string[] = [];
  if (!Array.isArray(frames) || frames.length < minFrames || frames.length === 0) {
    reasons.push(`${frames?.length ?? 0} frame(s) given, at least ${Math.max(1, minFrames)} needed`);
  }
  const perFrame: RawFace[][] = await Promise.all(
    (frames ?? []).map((frame) => facesIn(engine, frame, minFaceScore)),
  );
  const facesPerFrame = perFrame.map((f) => f.length);
  perFrame.forEach((faces, i) => {
    if (faces.length === 0) reasons.push(`frame ${i + 1}: no face`);
    else if (faces.length > 1) reasons.push(`frame ${i + 1}: ${faces.length} faces, exactly one needed`);
  });
  const single = perFrame.map((faces) => (faces.length === 1 ? faces[0] : null));
  const first = single.find((f) => f?.embedding) ?? null;
  const details: LivenessDetails['frames'] = single.map((f) => ({
    yaw: f?.yaw ?? null,
    pitch: f?.pitch ?? null,
    eyesOpen: f ? eyesOpenEstimate(f) : null,
    consistency: f?.embedding && first?.embedding ? matchScore(first.embedding, f.embedding) : null,
  }));

  let frontal = single.length > 0;
  let eyesOpen = single.length > 0;
  let consistent = single.length > 0;
  details.forEach((d, i) => {
    if (!single[i]) {
      frontal = eyesOpen = consistent = false;
      return;
    }
    if (d.yaw === null || d.pitch === null) {
      frontal = false;
      reasons.push(`frame ${i + 1}: head pose unknown`);
    } else if (Math.abs(d.yaw) > maxYaw || Math.abs(d.pitch) > maxPitch) {
      frontal = false;
      reasons.push(`frame ${i + 1}: not frontal (yaw ${d.yaw.toFixed(0)}°, pitch ${d.pitch.toFixed(0)}°)`);
    }
    if (d.eyesOpen === null) {
      eyesOpen = false;
      reasons.push(`frame ${i + 1}: eyes not measurable`);
    } else if (d.eyesOpen < minEyesOpen) {
      eyesOpen = false;
      reasons.push(`frame ${i + 1}: eyes closed (${d.eyesOpen.toFixed(2)})`);
    }
    if (d.consistency === null) {
      consistent = false;
      reasons.push(`frame ${i + 1}: no face descriptor`);
    } else if (d.consistency < minConsistency) {
      consistent = false;
      reasons.push(`frame ${i + 1}: a different face from frame 1 (match ${d.consistency.toFixed(2)})`);
    }
  });
  const measure = options.measure ?? measureFrame;
  const cues: (FrameCues | null)[] = single.map((f, i) => (f ? measure(frames[i], f) : null));
  const presentation = presentationChecks(cues, { ...LIVENESS_GATES, minEyesOpen });
  const noFace = { na: 'no single face to measure' } as const;
  const checks: LivenessCheck[] = [
    foldCheck(
      'single_face',
      perFrame.map((faces) => ({
        fail:
          faces.length === 1
            ? null
            : faces.length === 0
              ? 'no face'
              : `${faces.length} faces, exactly one needed`,
      })),
      { faces_per_frame: facesPerFrame.join(',') },
    ),
    foldCheck(
      'frontal_pose',
      details.map((d, i) =>
        !single[i]
          ? noFace
          : d.yaw === null || d.pitch === null
            ? { na: 'head pose unknown' }
            : {
                fail:
                  Math.abs(d.yaw) > maxYaw || Math.abs(d.pitch) > maxPitch
                    ? `not frontal (yaw ${d.yaw.toFixed(0)}°, pitch ${d.pitch.toFixed(0)}°)`
                    : null,
              },
      ),
    ),
    ...presentation,
    foldCheck(
      'consistent_across_frames',
      details.map((d, i) =>
        !single[i]
          ? noFace
          : d.consistency === null
            ? { na: 'no face descriptor' }
            : {
                fail:
                  d.consistency < minConsistency
                    ? `a different face from frame 1 (match ${d.consistency.toFixed(2)})`
                    : null,
              },
      ),
    ),
  ];
  for (const c of checks) {
    // single_face, pose, lids and consistency already gave their reasons above.
    const own = !['single_face', 'frontal_pose', 'consistent_across_frames', 'eyes_open'].includes(c.name);
    if (c.status === 'FAIL' && c.reason && (own || /iris/.test(c.reason))) {
      reasons.push(`${c.name}: ${c.reason}`);
    }
  }
  const passed =
    reasons.length === 0 && frontal && eyesOpen && consistent && checks.every((c) => c.status === 'PASS');
  return {
    passed,
    checks,
    facesPerFrame,
    frontal,
    eyesOpen: eyesOpen && checks.find((c) => c.name === 'eyes_open')?.status === 'PASS',
    consistent,
    reasons,
    frames: details,
    scope: STATIC_LIVENESS_SCOPE,
  };
}
