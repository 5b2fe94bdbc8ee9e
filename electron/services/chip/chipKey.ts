// Where the chip's access key comes from, in order: a document scanner's MRZ (read from the
// document itself), the MRZ the service read from the uploaded page (its upload answer), then
// what signed-in staff typed. Main holds these with the session and never sends them on; every
// key's check digits are recomputed and compared here, so a misread or mistyped key is refused in
// words before it reaches the chip.
import { z } from 'zod';
import { mrzKeyFromLines, type MrzKey } from '../../../chip/access/mrzKey';
import { checkDigitMatches } from '../../../vision/mrz/checkDigit';
import { errorFirstLine } from '../../../common/errorMessage';

export type ChipKeySource = 'scanner' | 'image' | 'typed';

export interface ChipKeyCandidates {
  scanner: readonly string[] | null;
  image: MrzKey | null;
  typed: MrzKey | null;
}

/** The key to read the chip with, and where it came from; null when none is known. */
export function chooseChipKey(c: ChipKeyCandidates): { source: ChipKeySource; key: readonly string[] | MrzKey } | null {
  if (c.scanner) return { source: 'scanner', key: c.scanner };
  if (c.image) return { source: 'image', key: c.image };
  if (c.typed) return { source: 'typed', key: c.typed };
  return null;
}

/** The service's upload answer's mrz_access_key (idv/api/mrzAccessKey.ts). */
export const MrzAccessKeyAnswer = z.object({
  document_number: z.string().max(30),
  document_number_check_digit: z.string().length(1),
  date_of_birth: z.string().length(6),
  date_of_birth_check_digit: z.string().length(1),
  date_of_expiry: z.string().length(6),
  date_of_expiry_check_digit: z.string().length(1),
});
export type MrzAccessKeyAnswer = z.infer<typeof MrzAccessKeyAnswer>;

/** Three fields with their check digits, as typed or as the service sent them. */
export interface KeyWithCheckDigits {
  documentNumber: string;
  documentNumberCheckDigit: string;
  dateOfBirth: string;
  dateOfBirthCheckDigit: string;
  dateOfExpiry: string;
  dateOfExpiryCheckDigit: string;
}

export type KeyCheck = { ok: true; key: MrzKey } | { ok: false; message: string };

/** The key when every check digit is right; otherwise which one is wrong, in words. */
export function checkKey(k: KeyWithCheckDigits): KeyCheck {
  const doc = k.documentNumber.trim().toUpperCase().replace(/<+$/, '');
  if (!/^[0-9A-Z]{1,22}$/.test(doc)) return { ok: false, message: 'the document number holds only A-Z and 0-9' };
  for (const [v, what] of [
    [k.dateOfBirth, 'date of birth'],
    [k.dateOfExpiry, 'date of expiry'],
  ] as const)
    if (!/^\d{6}$/.test(v.trim())) return { ok: false, message: `the ${what} must be six digits, YYMMDD` };
  const checks: Array<[string, string, string]> = [
    [doc.padEnd(9, '<'), k.documentNumberCheckDigit.trim(), 'document number'],
    [k.dateOfBirth.trim(), k.dateOfBirthCheckDigit.trim(), 'date of birth'],
    [k.dateOfExpiry.trim(), k.dateOfExpiryCheckDigit.trim(), 'date of expiry'],
  ];
  for (const [text, check, what] of checks)
    if (!checkDigitMatches(text, check)) return { ok: false, message: `the check digit of the ${what} does not match: check what was typed` };
  return { ok: true, key: { documentNumber: doc, dateOfBirth: k.dateOfBirth.trim(), dateOfExpiry: k.dateOfExpiry.trim() } };
}

/** The service's answer as a key (null when absent or its check digits do not match). */
export function keyFromAnswer(raw: unknown): MrzKey | null {
  const parsed = MrzAccessKeyAnswer.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  const out = checkKey({
    documentNumber: a.document_number,
    documentNumberCheckDigit: a.document_number_check_digit,
    dateOfBirth: a.date_of_birth,
    dateOfBirthCheckDigit: a.date_of_birth_check_digit,
    dateOfExpiry: a.date_of_expiry,
    dateOfExpiryCheckDigit: a.date_of_expiry_check_digit,
  });
  return out.ok ? out.key : null;
}

/** Typed MRZ lines (TD1/TD2/TD3): the key fields' check digits must match what is printed. */
export function checkTypedLines(lines: readonly string[]): KeyCheck {
  const l = lines.map((s) => s.trim().toUpperCase());
  let key: MrzKey;
  try {
    key = mrzKeyFromLines(l);
  } catch (err) {
    return { ok: false, message: errorFirstLine(err) };
  }
  // Where the check digits sit on each layout (ICAO 9303 Parts 4-6).
  const td1 = l.length === 3;
  const row = td1 ? l[1] : l[1];
  const docCheck = td1 ? (l[0][14] === '<' ? (l[0].slice(15, 30).replace(/<+$/, '').slice(-1) || '') : l[0][14]) : l[1][9];
  return checkKey({
    documentNumber: key.documentNumber,
    documentNumberCheckDigit: docCheck ?? '',
    dateOfBirth: key.dateOfBirth,
    dateOfBirthCheckDigit: (td1 ? row[6] : row[19]) ?? '',
    dateOfExpiry: key.dateOfExpiry,
    dateOfExpiryCheckDigit: (td1 ? row[14] : row[27]) ?? '',
  });
}
