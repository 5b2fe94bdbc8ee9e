// The chip's access key as the service read it from an uploaded page's MRZ (ICAO 9303 Part 11
// §9.7.2): document number, date of birth and date of expiry, each with its check digit, and
// nothing else of the person. Sent in the page upload answer (not in the idempotency record, so
// it is stored nowhere) for the kiosk to open the document's chip; absent when any of the three
// did not pass its check digit.
import { computeCheckDigit } from '../../vision/mrz/checkDigit';
import type { MrzReading } from '../../vision/contract';

export interface MrzAccessKeyJson {
  document_number: string;
  document_number_check_digit: string;
  /** YYMMDD */
  date_of_birth: string;
  date_of_birth_check_digit: string;
  /** YYMMDD */
  date_of_expiry: string;
  date_of_expiry_check_digit: string;
}

const yymmdd = (iso: string | null): string | null => {
  const m = iso ? /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
};

export function mrzAccessKeyOf(mrz: MrzReading | null | undefined): MrzAccessKeyJson | null {
  if (!mrz) return null;
  if (['document_number', 'date_of_birth', 'expiration_date'].some((f) => mrz.invalid_fields.includes(f))) return null;
  const doc = mrz.fields.document_number;
  const birth = yymmdd(mrz.fields.date_of_birth);
  const expiry = yymmdd(mrz.fields.expiration_date);
  if (!doc || !/^[0-9A-Z]+$/.test(doc) || !birth || !expiry) return null;
  // The key pads a short number to the 9-character field (as the MRZ and chip/access/mrzKey do).
  const cd = (s: string): string => String(computeCheckDigit(s) ?? '');
  return {
    document_number: doc,
    document_number_check_digit: cd(doc.padEnd(9, '<')),
    date_of_birth: birth,
    date_of_birth_check_digit: cd(birth),
    date_of_expiry: expiry,
    date_of_expiry_check_digit: cd(expiry),
  };
}
