// Parses the zone of the pre-2021 French national ID card (2×36, not ICAO 9303: see
// FRENCH_ID_LAYOUT in mrzLayout.ts) into the same fields and per-field validity as an ICAO zone.
// Its own check digits decide (same 7-3-1 arithmetic as ICAO): the card number, the birth date,
// and a final one over the whole zone. The card carries no expiry date: expiration_date is null.
// Platform-neutral. Bad input gives null or invalid fields, never a throw.
import type { MrzFields, MrzReading } from '../contract';
import { checkDigitMatches } from './checkDigit';
import { FRENCH_ID_LAYOUT, type MrzLayoutFormat, type Segment } from './mrzLayout';
import { fillerText, mrzDateToIso } from './mrzParser';
import { repairAlphabetic, repairNumeric, repairWithCheckDigit } from './mrzRepair';

/** A reading of any zone layout the reader knows (ICAO formats and the French ID card). */
export type MrzZoneReading = Omit<MrzReading, 'format'> & { format: MrzLayoutFormat };

const L = FRENCH_ID_LAYOUT;

/** Whether lines have the French ID card's size and start ("IDFRA"). */
export function isFrenchIdZone(lines: readonly string[]): boolean {
  return (
    lines.length === L.lineCount &&
    lines.every((l) => l.length === L.lineLength) &&
    lines[0].startsWith(L.prefix)
  );
}

function get(rows: string[][], s: Segment): string {
  return rows[s.line].slice(s.start, s.end).join('');
}
function set(rows: string[][], s: Segment, value: string): void {
  for (let i = 0; i < s.end - s.start; i++) rows[s.line][s.start + i] = value[i] ?? '<';
}

/** Parses a French ID card zone, or null when the lines are not one (size or "IDFRA" prefix). */
export function parseFrenchId(lines: readonly string[], options: { now?: Date } = {}): MrzZoneReading | null {
  if (!Array.isArray(lines) || !lines.every((l): l is string => typeof l === 'string')) return null;
  const cleaned = lines.map((l) => l.trim().toUpperCase());
  if (!isFrenchIdZone(cleaned)) return null;
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const rows = cleaned.map((l) => l.split(''));
  const repairs: string[] = [];
  const invalid = new Set<string>();

  set(rows, L.surname, repairAlphabetic(get(rows, L.surname), 'names', repairs));
  set(rows, L.givenNames, repairAlphabetic(get(rows, L.givenNames), 'names', repairs));
  for (const [s, field] of [
    [L.birth, 'date_of_birth'],
    [L.birthCheck, 'date_of_birth check digit'],
    [L.documentNumberCheck, 'document_number check digit'],
    [L.composite.check, 'composite check digit'],
    ...L.documentNumberDigits.map((d) => [d, 'document_number'] as const),
  ] as const)
    set(rows, s, repairNumeric(get(rows, s), field, repairs));

  const compositeOk = (): boolean =>
    checkDigitMatches(L.composite.parts.map((p) => get(rows, p)).join(''), get(rows, L.composite.check));

  const birthOk = checkDigitMatches(get(rows, L.birth), get(rows, L.birthCheck));
  if (!birthOk) invalid.add('date_of_birth');

  // The card number: repaired against its check digit only while the composite, with the
  // candidate in place, vouches for the rest of the zone.
  const number = get(rows, L.documentNumber);
  const result = repairWithCheckDigit(number, get(rows, L.documentNumberCheck), 'document_number', {
    alsoRequire: birthOk
      ? (candidate) => {
          const trial = rows.map((r) => [...r]);
          set(trial, L.documentNumber, candidate);
          return checkDigitMatches(
            L.composite.parts.map((p) => get(trial, p)).join(''),
            get(trial, L.composite.check),
          );
        }
      : undefined,
    requireWitness: true,
  });
  if (result.outcome === 'repaired') {
    set(rows, L.documentNumber, result.value);
    repairs.push(...result.repairs);
  }
  if (result.outcome !== 'valid' && result.outcome !== 'repaired') invalid.add('document_number');
  if (!compositeOk()) invalid.add('composite');

  if (get(rows, L.documentCode) !== 'ID') invalid.add('document_type');
  const surname = get(rows, L.surname);
  const given = get(rows, L.givenNames);
  if (!/^[A-Z<]+$/.test(surname + given) || /^<*$/.test(surname)) invalid.add('names');
  const sex = get(rows, L.sex);
  if (!/^[MF]$/.test(sex)) invalid.add('sex');
  const birthIso = mrzDateToIso(get(rows, L.birth), 'birth', now);
  if (birthIso === 'invalid') invalid.add('date_of_birth');
  const finalLines = rows.map((r) => r.join(''));
  if (!finalLines.every((l) => /^[A-Z0-9<]*$/.test(l))) invalid.add('characters');

  const fields: MrzFields = {
    document_type: 'NATIONAL_ID',
    issuing_country: 'FRA',
    // Only French nationals hold the card.
    nationality: 'FRA',
    document_number: get(rows, L.documentNumber).replace(/</g, '') || null,
    family_name: fillerText(surname),
    given_names: fillerText(given.split('<<').join(' ')),
    date_of_birth: birthIso === 'invalid' || birthIso === 'unknown' ? null : birthIso,
    expiration_date: null,
    sex: /^[MF]$/.test(sex) ? sex : null,
    personal_number: null,
  };
  const order = [
    'document_type',
    'document_number',
    'date_of_birth',
    'sex',
    'names',
    'composite',
    'characters',
  ];
  const invalidFields = order.filter((f) => invalid.has(f));
  return {
    format: L.format,
    lines: finalLines,
    valid: invalidFields.length === 0,
    fields,
    invalid_fields: invalidFields,
    repairs,
  };
}
