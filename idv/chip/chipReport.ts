// The chip's part of ID_DOCUMENT_AUTHENTICITY, merged into the report the page and MRZ evidence
// gave: its sub-checks are added; a chip that is evidence against the document (tampered data,
// a DG1 of someone else, a failed chip/active authentication) makes it REJECT; chip data that
// cannot be used makes an otherwise undecided or approving report NOT_AVAILABLE, saying why.
// A chip whose signature could not be verified (no CSCA for the issuer) changes nothing: that
// is no evidence either way, and the sub-check says NOT_VERIFIED.
import { recommendation, reportOf, subCheck } from '../pipeline/reportJson';
import type { ReportJson } from '../pipeline/types';
import type { ChipEvidence } from './chipEvidence';

export function withChipEvidence(report: ReportJson, chip: ChipEvidence | null): ReportJson {
  if (!chip) return report;
  if (!chip.usable) {
    const breakdown = [...report.breakdown, subCheck('chip_data', false, { reason: chip.reason })];
    if (report.recommendation.value === 'REJECT') return reportOf(report.recommendation, breakdown);
    return reportOf(recommendation('NOT_AVAILABLE', chip.reason), breakdown);
  }
  const breakdown = [...report.breakdown, ...chip.checks.breakdown];
  if (chip.checks.reject && report.recommendation.value !== 'REJECT') {
    return reportOf(recommendation('REJECT', chip.checks.reject), breakdown);
  }
  return reportOf(report.recommendation, breakdown);
}
