import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkImageFile } from '../../../idv/imageFile';
import { analyseUploadedPage, uploadFeedback } from '../../../idv/pipeline/uploadFeedback';
import type { UploadFeedbackContext } from '../../../idv/pipeline/types';
import type { DocumentReading, VisionPort } from '../../../vision/contract';
import { fakeVision, GOOD_QUALITY } from './fakeVision';
import { mrzReading, td3 } from './mrzFixtures';

const NOW = new Date('2026-11-25T20:00:00Z');
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/specimens/${name}`, import.meta.url)));
const JPEG = fixture('passport-td3.jpg');
const PNG = fixture('passport-td3.png');
const PASSPORT_FRONT: UploadFeedbackContext = {
  documentType: 'PASSPORT',
  side: 'front',
  issuingCountry: 'UTO',
};

/** A vision whose every decode is "the page", with this reading and these quality issues. */
function visionFor(reading: DocumentReading, issues: typeof GOOD_QUALITY.issues = []): VisionPort {
  const fake = fakeVision({ readings: { page: reading }, quality: { page: { issues } } });
  return { ...fake, decode: () => fake.decode(new TextEncoder().encode('page')) };
}

describe('checkImageFile', () => {
  it('reads JPEG and PNG sizes and finds a cut-off file', () => {
    expect(checkImageFile(JPEG)).toEqual({ ok: true, mime: 'image/jpeg', width: 1334, height: 880 });
    expect(checkImageFile(PNG)).toEqual({ ok: true, mime: 'image/png', width: 1334, height: 880 });
    expect(checkImageFile(JPEG.subarray(0, JPEG.length - 5000))).toEqual({
      ok: false,
      problem: 'TRUNCATED',
      mime: 'image/jpeg',
      reason: 'the JPEG file is truncated',
    });
    expect(checkImageFile(PNG.subarray(0, 4000))).toMatchObject({ problem: 'TRUNCATED', mime: 'image/png' });
  });
  it('names what is wrong with other bytes', () => {
    expect(checkImageFile(new Uint8Array(0))).toMatchObject({
      problem: 'EMPTY',
      reason: 'the file is empty',
    });
    expect(checkImageFile(new Uint8Array(3))).toMatchObject({ problem: 'NOT_AN_IMAGE' });
    expect(checkImageFile(new TextEncoder().encode('%PDF-1.7 not an image at all'))).toMatchObject({
      problem: 'NOT_AN_IMAGE',
      reason: 'the file is not a JPEG or PNG image',
    });
    expect(checkImageFile(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toMatchObject({
      problem: 'CORRUPT',
      reason: 'the JPEG file has no dimensions',
    });
  });
});

describe('uploadFeedback', () => {
  it('flags an unreadable or truncated file without throwing, with or without vision', async () => {
    for (const vision of [null, fakeVision()]) {
      const garbage = await uploadFeedback(
        new TextEncoder().encode('hello, this is not an image'),
        PASSPORT_FRONT,
        vision,
      );
      expect(garbage).toMatchObject({ acceptable: false, issues: ['UNREADABLE_IMAGE'] });
      expect(garbage.metrics.notes).toEqual(['the file is not a JPEG or PNG image']);
      const truncated = await uploadFeedback(JPEG.subarray(0, 20000), PASSPORT_FRONT, vision);
      expect(truncated).toMatchObject({ acceptable: false, issues: ['UNREADABLE_IMAGE'] });
      expect(truncated.metrics.notes).toEqual(['the JPEG file is truncated']);
      expect(truncated.messages).toEqual(['The image could not be read. Please take it again.']);
    }
  });

  it('without vision accepts a well-formed image and says analysis is unavailable', async () => {
    const feedback = await uploadFeedback(JPEG, PASSPORT_FRONT, null);
    expect(feedback).toMatchObject({ acceptable: true, issues: [] });
    expect(feedback.metrics).toMatchObject({ width: 1334, height: 880, quality: null, mrzFound: null });
    expect(feedback.metrics.notes).toEqual(['image analysis is not available in this build']);
  });

  it('a decoder error becomes UNREADABLE_IMAGE with its message', async () => {
    const vision = {
      ...fakeVision(),
      decode: () => Promise.reject(new Error('VipsJpeg: Premature end of input file')),
    };
    const feedback = await uploadFeedback(JPEG, PASSPORT_FRONT, vision);
    expect(feedback).toMatchObject({ acceptable: false, issues: ['UNREADABLE_IMAGE'] });
    expect(feedback.metrics.notes[0]).toContain('Premature end of input file');
  });

  it('accepts a sharp passport page whose MRZ matches the choice', async () => {
    const feedback = await uploadFeedback(JPEG, PASSPORT_FRONT, visionFor(mrzReading(td3(), NOW)));
    expect(feedback).toMatchObject({ acceptable: true, issues: [], messages: [] });
    expect(feedback.metrics).toMatchObject({ mrzFound: true, mrzValid: true });
    expect(feedback.metrics.quality).toMatchObject({ sharpness: 0.9, glare: 0.01 });
  });

  it('asks for a retake on blur and glare, with one message per issue', async () => {
    const feedback = await uploadFeedback(
      JPEG,
      PASSPORT_FRONT,
      visionFor(mrzReading(td3(), NOW), ['BLURRED', 'GLARE']),
    );
    expect(feedback.acceptable).toBe(false);
    expect(feedback.issues).toEqual(['BLURRED', 'GLARE']);
    expect(feedback.messages).toHaveLength(2);
  });

  it('names a wrong document type and a wrong country from the MRZ', async () => {
    const idCard = await uploadFeedback(
      JPEG,
      { documentType: 'PASSPORT', side: 'front', issuingCountry: 'GBR' },
      visionFor(mrzReading(td3({ code: 'I<' }), NOW)),
    );
    expect(idCard.acceptable).toBe(false);
    expect(idCard.issues).toEqual(['WRONG_DOCUMENT_TYPE', 'WRONG_COUNTRY']);
  });

  it('asks for the MRZ on a passport data page, not on an ID card front', async () => {
    const empty: DocumentReading = { mrz: null, barcode: null };
    const passport = await uploadFeedback(JPEG, PASSPORT_FRONT, visionFor(empty));
    expect(passport).toMatchObject({ acceptable: false, issues: ['MRZ_NOT_FOUND'] });
    const idFront = await uploadFeedback(
      JPEG,
      { documentType: 'NATIONAL_ID', side: 'front', issuingCountry: 'UTO' },
      visionFor(empty),
    );
    expect(idFront).toMatchObject({ acceptable: true, issues: [] });
  });

  it('an MRZ that fails its check digits asks for a retake', async () => {
    const lines = td3();
    lines[1] = lines[1].slice(0, 19) + String((Number(lines[1][19]) + 1) % 10) + lines[1].slice(20);
    const feedback = await uploadFeedback(JPEG, PASSPORT_FRONT, visionFor(mrzReading(lines, NOW)));
    expect(feedback).toMatchObject({ acceptable: false, issues: ['MRZ_INVALID'] });
  });

  it('drops NO_DOCUMENT when an MRZ was read, and for scanner captures', async () => {
    const read = await uploadFeedback(
      JPEG,
      PASSPORT_FRONT,
      visionFor(mrzReading(td3(), NOW), ['NO_DOCUMENT', 'NOT_STEADY']),
    );
    expect(read).toMatchObject({ acceptable: true, issues: [] });
    const scanned = await uploadFeedback(
      JPEG,
      { documentType: 'NATIONAL_ID', side: 'front', issuingCountry: 'UTO', captureMethod: 'SCANNER' },
      visionFor({ mrz: null, barcode: null }, ['NO_DOCUMENT', 'TOO_SMALL']),
    );
    expect(scanned).toMatchObject({ acceptable: true, issues: [] });
    const camera = await uploadFeedback(
      JPEG,
      { documentType: 'NATIONAL_ID', side: 'front', issuingCountry: 'UTO', captureMethod: 'CAMERA' },
      visionFor({ mrz: null, barcode: null }, ['NO_DOCUMENT']),
    );
    expect(camera).toMatchObject({ acceptable: false, issues: ['NO_DOCUMENT'] });
  });

  it('notes a missing barcode on the back of a North American licence', async () => {
    const feedback = await uploadFeedback(
      JPEG,
      { documentType: 'DRIVING_LICENCE', side: 'back', issuingCountry: 'USA' },
      visionFor({ mrz: null, barcode: null }),
    );
    expect(feedback.issues).toEqual(['BARCODE_NOT_FOUND']);
  });

  it('survives a reader that throws', async () => {
    const fake = fakeVision({ readFails: ['page'] });
    const vision = { ...fake, decode: () => fake.decode(new TextEncoder().encode('page')) };
    const feedback = await uploadFeedback(JPEG, PASSPORT_FRONT, vision);
    expect(feedback.metrics.notes).toEqual(['document reading failed: reader crashed']);
    expect(feedback.metrics.mrzFound).toBeNull();
  });

  it('hands back the reading behind the feedback, and none when part of it failed', async () => {
    const reading = mrzReading(td3(), NOW);
    const read = await analyseUploadedPage(JPEG, PASSPORT_FRONT, visionFor(reading));
    expect(read.feedback.acceptable).toBe(true);
    expect(read.reading).toEqual({
      decodeError: null,
      quality: { ...GOOD_QUALITY, issues: [] },
      qualityError: null,
      document: reading,
      readError: null,
    });
    const crashing = fakeVision({ readFails: ['page'] });
    const failed = await analyseUploadedPage(JPEG, PASSPORT_FRONT, {
      ...crashing,
      decode: () => crashing.decode(new TextEncoder().encode('page')),
    });
    expect(failed.feedback.metrics.notes).toEqual(['document reading failed: reader crashed']);
    expect(failed.reading).toBeNull();
    expect((await analyseUploadedPage(JPEG, PASSPORT_FRONT, null)).reading).toBeNull();
  });
});
