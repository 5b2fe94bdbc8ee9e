// Facts about one document that several checks judge: dates against today, and what the MRZ says
// about its country and type against what the person chose.
import { mrzDocumentType } from '../../../vision/mrz/mrzParser';
import type { DocumentEvidence } from '../documentEvidence';
import { isoCountry } from '../documentFields';
import { subCheck } from '../reportJson';
import type { BreakdownJson } from '../types';

export interface DateFacts {
  expiration: string | null;
  birth: string | null;
  today: string;
  expired: boolean | null;
  /** Birth in the past, at most 130 years ago, before expiry. Null when there is no birth date. */
  plausible: boolean | null;
  problems: string[];
}

export function dateFacts(evidence: DocumentEvidence, now: Date): DateFacts {
  const today = now.toISOString().slice(0, 10);
  const mrz = evidence.mrz?.reading;
  const invalid = new Set(mrz?.invalid_fields ?? []);
  const fromMrz = (v: string | null | undefined, field: string): string | null =>
    v && !invalid.has(field) ? v : null;
  const barcodeFields = evidence.barcode?.reading.fields ?? null;
  const expiration =
    fromMrz(mrz?.fields.expiration_date, 'expiration_date') ?? barcodeFields?.expiration_date ?? null;
  const birth = fromMrz(mrz?.fields.date_of_birth, 'date_of_birth') ?? barcodeFields?.date_of_birth ?? null;
  const problems: string[] = [];
  let plausible: boolean | null = null;
  if (birth) {
    plausible = true;
    if (birth > today) problems.push('date of birth is in the future');
    const oldest = `${now.getUTCFullYear() - 130}${today.slice(4)}`;
    if (birth < oldest) problems.push('date of birth is more than 130 years ago');
    if (expiration && expiration <= birth) problems.push('expiry date is not after the date of birth');
    plausible = problems.length === 0;
  }
  return { expiration, birth, today, expired: expiration ? expiration < today : null, plausible, problems };
}

/**
 * The date sub-checks of the document checks: in date (when there is an expiry), plausible (when
 * there is a birth date). `showBirthDate` adds the birth date read (the text data check shows it).
 */
export function dateSubChecks(dates: DateFacts, options: { showBirthDate: boolean }): BreakdownJson[] {
  const out: BreakdownJson[] = [];
  if (dates.expired !== null) {
    out.push(
      subCheck('document_in_date', !dates.expired, {
        expiration_date: dates.expiration,
        checked_on: dates.today,
      }),
    );
  }
  if (dates.plausible !== null) {
    out.push(
      subCheck('dates_plausible', dates.plausible, {
        ...(options.showBirthDate ? { date_of_birth: dates.birth } : {}),
        problems: dates.problems.join('; '),
      }),
    );
  }
  return out;
}

export interface IdentityFacts {
  /** ISO alpha-3 the document states (MRZ issuing state), or null. */
  documentCountry: string | null;
  /** The document type the MRZ code stands for (PASSPORT, NATIONAL_ID, ...), or null. */
  documentKind: string | null;
  documentCode: string | null;
  countryMatches: boolean | null;
  typeMatches: boolean | null;
}

/** Which MRZ document kinds are consistent with each selectable document type. */
const ACCEPTED_KINDS: Readonly<Record<string, readonly string[]>> = {
  PASSPORT: ['PASSPORT'],
  NATIONAL_ID: ['NATIONAL_ID'],
  RESIDENCE_PERMIT: ['RESIDENCE_PERMIT', 'NATIONAL_ID'],
  DRIVING_LICENCE: ['DRIVING_LICENCE'],
};

export function identityFacts(evidence: DocumentEvidence): IdentityFacts {
  const mrz = evidence.mrz?.reading ?? null;
  const selectedCountry = isoCountry(evidence.input.issuingCountry);
  const selectedType = evidence.input.documentType.toUpperCase();
  let documentCountry: string | null = null;
  let documentKind: string | null = null;
  let documentCode: string | null = null;
  if (mrz) {
    if (!mrz.invalid_fields.includes('issuing_country'))
      documentCountry = isoCountry(mrz.fields.issuing_country);
    if (!mrz.invalid_fields.includes('document_type')) {
      documentCode = mrz.lines[0].slice(0, 2);
      documentKind = mrzDocumentType(documentCode);
    }
  } else if (evidence.barcode?.reading.aamva) {
    // An AAMVA PDF417 is only ever on a North American driving licence or ID card.
    documentKind = 'DRIVING_LICENCE';
    documentCountry = isoCountry(evidence.barcode.reading.fields?.issuing_country ?? null);
  }
  const accepted = ACCEPTED_KINDS[selectedType] ?? [selectedType];
  return {
    documentCountry,
    documentKind,
    documentCode,
    countryMatches: documentCountry ? documentCountry === selectedCountry : null,
    typeMatches: documentKind ? accepted.includes(documentKind) : null,
  };
}
