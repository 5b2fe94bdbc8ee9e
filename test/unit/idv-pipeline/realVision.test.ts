// The pipeline with the real Node vision (sharp, the MRZ reader, @vladmandic/human) on the ICAO
// specimen images: fields equal expected.json and every check is computed from the pixels.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, runPipeline, uploadFeedback } from '../../../idv/pipeline/runPipeline';
import type { PipelineInput } from '../../../idv/pipeline/types';
import type { CheckJson, PipelineResult } from '../../../idv/pipeline/types';
import type { VisionPort } from '../../../vision/contract';
import { createNodeVision } from '../../../vision/node/index';

const NOW = new Date('2026-11-25T20:00:00Z');
const dir = new URL('../../fixtures/specimens/', import.meta.url);
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  Record<string, string>
>;

let vision: VisionPort;
beforeAll(async () => {
  vision = await createNodeVision();
});

function check(result: PipelineResult, type: string): CheckJson {
  const found = result.checks.find((c) => c.type === type);
  if (!found) throw new Error(`no ${type} check in ${result.checks.map((c) => c.type).join(', ')}`);
  return found;
}

const detail = (c: CheckJson, name: string) =>
  c.report.breakdown[0].details.find((d) => d.name === name)?.value;

describe('runPipeline with createNodeVision on the specimens', () => {
  it('passport-td3.jpg: fields as expected.json, expired → REJECT, same portrait → face match APPROVE', async () => {
    const input: PipelineInput = {
      requestedChecks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }, { type: 'ID_DOCUMENT_FACE_MATCH' }],
      requestedTasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION' }],
      idDocuments: [
        {
          resourceId: 'doc',
          issuingCountry: 'UTO',
          documentType: 'PASSPORT',
          pages: [
            { side: 'front', mediaId: 'page', image: bytes('passport-td3.jpg'), captureMethod: 'UPLOAD' },
          ],
        },
      ],
      // The TD2 specimen shows the same fictional holder's portrait.
      livenessResources: [],
      faceCaptures: [
        { resourceId: 'face', image: { mediaId: 'face-img', image: bytes('passport-td2.jpg') } },
      ],
      sandbox: null,
      vision,
      now: NOW,
    };
    const result = await runPipeline(input);

    const want = expected['passport-td3.jpg'];
    const fields = result.idDocuments[0].documentFields!.json;
    for (const key of [
      'document_type',
      'issuing_country',
      'nationality',
      'document_number',
      'family_name',
      'given_names',
      'date_of_birth',
      'expiration_date',
      'personal_number',
    ]) {
      expect(fields[key], key).toBe(want[key]);
    }
    expect(fields.gender).toBe('FEMALE');
    expect(fields.extraction_source).toBe('MRZ');

    const text = check(result, 'ID_DOCUMENT_TEXT_DATA_CHECK');
    expect(text.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'EXPIRED_DOCUMENT' });
    const auth = check(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'EXPIRED_DOCUMENT' });
    const results = Object.fromEntries(auth.report.breakdown.map((b) => [b.sub_check, b.result]));
    expect(results).toMatchObject({
      image_quality_front: 'PASS',
      mrz_validation: 'PASS',
      issuing_country_match: 'PASS',
      document_type_match: 'PASS',
      document_in_date: 'FAIL',
    });

    // The service's own threshold decides: the same portrait passes it, and the very same pair is
    // rejected once the threshold is set just above the score it got.
    const face = check(result, 'ID_DOCUMENT_FACE_MATCH');
    expect(face.report.recommendation.value).toBe('APPROVE');
    expect(detail(face, 'threshold')).toBe(DEFAULT_THRESHOLDS.faceMatch.toFixed(3));
    const score = Number(detail(face, 'confidence_score'));
    expect(score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.faceMatch);
    const stricter = await runPipeline({
      ...input,
      requestedChecks: [{ type: 'ID_DOCUMENT_FACE_MATCH' }],
      requestedTasks: [],
      thresholds: { faceMatch: score + 0.001 },
    });
    expect(check(stricter, 'ID_DOCUMENT_FACE_MATCH').report.recommendation).toMatchObject({
      value: 'REJECT',
      reason: 'FACE_MISMATCH',
    });
  });

  it('pacman.jpg: no MRZ and no face, each said so', async () => {
    const result = await runPipeline({
      requestedChecks: [{ type: 'ID_DOCUMENT_FACE_MATCH' }],
      requestedTasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION' }],
      idDocuments: [
        {
          resourceId: 'doc',
          issuingCountry: 'UTO',
          documentType: 'PASSPORT',
          pages: [{ side: 'front', mediaId: 'page', image: bytes('pacman.jpg'), captureMethod: 'UPLOAD' }],
        },
      ],
      livenessResources: [],
      faceCaptures: [
        { resourceId: 'face', image: { mediaId: 'face-img', image: bytes('passport-td3.jpg') } },
      ],
      sandbox: null,
      vision,
      now: NOW,
    });
    expect(check(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'no machine-readable zone or barcode was found on the document',
    });
    expect(result.idDocuments[0].documentFields).toBeNull();
    expect(check(result, 'ID_DOCUMENT_FACE_MATCH').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'no portrait found on the document (no face detected on the front page)',
    });
    expect(result.idDocuments[0].documentIdPhoto).toBeNull();
  });
});

describe('the document id photo with createNodeVision', () => {
  const page = bytes('passport-td3.jpg');
  // A different person: the second sample face in @vladmandic/human's own face-match screenshot.
  let stranger: Uint8Array;
  beforeAll(async () => {
    const shot = new URL(
      '../../../node_modules/@vladmandic/human/assets/screenshot-facematch.jpg',
      import.meta.url,
    );
    stranger = new Uint8Array(
      await sharp(readFileSync(shot))
        .extract({ left: 282, top: 27, width: 112, height: 108 })
        .resize({ width: 400 })
        .jpeg()
        .toBuffer(),
    );
  });

  const faceMatchOf = (face: Uint8Array): PipelineInput => ({
    requestedChecks: [{ type: 'ID_DOCUMENT_FACE_MATCH' }],
    requestedTasks: [],
    idDocuments: [
      {
        resourceId: 'doc',
        issuingCountry: 'UTO',
        documentType: 'PASSPORT',
        pages: [{ side: 'front', mediaId: 'page', image: page, captureMethod: 'UPLOAD' }],
      },
    ],
    livenessResources: [
      { resourceId: 'live', livenessType: 'STATIC', frames: [{ mediaId: 'frame', image: face }] },
    ],
    faceCaptures: [],
    sandbox: null,
    vision,
    now: NOW,
  });

  it('is a JPEG of the page inside the portrait region, around the detected face', async () => {
    const result = await runPipeline(faceMatchOf(bytes('passport-td2.jpg')));
    const photo = result.idDocuments[0].documentIdPhoto;
    expect(photo?.contentType).toBe('image/jpeg');
    const match = check(result, 'ID_DOCUMENT_FACE_MATCH');
    const [x, y, width, height] = String(detail(match, 'portrait_region')).split(',').map(Number);

    const pageMeta = await sharp(page).metadata();
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + width).toBeLessThanOrEqual(pageMeta.width!);
    expect(y + height).toBeLessThanOrEqual(pageMeta.height!);
    // The portrait sits in the left part of the specimen page (the text and MRZ do not).
    expect(x + width).toBeLessThan(pageMeta.width! / 2);
    expect(height).toBeLessThan(pageMeta.height! * 0.75);

    const crop = await sharp(photo!.data).raw().toBuffer({ resolveWithObject: true });
    expect([crop.info.width, crop.info.height]).toEqual([width, height]);
    // Its pixels are the page's pixels there (JPEG re-encoding aside).
    const fromPage = await sharp(page)
      .extract({ left: x, top: y, width, height })
      .removeAlpha()
      .raw()
      .toBuffer();
    let diff = 0;
    for (let i = 0; i < fromPage.length; i++) diff += Math.abs(fromPage[i] - crop.data[i]);
    expect(diff / fromPage.length).toBeLessThan(4);
    // And a face is on it: the crop alone is a portrait.
    const faces = await vision.detectFaces(await vision.decode(photo!.data));
    expect(faces).toHaveLength(1);
  });

  it('the same person passes against the crop, a different person does not', async () => {
    const same = await runPipeline(faceMatchOf(bytes('passport-td2.jpg')));
    const sameMatch = check(same, 'ID_DOCUMENT_FACE_MATCH');
    expect(sameMatch.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(detail(sameMatch, 'portrait_source')).toBe('DOCUMENT_ID_PHOTO');
    expect(Number(detail(sameMatch, 'confidence_score'))).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLDS.faceMatch,
    );

    const other = await runPipeline(faceMatchOf(stranger));
    const otherMatch = check(other, 'ID_DOCUMENT_FACE_MATCH');
    expect(otherMatch.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'FACE_MISMATCH' });
    expect(Number(detail(otherMatch, 'confidence_score'))).toBeLessThan(DEFAULT_THRESHOLDS.faceMatch);
    expect(detail(otherMatch, 'threshold')).toBe(DEFAULT_THRESHOLDS.faceMatch.toFixed(3));
  });
});

describe('uploadFeedback with createNodeVision', () => {
  const context = { documentType: 'PASSPORT', side: 'front', issuingCountry: 'UTO' } as const;

  it('accepts the sharp specimen and asks for a retake of a blurred copy', async () => {
    const good = await uploadFeedback(bytes('passport-td3.jpg'), context, vision);
    expect(good).toMatchObject({ acceptable: true, issues: [] });
    expect(good.metrics.mrzValid).toBe(true);

    const blurred = new Uint8Array(await sharp(bytes('passport-td3.jpg')).blur(12).jpeg().toBuffer());
    const bad = await uploadFeedback(blurred, context, vision);
    expect(bad.acceptable).toBe(false);
    expect(bad.issues).toContain('BLURRED');
  });

  it('names the wrong document type and a picture with no document', async () => {
    const asId = await uploadFeedback(
      bytes('passport-td3.jpg'),
      { ...context, documentType: 'NATIONAL_ID' },
      vision,
    );
    expect(asId.issues).toContain('WRONG_DOCUMENT_TYPE');
    const pacman = await uploadFeedback(bytes('pacman.jpg'), context, vision);
    expect(pacman.acceptable).toBe(false);
    expect(pacman.issues).toEqual(expect.arrayContaining(['NO_DOCUMENT', 'MRZ_NOT_FOUND']));
  });
});
