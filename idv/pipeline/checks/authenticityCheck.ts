// ID_DOCUMENT_AUTHENTICITY: what the image, the MRZ (scanner and/or image) and the person's choice
// of country and type say, and whether they agree; plus dates and image quality. An APPROVE needs
// the image itself to have been analysed: MRZ text alone cannot show a document is genuine.
import type { MrzReading, QualityIssue } from '../../../vision/contract';
import type { DocumentEvidence } from '../documentEvidence';
import { whyNothingWasRead } from '../documentEvidence';
import { isoCountry } from '../documentFields';
import { recommendation, reportOf, subCheck } from '../reportJson';
import type { BreakdownJson, ReportJson } from '../types';
import { dateFacts, dateSubChecks, identityFacts } from './documentFacts';
import { NOT_AVAILABLE, REASONS, RECOVERY } from './reasons';

/** Quality problems that make the image unfit for judging a document, with their reason codes. */
const BLOCKING_QUALITY: Partial<Record<QualityIssue, string>> = {
  BLURRED: REASONS.PHOTO_TOO_BLURRY,
  GLARE: REASONS.PHOTO_GLARE,
  TOO_DARK: REASONS.PHOTO_TOO_DARK,
  TOO_BRIGHT: REASONS.PHOTO_OVEREXPOSED,
};

const COMPARED_FIELDS = [
  'document_number',
  'date_of_birth',
  'expiration_date',
  'family_name',
  'given_names',
] as const;

function differences(a: MrzReading, b: MrzReading): string[] {
  return COMPARED_FIELDS.filter((f) => (a.fields[f] ?? '') !== (b.fields[f] ?? ''));
}

export function authenticityReport(evidence: DocumentEvidence, now: Date): ReportJson {
  const breakdown: BreakdownJson[] = [];
  const rejects: Array<[string, string | undefined]> = [];
  const notAvailable: Array<[string, string | undefined]> = [];

  // Image quality of each page vision could decode.
  let analysedPages = 0;
  for (const page of evidence.pages) {
    if (!page.quality) continue;
    analysedPages++;
    const relevant = page.quality.issues.filter((i) => BLOCKING_QUALITY[i] !== undefined);
    breakdown.push(
      subCheck(`image_quality_${page.side}`, relevant.length === 0, {
        sharpness: page.quality.sharpness.toFixed(3),
        glare: page.quality.glare.toFixed(3),
        exposure: page.quality.exposure.toFixed(3),
        issues: page.quality.issues.join(','),
        capture_method: page.captureMethod,
      }),
    );
    for (const issue of relevant)
      notAvailable.push([BLOCKING_QUALITY[issue] as string, RECOVERY.RECAPTURE_DOCUMENT]);
  }

  const mrz = evidence.mrz;
  if (mrz) {
    breakdown.push(
      subCheck('mrz_validation', mrz.reading.valid, {
        source: mrz.source,
        format: mrz.reading.format,
        invalid_fields: mrz.reading.invalid_fields.join(','),
      }),
    );
    if (!mrz.reading.valid) {
      // A hardware scanner reads reliably: failing check digits there point at the document.
      // From a photo they more likely point at the capture.
      if (mrz.source === 'SCANNER_MRZ') rejects.push([REASONS.MRZ_VALIDATION, undefined]);
      else notAvailable.push([REASONS.MRZ_VALIDATION, RECOVERY.RECAPTURE_DOCUMENT]);
    }
  }

  // The scanner's MRZ against the one printed on the uploaded image.
  if (evidence.scannerMrz?.valid && evidence.imageMrz?.reading.valid) {
    const diff = differences(evidence.scannerMrz, evidence.imageMrz.reading);
    breakdown.push(
      subCheck('scanner_image_mrz_comparison', diff.length === 0, { differing_fields: diff.join(',') }),
    );
    if (diff.length > 0) rejects.push([REASONS.DATA_MISMATCH, undefined]);
  }
  // Scanner lines with no MRZ on any analysed image: the image cannot be tied to the lines.
  const imageUnverified =
    evidence.scannerMrz !== null &&
    evidence.imageMrz === null &&
    evidence.pages.some((p) => p.quality !== null);
  if (imageUnverified) {
    breakdown.push(
      subCheck('scanner_image_mrz_comparison', false, { reason: 'no MRZ found on the uploaded image' }),
    );
    notAvailable.push([
      'the MRZ sent by the scanner could not be found on the uploaded image, so the two cannot be compared',
      RECOVERY.RECAPTURE_DOCUMENT,
    ]);
  }
  // A page where vision sees no document and read nothing.
  if (
    !evidence.imageMrz &&
    !evidence.barcode &&
    evidence.pages.some((p) => p.quality?.issues.includes('NO_DOCUMENT'))
  ) {
    notAvailable.unshift(['no document was found on the uploaded image', RECOVERY.RECAPTURE_DOCUMENT]);
  }
  // The MRZ against a barcode on the same document, where both exist.
  const barcodeFields = evidence.barcode?.reading.fields;
  if (mrz?.reading.valid && barcodeFields?.date_of_birth) {
    const same = barcodeFields.date_of_birth === mrz.reading.fields.date_of_birth;
    breakdown.push(subCheck('ocr_barcode_comparison', same, { compared: 'date_of_birth' }));
    if (!same) rejects.push([REASONS.DATA_MISMATCH, undefined]);
  }

  const facts = identityFacts(evidence);
  if (facts.countryMatches !== null) {
    breakdown.push(
      subCheck('issuing_country_match', facts.countryMatches, {
        selected: isoCountry(evidence.input.issuingCountry),
        on_document: facts.documentCountry,
      }),
    );
    if (!facts.countryMatches)
      rejects.push([REASONS.ISSUING_COUNTRY_MISMATCH, RECOVERY.CHOOSE_MATCHING_DOCUMENT]);
  }
  if (facts.typeMatches !== null) {
    breakdown.push(
      subCheck('document_type_match', facts.typeMatches, {
        selected: evidence.input.documentType,
        on_document: facts.documentKind,
        document_code: facts.documentCode,
      }),
    );
    if (!facts.typeMatches) rejects.push([REASONS.DOCUMENT_TYPE_MISMATCH, RECOVERY.CHOOSE_MATCHING_DOCUMENT]);
  }

  const dates = dateFacts(evidence, now);
  breakdown.push(...dateSubChecks(dates, { showBirthDate: false }));
  // allow_expired_documents (the session's document filter): an expired document is accepted.
  if (dates.expired && !evidence.input.allowExpired)
    rejects.unshift([REASONS.EXPIRED_DOCUMENT, RECOVERY.USE_VALID_DOCUMENT]);
  if (dates.plausible === false) rejects.push([REASONS.IMPLAUSIBLE_DATES, undefined]);

  if (rejects.length > 0) return reportOf(recommendation('REJECT', rejects[0][0], rejects[0][1]), breakdown);

  const nothing = whyNothingWasRead(evidence);
  if (nothing) {
    breakdown.push(subCheck('document_read', false, { reason: nothing }));
    return reportOf(recommendation('NOT_AVAILABLE', nothing), breakdown);
  }
  if (notAvailable.length > 0) {
    return reportOf(recommendation('NOT_AVAILABLE', notAvailable[0][0], notAvailable[0][1]), breakdown);
  }
  if (analysedPages === 0) {
    const why = evidence.visionAvailable
      ? 'no page image of the document could be analysed'
      : `${NOT_AVAILABLE.visionMissing('image analysis')}: the MRZ alone cannot show the document is genuine`;
    return reportOf(recommendation('NOT_AVAILABLE', why), breakdown);
  }
  if (facts.typeMatches === null || facts.countryMatches === null) {
    return reportOf(
      recommendation(
        'NOT_AVAILABLE',
        'the document does not state its country and type in a form that could be read',
      ),
      breakdown,
    );
  }
  if (dates.expired === null) {
    return reportOf(recommendation('NOT_AVAILABLE', 'the document shows no readable expiry date'), breakdown);
  }
  return reportOf(recommendation('APPROVE'), breakdown);
}
