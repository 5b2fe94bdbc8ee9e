// Face rules with a scripted engine: which face is used, what liveness requires, how scores map.
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import {
  assessLiveness,
  compareFaces,
  cosineSimilarity,
  detectFaces,
  eyesOpenEstimate,
  FACE_MATCH_THRESHOLD,
  matchScore,
  STATIC_LIVENESS_SCOPE,
  type FaceEngine,
  type FrameCues,
  type LivenessDetails,
  type RawFace,
} from '../../../vision/faces';

const blank = (w = 8, h = 8): RgbaImage => ({ width: w, height: h, data: new Uint8Array(w * h * 4) });

/** A 468-point mesh whose eyes have the given lid gap over eye width. */
function meshWithEyes(ratio: number): RawFace['mesh'] {
  const mesh: [number, number, number][] = Array.from({ length: 468 }, () => [0, 0, 0]);
  const eye = (outer: number, inner: number, upper: number, lower: number, cx: number) => {
    mesh[outer] = [cx - 20, 100, 0];
    mesh[inner] = [cx + 20, 100, 0];
    mesh[upper] = [cx, 100 - 20 * ratio, 0];
    mesh[lower] = [cx, 100 + 20 * ratio, 0];
  };
  eye(33, 133, 159, 145, 60);
  eye(263, 362, 386, 374, 160);
  return mesh;
}

function face(over: Partial<RawFace> = {}): RawFace {
  return {
    box: { x: 10, y: 10, width: 100, height: 100 },
    score: 0.95,
    yaw: 2,
    pitch: -3,
    roll: 0,
    mesh: meshWithEyes(0.3),
    embedding: [1, 0.5, 0.2, 0.1],
    real: 0.6,
    live: 0.95,
    ...over,
  };
}

/** Returns the scripted faces for each call in turn. */
function scripted(...calls: RawFace[][]): FaceEngine & { calls: number } {
  let i = 0;
  return {
    description: 'scripted',
    calls: 0,
    async detect() {
      this.calls++;
      return calls[i++] ?? [];
    },
  };
}

describe('scores', () => {
  it('cosine similarity and the 0..1 match score', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(matchScore([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(matchScore([1, 0], [0, 1])).toBe(0);
    // cos 0.65 sits half-way between the floor (0.3) and 1.
    const b = [0.65, Math.sqrt(1 - 0.65 ** 2)];
    expect(matchScore([1, 0], b)).toBeCloseTo(0.5, 6);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/length/);
  });

  it('eyes-open estimate follows the eye aspect ratio', () => {
    expect(eyesOpenEstimate(face({ mesh: meshWithEyes(0.3) }))).toBe(1);
    expect(eyesOpenEstimate(face({ mesh: meshWithEyes(0.05) }))).toBe(0);
    expect(eyesOpenEstimate(face({ mesh: meshWithEyes(0.19) }))).toBeCloseTo(0.5, 6);
    expect(eyesOpenEstimate(face({ mesh: [] }))).toBeNull();
  });
});

describe('detectFaces / compareFaces', () => {
  it('lists faces largest first, drops weak detections, maps the contract fields', async () => {
    const small = face({ box: { x: 0, y: 0, width: 20, height: 20 } });
    const big = face({ box: { x: 50, y: 50, width: 120, height: 130 }, yaw: 5 });
    const weak = face({ score: 0.2 });
    const got = await detectFaces(scripted([small, weak, big]), blank());
    expect(got.map((f) => f.box.width)).toEqual([120, 20]);
    expect(got[0]).toMatchObject({ yaw: 5, pitch: -3, eyesOpen: 1, embedding: [1, 0.5, 0.2, 0.1] });
  });

  it('matches the largest face on each side (a ghost portrait does not win)', async () => {
    const portrait = face({ box: { x: 0, y: 0, width: 200, height: 200 }, embedding: [1, 0, 0] });
    const ghost = face({ box: { x: 300, y: 0, width: 40, height: 40 }, embedding: [0, 1, 0] });
    const live = face({ embedding: [1, 0.05, 0] });
    const m = await compareFaces(scripted([ghost, portrait], [live]), blank(), blank());
    expect(m.portraitFound).toBe(true);
    expect(m.faceFound).toBe(true);
    expect(m.score).toBeGreaterThan(0.95);
  });

  it('says which side has no face and gives no score', async () => {
    expect(await compareFaces(scripted([], [face()]), blank(), blank())).toEqual({
      score: null,
      portraitFound: false,
      faceFound: true,
    });
    expect(await compareFaces(scripted([face()], []), blank(), blank())).toEqual({
      score: null,
      portraitFound: true,
      faceFound: false,
    });
    expect(
      (await compareFaces(scripted([face({ embedding: null })], [face()]), blank(), blank())).score,
    ).toBeNull();
  });

  it('rejects a malformed image before running the engine', async () => {
    const engine = scripted([face()]);
    await expect(detectFaces(engine, { width: 4, height: 4, data: new Uint8Array(3) })).rejects.toThrow(
      /bytes/,
    );
    expect(engine.calls).toBe(0);
  });
});

/** Cues of a live face: no document, no pattern, an iris showing, models confident. */
const LIVE_CUES: FrameCues = {
  textLines: 0,
  mrzFound: false,
  faceShare: 0.2,
  pattern: 0.23,
  patternLag: '3,0',
  eyesOpen: 1,
  irisHeight: 0.25,
  real: 0.6,
  live: 0.95,
};
const cuesOf = (over: Partial<FrameCues> = {}) => ({ measure: (): FrameCues => ({ ...LIVE_CUES, ...over }) });

describe('assessLiveness', () => {
  const same = (e: number[]) => face({ embedding: e });

  it('passes one frontal, open-eyed, consistent face in every frame', async () => {
    const r = await assessLiveness(
      scripted([same([1, 0.5, 0.2])], [same([1, 0.52, 0.21])], [same([0.98, 0.5, 0.2])]),
      [blank(), blank(), blank()],
      cuesOf(),
    );
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([
      ['single_face', 'PASS'],
      ['frontal_pose', 'PASS'],
      ['eyes_open', 'PASS'],
      ['not_a_document', 'PASS'],
      ['no_screen_or_print_pattern', 'PASS'],
      ['antispoof_model', 'PASS'],
      ['liveness_model', 'PASS'],
      ['consistent_across_frames', 'PASS'],
    ]);
    expect(r).toMatchObject({
      passed: true,
      facesPerFrame: [1, 1, 1],
      frontal: true,
      eyesOpen: true,
      consistent: true,
      reasons: [],
    });
    expect(r.scope).toBe(STATIC_LIVENESS_SCOPE);
  });

  it('fails on an empty frame and on two faces, naming the frame', async () => {
    const r = await assessLiveness(
      scripted([face()], [], [face(), face({ box: { x: 200, y: 0, width: 90, height: 90 } })]),
      [blank(), blank(), blank()],
      cuesOf(),
    );
    expect(r.passed).toBe(false);
    expect(r.facesPerFrame).toEqual([1, 0, 2]);
    expect(r.checks[0]).toMatchObject({ name: 'single_face', status: 'FAIL' });
    expect(r.reasons).toEqual(['frame 2: no face', 'frame 3: 2 faces, exactly one needed']);
  });

  it('fails a turned head, closed eyes and a different person', async () => {
    const r = await assessLiveness(
      scripted(
        [same([1, 0, 0])],
        [face({ yaw: 35, embedding: [1, 0, 0] })],
        [face({ mesh: meshWithEyes(0.04), embedding: [1, 0, 0] })],
        [same([0, 0, 1])],
      ),
      [blank(), blank(), blank(), blank()],
      cuesOf(),
    );
    expect(r.passed).toBe(false);
    expect(r.frontal).toBe(false);
    expect(r.eyesOpen).toBe(false);
    expect(r.consistent).toBe(false);
    expect(r.reasons).toEqual([
      'frame 2: not frontal (yaw 35°, pitch -3°)',
      'frame 3: eyes closed (0.00)',
      'frame 4: a different face from frame 1 (match 0.00)',
    ]);
  });

  it('needs at least one frame', async () => {
    const r = await assessLiveness(scripted(), []);
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toMatch(/0 frame/);
  });

  const checkOf = (r: LivenessDetails, name: string) => r.checks.find((c) => c.name === name);

  it.each([
    [{ mrzFound: true }, 'not_a_document', /machine-readable zone/],
    [{ textLines: 6 }, 'not_a_document', /6 lines of printed text/],
    [{ faceShare: 0.01 }, 'not_a_document', /1\.0% of the frame/],
    [{ pattern: 1.2 }, 'no_screen_or_print_pattern', /periodic pattern over the face \(1\.20 at 3,0 px\)/],
    [{ irisHeight: 0.05 }, 'eyes_open', /no iris showing/],
    [{ real: 0.02 }, 'antispoof_model', /antispoof model score 0\.02/],
    [{ live: 0.01 }, 'liveness_model', /liveness model score 0\.01/],
  ] as const)('a face with %o fails %s, saying why', async (over, name, reason) => {
    const r = await assessLiveness(scripted([face()]), [blank()], cuesOf(over));
    expect(r.passed).toBe(false);
    expect(checkOf(r, name)).toMatchObject({ status: 'FAIL', reason: expect.stringMatching(reason) });
    expect(r.checks.filter((c) => c.status !== 'PASS').map((c) => c.name)).toEqual([name]);
  });

  it('a model that did not run is NOT_AVAILABLE and the frame does not pass', async () => {
    const r = await assessLiveness(scripted([face()]), [blank()], cuesOf({ real: null }));
    expect(r.passed).toBe(false);
    expect(checkOf(r, 'antispoof_model')).toMatchObject({
      status: 'NOT_AVAILABLE',
      reason: 'frame 1: the antispoof model did not run',
    });
  });

  it('the scope text says what each cue catches and what it does not', () => {
    expect(STATIC_LIVENESS_SCOPE).toMatch(/does NOT catch a high-quality print or screen/);
    expect(STATIC_LIVENESS_SCOPE).toMatch(/not a document/);
    expect(STATIC_LIVENESS_SCOPE).toMatch(/halftone/);
    expect(FACE_MATCH_THRESHOLD).toBeGreaterThan(0.5);
  });
});
