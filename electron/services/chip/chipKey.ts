// Where the chip's access key comes from: what signed-in staff typed, when they typed it (they
// type only when no key was known or the known one did not open the chip), else a document
// scanner's MRZ, else the MRZ the service read from the uploaded page (its upload answer). Main
// holds these with the session and never sends them on; every key's check digits are recomputed and compared here, so a misread or mistyped key is refused in
// words before it reaches the chip.
import { z } from 'zod';
import type { MrzKey } from '../../../chip/access/mrzKey';
import type { TypedMrzKey } from '../../../common/ipc/chipChannels';
import { checkDigitMatches } from '../../../vision/mrz/checkDigit';
import { MRZ_FIELD_LAYOUTS, mrzFormatFor, type Segment } from '../../../vision/mrz/mrzLayout';

export type ChipKeySource = 'scanner' | 'image' | 'typed';

export interface ChipKeyCandidates {
  scanner: readonly string[] | null;
  image: MrzKey | null;
  typed: MrzKey | null;
}

/** The key to read the chip with, and where it came from; null when none is known. */
export function chooseChipKey(c: ChipKeyCandidates): { source: ChipKeySource; key: readonly string[] | MrzKey } | null {
  if (c.typed) return { source: 'typed', key: c.typed };
  if (c.scanner) return { source: 'scanner', key: c.scanner };
  if (c.image) return { source: 'image', key: c.image };
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

/** Three fields with their check digits, as typed (the IPC contract's shape) or as the service sent them. */
export type KeyWithCheckDigits = TypedMrzKey;

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

/** The key fields of MRZ lines with the check digits printed after them, by the zone's layout. */
export function keyFieldsOfLines(lines: readonly string[]): { ok: true; fields: KeyWithCheckDigits } | { ok: false; message: string } {
  const l = lines.map((s) => s.trim().toUpperCase());
  const size = l.length === 3 && l.every((s) => s.length === 30) ? 30 : l.length === 2 && (l.every((s) => s.length === 44) || l.every((s) => s.length === 36)) ? l[0].length : null;
  const format = size ? mrzFormatFor(l.length, size, l[0][0] ?? '') : null;
  if (!format)
    return { ok: false, message: `MRZ lines of lengths ${l.map((s) => s.length).join('/')} are not TD1 (3×30), TD2 (2×36) or TD3 (2×44)` };
  const layout = MRZ_FIELD_LAYOUTS[format];
  const at = (g: Segment) => l[g.line].slice(g.start, g.end);
  let documentNumber = at(layout.documentNumber);
  let documentNumberCheckDigit = at(layout.documentNumberCheck);
  // A number longer than 9 characters: '<' in the check digit's place, the rest and its check
  // digit at the start of the optional data (ICAO 9303 Part 5 §4.2.4, Part 6 §4.2.4).
  if (documentNumberCheckDigit === '<' && layout.documentNumberOverflow) {
    const rest = at(layout.documentNumberOverflow).replace(/<+$/, '');
    documentNumber = documentNumber + rest.slice(0, -1);
    documentNumberCheckDigit = rest.slice(-1);
  }
  return {
    ok: true,
    fields: {
      documentNumber: documentNumber.replace(/<+$/, ''),
      documentNumberCheckDigit,
      dateOfBirth: at(layout.birth),
      dateOfBirthCheckDigit: at(layout.birthCheck),
      dateOfExpiry: at(layout.expiry),
      dateOfExpiryCheckDigit: at(layout.expiryCheck),
    },
  };
}

/** Typed MRZ lines (TD1/TD2/TD3): the key fields' check digits must match what is printed. */
export function checkTypedLines(lines: readonly string[]): KeyCheck {
  const fields = keyFieldsOfLines(lines);
  return fields.ok ? checkKey(fields.fields) : fields;
}
