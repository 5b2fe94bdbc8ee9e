// Staff typing the chip's access key on the chip screen: the whole MRZ (TD3 2×44, TD1 3×30,
// TD2 2×36) or only the three fields the key is made of (document number, dates of birth and
// expiry, each with its check digit). The check here is live and for the screen only: it says
// which line is short and which field's check digit fails, so "Open the chip" is offered only for
// a key that can be right. Main checks again (electron/services/chip/chipKey.ts) before the chip.
// The geometry is vision/mrz/mrzLayout.ts's, the check digits vision/mrz/checkDigit.ts's.
import { computed, reactive, ref } from 'vue';
import { checkDigitMatches } from '../../vision/mrz/checkDigit';
import { MRZ_FIELD_LAYOUTS, type Segment } from '../../vision/mrz/mrzLayout';
import type { TypedMrzKey } from '../../common/ipc/chipChannels';

/** The zone sizes staff can type, and the short form (the key's three fields only). */
export const MRZ_ENTRY_FORMATS = ['TD3', 'TD1', 'TD2', 'KEY'] as const;
export type MrzEntryFormat = (typeof MRZ_ENTRY_FORMATS)[number];
export type ZoneFormat = Exclude<MrzEntryFormat, 'KEY'>;

export const ZONE_SIZES: Readonly<Record<ZoneFormat, { lines: 2 | 3; length: 30 | 36 | 44 }>> = {
  TD3: { lines: 2, length: 44 },
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
};

export type KeyField = 'documentNumber' | 'dateOfBirth' | 'dateOfExpiry';
export const KEY_FIELDS: readonly KeyField[] = ['documentNumber', 'dateOfBirth', 'dateOfExpiry'];

/** The short form's inputs: each key field and its check digit. */
export type KeyInput = KeyField | `${KeyField}CheckDigit`;
export type KeyEntry = Record<KeyInput, string>;

/**
 * What is wrong, tied to the input it concerns (`line` for the zone, `input` for the short form)
 * so the screen can link each message to its field.
 */
export type MrzEntryProblem =
  | { kind: 'characters'; line: number; chars: string }
  | { kind: 'tooLong'; line: number; length: number; expected: number }
  | { kind: 'notDate'; field: Exclude<KeyField, 'documentNumber'>; line: number | null }
  | { kind: 'checkDigit'; field: KeyField; line: number | null }
  | { kind: 'documentNumber'; line: null };

export interface MrzEntryCheck {
  problems: MrzEntryProblem[];
  /** Every line at its length, or every short-form input filled. */
  complete: boolean;
  /** Complete and no problem: what "Open the chip" sends. */
  request: { mrzLines: string[] } | { mrzKey: TypedMrzKey } | null;
}

const MRZ_CHARS = /[^0-9A-Z<]/g;

/** What a typed line holds: upper case, a space taken as the filler '<'. */
export function normalizeLine(text: string): string {
  return text.toUpperCase().replace(/[ \t]/g, '<');
}

/** A pasted zone as lines and its format; null when it is not two or three MRZ lines. */
export function splitPastedZone(text: string): { format: ZoneFormat; lines: string[] } | null {
  let lines = text
    .split(/\r?\n|\r/)
    .map((l) => normalizeLine(l.trim()))
    .filter((l) => l !== '');
  // One line of a whole zone (copied without its line breaks): cut at the known sizes.
  if (lines.length === 1) {
    const one = lines[0];
    const size = (Object.keys(ZONE_SIZES) as ZoneFormat[]).find((f) => ZONE_SIZES[f].lines * ZONE_SIZES[f].length === one.length);
    if (!size) return null;
    const { lines: n, length } = ZONE_SIZES[size];
    lines = Array.from({ length: n }, (_, i) => one.slice(i * length, (i + 1) * length));
  }
  if (lines.length === 3) return { format: 'TD1', lines };
  if (lines.length !== 2) return null;
  // Two lines: the longer one tells 2×44 from 2×36 (a copy may have lost trailing fillers).
  const longest = Math.max(...lines.map((l) => l.length));
  return { format: longest > 36 ? 'TD3' : 'TD2', lines };
}

/** YYMMDD that is a calendar day (the century is not in the MRZ: 29 February always passes). */
export function isMrzDate(text: string): boolean {
  if (!/^\d{6}$/.test(text)) return false;
  const month = Number(text.slice(2, 4));
  const day = Number(text.slice(4, 6));
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** Check of typed zone lines: characters, dates and the key fields' check digits. */
export function checkZoneLines(format: ZoneFormat, typed: readonly string[]): MrzEntryCheck {
  const { lines: count, length } = ZONE_SIZES[format];
  const lines = Array.from({ length: count }, (_, i) => normalizeLine(typed[i] ?? ''));
  const problems: MrzEntryProblem[] = [];
  lines.forEach((l, line) => {
    const bad = [...new Set(l.match(MRZ_CHARS) ?? [])].join('');
    if (bad) problems.push({ kind: 'characters', line, chars: bad });
    if (l.length > length) problems.push({ kind: 'tooLong', line, length: l.length, expected: length });
  });
  const full = (line: number) => lines[line].length === length && !lines[line].match(MRZ_CHARS);
  const layout = MRZ_FIELD_LAYOUTS[format];
  const at = (g: Segment) => lines[g.line].slice(g.start, g.end);

  // The document number, continued in the optional data when longer than nine (ICAO 9303-5 §4.2.4).
  const docLine = layout.documentNumber.line;
  if (full(docLine)) {
    let number = at(layout.documentNumber);
    let check = at(layout.documentNumberCheck);
    if (check === '<' && layout.documentNumberOverflow) {
      const rest = at(layout.documentNumberOverflow).replace(/<+$/, '');
      number += rest.slice(0, -1);
      check = rest.slice(-1);
    }
    if (number.replace(/</g, '') === '') problems.push({ kind: 'documentNumber', line: null });
    else if (!checkDigitMatches(number, check)) problems.push({ kind: 'checkDigit', field: 'documentNumber', line: docLine });
  }
  for (const [field, value, check] of [
    ['dateOfBirth', layout.birth, layout.birthCheck],
    ['dateOfExpiry', layout.expiry, layout.expiryCheck],
  ] as const) {
    if (!full(value.line)) continue;
    if (!isMrzDate(at(value))) problems.push({ kind: 'notDate', field, line: value.line });
    else if (!checkDigitMatches(at(value), at(check))) problems.push({ kind: 'checkDigit', field, line: value.line });
  }
  const complete = lines.every((_, i) => full(i));
  return { problems, complete, request: complete && problems.length === 0 ? { mrzLines: lines } : null };
}

/** Check of the short form: the document number's characters, the dates and every check digit. */
export function checkKeyEntry(entry: KeyEntry): MrzEntryCheck {
  const e = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, v.trim().toUpperCase()])) as KeyEntry;
  const problems: MrzEntryProblem[] = [];
  const number = e.documentNumber.replace(/<+$/, '');
  const numberOk = /^[0-9A-Z]{1,22}$/.test(number);
  if (e.documentNumber !== '' && !numberOk) problems.push({ kind: 'documentNumber', line: null });
  else if (numberOk && e.documentNumberCheckDigit !== '' && !checkDigitMatches(number.padEnd(9, '<'), e.documentNumberCheckDigit))
    problems.push({ kind: 'checkDigit', field: 'documentNumber', line: null });
  for (const field of ['dateOfBirth', 'dateOfExpiry'] as const) {
    const value = e[field];
    const check = e[`${field}CheckDigit`];
    if (value.length === 6 && !isMrzDate(value)) problems.push({ kind: 'notDate', field, line: null });
    else if (value.length > 0 && !/^\d{0,6}$/.test(value)) problems.push({ kind: 'notDate', field, line: null });
    else if (value.length === 6 && check !== '' && !checkDigitMatches(value, check)) problems.push({ kind: 'checkDigit', field, line: null });
  }
  const complete = Object.values(e).every((v) => v !== '') && e.dateOfBirth.length === 6 && e.dateOfExpiry.length === 6;
  const request: MrzEntryCheck['request'] =
    complete && problems.length === 0
      ? {
          mrzKey: {
            documentNumber: number,
            documentNumberCheckDigit: e.documentNumberCheckDigit,
            dateOfBirth: e.dateOfBirth,
            dateOfBirthCheckDigit: e.dateOfBirthCheckDigit,
            dateOfExpiry: e.dateOfExpiry,
            dateOfExpiryCheckDigit: e.dateOfExpiryCheckDigit,
          },
        }
      : null;
  return { problems, complete, request };
}

/** The short-form input a problem concerns (for aria-describedby). */
export function keyInputOf(p: MrzEntryProblem): KeyInput {
  if (p.kind === 'checkDigit') return `${p.field}CheckDigit`;
  if (p.kind === 'notDate') return p.field;
  return 'documentNumber';
}

const EMPTY_KEY: KeyEntry = {
  documentNumber: '',
  documentNumberCheckDigit: '',
  dateOfBirth: '',
  dateOfBirthCheckDigit: '',
  dateOfExpiry: '',
  dateOfExpiryCheckDigit: '',
};

/** The typing form's state: the chosen format, what was typed, and its live check. */
export function useChipMrzEntry(initial: MrzEntryFormat) {
  const format = ref<MrzEntryFormat>(initial);
  const lines = ref<string[]>(['', '', '']);
  const key = reactive<KeyEntry>({ ...EMPTY_KEY });
  const check = computed<MrzEntryCheck>(() =>
    format.value === 'KEY' ? checkKeyEntry(key) : checkZoneLines(format.value, lines.value),
  );

  function setLine(i: number, text: string): void {
    const next = [...lines.value];
    next[i] = normalizeLine(text);
    lines.value = next;
  }

  function setKey(input: KeyInput, text: string): void {
    key[input] = text.toUpperCase();
  }

  function setFormat(f: MrzEntryFormat): void {
    format.value = f;
  }

  /** A whole zone pasted into any line: it fills every line and picks its format. */
  function paste(text: string): boolean {
    const zone = splitPastedZone(text);
    if (!zone) return false;
    format.value = zone.format;
    lines.value = [...zone.lines, '', ''].slice(0, 3);
    return true;
  }

  /** What was typed leaves memory (cancel, the chip read, the step left). */
  function clear(): void {
    lines.value = ['', '', ''];
    Object.assign(key, EMPTY_KEY);
  }

  return { format, lines, key, check, setLine, setKey, setFormat, paste, clear };
}
