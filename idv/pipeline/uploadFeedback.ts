// Instant feedback on one uploaded page, so the kiosk can ask for a retake before the person
// walks away: unreadable file, blur, glare, exposure, no document, and (from the MRZ) the wrong
// kind of document or country. Quality runs first (tens of ms); document reading follows.
import type { VisionPort } from '../../vision/contract';
import { mrzDocumentType } from '../../vision/mrz/mrzParser';
import { isoCountry } from './documentFields';
import { checkImageFile } from '../imageFile';
import { readPage } from './pageReading';
import type {
  PageReading,
  UploadedPageAnalysis,
  UploadFeedback,
  UploadFeedbackContext,
  UploadFeedbackIssue,
} from './types';

const MESSAGES: Record<UploadFeedbackIssue, string> = {
  UNREADABLE_IMAGE: 'The image could not be read. Please take it again.',
  NO_DOCUMENT: 'No document was found in the picture. Place the document in the frame.',
  TOO_SMALL: 'The document is too small in the picture. Move it closer.',
  BLURRED: 'The picture is blurred. Hold the document still and retake.',
  GLARE: 'There is glare on the document. Tilt it away from the light and retake.',
  TOO_DARK: 'The picture is too dark. Add light and retake.',
  TOO_BRIGHT: 'The picture is too bright. Reduce the light and retake.',
  NOT_STEADY: 'The document moved. Hold it still.',
  WRONG_DOCUMENT_TYPE: 'This does not look like the kind of document that was chosen.',
  WRONG_COUNTRY: 'This document seems to be from a different country than the one chosen.',
  MRZ_NOT_FOUND:
    'The machine-readable lines at the bottom of the page could not be found. Show the whole page.',
  MRZ_INVALID: 'The machine-readable lines could not be read reliably. Please retake.',
  BARCODE_NOT_FOUND: 'The barcode on the back could not be read. Please retake.',
};

/** Issues that warrant a retake; the others are advice. */
const BLOCKING = new Set<UploadFeedbackIssue>([
  'UNREADABLE_IMAGE',
  'NO_DOCUMENT',
  'TOO_SMALL',
  'BLURRED',
  'GLARE',
  'TOO_DARK',
  'TOO_BRIGHT',
  'WRONG_DOCUMENT_TYPE',
  'WRONG_COUNTRY',
  'MRZ_INVALID',
  'MRZ_NOT_FOUND',
]);

const ACCEPTED_KINDS: Readonly<Record<string, readonly string[]>> = {
  PASSPORT: ['PASSPORT'],
  NATIONAL_ID: ['NATIONAL_ID'],
  RESIDENCE_PERMIT: ['RESIDENCE_PERMIT', 'NATIONAL_ID'],
  DRIVING_LICENCE: ['DRIVING_LICENCE'],
};

/** Where an MRZ must be on the page shown (passport data page; back of an ID card with one is optional). */
function mrzExpected(context: UploadFeedbackContext): boolean {
  return context.documentType === 'PASSPORT' && context.side === 'front';
}

function barcodeExpected(context: UploadFeedbackContext): boolean {
  const country = isoCountry(context.issuingCountry);
  return (
    context.documentType === 'DRIVING_LICENCE' &&
    context.side === 'back' &&
    (country === 'USA' || country === 'CAN')
  );
}

/** The feedback alone (tests, and callers that do not keep the reading). */
export async function uploadFeedback(
  image: Uint8Array,
  context: UploadFeedbackContext,
  vision?: VisionPort | null,
): Promise<UploadFeedback> {
  return (await analyseUploadedPage(image, context, vision)).feedback;
}

/**
 * Feedback on an uploaded page, and the reading behind it for the checks at submit (null when
 * there was none to make, or part of it failed: then the page is read again at submit).
 */
export async function analyseUploadedPage(
  image: Uint8Array,
  context: UploadFeedbackContext,
  vision?: VisionPort | null,
): Promise<UploadedPageAnalysis> {
  const started = performance.now();
  const issues: UploadFeedbackIssue[] = [];
  const notes: string[] = [];
  const metrics: UploadFeedback['metrics'] = {
    width: null,
    height: null,
    quality: null,
    mrzFound: null,
    mrzValid: null,
    notes,
    ms: 0,
  };
  const finish = (read: PageReading | null = null): UploadedPageAnalysis => {
    const unique = [...new Set(issues)];
    metrics.ms = Math.round((performance.now() - started) * 10) / 10;
    const feedback: UploadFeedback = {
      acceptable: !unique.some((i) => BLOCKING.has(i)),
      issues: unique,
      messages: unique.map((i) => MESSAGES[i]),
      metrics,
    };
    // A reading with a failure in it is not kept: the checks at submit read that page again.
    const complete = read && !read.decodeError && !read.qualityError && !read.readError;
    return { feedback, reading: complete ? read : null };
  };

  const file = checkImageFile(image);
  if (!file.ok) {
    notes.push(file.reason);
    issues.push('UNREADABLE_IMAGE');
    return finish();
  }
  metrics.width = file.width;
  metrics.height = file.height;
  if (!vision) {
    notes.push('image analysis is not available in this build');
    return finish();
  }

  const { reading, image: decoded } = await readPage(vision, () => vision.decode(image));
  if (!decoded) {
    notes.push(`the image could not be decoded: ${reading.decodeError}`);
    issues.push('UNREADABLE_IMAGE');
    return finish(reading);
  }
  metrics.width = decoded.width;
  metrics.height = decoded.height;

  const scanner = context.captureMethod === 'SCANNER';
  if (reading.quality) {
    const { issues: qualityIssues, ok: _ok, ...figures } = reading.quality;
    metrics.quality = figures;
    for (const issue of qualityIssues) {
      if (issue === 'NOT_STEADY') continue; // one still image: steadiness is the live view's concern
      if (scanner && (issue === 'NO_DOCUMENT' || issue === 'TOO_SMALL')) continue; // a scan is the document
      issues.push(issue);
    }
  } else if (reading.qualityError) {
    notes.push(`quality assessment failed: ${reading.qualityError}`);
  }

  if (reading.readError) notes.push(`document reading failed: ${reading.readError}`);
  const document = reading.document;
  if (document) {
    const mrz = document.mrz;
    metrics.mrzFound = mrz !== null;
    metrics.mrzValid = mrz ? mrz.valid : null;
    if (mrz || document.barcode) {
      // Something was read, so a document is there whatever the outline finder thought.
      for (let i = issues.length - 1; i >= 0; i--)
        if (issues[i] === 'NO_DOCUMENT' || issues[i] === 'TOO_SMALL') issues.splice(i, 1);
    }
    if (mrz) {
      if (!mrz.valid) issues.push('MRZ_INVALID');
      const kind = mrz.invalid_fields.includes('document_type')
        ? null
        : mrzDocumentType(mrz.lines[0].slice(0, 2));
      const accepted = ACCEPTED_KINDS[context.documentType] ?? [context.documentType];
      if (kind && !accepted.includes(kind)) issues.push('WRONG_DOCUMENT_TYPE');
      const country = mrz.invalid_fields.includes('issuing_country')
        ? null
        : isoCountry(mrz.fields.issuing_country);
      if (country && country !== isoCountry(context.issuingCountry)) issues.push('WRONG_COUNTRY');
    } else if (mrzExpected(context)) {
      issues.push('MRZ_NOT_FOUND');
    }
    if (!document.barcode && barcodeExpected(context)) issues.push('BARCODE_NOT_FOUND');
    if (document.barcode?.aamva && context.documentType === 'PASSPORT') issues.push('WRONG_DOCUMENT_TYPE');
  }
  return finish(reading);
}
