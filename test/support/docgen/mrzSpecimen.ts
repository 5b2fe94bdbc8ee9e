// Random (fictional) identities and their MRZ lines with correct check digits, for TD1, TD2 and
// TD3. Sizes and the composite's positions come from vision/mrz/mrzLayout.ts (the one home of MRZ
// geometry; the ICAO specimens check it independently); the check digit is written independently
// of vision/mrz so a bug there cannot hide.
import { MRZ_FIELD_LAYOUTS } from '../../../vision/mrz/mrzLayout';
import type { Random } from './seededRandom';

export type GeneratedFormat = 'TD1' | 'TD2' | 'TD3';

export interface SpecimenData {
  format: GeneratedFormat;
  lines: string[];
  /** Fields as the reader must report them. */
  fields: {
    issuing_country: string;
    nationality: string;
    document_number: string;
    family_name: string;
    given_names: string;
    date_of_birth: string;
    expiration_date: string;
    sex: string;
    personal_number: string | null;
  };
}

const COUNTRIES = [
  'UTO',
  'GBR',
  'FRA',
  'D<<',
  'ITA',
  'ESP',
  'NLD',
  'BEL',
  'SWE',
  'NOR',
  'POL',
  'CZE',
  'AUT',
  'CHE',
  'IRL',
  'PRT',
  'GRC',
  'USA',
  'CAN',
  'AUS',
  'NZL',
  'JPN',
  'KOR',
  'BRA',
  'MEX',
  'ZAF',
  'IND',
  'TUR',
  'EGY',
  'NGA',
];
const ONSETS = [
  'B',
  'C',
  'D',
  'F',
  'G',
  'H',
  'J',
  'K',
  'L',
  'M',
  'N',
  'P',
  'R',
  'S',
  'T',
  'V',
  'W',
  'Z',
  'CH',
  'SH',
  'TR',
  'KR',
  'ST',
  'BR',
  'GR',
  'PL',
  'QU',
  'X',
  'Y',
];
const VOWELS = ['A', 'E', 'I', 'O', 'U', 'AI', 'EO', 'OU', 'Y'];
const CODAS = ['', '', '', 'N', 'R', 'S', 'L', 'K', 'M', 'X', 'Z', 'NT', 'SS'];

function word(rng: Random, minLen: number, maxLen: number): string {
  let w = '';
  const target = rng.int(minLen, maxLen);
  while (w.length < target) w += rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS);
  return w.slice(0, target);
}

export function checkDigitOf(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const v = c === '<' ? 0 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * weights[i % 3];
  }
  return String(sum % 10);
}

const pad = (s: string, n: number) => (s + '<'.repeat(n)).slice(0, n);

function alnum(rng: Random, n: number, letters = 0.3): string {
  let s = '';
  for (let i = 0; i < n; i++)
    s += rng.chance(letters) ? String.fromCharCode(65 + rng.int(0, 25)) : String(rng.int(0, 9));
  return s;
}

function date(rng: Random, fromYear: number, toYear: number): { yymmdd: string; iso: string } {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  return { yymmdd: `${String(y % 100).padStart(2, '0')}${mm}${dd}`, iso: `${y}-${mm}-${dd}` };
}

function nameField(family: string[], given: string[], length: number): string {
  return pad(`${family.join('<')}<<${given.join('<')}`, length);
}

/** The lines with the composite check digit appended where the format puts it (last on line 2). */
function withComposite(format: GeneratedFormat, lines: string[]): string[] {
  const composite = MRZ_FIELD_LAYOUTS[format].composite!;
  const data = composite.parts.map((p) => lines[p.line].slice(p.start, p.end)).join('');
  return lines.map((l, i) => (i === composite.check.line ? l + checkDigitOf(data) : l));
}

export function randomSpecimen(rng: Random, format: GeneratedFormat): SpecimenData {
  const layout = MRZ_FIELD_LAYOUTS[format];
  const length = layout.lineLength;
  const nameRoom = layout.name.end - layout.name.start;
  let family: string[];
  let given: string[];
  do {
    family = rng.chance(0.2) ? [word(rng, 2, 4), word(rng, 4, 9)] : [word(rng, 3, 12)];
    given = rng.chance(0.4) ? [word(rng, 3, 8), word(rng, 3, 8)] : [word(rng, 3, 10)];
  } while (`${family.join('<')}<<${given.join('<')}`.length > nameRoom);
  const issuer = rng.pick(COUNTRIES);
  const nationality = rng.chance(0.8) ? issuer : rng.pick(COUNTRIES);
  const docNumber = rng.chance(0.5) ? alnum(rng, 9, 0.25) : alnum(rng, 2, 1) + alnum(rng, 7, 0);
  const birth = date(rng, 1940, 2007);
  const expiry = date(rng, 2026, 2036);
  const sex = rng.pick(['M', 'F', 'F', 'M', '<', 'X']);
  const code = format === 'TD3' ? 'P<' : rng.pick(['I<', 'ID', 'AC', 'C<', 'IR']);
  const names = nameField(family, given, nameRoom);
  const fields: SpecimenData['fields'] = {
    issuing_country: issuer.replace(/<+$/, ''),
    nationality: nationality.replace(/<+$/, ''),
    document_number: docNumber,
    family_name: family.join(' '),
    given_names: given.join(' '),
    date_of_birth: birth.iso,
    expiration_date: expiry.iso,
    sex: sex === '<' ? '' : sex,
    personal_number: null,
  };
  // Line 2 of TD2 and TD3 up to the optional data.
  const twoLineSecond = (): string =>
    docNumber +
    checkDigitOf(docNumber) +
    nationality +
    birth.yymmdd +
    checkDigitOf(birth.yymmdd) +
    sex +
    expiry.yymmdd +
    checkDigitOf(expiry.yymmdd);
  let unchecked: string[];
  if (format === 'TD3') {
    const personal = rng.chance(0.6) ? pad(alnum(rng, rng.int(5, 14), 0.3), 14) : '<'.repeat(14);
    const personalCheck = /^<+$/.test(personal) ? (rng.chance(0.5) ? '<' : '0') : checkDigitOf(personal);
    unchecked = [`${code}${issuer}${names}`, twoLineSecond() + personal + personalCheck];
    fields.personal_number = personal.replace(/<+$/, '') || null;
  } else if (format === 'TD2') {
    const optional = rng.chance(0.5) ? pad(alnum(rng, rng.int(1, 7), 0.3), 7) : '<'.repeat(7);
    unchecked = [`${code}${issuer}${names}`, twoLineSecond() + optional];
  } else {
    const optional1 = rng.chance(0.5) ? pad(alnum(rng, rng.int(1, 15), 0.2), 15) : '<'.repeat(15);
    const optional2 = rng.chance(0.3) ? pad(alnum(rng, rng.int(1, 11), 0.2), 11) : '<'.repeat(11);
    const first = `${code}${issuer}${docNumber}${checkDigitOf(docNumber)}${optional1}`;
    const second =
      birth.yymmdd +
      checkDigitOf(birth.yymmdd) +
      sex +
      expiry.yymmdd +
      checkDigitOf(expiry.yymmdd) +
      nationality +
      optional2;
    unchecked = [first, second, names];
  }
  const lines = withComposite(format, unchecked);
  for (const l of lines)
    if (l.length !== length || !/^[A-Z0-9<]+$/.test(l)) throw new Error(`bad generated line ${l}`);
  return { format, lines, fields };
}
