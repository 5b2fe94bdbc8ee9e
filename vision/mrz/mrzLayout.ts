// What each MRZ position may hold and which positions each check digit protects (ICAO 9303
// parts 4-7), as the reader needs it to constrain characters and choose between look-alikes.
import type { MrzFormat } from '../contract';

/** A: letters and '<'; N: digits and '<'; D: digits only; X: letters, digits and '<'; S: sex (M, F, X, '<'). */
export type CharClass = 'A' | 'N' | 'D' | 'X' | 'S';

/** [line, start, end) */
export type Span = [number, number, number];

export interface CheckGroup {
  name: string;
  data: Span[];
  check: [number, number];
}

export interface ZoneLayout {
  format: MrzFormat;
  lines: number;
  length: number;
  classes: CharClass[][];
  groups: CheckGroup[];
  composite: CheckGroup | null;
  /** The name field (primary and secondary identifiers, then fillers). */
  name: Span;
}

function classesFor(lines: number, length: number, spans: [CharClass, Span][]): CharClass[][] {
  const out = Array.from({ length: lines }, () => new Array<CharClass>(length).fill('X'));
  for (const [cls, [line, start, end]] of spans) for (let i = start; i < end; i++) out[line][i] = cls;
  return out;
}

function twoLine(format: MrzFormat, length: 36 | 44): ZoneLayout {
  const optionalEnd = format === 'TD3' ? 42 : format === 'TD2' ? 35 : length;
  const spans: [CharClass, Span][] = [
    ['A', [0, 0, length]],
    ['X', [1, 0, 9]],
    ['N', [1, 9, 10]],
    ['A', [1, 10, 13]],
    ['N', [1, 13, 19]],
    ['D', [1, 19, 20]],
    ['S', [1, 20, 21]],
    ['N', [1, 21, 27]],
    ['D', [1, 27, 28]],
    ['X', [1, 28, optionalEnd]],
  ];
  // Check digits of dates and the composite are always digits; TD3's personal-number check
  // may be '<' when the field is empty.
  if (format === 'TD3') spans.push(['N', [1, 42, 43]], ['D', [1, 43, 44]]);
  if (format === 'TD2') spans.push(['D', [1, 35, 36]]);
  const groups: CheckGroup[] = [
    { name: 'document_number', data: [[1, 0, 9]], check: [1, 9] },
    { name: 'date_of_birth', data: [[1, 13, 19]], check: [1, 19] },
    { name: 'expiration_date', data: [[1, 21, 27]], check: [1, 27] },
  ];
  if (format === 'TD3') groups.push({ name: 'personal_number', data: [[1, 28, 42]], check: [1, 42] });
  let composite: CheckGroup | null = null;
  if (format === 'TD3')
    composite = {
      name: 'composite',
      data: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 43],
      ],
      check: [1, 43],
    };
  if (format === 'TD2')
    composite = {
      name: 'composite',
      data: [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 35],
      ],
      check: [1, 35],
    };
  return {
    format,
    lines: 2,
    length,
    classes: classesFor(2, length, spans),
    groups,
    composite,
    name: [0, 5, length],
  };
}

function td1(): ZoneLayout {
  const spans: [CharClass, Span][] = [
    ['A', [0, 0, 5]],
    ['X', [0, 5, 14]],
    ['N', [0, 14, 15]],
    ['X', [0, 15, 30]],
    ['N', [1, 0, 6]],
    ['D', [1, 6, 7]],
    ['S', [1, 7, 8]],
    ['N', [1, 8, 14]],
    ['D', [1, 14, 15]],
    ['A', [1, 15, 18]],
    ['X', [1, 18, 29]],
    ['D', [1, 29, 30]],
    ['A', [2, 0, 30]],
  ];
  return {
    format: 'TD1',
    lines: 3,
    length: 30,
    classes: classesFor(3, 30, spans),
    groups: [
      { name: 'document_number', data: [[0, 5, 14]], check: [0, 14] },
      { name: 'date_of_birth', data: [[1, 0, 6]], check: [1, 6] },
      { name: 'expiration_date', data: [[1, 8, 14]], check: [1, 14] },
    ],
    composite: {
      name: 'composite',
      data: [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ],
      check: [1, 29],
    },
    name: [2, 0, 30],
  };
}

const LAYOUTS: Record<MrzFormat, ZoneLayout> = {
  TD1: td1(),
  TD2: twoLine('TD2', 36),
  TD3: twoLine('TD3', 44),
  MRVA: twoLine('MRVA', 44),
  MRVB: twoLine('MRVB', 36),
};

/** The layout for a zone of `lines` × `length`, given its first character (V = visa). */
export function zoneLayout(lines: number, length: number, firstChar: string): ZoneLayout | null {
  const visa = firstChar === 'V';
  if (lines === 3 && length === 30) return LAYOUTS.TD1;
  if (lines === 2 && length === 44) return visa ? LAYOUTS.MRVA : LAYOUTS.TD3;
  if (lines === 2 && length === 36) return visa ? LAYOUTS.MRVB : LAYOUTS.TD2;
  return null;
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
