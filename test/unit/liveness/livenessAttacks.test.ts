// Static liveness end to end with the real models and cues, through the IDV check: generated
// attacks from the test split of test/support/attacks (a few people; the bench runs them all),
// the specimen page, and a vision port whose models did not run.
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { createNodeVision, type NodeVision } from '../../../vision/node';
import { createInThreadFaceEngine } from '../../../vision/node/humanFaceRuntime';
import type { FaceEngine } from '../../../vision/faces';
import { livenessReport } from '../../../idv/pipeline/checks/livenessCheck';
import type { ReportJson } from '../../../idv/pipeline/types';
import { eyesPaintedShut } from '../../support/attacks/attackImages';
import { decodeSample, livenessSet, type LivenessSample } from '../../support/attacks/livenessSet';

const specimens = path.resolve(__dirname, '../../fixtures/specimens');
let vision: NodeVision;
let samples: LivenessSample[];

beforeAll(async () => {
  vision = await createNodeVision({ preloadFaces: true });
  samples = await livenessSet('test', { engine: await createInThreadFaceEngine(), persons: 3 });
}, 300_000);

/** The LIVENESS report for one image, through a vision port whose decode hands back `image`. */
async function reportFor(image: RgbaImage, port: VisionPort = vision): Promise<ReportJson> {
  const v: VisionPort = { ...port, decode: async () => image };
  return livenessReport(
    { resourceId: 'live-1', livenessType: 'STATIC', frames: [{ mediaId: 'm1', image: new Uint8Array([1]) }] },
    v,
    new Map(),
  );
}
const failing = (r: ReportJson): string[] =>
  r.breakdown.filter((b) => b.result === 'FAIL').map((b) => b.sub_check);
const of = (kind: LivenessSample['kind']) => samples.filter((s) => s.kind === kind);

describe('static liveness on attacks (real models)', () => {
  it('the specimen passport page is rejected as a document', async () => {
    const page = await sharp(path.join(specimens, 'passport-td3.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const r = await reportFor({
      width: page.info.width,
      height: page.info.height,
      data: new Uint8Array(page.data),
    });
    expect(r.recommendation).toMatchObject({ value: 'REJECT', reason: 'LIVENESS_FAILED' });
    expect(failing(r)).toContain('not_a_document');
  }, 60_000);

  it('screen and print attacks are rejected (by the pattern where the face is found)', async () => {
    const attacks = [...of('screen'), ...of('print')];
    expect(attacks.length).toBe(6);
    let byPattern = 0;
    for (const s of attacks) {
      const r = await reportFor(await decodeSample(s.file));
      expect(r.recommendation.value, s.id).toBe('REJECT');
      if (failing(r).includes('no_screen_or_print_pattern')) byPattern++;
    }
    expect(byPattern).toBeGreaterThan(0);
  }, 120_000);

  it('the specimen portrait with its eyes painted shut is rejected on eyes_open (was 0.817 "open")', async () => {
    const crop = await sharp(path.join(specimens, 'passport-td3.png'))
      .extract({ left: 100, top: 220, width: 360, height: 420 })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const open: RgbaImage = {
      width: crop.info.width,
      height: crop.info.height,
      data: new Uint8Array(crop.data),
    };
    expect((await reportFor(open)).recommendation).toEqual({ value: 'APPROVE' });
    const [face] = await (await createInThreadFaceEngine()).detect(open);
    const r = await reportFor(eyesPaintedShut(open, face));
    expect(r.recommendation.value).toBe('REJECT');
    expect(failing(r)).toEqual(['eyes_open']);
  }, 60_000);

  it('two faces are rejected as MULTIPLE_FACES; genuine sample faces are approved', async () => {
    for (const s of of('two_faces')) {
      expect((await reportFor(await decodeSample(s.file))).recommendation, s.id).toMatchObject({
        value: 'REJECT',
        reason: 'MULTIPLE_FACES',
      });
    }
    const genuine = of('genuine');
    expect(genuine.length).toBe(6);
    for (const s of genuine) {
      const r = await reportFor(await decodeSample(s.file));
      expect(r.recommendation, `${s.id}: ${failing(r).join()}`).toEqual({ value: 'APPROVE' });
    }
  }, 120_000);

  it('a face engine whose antispoof/liveness models did not run gives NOT_AVAILABLE, never APPROVE', async () => {
    const inner = await createInThreadFaceEngine();
    const noModels: FaceEngine = {
      description: 'no presentation models',
      detect: async (img) => (await inner.detect(img)).map((f) => ({ ...f, real: null, live: null })),
    };
    const blind = await createNodeVision({ faceEngine: noModels });
    const r = await reportFor(await decodeSample(of('genuine')[0].file), blind);
    expect(r.recommendation.value).toBe('NOT_AVAILABLE');
    expect(r.recommendation.reason).toMatch(/antispoof_model: frame 1: the antispoof model did not run/);
  }, 60_000);
});
