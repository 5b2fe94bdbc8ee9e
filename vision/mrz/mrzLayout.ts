// MRZ geometry, in one place (ICAO 9303 parts 4-7, and the pre-2021 French national ID card,
// which is 2×36 like TD2 but not ICAO): how many lines of how many characters each format has,
// where each field and check digit sits, what each position may hold. The parsers read fields by
// these segments; the reader derives from them the character class of every position and the
// check-digit groups it uses to choose between look-alikes.
import type { IcaoMrzFormat, MrzFormat } from '../contract';

/** The pre-2021 French national ID card ("carte nationale d'identité", 2×36, not ICAO 9303). */
export const FRENCH_ID_FORMAT = 'FR_ID';
/** Every zone layout the reader knows: the ICAO formats and the French ID card. */
export type MrzLayoutFormat = MrzFormat;

/** ICAO 9303 document codes start with one of these (P passport, V visa, I/A/C other TDs). */
export const DOCUMENT_CODE_FIRST_LETTERS = 'ACIPV';

/** Characters per MRZ line: 30 (TD1), 36 (TD2, MRV-B) or 44 (TD3, MRV-A). */
export type MrzLineLength = 30 | 36 | 44;

/** A run of characters on one line, end exclusive. */
export interface Segment {
  line: number;
  start: number;
  end: number;
}

/** Where every field of one format sits. */
export interface MrzFieldLayout {
  format: IcaoMrzFormat;
  /** Visas (document code V) share their sizes with TD3 (MRV-A) and TD2 (MRV-B). */
  visa: boolean;
  lineCount: 2 | 3;
  lineLength: MrzLineLength;
  /** The line holding only the name (padded with fillers when an OCR dropped trailing '<'). */
  nameLine: number;
  documentCode: Segment;
  issuingCountry: Segment;
  name: Segment;
  documentNumber: Segment;
  documentNumberCheck: Segment;
  /** Where a document number longer than 9 characters continues (TD1/TD2, ICAO 9303-5 §4.2.4). */
  documentNumberOverflow?: Segment;
  nationality: Segment;
  birth: Segment;
  birthCheck: Segment;
  sex: Segment;
  expiry: Segment;
  expiryCheck: Segment;
  /** Optional data, first segment first; TD3's is the personal number with its own check digit. */
  optional: Segment[];
  optionalCheck?: Segment;
  composite?: { check: Segment; parts: Segment[] };
}

const seg = (line: number, start: number, end: number): Segment => ({ line, start, end });

/** The second line of every two-line format up to the optional data. */
const TWO_LINE_SECOND = {
  documentNumber: seg(1, 0, 9),
  documentNumberCheck: seg(1, 9, 10),
  nationality: seg(1, 10, 13),
  birth: seg(1, 13, 19),
  birthCheck: seg(1, 19, 20),
  sex: seg(1, 20, 21),
  expiry: seg(1, 21, 27),
  expiryCheck: seg(1, 27, 28),
};

function twoLine(format: IcaoMrzFormat, visa: boolean, lineLength: 36 | 44) {
  return {
    format,
    visa,
    lineCount: 2,
    lineLength,
    nameLine: 0,
    documentCode: seg(0, 0, 2),
    issuingCountry: seg(0, 2, 5),
    name: seg(0, 5, lineLength),
    ...TWO_LINE_SECOND,
  } as const;
}

export const MRZ_FIELD_LAYOUTS: Readonly<Record<IcaoMrzFormat, MrzFieldLayout>> = {
  TD3: {
    ...twoLine('TD3', false, 44),
    optional: [seg(1, 28, 42)],
    optionalCheck: seg(1, 42, 43),
    composite: { check: seg(1, 43, 44), parts: [seg(1, 0, 10), seg(1, 13, 20), seg(1, 21, 43)] },
  },
  MRVA: { ...twoLine('MRVA', true, 44), optional: [seg(1, 28, 44)] },
  TD2: {
    ...twoLine('TD2', false, 36),
    documentNumberOverflow: seg(1, 28, 35),
    optional: [seg(1, 28, 35)],
    composite: { check: seg(1, 35, 36), parts: [seg(1, 0, 10), seg(1, 13, 20), seg(1, 21, 35)] },
  },
  MRVB: { ...twoLine('MRVB', true, 36), optional: [seg(1, 28, 36)] },
  TD1: {
    format: 'TD1',
    visa: false,
    lineCount: 3,
    lineLength: 30,
    nameLine: 2,
    documentCode: seg(0, 0, 2),
    issuingCountry: seg(0, 2, 5),
    documentNumber: seg(0, 5, 14),
    documentNumberCheck: seg(0, 14, 15),
    documentNumberOverflow: seg(0, 15, 30),
    optional: [seg(0, 15, 30), seg(1, 18, 29)],
    birth: seg(1, 0, 6),
    birthCheck: seg(1, 6, 7),
    sex: seg(1, 7, 8),
    expiry: seg(1, 8, 14),
    expiryCheck: seg(1, 14, 15),
    nationality: seg(1, 15, 18),
    composite: { check: seg(1, 29, 30), parts: [seg(0, 5, 30), seg(1, 0, 7), seg(1, 8, 15), seg(1, 18, 29)] },
    name: seg(2, 0, 30),
  },
};

const ALL_LAYOUTS = Object.values(MRZ_FIELD_LAYOUTS);

/** The longest MRZ line (TD3, MRV-A). */
export const MAX_MRZ_LINE_LENGTH: MrzLineLength = 44;

/** The line lengths a zone of `lineCount` lines may have, shortest first. */
export function mrzLineLengths(lineCount: number): MrzLineLength[] {
  const lengths = ALL_LAYOUTS.filter((l) => l.lineCount === lineCount).map((l) => l.lineLength);
  return [...new Set(lengths)].sort((a, b) => a - b);
}

/** Every size of MRZ: lines × characters. */
export const MRZ_SIZES: readonly { lines: 2 | 3; length: MrzLineLength }[] = [
  ...new Map(
    ALL_LAYOUTS.map((l) => [`${l.lineCount}x${l.lineLength}`, { lines: l.lineCount, length: l.lineLength }]),
  ).values(),
];

/** The format of a zone of `lineCount` lines of `length` characters whose first character is
 * `firstChar` (V = visa), or null when no format has that size. */
export function mrzFormatFor(lineCount: number, length: number, firstChar: string): IcaoMrzFormat | null {
  const sized = ALL_LAYOUTS.filter((l) => l.lineCount === lineCount && l.lineLength === length);
  const visa = firstChar === 'V';
  return (sized.find((l) => l.visa === visa) ?? sized.find((l) => !l.visa))?.format ?? null;
}

/** A: letters and '<'; N: digits and '<'; D: digits only; X: letters, digits and '<'; S: sex (M, F, X, '<'). */
export type CharClass = 'A' | 'N' | 'D' | 'X' | 'S';

/** [line, start, end) */
export type Span = [number, number, number];

export interface CheckGroup {
  name: string;
  data: Span[];
  check: [number, number];
}

/** A format's geometry as the reader uses it: per-position classes and check-digit groups. */
export interface ZoneLayout {
  format: MrzLayoutFormat;
  lines: number;
  length: number;
  classes: CharClass[][];
  groups: CheckGroup[];
  composite: CheckGroup | null;
  /** The name field (primary and secondary identifiers, then fillers). */
  name: Span;
  /** Three-letter state codes (issuing state, nationality). */
  states: Span[];
}

const span = (s: Segment): Span => [s.line, s.start, s.end];
const group = (name: string, data: Segment[], check: Segment): CheckGroup => ({
  name,
  data: data.map(span),
  check: [check.line, check.start],
});

/**
 * What each position may hold. Check digits of dates and the composite are always digits; the
 * document number's may be '<' (a long number continues in the optional data), as may TD3's
 * personal-number check when the field is empty; dates may hold '<' for unknown parts.
 */
function classesOf(f: MrzFieldLayout): CharClass[][] {
  const out = Array.from({ length: f.lineCount }, () => new Array<CharClass>(f.lineLength).fill('X'));
  const fields: [CharClass, Segment | undefined][] = [
    ['A', f.documentCode],
    ['A', f.issuingCountry],
    ['A', f.name],
    ['X', f.documentNumber],
    ['N', f.documentNumberCheck],
    ['A', f.nationality],
    ['N', f.birth],
    ['D', f.birthCheck],
    ['S', f.sex],
    ['N', f.expiry],
    ['D', f.expiryCheck],
    ...f.optional.map((s): [CharClass, Segment] => ['X', s]),
    ['N', f.optionalCheck],
    ['D', f.composite?.check],
  ];
  for (const [cls, s] of fields) if (s) for (let i = s.start; i < s.end; i++) out[s.line][i] = cls;
  return out;
}

function zoneLayoutOf(f: MrzFieldLayout): ZoneLayout {
  const groups = [
    group('document_number', [f.documentNumber], f.documentNumberCheck),
    group('date_of_birth', [f.birth], f.birthCheck),
    group('expiration_date', [f.expiry], f.expiryCheck),
  ];
  if (f.optionalCheck) groups.push(group('personal_number', [f.optional[0]], f.optionalCheck));
  return {
    format: f.format,
    lines: f.lineCount,
    length: f.lineLength,
    classes: classesOf(f),
    groups,
    composite: f.composite ? group('composite', f.composite.parts, f.composite.check) : null,
    name: span(f.name),
    states: [span(f.issuingCountry), span(f.nationality)],
  };
}

const ZONE_LAYOUTS = Object.fromEntries(ALL_LAYOUTS.map((f) => [f.format, zoneLayoutOf(f)])) as Record<
  MrzFormat,
  ZoneLayout
>;

/**
 * The French ID card's zone. Line 1: "ID", "FRA", the surname (25), the issuing department (3)
 * and office (3). Line 2: the card number (12: year and month of issue, department, serial), its
 * check digit, the given names (14, separated by "<<"), the birth date YYMMDD and its check digit,
 * the sex, and a final check digit over line 1 and the first 35 characters of line 2. There is no
 * expiry date and no nationality field (the card is issued to French nationals only).
 */
export const FRENCH_ID_LAYOUT = {
  format: FRENCH_ID_FORMAT,
  lineCount: 2,
  lineLength: 36,
  /** What line 1 starts with on every such card. */
  prefix: 'IDFRA',
  documentCode: seg(0, 0, 2),
  issuingCountry: seg(0, 2, 5),
  surname: seg(0, 5, 30),
  department: seg(0, 30, 33),
  office: seg(0, 33, 36),
  documentNumber: seg(1, 0, 12),
  /** The card number's parts that are always digits: year and month of issue, serial. */
  documentNumberDigits: [seg(1, 0, 4), seg(1, 7, 12)],
  documentNumberCheck: seg(1, 12, 13),
  givenNames: seg(1, 13, 27),
  birth: seg(1, 27, 33),
  birthCheck: seg(1, 33, 34),
  sex: seg(1, 34, 35),
  composite: { check: seg(1, 35, 36), parts: [seg(0, 0, 36), seg(1, 0, 35)] },
} as const;

function frenchZoneLayout(): ZoneLayout {
  const f = FRENCH_ID_LAYOUT;
  const classes = Array.from({ length: 2 }, () => new Array<CharClass>(36).fill('X'));
  const fields: [CharClass, Segment][] = [
    ['A', f.documentCode],
    ['A', f.issuingCountry],
    ['A', f.surname],
    ['X', f.department],
    ['X', f.office],
    ['X', f.documentNumber],
    ['D', f.documentNumberCheck],
    ['A', f.givenNames],
    ['N', f.birth],
    ['D', f.birthCheck],
    ['S', f.sex],
    ['D', f.composite.check],
  ];
  for (const s of f.documentNumberDigits) fields.push(['D', s]);
  for (const [cls, s] of fields) for (let i = s.start; i < s.end; i++) classes[s.line][i] = cls;
  return {
    format: f.format,
    lines: 2,
    length: 36,
    classes,
    groups: [
      group('document_number', [f.documentNumber], f.documentNumberCheck),
      group('date_of_birth', [f.birth], f.birthCheck),
    ],
    composite: group('composite', [...f.composite.parts], f.composite.check),
    name: span(f.surname),
    states: [span(f.issuingCountry)],
  };
}

/** The French ID card's zone as the reader uses it. */
export const FRENCH_ID_ZONE_LAYOUT: ZoneLayout = frenchZoneLayout();

/** The layout for a zone of `lines` × `length`, given its first character (V = visa). */
export function zoneLayout(lines: number, length: number, firstChar: string): ZoneLayout | null {
  const format = mrzFormatFor(lines, length, firstChar);
  return format ? ZONE_LAYOUTS[format] : null;
}

export function allowedChars(cls: CharClass): string {
  switch (cls) {
    case 'A':
      return '<ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    case 'N':
      return '<0123456789';
    case 'D':
      return '0123456789';
    case 'S':
      return '<MFX';
    default:
      return '<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  }
}
