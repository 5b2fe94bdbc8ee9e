// Parses ICAO 9303 machine readable zones (TD1, TD2, TD3, MRV-A, MRV-B) into fields with ISO
// dates and per-field validity. Check digits decide: they confirm the repairs of OCR look-alikes
// (mrzRepair.ts) and are never themselves changed to make a field pass. Platform-neutral: runs in
// Node and in the renderer's Web Worker. Bad input gives null or invalid fields, never a throw.
import type { IcaoMrzFormat, MrzFields, MrzReading } from '../contract';
import { checkDigitMatches } from './checkDigit';
import { MRZ_FIELD_LAYOUTS, MRZ_SIZES, type MrzFieldLayout, mrzFormatFor, type Segment } from './mrzLayout';
import { repairAlphabetic, repairNumeric, repairWithCheckDigit } from './mrzRepair';

export interface ParseMrzOptions {
  /** Reference date for the century of two-digit years; defaults to the current date. */
  now?: Date;
  /**
   * Whether a document or personal number failing its check digit may be mended by the one
   * look-alike substitution (0/O/D, 1/I, ...) that makes it pass (default true: lines typed or
   * sent by a scanner come with nothing better). The image reader passes false: it has already
   * weighed each glyph's alternatives, and a substitution chosen by the check digit alone is a
   * guess (the composite cannot witness it: the field sits in it with the same 7-3-1 weights).
   */
  repairByCheckDigit?: boolean;
}

/** The characters an MRZ may hold. */
const MRZ_ALPHABET = /^[A-Z0-9<]*$/;

/**
 * Cleans text from a scanner or OCR into MRZ lines: CR/LF/CRLF line ends, scanner control
 * characters, spaces inside lines, lower case, and '<' look-alikes (« ‹ ＜ …) are all tolerated.
 * A whole MRZ sent as one run (88, 72 or 90 characters) is split into its lines.
 */
export function normaliseMrzLines(text: string): string[] {
  if (typeof text !== 'string') return [];
  const lines = text
    .replace(/[«‹〈⟨﹤＜]/g, '<')
    .toUpperCase()
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    // Whitespace of any kind and control characters (HID scanners send STX/ETX/TAB) go.
    // eslint-disable-next-line no-control-regex
    .map((line) => line.replace(/[\s\u0000-\u001f\u007f\u00a0\u200b\ufeff]/g, ''))
    .filter((line) => line.length > 0);
  if (lines.length === 1) {
    const [run] = lines;
    const size = MRZ_SIZES.find((z) => z.lines * z.length === run.length);
    if (size) return run.match(new RegExp(`.{${size.length}}`, 'g')) ?? [run];
  }
  return lines;
}

/** Which MRZ format lines of these sizes are, or null. The first character tells visas apart. */
export function detectMrzFormat(lines: readonly string[]): IcaoMrzFormat | null {
  if (lines.length === 0 || !lines.every((l) => l.length === lines[0].length)) return null;
  return mrzFormatFor(lines.length, lines[0].length, lines[0][0] ?? '');
}

/** The document type a document code (first two MRZ characters) stands for, in the project's vocabulary. */
export function mrzDocumentType(documentCode: string): string {
  const first = documentCode[0] ?? '';
  const second = documentCode[1] ?? '<';
  if (first === 'P') return 'PASSPORT';
  if (first === 'V') return 'VISA';
  if (documentCode === 'RP' || ('IAC'.includes(first) && second === 'R')) return 'RESIDENCE_PERMIT';
  if (first === 'D') return 'DRIVING_LICENCE';
  if ('IAC'.includes(first) && first !== '') return 'NATIONAL_ID';
  return 'OTHER';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= max;
}
const pad2 = (n: number): string => String(n).padStart(2, '0');

export type MrzDateKind = 'birth' | 'expiry';

/**
 * YYMMDD → YYYY-MM-DD. Birth dates take the century that puts them in the past; expiry dates
 * the 20th century only when the 21st would be more than 50 years ahead. Returns 'unknown' for
 * dates with filler parts (allowed by ICAO for unknown birth days), 'invalid' for impossible ones.
 */
export function mrzDateToIso(yymmdd: string, kind: MrzDateKind, now: Date): string | 'unknown' | 'invalid' {
  // ICAO 9303 fills an unknown part of a date (year, month or day) with two fillers: a lone
  // filler among digits is a misread 0 (both weigh 0, so the check digit cannot tell).
  if (/</.test(yymmdd) && /^(?:[0-9]{2}|<<){3}$/.test(yymmdd)) return 'unknown';
  if (!/^[0-9]{6}$/.test(yymmdd)) return 'invalid';
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const nowYear = now.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === 'birth') {
    const todayIso = now.toISOString().slice(0, 10);
    if (`${year}-${pad2(month)}-${pad2(day)}` > todayIso) year -= 100;
  } else if (year > nowYear + 50) {
    year -= 100;
  }
  if (!validDay(year, month, day)) return 'invalid';
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Fillers to spaces, runs of spaces collapsed, null when nothing is left. */
export function fillerText(value: string): string | null {
  const text = value.replace(/</g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text : null;
}

/** The mutable characters of the MRZ while fields are repaired in place. */
class Grid {
  readonly rows: string[][];
  constructor(lines: string[]) {
    this.rows = lines.map((l) => l.split(''));
  }
  get(s: Segment): string {
    return this.rows[s.line].slice(s.start, s.end).join('');
  }
  set(s: Segment, value: string): void {
    for (let i = 0; i < s.end - s.start; i++) this.rows[s.line][s.start + i] = value[i] ?? '<';
  }
  lines(): string[] {
    return this.rows.map((r) => r.join(''));
  }
}

/**
 * Parses MRZ lines (as normaliseMrzLines returns them) into a reading, or null when they are not
 * an MRZ of a known size. Lines are trimmed and upper-cased first; a name line that lost trailing
 * fillers is padded.
 */
export function parseMrz(lines: readonly string[], options: ParseMrzOptions = {}): MrzReading | null {
  if (!Array.isArray(lines) || lines.length < 2 || lines.length > 3) return null;
  if (!lines.every((l): l is string => typeof l === 'string')) return null;
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const cleaned = lines.map((l) => l.trim().toUpperCase());

  let format = detectMrzFormat(cleaned);
  if (!format) {
    // OCR and some scanners drop the trailing fillers of the name line: pad it when every other
    // line has exactly the size of a format.
    for (const layout of Object.values(MRZ_FIELD_LAYOUTS)) {
      if (layout.lineCount !== cleaned.length) continue;
      const others = cleaned.filter((_, i) => i !== layout.nameLine);
      const nameLine = cleaned[layout.nameLine];
      if (
        others.every((l) => l.length === layout.lineLength) &&
        nameLine.length < layout.lineLength &&
        nameLine.length >= 10
      ) {
        const padded = [...cleaned];
        padded[layout.nameLine] = nameLine.padEnd(layout.lineLength, '<');
        const detected = detectMrzFormat(padded);
        if (detected) {
          cleaned.splice(0, cleaned.length, ...padded);
          format = detected;
          break;
        }
      }
    }
  }
  if (!format) return null;
  return parseLayout(MRZ_FIELD_LAYOUTS[format], cleaned, now, options.repairByCheckDigit ?? true);
}

function parseLayout(layout: MrzFieldLayout, input: string[], now: Date, mend: boolean): MrzReading {
  const grid = new Grid(input);
  const repairs: string[] = [];
  const invalid = new Set<string>();

  // 1. Type-driven repairs: letters in numeric fields, digits in alphabetic ones.
  const alphabetic: Array<[Segment, string]> = [
    [layout.documentCode, 'document_type'],
    [layout.issuingCountry, 'issuing_country'],
    [layout.nationality, 'nationality'],
    [layout.name, 'names'],
  ];
  for (const [s, field] of alphabetic) grid.set(s, repairAlphabetic(grid.get(s), field, repairs));
  const numeric: Array<[Segment | undefined, string]> = [
    [layout.birth, 'date_of_birth'],
    [layout.birthCheck, 'date_of_birth check digit'],
    [layout.expiry, 'expiration_date'],
    [layout.expiryCheck, 'expiration_date check digit'],
    [layout.documentNumberCheck, 'document_number check digit'],
    [layout.optionalCheck, 'personal_number check digit'],
    [layout.composite?.check, 'composite check digit'],
  ];
  for (const [s, field] of numeric) if (s) grid.set(s, repairNumeric(grid.get(s), field, repairs));

  // 2. Dates against their check digits.
  const birthOk = checkDigitMatches(grid.get(layout.birth), grid.get(layout.birthCheck));
  if (!birthOk) invalid.add('date_of_birth');
  const expiryOk = checkDigitMatches(grid.get(layout.expiry), grid.get(layout.expiryCheck));
  if (!expiryOk) invalid.add('expiration_date');

  // 3. Document number (possibly long) and TD3 personal number, repaired against their check
  //    digits, and only while the rest of the zone checks out. The composite must pass too, but
  //    it adds little about the field itself: each of these fields sits in the composite at
  //    positions with the same 7-3-1 weights, so a one-character change moves both sums alike.
  //    What it does prove is that the other fields read right, i.e. the capture was good.
  const docField = locateDocumentNumber(layout, grid);
  const optionalCheck = layout.optionalCheck;
  const personalSeg = layout.optional[0];

  const compositeWith = (overrides: Array<[Segment[], string]>): boolean | null => {
    const composite = layout.composite;
    if (!composite) return null;
    const trial = new Grid(grid.lines());
    for (const [segments, value] of overrides) writeAcross(trial, segments, value);
    const data = composite.parts.map((p) => trial.get(p)).join('');
    return checkDigitMatches(data, trial.get(composite.check));
  };

  let docOk = false;
  if (docField) {
    const personalValid = !optionalCheck || checkDigitMatches(grid.get(personalSeg), grid.get(optionalCheck));
    const othersValid = birthOk && expiryOk && personalValid;
    const result = repairWithCheckDigit(docField.value, docField.check, 'document_number', {
      alsoRequire: layout.composite
        ? (candidate) => (othersValid ? compositeWith([[docField.segments, candidate]]) : null)
        : undefined,
      requireWitness: layout.composite !== undefined,
      ...(mend ? {} : { maxChanges: 0 }),
    });
    if (result.outcome === 'repaired') {
      writeAcross(grid, docField.segments, result.value);
      repairs.push(...result.repairs);
    }
    docOk = result.outcome === 'valid' || result.outcome === 'repaired';
  }
  if (!docOk) invalid.add('document_number');

  if (optionalCheck) {
    const value = grid.get(personalSeg);
    const check = grid.get(optionalCheck);
    const othersValid = birthOk && expiryOk && docOk;
    const result = repairWithCheckDigit(value, check, 'personal_number', {
      alsoRequire: (candidate) => (othersValid ? compositeWith([[[personalSeg], candidate]]) : null),
      requireWitness: true,
      ...(mend ? {} : { maxChanges: 0 }),
    });
    if (result.outcome === 'repaired') {
      grid.set(personalSeg, result.value);
      repairs.push(...result.repairs);
    } else if (result.outcome !== 'valid') {
      invalid.add('personal_number');
    }
  }

  if (layout.composite) {
    const data = layout.composite.parts.map((p) => grid.get(p)).join('');
    if (!checkDigitMatches(data, grid.get(layout.composite.check))) invalid.add('composite');
  }

  // 4. Format of the fields without check digits.
  const documentCode = grid.get(layout.documentCode);
  if (!/^[A-Z][A-Z<]$/.test(documentCode)) invalid.add('document_type');
  const issuing = grid.get(layout.issuingCountry);
  if (!/^[A-Z][A-Z<]{2}$/.test(issuing)) invalid.add('issuing_country');
  const nationality = grid.get(layout.nationality);
  if (!/^[A-Z][A-Z<]{2}$/.test(nationality)) invalid.add('nationality');
  const name = grid.get(layout.name);
  if (!/^[A-Z<]+$/.test(name) || /^<*$/.test(name)) invalid.add('names');
  const sexChar = grid.get(layout.sex);
  if (!/^[MFX<]$/.test(sexChar)) invalid.add('sex');

  const birthIso = mrzDateToIso(grid.get(layout.birth), 'birth', now);
  if (birthIso === 'invalid') invalid.add('date_of_birth');
  const expiryIso = mrzDateToIso(grid.get(layout.expiry), 'expiry', now);
  if (expiryIso === 'invalid' || expiryIso === 'unknown') invalid.add('expiration_date');

  // Characters outside the MRZ alphabet anywhere make the reading invalid even where no field claims them.
  const finalLines = grid.lines();
  if (!finalLines.every((l) => MRZ_ALPHABET.test(l))) invalid.add('characters');

  const [family, ...givenParts] = name.split('<<');
  const fields: MrzFields = {
    document_type: /^[A-Z]/.test(documentCode) ? mrzDocumentType(documentCode) : null,
    issuing_country: fillerText(issuing)?.replace(/ /g, '') ?? null,
    nationality: fillerText(nationality)?.replace(/ /g, '') ?? null,
    document_number: docField ? docField.value.replace(/</g, '') || null : null,
    family_name: fillerText(family ?? ''),
    given_names: fillerText(givenParts.join('<<')),
    date_of_birth: birthIso === 'invalid' || birthIso === 'unknown' ? null : birthIso,
    expiration_date: expiryIso === 'invalid' || expiryIso === 'unknown' ? null : expiryIso,
    sex: /^[MF]$/.test(sexChar) ? sexChar : sexChar === '<' || sexChar === 'X' ? 'X' : null,
    personal_number: personalNumber(layout, grid, docField),
  };
  if (docField) {
    // Re-read after a repair was written back.
    fields.document_number = readAcross(grid, docField.segments).replace(/</g, '') || null;
  }

  const order = [
    'document_type',
    'issuing_country',
    'document_number',
    'date_of_birth',
    'sex',
    'expiration_date',
    'nationality',
    'personal_number',
    'names',
    'composite',
    'characters',
  ];
  const invalidFields = order.filter((f) => invalid.has(f));
  return {
    format: layout.format,
    lines: finalLines,
    valid: invalidFields.length === 0,
    fields,
    invalid_fields: invalidFields,
    repairs,
  };
}

interface DocumentNumberField {
  value: string;
  check: string;
  /** Where the value's characters sit, in order (two segments for a long document number). */
  segments: Segment[];
}

/**
 * The document number and its check digit. A '<' where the check digit belongs, with data in the
 * overflow segment, means a long number: it continues there and its check digit is the last
 * character before the first filler.
 */
function locateDocumentNumber(layout: MrzFieldLayout, grid: Grid): DocumentNumberField | null {
  const main = grid.get(layout.documentNumber);
  const check = grid.get(layout.documentNumberCheck);
  const overflow = layout.documentNumberOverflow;
  if (check === '<' && overflow) {
    const rest = grid.get(overflow);
    const end = rest.indexOf('<');
    const run = end < 0 ? rest : rest.slice(0, end);
    if (run.length >= 2) {
      const tail = { line: overflow.line, start: overflow.start, end: overflow.start + run.length - 1 };
      return {
        value: main + run.slice(0, -1),
        check: run[run.length - 1],
        segments: [layout.documentNumber, tail],
      };
    }
  }
  return { value: main, check, segments: [layout.documentNumber] };
}

function writeAcross(grid: Grid, segments: Segment[], value: string): void {
  let offset = 0;
  for (const s of segments) {
    const size = s.end - s.start;
    grid.set(s, value.slice(offset, offset + size));
    offset += size;
  }
}

function readAcross(grid: Grid, segments: Segment[]): string {
  return segments.map((s) => grid.get(s)).join('');
}

/**
 * TD3: the personal number field. TD2/MRV: the optional data. TD1: optional data 1 after any
 * document number overflow, else optional data 2 (issuers use either for a personal number).
 */
function personalNumber(layout: MrzFieldLayout, grid: Grid, doc: DocumentNumberField | null): string | null {
  const [first, second] = layout.optional;
  let primary = grid.get(first);
  if (
    doc &&
    doc.segments.length > 1 &&
    doc.segments[1].line === first.line &&
    doc.segments[1].start === first.start
  ) {
    // Skip the overflowed document number and its check digit.
    primary = primary.slice(doc.segments[1].end - doc.segments[1].start + 1);
  }
  const text = fillerText(primary);
  if (text || !second) return text;
  return fillerText(grid.get(second));
}
