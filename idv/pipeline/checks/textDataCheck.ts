// ID_DOCUMENT_TEXT_DATA_CHECK: is the extracted data readable and internally valid (check digits),
// are the dates plausible, and is the document still in date.
import type { DocumentEvidence } from '../documentEvidence';
import { whyNothingWasRead } from '../documentEvidence';
import { recommendation, reportOf, subCheck } from '../reportJson';
import type { BreakdownJson, ReportJson } from '../types';
import { dateFacts, dateSubChecks } from './documentFacts';
import { REASONS, RECOVERY } from './reasons';

export function textDataReport(evidence: DocumentEvidence, now: Date): ReportJson {
  const nothing = whyNothingWasRead(evidence);
  if (nothing) {
    return reportOf(recommendation('NOT_AVAILABLE', nothing), [
      subCheck('text_data_readable', false, { reason: nothing }),
    ]);
  }
  const breakdown: BreakdownJson[] = [];
  const mrz = evidence.mrz;
  breakdown.push(
    subCheck('text_data_readable', true, {
      source: mrz ? mrz.source : 'PDF417',
      format: mrz ? mrz.reading.format : evidence.barcode?.reading.format,
    }),
  );
  if (mrz) {
    breakdown.push(
      subCheck('mrz_validation', mrz.reading.valid, {
        format: mrz.reading.format,
        invalid_fields: mrz.reading.invalid_fields.join(','),
        repairs: (mrz.reading.repairs ?? []).join('; '),
      }),
    );
  }
  const dates = dateFacts(evidence, now);
  breakdown.push(...dateSubChecks(dates, { showBirthDate: true }));

  if (dates.expired && !evidence.input.allowExpired)
    return reportOf(
      recommendation('REJECT', REASONS.EXPIRED_DOCUMENT, RECOVERY.USE_VALID_DOCUMENT),
      breakdown,
    );
  if (dates.plausible === false)
    return reportOf(recommendation('REJECT', REASONS.IMPLAUSIBLE_DATES), breakdown);
  if (mrz && !mrz.reading.valid) {
    return reportOf(
      recommendation('NOT_AVAILABLE', REASONS.MRZ_VALIDATION, RECOVERY.RECAPTURE_DOCUMENT),
      breakdown,
    );
  }
  if (dates.expired === null) {
    return reportOf(recommendation('NOT_AVAILABLE', 'the document shows no readable expiry date'), breakdown);
  }
  return reportOf(recommendation('APPROVE'), breakdown);
}
