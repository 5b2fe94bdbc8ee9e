// The presentation-attack sub-checks of static liveness: the cues of presentationCues.ts and
// eyeOpenness.ts, and the scores of the two models that ship with @vladmandic/human, against
// gates set on the calibration split of test/support/attacks (figures in the README's liveness
// section; `npm run -s bench -- liveness` measures them on the test split). Platform-neutral.
import type { RgbaImage } from '../contract';
import { eyeIrisHeight, eyesOpenEstimate } from './eyeOpenness';
import type { RawFace } from './faceEngine';
import { documentContext, periodicPattern } from './presentationCues';

export type LivenessCheckName =
  | 'single_face'
  | 'frontal_pose'
  | 'eyes_open'
  | 'consistent_across_frames'
  | 'not_a_document'
  | 'no_screen_or_print_pattern'
  | 'antispoof_model'
  | 'liveness_model';

export type LivenessCheckStatus = 'PASS' | 'FAIL' | 'NOT_AVAILABLE';

export interface LivenessCheck {
  name: LivenessCheckName;
  status: LivenessCheckStatus;
  /** Why it failed or could not be computed (frame by frame); null on PASS. */
  reason: string | null;
  /** The measurements behind it, per frame where there are several ("0.12,0.10"). */
  values: Record<string, string>;
}

export const LIVENESS_GATES = {
  /** Rows of printed text around the face at which the frame is a document page. */
  maxTextLines: 3,
  /** Face box share of the frame below which the face is a small part of something held up. */
  minFaceShare: 0.02,
  /** Periodic-pattern score at or above which the face is on a screen or a print. */
  maxPattern: 0.6,
  /** Eyes-open estimate from the mesh's lids (0..1). */
  minEyesOpen: 0.5,
  /** Height of the dark iris feature over eye width. */
  minIrisHeight: 0.1,
  /** Antispoof ("real") and liveness ("live") model scores under which a face is refused. */
  minReal: 0.1,
  minLive: 0.05,
} as const;

export interface FrameCues {
  textLines: number;
  mrzFound: boolean;
  faceShare: number;
  pattern: number;
  /** The lag of that repeat in px, "dx,dy". */
  patternLag: string;
  eyesOpen: number | null;
  irisHeight: number | null;
  real: number | null;
  live: number | null;
}

/** Everything measured on one frame's single face. */
export function measureFrame(image: RgbaImage, face: RawFace): FrameCues {
  const doc = documentContext(image, face.box);
  const pattern = periodicPattern(image, face.box);
  return {
    textLines: doc.textLines,
    mrzFound: doc.mrzFound,
    faceShare: doc.faceShare,
    pattern: pattern.score,
    patternLag: pattern.lag.join(','),
    eyesOpen: eyesOpenEstimate(face),
    irisHeight: eyeIrisHeight(image, face),
    real: face.real,
    live: face.live,
  };
}

type Verdict = { fail: string | null } | { na: string };

/** One verdict per frame, folded: any FAIL fails, else any NOT_AVAILABLE, else PASS. */
export function foldCheck(
  name: LivenessCheckName,
  verdicts: Verdict[],
  values: Record<string, string> = {},
): LivenessCheck {
  const fails = verdicts.flatMap((v, i) => ('fail' in v && v.fail ? [`frame ${i + 1}: ${v.fail}`] : []));
  const nas = verdicts.flatMap((v, i) => ('na' in v ? [`frame ${i + 1}: ${v.na}`] : []));
  if (fails.length > 0) return { name, status: 'FAIL', reason: fails.join('; '), values };
  if (nas.length > 0 || verdicts.length === 0) {
    return { name, status: 'NOT_AVAILABLE', reason: nas.join('; ') || 'no frame', values };
  }
  return { name, status: 'PASS', reason: null, values };
}

const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));
const join = (cues: (FrameCues | null)[], pick: (c: FrameCues) => string): string =>
  cues.map((c) => (c ? pick(c) : 'n/a')).join(',');

/** The presentation sub-checks over the frames' cues (null: the frame has no single face). */
export function presentationChecks(
  cues: (FrameCues | null)[],
  g: { readonly [K in keyof typeof LIVENESS_GATES]: number } = LIVENESS_GATES,
): LivenessCheck[] {
  const noFace = { na: 'no single face to measure' } as const;
  const document = foldCheck(
    'not_a_document',
    cues.map((c): Verdict => {
      if (!c) return noFace;
      if (c.mrzFound) return { fail: 'a machine-readable zone is in the frame (a document page)' };
      if (c.textLines >= g.maxTextLines)
        return { fail: `${c.textLines} lines of printed text around the face` };
      if (c.faceShare < g.minFaceShare) {
        return {
          fail: `the face is ${(100 * c.faceShare).toFixed(1)}% of the frame (part of something held up)`,
        };
      }
      return { fail: null };
    }),
    {
      mrz_found: join(cues, (c) => String(c.mrzFound)),
      text_lines: join(cues, (c) => String(c.textLines)),
      face_share: join(cues, (c) => c.faceShare.toFixed(3)),
    },
  );
  const pattern = foldCheck(
    'no_screen_or_print_pattern',
    cues.map((c): Verdict => {
      if (!c) return noFace;
      return c.pattern >= g.maxPattern
        ? {
            fail: `a periodic pattern over the face (${fmt(c.pattern)} at ${c.patternLag} px): a screen's pixel grid or a print's halftone`,
          }
        : { fail: null };
    }),
    {
      pattern_score: join(cues, (c) => fmt(c.pattern)),
      pattern_lag: join(cues, (c) => c.patternLag),
      gate: String(g.maxPattern),
    },
  );
  const eyes = foldCheck(
    'eyes_open',
    cues.map((c): Verdict => {
      if (!c) return noFace;
      if (c.eyesOpen === null || c.irisHeight === null) return { na: 'eyes not measurable' };
      if (c.eyesOpen < g.minEyesOpen) return { fail: `eyes closed (lids ${fmt(c.eyesOpen)})` };
      if (c.irisHeight < g.minIrisHeight)
        return { fail: `eyes closed (no iris showing: ${c.irisHeight.toFixed(3)})` };
      return { fail: null };
    }),
    {
      eyes_open: join(cues, (c) => fmt(c.eyesOpen)),
      iris_height: join(cues, (c) => (c.irisHeight === null ? 'n/a' : c.irisHeight.toFixed(3))),
    },
  );
  const model = (
    name: 'antispoof_model' | 'liveness_model',
    pick: (c: FrameCues) => number | null,
    min: number,
    label: string,
  ) =>
    foldCheck(
      name,
      cues.map((c): Verdict => {
        if (!c) return noFace;
        const v = pick(c);
        if (v === null) return { na: `the ${label} model did not run` };
        return v < min ? { fail: `${label} model score ${fmt(v)} under ${min}` } : { fail: null };
      }),
      { score: join(cues, (c) => fmt(pick(c))), gate: String(min) },
    );
  return [
    eyes,
    document,
    pattern,
    model('antispoof_model', (c) => c.real, g.minReal, 'antispoof'),
    model('liveness_model', (c) => c.live, g.minLive, 'liveness'),
  ];
}
