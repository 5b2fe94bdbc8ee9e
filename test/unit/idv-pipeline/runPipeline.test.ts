import { createRequire } from 'node:module';
import {
  SandboxBreakdownBuilder,
  SandboxCheckReportsBuilder,
  SandboxDocumentAuthenticityCheckBuilder,
  SandboxDocumentFilterBuilder,
  SandboxDocumentTextDataExtractionTaskBuilder,
  SandboxRecommendationBuilder,
  SandboxResponseConfigBuilder,
  SandboxTaskResultsBuilder,
  SandboxZoomLivenessCheckBuilder,
} from '@getyoti/sdk-sandbox';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../idv/pipeline/runPipeline';
import type {
  CheckJson,
  IdDocumentInput,
  PipelineInput,
  PipelineResult,
  SandboxResponseConfigJson,
} from '../../../idv/pipeline/types';
import { PROCESS_LOCAL, PROCESS_SANDBOX } from '../../../idv/pipeline/types';
import type { DocumentReading, LivenessAssessment } from '../../../vision/contract';
import type { LivenessCheck, LivenessDetails } from '../../../vision/faces';
import { fakeVision, tag } from './fakeVision';
import { mrzReading, SPECIMEN_TD3, td3 } from './mrzFixtures';

const NOW = new Date('2026-11-25T20:00:00Z');
const ALL_CHECKS = [
  { type: 'ID_DOCUMENT_AUTHENTICITY', config: { manual_check: 'NEVER' } },
  { type: 'ID_DOCUMENT_FACE_MATCH', config: { manual_check: 'NEVER' } },
  { type: 'LIVENESS', config: { max_retries: 1, liveness_type: 'STATIC' } },
];
const EXTRACTION = [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: { manual_check: 'NEVER' } }];

function passport(extra: Partial<IdDocumentInput> = {}): IdDocumentInput {
  return {
    resourceId: 'doc-1',
    issuingCountry: 'UTO',
    documentType: 'PASSPORT',
    pages: [{ side: 'front', mediaId: 'm-front', image: tag('front'), captureMethod: 'CAMERA' }],
    scannerMrzLines: null,
    ...extra,
  };
}

let counter = 0;
function input(over: Partial<PipelineInput> = {}): PipelineInput {
  return {
    requestedChecks: ALL_CHECKS,
    requestedTasks: EXTRACTION,
    idDocuments: [passport()],
    livenessResources: [
      { resourceId: 'live-1', livenessType: 'STATIC', frames: [{ mediaId: 'f1', image: tag('frame1') }] },
    ],
    faceCaptures: [],
    sandbox: null,
    vision: null,
    now: NOW,
    newId: () => `id-${++counter}`,
    ...over,
  };
}

function only(result: PipelineResult, type: string): CheckJson {
  const found = result.checks.filter((c) => c.type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
}

function sub(check: CheckJson, name: string): { result: string; details: Record<string, string> } {
  const item = check.report.breakdown.find((b) => b.sub_check === name);
  if (!item) throw new Error(`${check.type} has no sub-check ${name}`);
  return { result: item.result, details: Object.fromEntries(item.details.map((d) => [d.name, d.value])) };
}

// The official SDK's parser, to prove every name and type in the output is what it expects.
const require = createRequire(import.meta.url);
interface SdkRecommendation {
  getValue(): string;
  getReason(): string | undefined;
}
interface SdkCheck {
  getType(): string;
  getId(): string;
  getState(): string;
  getResourcesUsed(): string[];
  getReport(): {
    getRecommendation(): SdkRecommendation;
    getBreakdown(): Array<{
      getSubCheck(): string;
      getResult(): string;
      getProcess(): string;
      getDetails(): Array<{ getName(): string; getValue(): string }>;
    }>;
  };
  getCreated(): unknown;
}
interface SdkSession {
  getChecks(): SdkCheck[];
  getAuthenticityChecks(): SdkCheck[];
  getIdDocumentTextDataChecks(): SdkCheck[];
  getFaceMatchChecks(): SdkCheck[];
  getLivenessChecks(): SdkCheck[];
  getResources(): {
    getIdDocuments(): Array<{
      getDocumentFields(): { getMedia(): { getId(): string; getType(): string } };
      getTextExtractionTasks(): Array<{
        getId(): string;
        getState(): string;
        getGeneratedMedia(): Array<{ getId(): string; getType(): string }>;
        getGeneratedTextDataChecks(): Array<{ getId(): string; getType(): string }>;
      }>;
    }>;
  };
}
const GetSessionResult = require('yoti/src/idv_service/session/retrieve/get.session.result') as new (
  json: unknown,
) => SdkSession;

function asSession(result: PipelineResult, doc: IdDocumentInput): SdkSession {
  const d = result.idDocuments[0];
  return new GetSessionResult({
    session_id: 'sess-1',
    state: 'COMPLETED',
    client_session_token_ttl: 600,
    checks: result.checks,
    resources: {
      id_documents: [
        {
          id: doc.resourceId,
          document_type: doc.documentType,
          issuing_country: doc.issuingCountry,
          pages: doc.pages.map((p) => ({
            capture_method: p.captureMethod,
            media: { id: p.mediaId, type: 'IMAGE' },
          })),
          tasks: d.tasks,
          ...(d.documentFields
            ? { document_fields: { media: { id: d.documentFields.mediaId, type: 'JSON' } } }
            : {}),
        },
      ],
      liveness_capture: [{ id: 'live-1', liveness_type: 'STATIC', tasks: [] }],
    },
  });
}

describe('runPipeline: scanner MRZ without vision (the specimen, expired in 2012)', () => {
  it('extracts the fields, rejects the expired document, and says why the rest is not available', async () => {
    const doc = passport({ scannerMrzLines: SPECIMEN_TD3, issuingCountry: 'GBR' });
    const result = await runPipeline(input({ idDocuments: [doc] }));

    const fields = result.idDocuments[0].documentFields!;
    expect(fields.json).toMatchObject({
      full_name: 'ANNA MARIA ERIKSSON',
      given_names: 'ANNA MARIA',
      family_name: 'ERIKSSON',
      document_number: 'L898902C3',
      date_of_birth: '1974-08-12',
      expiration_date: '2012-04-15',
      issuing_country: 'UTO',
      nationality: 'UTO',
      document_type: 'PASSPORT',
      gender: 'FEMALE',
      personal_number: 'ZE184226B',
      extraction_source: 'SCANNER_MRZ',
      mrz: { type: 3, line1: SPECIMEN_TD3[0], line2: SPECIMEN_TD3[1] },
    });

    const text = only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK');
    expect(text.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'EXPIRED_DOCUMENT' });
    expect(sub(text, 'mrz_validation').result).toBe('PASS');
    expect(sub(text, 'document_in_date')).toEqual({
      result: 'FAIL',
      details: { expiration_date: '2012-04-15', checked_on: '2026-11-25' },
    });

    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'EXPIRED_DOCUMENT' });
    expect(sub(auth, 'issuing_country_match')).toEqual({
      result: 'FAIL',
      details: { selected: 'GBR', on_document: 'UTO' },
    });
    expect(sub(auth, 'document_type_match').result).toBe('PASS');

    const face = only(result, 'ID_DOCUMENT_FACE_MATCH');
    expect(face.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'face matching is not available in this build',
    });
    expect(face.resources_used).toEqual(['doc-1', 'live-1']);
    const live = only(result, 'LIVENESS');
    expect(live.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'liveness assessment is not available in this build',
    });
    for (const check of result.checks) {
      expect(check.report.breakdown.length, `${check.type} names its sub-checks`).toBeGreaterThan(0);
      expect(check.report.breakdown.every((b) => b.process === PROCESS_LOCAL)).toBe(true);
      expect(result.checkSources[check.id]).toBe('COMPUTED');
    }
  });

  it('is parsed by the official yoti SDK, with task, media and generated check ids linked', async () => {
    const doc = passport({ scannerMrzLines: SPECIMEN_TD3 });
    const result = await runPipeline(input({ idDocuments: [doc] }));
    const session = asSession(result, doc);
    expect(session.getChecks()).toHaveLength(4);
    expect(session.getAuthenticityChecks()[0].getReport().getRecommendation().getValue()).toBe('REJECT');
    const textCheck = session.getIdDocumentTextDataChecks()[0];
    expect(textCheck.getReport().getRecommendation().getReason()).toBe('EXPIRED_DOCUMENT');
    expect(textCheck.getState()).toBe('DONE');
    const breakdown = textCheck.getReport().getBreakdown();
    expect(breakdown.map((b) => b.getSubCheck())).toContain('document_in_date');
    expect(breakdown[0].getProcess()).toBe(PROCESS_LOCAL);
    expect(session.getFaceMatchChecks()).toHaveLength(1);
    expect(session.getLivenessChecks()).toHaveLength(1);

    const idDoc = session.getResources().getIdDocuments()[0];
    const [task] = idDoc.getTextExtractionTasks();
    expect(task.getState()).toBe('DONE');
    expect(task.getGeneratedTextDataChecks()[0].getId()).toBe(textCheck.getId());
    expect(task.getGeneratedMedia()[0].getId()).toBe(idDoc.getDocumentFields().getMedia().getId());
    expect(task.getGeneratedMedia()[0].getType()).toBe('JSON');
  });

  it('the same MRZ with an expiry in the future is approved by the text data check', async () => {
    const doc = passport({ scannerMrzLines: td3({ expiry: '340415' }) });
    const result = await runPipeline(input({ idDocuments: [doc] }));
    const text = only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK');
    expect(text.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(sub(text, 'document_in_date').result).toBe('PASS');
    expect(result.idDocuments[0].tasks[0].recommendation).toEqual({ value: 'PROGRESS' });
    // Without image analysis authenticity cannot approve from MRZ text alone.
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation.value).toBe('NOT_AVAILABLE');
    expect(auth.report.recommendation.reason).toContain('image analysis is not available in this build');
  });

  it('scanner lines with a failing check digit: text data NOT_AVAILABLE (MRZ_VALIDATION), authenticity REJECT', async () => {
    const lines = td3();
    lines[1] = lines[1].slice(0, 9) + String((Number(lines[1][9]) + 1) % 10) + lines[1].slice(10);
    const result = await runPipeline(input({ idDocuments: [passport({ scannerMrzLines: lines })] }));
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toMatchObject({
      value: 'NOT_AVAILABLE',
      reason: 'MRZ_VALIDATION',
    });
    expect(only(result, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation).toMatchObject({
      value: 'REJECT',
      reason: 'MRZ_VALIDATION',
    });
    // The field whose check digit failed is not reported as extracted.
    expect(result.idDocuments[0].documentFields!.json.document_number).toBeUndefined();
    expect(result.idDocuments[0].documentFields!.json.family_name).toBe('ERIKSSON');
  });

  it('no vision and no scanner: NOT_AVAILABLE saying document reading is not available', async () => {
    const result = await runPipeline(input());
    const text = only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK');
    expect(text.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'document reading is not available in this build',
    });
    expect(only(result, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation.reason).toBe(
      'document reading is not available in this build',
    );
    expect(result.idDocuments[0].documentFields).toBeNull();
    expect(result.idDocuments[0].tasks[0].generated_media).toEqual([]);
    expect(result.idDocuments[0].tasks[0].recommendation).toBeUndefined();
  });
});

describe('runPipeline: with vision (scripted)', () => {
  const valid = td3();

  it('approves a readable, valid, in-date passport matching the chosen country and type', async () => {
    const vision = fakeVision({ readings: { front: mrzReading(valid, NOW) } });
    const result = await runPipeline(input({ vision }));
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toEqual({ value: 'APPROVE' });
    for (const name of [
      'image_quality_front',
      'mrz_validation',
      'issuing_country_match',
      'document_type_match',
      'document_in_date',
      'dates_plausible',
    ]) {
      expect(sub(auth, name).result, name).toBe('PASS');
    }
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({ value: 'APPROVE' });
    expect(result.idDocuments[0].documentFields!.json.extraction_source).toBe('MRZ');
    // The page was decoded once though three consumers used it.
    expect(vision.calls.filter((c) => c === 'decode:front')).toHaveLength(1);
  });

  it('rejects a country or type other than the one chosen', async () => {
    const vision = fakeVision({ readings: { front: mrzReading(valid, NOW) } });
    const wrongCountry = await runPipeline(
      input({ vision, idDocuments: [passport({ issuingCountry: 'FRA' })] }),
    );
    expect(only(wrongCountry, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation).toMatchObject({
      value: 'REJECT',
      reason: 'ISSUING_COUNTRY_MISMATCH',
    });
    const wrongType = await runPipeline(
      input({ vision, idDocuments: [passport({ documentType: 'NATIONAL_ID' })] }),
    );
    const auth = only(wrongType, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'DOCUMENT_TYPE_MISMATCH' });
    expect(sub(auth, 'document_type_match').details).toMatchObject({
      selected: 'NATIONAL_ID',
      on_document: 'PASSPORT',
      document_code: 'P<',
    });
  });

  it('maps ICAO "D" to DEU when comparing the country', async () => {
    const lines = td3({ country: 'D' });
    const vision = fakeVision({ readings: { front: mrzReading(lines, NOW) } });
    const result = await runPipeline(input({ vision, idDocuments: [passport({ issuingCountry: 'DEU' })] }));
    expect(sub(only(result, 'ID_DOCUMENT_AUTHENTICITY'), 'issuing_country_match').result).toBe('PASS');
    expect(result.idDocuments[0].documentFields!.json.issuing_country).toBe('DEU');
  });

  it('rejects when the scanner MRZ and the MRZ on the image are different documents', async () => {
    const vision = fakeVision({ readings: { front: mrzReading(valid, NOW) } });
    const other = td3({ number: 'X1234567' });
    const result = await runPipeline(input({ vision, idDocuments: [passport({ scannerMrzLines: other })] }));
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'DATA_MISMATCH' });
    expect(sub(auth, 'scanner_image_mrz_comparison')).toEqual({
      result: 'FAIL',
      details: { differing_fields: 'document_number' },
    });
  });

  it('an MRZ read from the image with failing check digits asks for a recapture, not a rejection', async () => {
    const lines = td3();
    lines[1] = lines[1].slice(0, 43) + String((Number(lines[1][43]) + 1) % 10);
    const vision = fakeVision({ readings: { front: mrzReading(lines, NOW) } });
    const result = await runPipeline(input({ vision }));
    expect(only(result, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'MRZ_VALIDATION',
      recovery_suggestion: 'RECAPTURE_DOCUMENT',
    });
    expect(result.idDocuments[0].tasks[0].recommendation).toEqual({
      value: 'SHOULD_TRY_AGAIN',
      reason: { value: 'QUALITY', detail: 'MRZ_CHECK_DIGITS_FAILED' },
    });
  });

  it('a blurred page makes authenticity NOT_AVAILABLE with PHOTO_TOO_BLURRY', async () => {
    const vision = fakeVision({
      readings: { front: mrzReading(valid, NOW) },
      quality: { front: { issues: ['BLURRED'], sharpness: 0.05 } },
    });
    const result = await runPipeline(input({ vision }));
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'NOT_AVAILABLE', reason: 'PHOTO_TOO_BLURRY' });
    expect(sub(auth, 'image_quality_front')).toMatchObject({
      result: 'FAIL',
      details: { sharpness: '0.050', issues: 'BLURRED' },
    });
  });

  it('says so when no MRZ is found, when the page cannot be decoded, and when reading fails', async () => {
    const none = await runPipeline(input({ vision: fakeVision() }));
    expect(only(none, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation.reason).toBe(
      'no machine-readable zone or barcode was found on the document',
    );
    expect(none.idDocuments[0].tasks[0].recommendation).toEqual({
      value: 'SHOULD_TRY_AGAIN',
      reason: { value: 'QUALITY', detail: 'NO_TEXT_DATA_FOUND' },
    });
    const broken = await runPipeline(input({ vision: fakeVision({ undecodable: ['front'] }) }));
    expect(only(broken, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation.reason).toBe(
      'the page image could not be decoded (Input buffer contains unsupported image format)',
    );
    const crashed = await runPipeline(input({ vision: fakeVision({ readFails: ['front'] }) }));
    expect(only(crashed, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation.reason).toBe(
      'document reading failed (reader crashed)',
    );
  });

  it('reads a PDF417 driving licence (AAMVA) from the back page', async () => {
    const vision = fakeVision({
      readings: {
        back: {
          mrz: null,
          barcode: {
            format: 'PDF417',
            text: '@ANSI 636014...',
            aamva: { DCS: 'SAMPLE', DAC: 'ALEX', DBB: '01151990', DBA: '01152031' },
            fields: {
              family_name: 'SAMPLE',
              given_names: 'ALEX',
              date_of_birth: '1990-01-15',
              expiration_date: '2031-01-15',
              issuing_country: 'USA',
              document_number: 'D1234567',
            },
          },
        },
      },
    });
    const doc: IdDocumentInput = {
      resourceId: 'doc-1',
      issuingCountry: 'USA',
      documentType: 'DRIVING_LICENCE',
      pages: [
        { side: 'front', mediaId: 'mf', image: tag('front'), captureMethod: 'CAMERA' },
        { side: 'back', mediaId: 'mb', image: tag('back'), captureMethod: 'CAMERA' },
      ],
    };
    const result = await runPipeline(input({ vision, idDocuments: [doc] }));
    expect(result.idDocuments[0].documentFields!.json).toMatchObject({
      family_name: 'SAMPLE',
      full_name: 'ALEX SAMPLE',
      date_of_birth: '1990-01-15',
      extraction_source: 'PDF417',
    });
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(sub(auth, 'document_type_match').result).toBe('PASS');
    expect(sub(auth, 'issuing_country_match').result).toBe('PASS');
    expect(auth.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({ value: 'APPROVE' });
  });
});

describe('runPipeline: face match', () => {
  const readings = { front: mrzReading(td3(), NOW) };

  it('approves at or above the threshold and puts the score in the details', async () => {
    const vision = fakeVision({ readings, faceMatch: { score: 0.82, portraitFound: true, faceFound: true } });
    const result = await runPipeline(input({ vision }));
    const face = only(result, 'ID_DOCUMENT_FACE_MATCH');
    expect(face.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(sub(face, 'ai_face_match')).toEqual({
      result: 'PASS',
      details: {
        confidence_score: '0.820',
        threshold: '0.650',
        portrait_source: 'DOCUMENT_ID_PHOTO',
        document_page: 'front',
        // FAKE_FACE widened by the portrait margins, clipped to whole pixels.
        portrait_region: '7,6,26,27',
        face_source: 'LIVENESS',
        threshold_basis: expect.stringContaining('calibrated'),
      },
    });
    // The face is compared with the portrait cut out of the page, not with the whole page.
    expect(vision.calls).toContain('compare:crop(front)26x27:frame1');
    expect(vision.calls).not.toContain('compare:front:frame1');
  });

  it('rejects below the threshold (and the threshold is configurable)', async () => {
    const vision = fakeVision({ readings, faceMatch: { score: 0.5, portraitFound: true, faceFound: true } });
    const result = await runPipeline(input({ vision }));
    expect(only(result, 'ID_DOCUMENT_FACE_MATCH').report.recommendation).toMatchObject({
      value: 'REJECT',
      reason: 'FACE_MISMATCH',
    });
    const lenient = await runPipeline(input({ vision, thresholds: { faceMatch: 0.45 } }));
    expect(only(lenient, 'ID_DOCUMENT_FACE_MATCH').report.recommendation.value).toBe('APPROVE');
  });

  it('prefers a face capture image to a liveness frame', async () => {
    const vision = fakeVision({ readings, faceMatch: { score: 0.9, portraitFound: true, faceFound: true } });
    const result = await runPipeline(
      input({
        vision,
        faceCaptures: [{ resourceId: 'fc-1', image: { mediaId: 'fc-m', image: tag('selfie') } }],
      }),
    );
    expect(vision.calls).toContain('compare:crop(front)26x27:selfie');
    expect(only(result, 'ID_DOCUMENT_FACE_MATCH').resources_used).toEqual(['doc-1', 'fc-1']);
  });

  it('NOT_AVAILABLE with the reason when a face is missing', async () => {
    const noPortrait = await runPipeline(input({ vision: fakeVision({ readings, faces: { front: [] } }) }));
    expect(only(noPortrait, 'ID_DOCUMENT_FACE_MATCH').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'no portrait found on the document (no face detected on the front page)',
    });
    const noFaceInCrop = await runPipeline(
      input({
        vision: fakeVision({ readings, faceMatch: { score: null, portraitFound: false, faceFound: true } }),
      }),
    );
    expect(only(noFaceInCrop, 'ID_DOCUMENT_FACE_MATCH').report.recommendation.reason).toBe(
      'no face found in the document id photo',
    );
    const noFace = await runPipeline(
      input({
        vision: fakeVision({ readings, faceMatch: { score: null, portraitFound: true, faceFound: false } }),
      }),
    );
    expect(only(noFace, 'ID_DOCUMENT_FACE_MATCH').report.recommendation.reason).toBe(
      'no face found in the liveness frame',
    );
    const nothing = await runPipeline(input({ vision: fakeVision({ readings }), livenessResources: [] }));
    expect(only(nothing, 'ID_DOCUMENT_FACE_MATCH').report.recommendation.reason).toBe(
      'no face capture or liveness frame was uploaded',
    );
  });
});

describe('runPipeline: liveness', () => {
  const ALL_PASS: LivenessCheck[] = [
    'single_face',
    'frontal_pose',
    'eyes_open',
    'not_a_document',
    'no_screen_or_print_pattern',
    'antispoof_model',
    'liveness_model',
    'consistent_across_frames',
  ].map((name) => ({ name: name as LivenessCheck['name'], status: 'PASS', reason: null, values: {} }));
  const summary = { passed: true, facesPerFrame: [1, 1], frontal: true, eyesOpen: true, consistent: true, reasons: [] };
  const frames = [
    { mediaId: 'f1', image: tag('frame1') },
    { mediaId: 'f2', image: tag('frame2') },
  ];
  const livenessOf = (liveness: LivenessAssessment) =>
    runPipeline(
      input({
        vision: fakeVision({ liveness }),
        requestedChecks: [{ type: 'LIVENESS' }],
        requestedTasks: [],
        livenessResources: [{ resourceId: 'live-1', livenessType: 'STATIC', frames }],
      }),
    );

  it('approves when every named sub-check passes and states what that does not defend against', async () => {
    const detailed: LivenessDetails = { ...summary, checks: ALL_PASS, frames: [], scope: '' };
    const vision = fakeVision({ liveness: detailed });
    const result = await runPipeline(
      input({
        vision,
        requestedChecks: [{ type: 'LIVENESS' }],
        requestedTasks: [],
        livenessResources: [{ resourceId: 'live-1', livenessType: 'STATIC', frames }],
      }),
    );
    const live = only(result, 'LIVENESS');
    expect(live.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(live.report.breakdown.map((b) => b.sub_check)).toEqual(ALL_PASS.map((c) => c.name));
    expect(sub(live, 'single_face').details.scope).toMatch(/does NOT catch a high-quality print or screen/);
    expect(vision.calls).toContain('liveness:frame1,frame2');
    // Documents were not needed, so none was read.
    expect(vision.calls.some((c) => c.startsWith('read:'))).toBe(false);
  });

  it('rejects with the failing sub-check named; a check that did not run is NOT_AVAILABLE; a port without the checks never approves', async () => {
    const withCheck = (name: string, status: 'FAIL' | 'NOT_AVAILABLE', reason: string): LivenessDetails => ({
      ...summary,
      passed: false,
      checks: ALL_PASS.map((c) => (c.name === name ? { ...c, status, reason } : c)),
      frames: [],
      scope: '',
    });
    const doc = only(await livenessOf(withCheck('not_a_document', 'FAIL', 'frame 1: a machine-readable zone')), 'LIVENESS');
    expect(doc.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'LIVENESS_FAILED' });
    expect(sub(doc, 'not_a_document')).toMatchObject({ result: 'FAIL' });
    expect(sub(doc, 'not_a_document').details.reason).toBe('frame 1: a machine-readable zone');
    const model = only(await livenessOf(withCheck('antispoof_model', 'NOT_AVAILABLE', 'frame 1: the antispoof model did not run')), 'LIVENESS');
    expect(model.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'antispoof_model: frame 1: the antispoof model did not run',
    });
    const bare = only(await livenessOf(summary), 'LIVENESS');
    expect(bare.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'the presentation-attack checks (document, screen, print, models) did not run',
    });
  });

  it('rejects several faces, is NOT_AVAILABLE for none, ZOOM, or no capture', async () => {
    const many = await runPipeline(
      input({
        vision: fakeVision({
          liveness: {
            passed: false,
            facesPerFrame: [2],
            frontal: true,
            eyesOpen: true,
            consistent: true,
            reasons: ['two faces'],
          },
        }),
      }),
    );
    expect(only(many, 'LIVENESS').report.recommendation).toMatchObject({
      value: 'REJECT',
      reason: 'MULTIPLE_FACES',
    });
    const none = await runPipeline(input({ vision: fakeVision() }));
    expect(only(none, 'LIVENESS').report.recommendation).toMatchObject({ value: 'REJECT', reason: 'LIVENESS_FAILED' });
    const zoom = await runPipeline(
      input({
        vision: fakeVision(),
        livenessResources: [{ resourceId: 'z', livenessType: 'ZOOM', frames: [] }],
      }),
    );
    expect(only(zoom, 'LIVENESS').report.recommendation.reason).toBe(
      'ZOOM liveness is not supported by the local IDV service',
    );
    const missing = await runPipeline(input({ vision: fakeVision(), livenessResources: [] }));
    expect(only(missing, 'LIVENESS').report.recommendation.reason).toBe('no liveness capture was uploaded');
    expect(only(missing, 'LIVENESS').resources_used).toEqual([]);
  });
});

describe('runPipeline: sandbox response-config', () => {
  function sandboxConfig(): SandboxResponseConfigJson {
    const rejectAuth = new SandboxDocumentAuthenticityCheckBuilder()
      .withRecommendation(
        new SandboxRecommendationBuilder().withValue('REJECT').withReason('COUNTERFEIT').build(),
      )
      .withBreakdown(
        new SandboxBreakdownBuilder()
          .withSubCheck('security_features')
          .withResult('FAIL')
          .withDetail('hologram', 'missing')
          .build(),
      )
      .withDocumentFilter(
        new SandboxDocumentFilterBuilder().withDocumentType('PASSPORT').withCountryCode('UTO').build(),
      )
      .build();
    const approveLiveness = new SandboxZoomLivenessCheckBuilder()
      .withRecommendation(new SandboxRecommendationBuilder().withValue('APPROVE').build())
      .withBreakdown(new SandboxBreakdownBuilder().withSubCheck('liveness_auth').withResult('PASS').build())
      .build();
    const extraction = new SandboxDocumentTextDataExtractionTaskBuilder()
      .withDocumentField('full_name', 'SANDBOX PERSON')
      .withDocumentField('date_of_birth', '1990-01-01')
      .build();
    const config = new SandboxResponseConfigBuilder()
      .withCheckReports(
        new SandboxCheckReportsBuilder()
          .withDocumentAuthenticityCheck(rejectAuth)
          .withLivenessCheck(approveLiveness)
          .withAsyncReportDelay(5)
          .build(),
      )
      .withTaskResults(new SandboxTaskResultsBuilder().withDocumentTextDataExtractionTask(extraction).build())
      .build();
    // Exactly what arrives at PUT .../response-config.
    return JSON.parse(JSON.stringify(config)) as SandboxResponseConfigJson;
  }

  it('replaces the configured outcomes, marks them as sandbox, and computes the rest', async () => {
    const vision = fakeVision({
      readings: { front: mrzReading(td3(), NOW) },
      faceMatch: { score: 0.9, portraitFound: true, faceFound: true },
    });
    const result = await runPipeline(
      input({ vision, sandbox: { level: 'SESSION', config: sandboxConfig() } }),
    );

    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toEqual({ value: 'REJECT', reason: 'COUNTERFEIT' });
    expect(auth.report.breakdown).toEqual([
      {
        sub_check: 'security_features',
        result: 'FAIL',
        process: PROCESS_SANDBOX,
        details: [{ name: 'hologram', value: 'missing' }],
      },
    ]);
    expect(result.checkSources[auth.id]).toBe('SANDBOX_SESSION');

    // The ZOOM entry (the only kind the sandbox SDK builds) applies to the static liveness check.
    const live = only(result, 'LIVENESS');
    expect(live.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(result.checkSources[live.id]).toBe('SANDBOX_SESSION');

    const face = only(result, 'ID_DOCUMENT_FACE_MATCH');
    expect(face.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(result.checkSources[face.id]).toBe('COMPUTED');

    expect(result.idDocuments[0].documentFields!.json).toEqual({
      full_name: 'SANDBOX PERSON',
      date_of_birth: '1990-01-01',
      extraction_source: 'SANDBOX',
    });
  });

  it('does not apply an entry whose document filter does not match', async () => {
    const vision = fakeVision({ readings: { front: mrzReading(td3({ country: 'FRA' }), NOW) } });
    const result = await runPipeline(
      input({
        vision,
        idDocuments: [passport({ issuingCountry: 'FRA' })],
        sandbox: { level: 'APPLICATION', config: sandboxConfig() },
      }),
    );
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toEqual({ value: 'APPROVE' });
    expect(result.checkSources[auth.id]).toBe('COMPUTED');
    expect(result.checkSources[only(result, 'LIVENESS').id]).toBe('SANDBOX_APPLICATION');
  });

  it('ignores a malformed config instead of trusting it', async () => {
    const garbage = {
      check_reports: {
        ID_DOCUMENT_AUTHENTICITY: [{ result: { report: { recommendation: 'APPROVE' } } }, 7, null],
      },
      task_results: 'x',
    };
    const result = await runPipeline(
      input({
        idDocuments: [passport({ scannerMrzLines: SPECIMEN_TD3 })],
        sandbox: { level: 'SESSION', config: garbage as unknown as SandboxResponseConfigJson },
      }),
    );
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({ value: 'REJECT', reason: 'EXPIRED_DOCUMENT' });
    expect(result.checkSources[auth.id]).toBe('COMPUTED');
  });
});

describe('runPipeline: requests and resources', () => {
  it('NOT_AVAILABLE for unsupported check types and for document checks without a document', async () => {
    const result = await runPipeline(
      input({
        requestedChecks: [{ type: 'WATCHLIST_SCREENING' }, { type: 'ID_DOCUMENT_AUTHENTICITY' }],
        requestedTasks: [],
        idDocuments: [],
      }),
    );
    expect(result.checks.map((c) => [c.type, c.report.recommendation.reason])).toEqual([
      ['WATCHLIST_SCREENING', 'WATCHLIST_SCREENING is not supported by the local IDV service'],
      ['ID_DOCUMENT_AUTHENTICITY', 'no ID document was uploaded'],
    ]);
  });

  it('one check per document, duplicate requests collapsed, text data check without the task when asked for', async () => {
    const docs = [
      passport({ scannerMrzLines: SPECIMEN_TD3 }),
      passport({ resourceId: 'doc-2', scannerMrzLines: td3() }),
    ];
    const result = await runPipeline(
      input({
        requestedChecks: [
          { type: 'ID_DOCUMENT_AUTHENTICITY' },
          { type: 'ID_DOCUMENT_AUTHENTICITY' },
          { type: 'ID_DOCUMENT_TEXT_DATA_CHECK' },
        ],
        requestedTasks: [],
        idDocuments: docs,
      }),
    );
    expect(result.checks.map((c) => [c.type, c.resources_used[0]])).toEqual([
      ['ID_DOCUMENT_AUTHENTICITY', 'doc-1'],
      ['ID_DOCUMENT_AUTHENTICITY', 'doc-2'],
      ['ID_DOCUMENT_TEXT_DATA_CHECK', 'doc-1'],
      ['ID_DOCUMENT_TEXT_DATA_CHECK', 'doc-2'],
    ]);
    expect(result.tasks).toEqual([]);
    expect(result.idDocuments.map((d) => d.documentFields)).toEqual([null, null]);
  });

  it('stores generated media through saveMedia and uses the store ids', async () => {
    const saved: Array<{ purpose: string; contentType: string; json: unknown }> = [];
    const result = await runPipeline(
      input({
        idDocuments: [passport({ scannerMrzLines: SPECIMEN_TD3 })],
        saveMedia: async (m) => {
          saved.push({
            purpose: m.purpose,
            contentType: m.contentType,
            json: JSON.parse(new TextDecoder().decode(m.content)),
          });
          return 'store-media-1';
        },
      }),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      purpose: 'DOCUMENT_FIELDS',
      contentType: 'application/json',
      json: { document_number: 'L898902C3' },
    });
    expect(result.idDocuments[0].documentFields).toMatchObject({ mediaId: 'store-media-1' });
    expect(result.idDocuments[0].tasks[0].generated_media).toEqual([{ id: 'store-media-1', type: 'JSON' }]);
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').generated_media).toEqual([
      { id: 'store-media-1', type: 'JSON' },
    ]);
  });

  it('timestamps every check and task with now', async () => {
    const result = await runPipeline(input({ idDocuments: [passport({ scannerMrzLines: SPECIMEN_TD3 })] }));
    for (const item of [...result.checks, ...result.tasks]) {
      expect(item.created).toBe('2026-11-25T20:00:00.000Z');
      expect(item.last_updated).toBe(item.created);
      expect(item.state).toBe('DONE');
    }
  });
});

describe('runPipeline: a misbehaving vision never sinks the session', () => {
  it('distrusts MRZ lines that do not parse and drops malformed barcode values', async () => {
    const fake = fakeVision();
    const vision = {
      ...fake,
      readDocument: async () =>
        ({
          mrz: { format: 'TD3', lines: ['NOT AN MRZ'], valid: true, fields: {}, invalid_fields: [] },
          barcode: null,
        }) as unknown as DocumentReading,
    };
    const result = await runPipeline(input({ vision }));
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'document reading failed (the reader returned MRZ lines that are not a machine-readable zone)',
    });
    expect(result.idDocuments[0].documentFields).toBeNull();
  });

  it('turns thrown or malformed face and liveness results into NOT_AVAILABLE with the reason', async () => {
    const fake = fakeVision({ readings: { front: mrzReading(td3(), NOW) } });
    const vision = {
      ...fake,
      compareFaces: () => Promise.reject(new Error('model file missing')),
      assessLiveness: async () => ({ passed: true }) as unknown as LivenessAssessment,
    };
    const result = await runPipeline(input({ vision }));
    expect(only(result, 'ID_DOCUMENT_FACE_MATCH').report.recommendation.reason).toBe(
      'face matching failed (model file missing)',
    );
    const live = only(result, 'LIVENESS');
    expect(live.report.recommendation.value).toBe('NOT_AVAILABLE');
    expect(live.report.recommendation.reason).toMatch(/^the check could not be computed \(/);
    expect(only(result, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation).toEqual({ value: 'APPROVE' });
  });
});

describe('runPipeline: the image must show the document the scanner read', () => {
  it('scanner MRZ but no MRZ on the analysed image: NOT_AVAILABLE, never APPROVE', async () => {
    const vision = fakeVision({ quality: { front: { issues: ['NO_DOCUMENT'] } } });
    const result = await runPipeline(input({ vision, idDocuments: [passport({ scannerMrzLines: td3() })] }));
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(auth.report.recommendation).toMatchObject({
      value: 'NOT_AVAILABLE',
      reason: 'no document was found on the uploaded image',
    });
    expect(sub(auth, 'scanner_image_mrz_comparison').result).toBe('FAIL');
    const plain = await runPipeline(
      input({ vision: fakeVision(), idDocuments: [passport({ scannerMrzLines: td3() })] }),
    );
    expect(only(plain, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation.reason).toBe(
      'the MRZ sent by the scanner could not be found on the uploaded image, so the two cannot be compared',
    );
    // The text data check judges the scanner's data on its own.
    expect(only(plain, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({ value: 'APPROVE' });
  });

  it('scanner MRZ equal to the image MRZ passes the comparison', async () => {
    const vision = fakeVision({ readings: { front: mrzReading(td3(), NOW) } });
    const result = await runPipeline(input({ vision, idDocuments: [passport({ scannerMrzLines: td3() })] }));
    const auth = only(result, 'ID_DOCUMENT_AUTHENTICITY');
    expect(sub(auth, 'scanner_image_mrz_comparison')).toEqual({ result: 'PASS', details: {} });
    expect(auth.report.recommendation).toEqual({ value: 'APPROVE' });
  });
});

describe('runPipeline: sandbox entries in order, and fields from a text data check entry', () => {
  it('applies entries to checks of their type in order, the last one repeating', async () => {
    const entry = (value: string) => ({
      result: {
        report: {
          recommendation: { value },
          breakdown: [{ sub_check: 'configured', result: 'PASS', details: [] }],
        },
      },
    });
    const config: SandboxResponseConfigJson = {
      check_reports: { ID_DOCUMENT_AUTHENTICITY: [entry('REJECT'), entry('APPROVE')] },
    };
    const docs = ['a', 'b', 'c'].map((id) => passport({ resourceId: id, scannerMrzLines: SPECIMEN_TD3 }));
    const result = await runPipeline(
      input({
        idDocuments: docs,
        requestedChecks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }],
        requestedTasks: [],
        sandbox: { level: 'SESSION', config },
      }),
    );
    expect(result.checks.map((c) => [c.resources_used[0], c.report.recommendation.value])).toEqual([
      ['a', 'REJECT'],
      ['b', 'APPROVE'],
      ['c', 'APPROVE'],
    ]);
  });

  it('takes the document fields from a text data check entry when no task result is configured', async () => {
    const config: SandboxResponseConfigJson = {
      check_reports: {
        ID_DOCUMENT_TEXT_DATA_CHECK: [
          {
            result: {
              report: { recommendation: { value: 'APPROVE' }, breakdown: [] },
              document_fields: { full_name: 'CONFIGURED NAME' },
            },
          },
        ],
      },
    };
    const result = await runPipeline(
      input({
        idDocuments: [passport({ scannerMrzLines: SPECIMEN_TD3 })],
        sandbox: { level: 'SESSION', config },
      }),
    );
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({ value: 'APPROVE' });
    expect(result.idDocuments[0].documentFields!.json).toEqual({
      full_name: 'CONFIGURED NAME',
      extraction_source: 'SANDBOX',
    });
    // The authenticity check was not configured: computed from the expired specimen.
    expect(only(result, 'ID_DOCUMENT_AUTHENTICITY').report.recommendation.value).toBe('REJECT');
  });
});

describe('runPipeline: the document id photo (the portrait cut out of the page)', () => {
  const readings = { front: mrzReading(td3(), NOW) };
  type Saved = { resourceId: string; purpose: string; contentType: string; content: Uint8Array };

  function saving(): { saved: Saved[]; saveMedia: PipelineInput['saveMedia'] } {
    const saved: Saved[] = [];
    return {
      saved,
      saveMedia: async (m) => {
        saved.push(m);
        return `store-${saved.length}`;
      },
    };
  }

  it('stores the crop as a JPEG of the portrait region and reports it as the document id photo', async () => {
    const { saved, saveMedia } = saving();
    const vision = fakeVision({ readings, faceMatch: { score: 0.9, portraitFound: true, faceFound: true } });
    const result = await runPipeline(input({ vision, saveMedia }));

    const photos = saved.filter((m) => m.contentType === 'image/jpeg');
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ resourceId: 'doc-1', purpose: 'PIPELINE_OTHER' });
    const meta = await sharp(photos[0].content).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 26, 27]);
    const mediaId = `store-${saved.indexOf(photos[0]) + 1}`;
    expect(result.idDocuments[0].documentIdPhoto).toEqual({
      mediaId,
      contentType: 'image/jpeg',
      data: photos[0].content,
    });
    expect(vision.calls).toContain('faces:front');
  });

  it('is made for the text extraction alone and for face match alone', async () => {
    const extractionOnly = await runPipeline(
      input({ vision: fakeVision({ readings }), requestedChecks: [] }),
    );
    expect(extractionOnly.idDocuments[0].documentIdPhoto?.contentType).toBe('image/jpeg');
    const faceMatchOnly = await runPipeline(
      input({ vision: fakeVision({ readings }), requestedChecks: [ALL_CHECKS[1]], requestedTasks: [] }),
    );
    expect(faceMatchOnly.idDocuments[0].documentIdPhoto?.contentType).toBe('image/jpeg');
    const neither = fakeVision({ readings });
    const none = await runPipeline(
      input({ vision: neither, requestedChecks: [ALL_CHECKS[0]], requestedTasks: [] }),
    );
    expect(none.idDocuments[0].documentIdPhoto).toBeNull();
    expect(neither.calls.filter((c) => c.startsWith('faces:'))).toEqual([]);
  });

  it('looks on the back when the front has no face', async () => {
    const vision = fakeVision({
      readings,
      faces: { front: [] },
      faceMatch: { score: 0.9, portraitFound: true, faceFound: true },
    });
    const back = {
      side: 'back' as const,
      mediaId: 'm-back',
      image: tag('back'),
      captureMethod: 'CAMERA' as const,
    };
    const doc = passport();
    const result = await runPipeline(
      input({ vision, idDocuments: [{ ...doc, pages: [back, ...doc.pages] }] }),
    );
    // The front is searched first, whatever the upload order.
    expect(vision.calls.filter((c) => c.startsWith('faces:'))).toEqual(['faces:front', 'faces:back']);
    expect(vision.calls).toContain('compare:crop(back)26x27:frame1');
    expect(sub(only(result, 'ID_DOCUMENT_FACE_MATCH'), 'ai_face_match').details.document_page).toBe('back');
  });

  it('takes the largest face on the page (not the small ghost portrait)', async () => {
    const ghost = { x: 30, y: 30, width: 6, height: 6 };
    const vision = fakeVision({
      readings,
      faces: { front: [ghost, { x: 2, y: 4, width: 16, height: 16 }] },
      faceMatch: { score: 0.9, portraitFound: true, faceFound: true },
    });
    const result = await runPipeline(input({ vision }));
    // x 2-1.92 → 0, y 4-2.88 → 1, right 2+17.92 → 20, bottom 4+17.92 → 22.
    expect(sub(only(result, 'ID_DOCUMENT_FACE_MATCH'), 'ai_face_match').details.portrait_region).toBe(
      '0,1,20,21',
    );
  });

  it('no findable portrait: no id photo, face match NOT_AVAILABLE with the reason, nothing compared', async () => {
    const { saved, saveMedia } = saving();
    const vision = fakeVision({ readings, faces: { front: [] } });
    const result = await runPipeline(input({ vision, saveMedia }));
    expect(result.idDocuments[0].documentIdPhoto).toBeNull();
    expect(saved.map((m) => m.contentType)).toEqual(['application/json']);
    const face = only(result, 'ID_DOCUMENT_FACE_MATCH');
    expect(face.report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'no portrait found on the document (no face detected on the front page)',
    });
    expect(vision.calls.some((c) => c.startsWith('compare:'))).toBe(false);
  });

  it('a face detector that fails is the reason, not a crash', async () => {
    const vision = fakeVision({ readings, detectFails: ['front'] });
    const result = await runPipeline(input({ vision }));
    expect(result.idDocuments[0].documentIdPhoto).toBeNull();
    expect(only(result, 'ID_DOCUMENT_FACE_MATCH').report.recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'face detection on the front page failed (face model failed to load)',
    });
    expect(only(result, 'ID_DOCUMENT_TEXT_DATA_CHECK').report.recommendation).toEqual({ value: 'APPROVE' });
  });

  it("a sandbox id photo is the document's: face match compares with it", async () => {
    const photo = Buffer.from('sandbox-photo').toString('base64');
    const config: SandboxResponseConfigJson = {
      check_reports: {},
      task_results: {
        ID_DOCUMENT_TEXT_DATA_EXTRACTION: [
          { result: { document_id_photo: { content_type: 'image/jpeg', data: photo } } },
        ],
      },
    };
    const vision = fakeVision({ readings, faceMatch: { score: 0.9, portraitFound: true, faceFound: true } });
    const result = await runPipeline(input({ vision, sandbox: { level: 'SESSION', config } }));
    expect(new TextDecoder().decode(result.idDocuments[0].documentIdPhoto!.data)).toBe('sandbox-photo');
    expect(vision.calls).toContain('compare:sandbox-photo:frame1');
    expect(vision.calls.filter((c) => c.startsWith('faces:'))).toEqual([]);
    expect(sub(only(result, 'ID_DOCUMENT_FACE_MATCH'), 'ai_face_match').details.portrait_source).toBe(
      'SANDBOX_DOCUMENT_ID_PHOTO',
    );
  });
});
