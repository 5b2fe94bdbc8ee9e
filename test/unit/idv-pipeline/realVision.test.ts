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
      reason: 'no face found on the document',
    });
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
