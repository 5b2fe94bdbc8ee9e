import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MrzFields } from '../../../vision/contract';
import { checkDigitMatches, computeCheckDigit, mrzCharValue } from '../../../vision/mrz/checkDigit';
import {
  detectMrzFormat,
  mrzDateToIso,
  mrzDocumentType,
  normaliseMrzLines,
  parseMrz,
} from '../../../vision/mrz/mrzParser';

const NOW = new Date('2026-11-25T12:00:00Z');
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/specimens/expected.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, string | null>>;

// The ICAO 9303 specimen lines (parts 4-7).
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];
const MRVA = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'];
const MRVB = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'];

/** An independent check digit (written from the spec, not shared with the code under test). */
function cd(s: string): string {
  const w = [7, 3, 1];
  let sum = 0;
  [...s].forEach((c, i) => {
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * w[i % 3];
  });
  return String(sum % 10);
}

function replaceAt(line: string, at: number, ch: string): string {
  return line.slice(0, at) + ch + line.slice(at + 1);
}

describe('check digits (7-3-1)', () => {
  it('computes the specimen check digits', () => {
    expect(computeCheckDigit('L898902C3')).toBe(6);
    expect(computeCheckDigit('740812')).toBe(2);
    expect(computeCheckDigit('120415')).toBe(9);
    expect(computeCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(computeCheckDigit('L898902C36740812212041592E184226B<<<<<1')).toBe(9);
  });
  it('values characters as ICAO says and refuses others', () => {
    expect(mrzCharValue('<')).toBe(0);
    expect(mrzCharValue('A')).toBe(10);
    expect(mrzCharValue('Z')).toBe(35);
    expect(mrzCharValue('7')).toBe(7);
    expect(mrzCharValue('a')).toBe(-1);
    expect(mrzCharValue('#')).toBe(-1);
    expect(computeCheckDigit('AB#')).toBeNull();
  });
  it("accepts '<' as a check digit only for an all-filler field", () => {
    expect(checkDigitMatches('<<<<<<<<<<<<<<', '<')).toBe(true);
    expect(checkDigitMatches('<<<<<<<<<<<<<<', '0')).toBe(true);
    expect(checkDigitMatches('ZE184226B<<<<<', '<')).toBe(false);
    expect(checkDigitMatches('ZE184226B<<<<<', '1')).toBe(true);
    expect(checkDigitMatches('ZE184226B<<<<<', 'I')).toBe(false);
  });
});

describe('parseMrz: the ICAO specimens', () => {
  it('TD3 reads every field of expected.json', () => {
    const r = parseMrz(TD3, { now: NOW });
    const want = expected['passport-td3.jpg'];
    expect(r?.format).toBe(want.format);
    for (const [k, v] of Object.entries(want)) {
      if (k === 'format') continue;
      expect(r!.fields[k as keyof MrzFields], k).toBe(v);
    }
    expect(r!.valid).toBe(true);
    expect(r!.invalid_fields).toEqual([]);
    expect(r!.repairs).toEqual([]);
    expect(r!.lines).toEqual(TD3);
  });

  it('TD2 reads every field of expected.json', () => {
    const r = parseMrz(TD2, { now: NOW })!;
    const want = expected['passport-td2.jpg'];
    expect(r.format).toBe('TD2');
    for (const [k, v] of Object.entries(want)) {
      if (k === 'format') continue;
      expect(r.fields[k as keyof MrzFields], k).toBe(v);
    }
    expect(r.fields.document_type).toBe('NATIONAL_ID');
    expect(r.valid).toBe(true);
  });

  it('TD1 (3x30)', () => {
    const r = parseMrz(TD1, { now: NOW })!;
    expect(r.format).toBe('TD1');
    expect(r.valid).toBe(true);
    expect(r.fields).toEqual({
      document_type: 'NATIONAL_ID',
      issuing_country: 'UTO',
      nationality: 'UTO',
      document_number: 'D23145890',
      family_name: 'ERIKSSON',
      given_names: 'ANNA MARIA',
      date_of_birth: '1974-08-12',
      expiration_date: '2012-04-15',
      sex: 'F',
      personal_number: null,
    });
  });

  it('MRV-A (2x44) and MRV-B (2x36), no composite check digit', () => {
    for (const [lines, format] of [
      [MRVA, 'MRVA'],
      [MRVB, 'MRVB'],
    ] as const) {
      const r = parseMrz(lines, { now: NOW })!;
      expect(r.format).toBe(format);
      expect(r.valid).toBe(true);
      expect(r.fields.document_type).toBe('VISA');
      expect(r.fields.document_number).toBe('L8988901C');
      expect(r.fields.nationality).toBe('XXX');
      expect(r.fields.date_of_birth).toBe('1940-09-07');
      // 2096 is more than 50 years ahead of 2026: the visa expired in 1996.
      expect(r.fields.expiration_date).toBe('1996-12-10');
    }
    expect(parseMrz(MRVA, { now: NOW })!.fields.personal_number).toBe('6ZE184226B');
    expect(parseMrz(MRVB, { now: NOW })!.fields.personal_number).toBeNull();
  });

  it('TD1 with a document number longer than 9 characters (overflow into optional data)', () => {
    const number = 'D23145890123';
    const line1 = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${cd(number)}`.padEnd(30, '<');
    const line2a = '7408122F1204159UTO<<<<<<<<<<<';
    const composite = cd(
      line1.slice(5, 30) + line2a.slice(0, 7) + line2a.slice(8, 15) + line2a.slice(18, 29),
    );
    const r = parseMrz([line1, line2a + composite, TD1[2]], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.document_number).toBe(number);
    expect(r.fields.personal_number).toBeNull();
  });

  it('a TD3 without a personal number accepts a filler check digit', () => {
    const base = 'L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<';
    const line2 = base.slice(0, 42) + '<';
    const composite = cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
    const r = parseMrz([TD3[0], line2 + composite], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.personal_number).toBeNull();
  });

  it("reports sex '<' as X and an unknown birth day as a null date, not an error", () => {
    let line2 = replaceAt(TD3[1], 20, '<');
    line2 = line2.slice(0, 13) + '7408<<' + cd('7408<<') + line2.slice(20);
    line2 = line2.slice(0, 43) + cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
    const r = parseMrz([TD3[0], line2], { now: NOW })!;
    expect(r.fields.sex).toBe('X');
    expect(r.fields.date_of_birth).toBeNull();
    expect(r.valid).toBe(true);
  });
});

describe('parseMrz: repairs made with the check digits', () => {
  it('O→0 in a document number when exactly one substitution passes (with the composite)', () => {
    const r = parseMrz([TD3[0], replaceAt(TD3[1], 5, 'O')], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.document_number).toBe('L898902C3');
    expect(r.repairs).toEqual(['document_number: O→0 at 5']);
    expect(r.lines[1]).toBe(TD3[1]);
  });

  it('leaves a failing document number as read for the image reader (repairByCheckDigit: false)', () => {
    // The image reader has weighed every glyph's alternatives already; a substitution the check
    // digit alone picks is a guess there (the composite cannot witness it).
    const r = parseMrz([TD3[0], replaceAt(TD3[1], 5, 'O')], { now: NOW, repairByCheckDigit: false })!;
    expect(r.fields.document_number).toBe('L8989O2C3');
    expect(r.invalid_fields).toContain('document_number');
    expect(r.repairs).toEqual([]);
  });

  it('does not guess when more than one substitution passes (ambiguous)', () => {
    // "LB98902C3": B→8 at 1 passes, and so do other look-alike swaps: no repair, field invalid.
    const r = parseMrz([TD3[0], replaceAt(TD3[1], 1, 'B')], { now: NOW })!;
    expect(r.valid).toBe(false);
    expect(r.invalid_fields).toEqual(['document_number', 'composite']);
    expect(r.fields.document_number).toBe('LB98902C3');
    expect(r.repairs).toEqual([]);
  });

  it('S→5 in a TD1 document number', () => {
    const number = 'B23145890';
    const line1 = `I<UTO${number}${cd(number)}`.padEnd(30, '<');
    const line2a = '7408122F1204159UTO<<<<<<<<<<<';
    const composite = cd(
      line1.slice(5, 30) + line2a.slice(0, 7) + line2a.slice(8, 15) + line2a.slice(18, 29),
    );
    const misread = replaceAt(line1, 10, 'S');
    const r1 = parseMrz([misread, line2a + composite, TD1[2]], { now: NOW })!;
    expect(r1.fields.document_number).toBe(number);
    expect(r1.valid).toBe(true);
    expect(r1.repairs).toEqual(['document_number: S→5 at 5']);
  });

  it('letters in dates and check digits become digits (O→0, I→1, S→5, B→8, Z→2, D→0)', () => {
    // DOB 740812 → "74O8I2", expiry 120415 → "I2O4IS", DOB check digit 2 → "Z".
    let line2 = TD3[1];
    line2 = line2.slice(0, 13) + '74O8I2' + 'Z' + line2.slice(20, 21) + 'IZO4IS' + line2.slice(27);
    const r = parseMrz([TD3[0], line2], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.date_of_birth).toBe('1974-08-12');
    expect(r.fields.expiration_date).toBe('2012-04-15');
    expect(r.repairs).toContain('date_of_birth: O→0 at 2');
    expect(r.repairs).toContain('date_of_birth: I→1 at 4');
    expect(r.repairs).toContain('date_of_birth check digit: Z→2 at 0');
    expect(r.repairs).toContain('expiration_date: S→5 at 5');
    // D→0 and B→8 in the composite check digit's place: "0" read as "D".
    const r2 = parseMrz([TD3[0], replaceAt(TD3[1], 43, 'D')], { now: NOW })!;
    expect(r2.valid).toBe(true);
    expect(r2.repairs).toEqual(['composite check digit: D→0 at 0']);
  });

  it('digits in country codes and names become letters (0→O, 1→I, 5→S, 8→B, 2→Z)', () => {
    const line1 = 'P<UT0ER1K55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<';
    const line2 = TD3[1].slice(0, 10) + 'UT0' + TD3[1].slice(13);
    const r = parseMrz([line1, line2], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.issuing_country).toBe('UTO');
    expect(r.fields.nationality).toBe('UTO');
    expect(r.fields.family_name).toBe('ERIKSSON');
    expect(r.fields.given_names).toBe('ANNA MARIA');
    expect(r.repairs).toEqual(
      expect.arrayContaining([
        'issuing_country: 0→O at 2',
        'nationality: 0→O at 2',
        'names: 1→I at 2',
        'names: 5→S at 4',
      ]),
    );
  });

  it('repairs the TD3 personal number against its check digit and the composite', () => {
    // A corruption no look-alike substitution explains stays invalid.
    const personal = 'XXXXYXXX<<<<<<';
    let line2 = TD3[1].slice(0, 28) + 'XXXXXXXX<<<<<<' + cd('XXXXXXXX<<<<<<');
    line2 += cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
    const r = parseMrz([TD3[0], line2.slice(0, 28) + personal + line2.slice(42)], { now: NOW })!;
    expect(r.valid).toBe(false);
    expect(r.invalid_fields).toEqual(['personal_number', 'composite']);
    expect(r.fields.personal_number).toBe('XXXXYXXX');
    // "X1XXXXXX" read as "XIXXXXXX": the one look-alike candidate passes.
    let good = TD3[1].slice(0, 28) + 'X1XXXXXX<<<<<<' + cd('X1XXXXXX<<<<<<');
    good += cd(good.slice(0, 10) + good.slice(13, 20) + good.slice(21, 43));
    const r2 = parseMrz([TD3[0], replaceAt(good, 29, 'I')], { now: NOW })!;
    expect(r2.valid).toBe(true);
    expect(r2.fields.personal_number).toBe('X1XXXXXX');
    expect(r2.repairs).toEqual(['personal_number: I→1 at 1']);
  });

  it('never makes a failing check digit pass by changing the check digit', () => {
    const wrong = replaceAt(TD3[1], 9, '7'); // document number check digit 6 → 7
    const r = parseMrz([TD3[0], wrong], { now: NOW })!;
    expect(r.valid).toBe(false);
    expect(r.invalid_fields).toContain('document_number');
    expect(r.lines[1][9]).toBe('7');
    expect(r.fields.document_number).toBe('L898902C3');
    expect(r.repairs).toEqual([]);
    // A wrong date check digit stays wrong too.
    const r2 = parseMrz([TD3[0], replaceAt(TD3[1], 19, '3')], { now: NOW })!;
    expect(r2.invalid_fields).toEqual(expect.arrayContaining(['date_of_birth', 'composite']));
    expect(r2.lines[1][19]).toBe('3');
  });

  it('does not guess when the composite cannot testify (another field is broken)', () => {
    let line2 = replaceAt(TD3[1], 5, 'O'); // repairable on its own...
    line2 = replaceAt(line2, 19, '3'); // ...but the date of birth check digit is now wrong
    const r = parseMrz([TD3[0], line2], { now: NOW })!;
    expect(r.invalid_fields).toEqual(expect.arrayContaining(['document_number', 'date_of_birth']));
    expect(r.fields.document_number).toBe('L8989O2C3');
    expect(r.repairs).toEqual([]);
  });

  it('flags a wrong composite check digit', () => {
    const r = parseMrz([TD3[0], replaceAt(TD3[1], 43, '1')], { now: NOW })!;
    expect(r.valid).toBe(false);
    expect(r.invalid_fields).toEqual(['composite']);
  });

  it('a single look-alike misread never yields a different value with valid check digits (property)', () => {
    // Random TD3s; one look-alike swap in the document number. The true value always passes, so
    // a repair is either right or refused as ambiguous.
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let wrongButValid = 0;
    let repaired = 0;
    for (let i = 0; i < 3000; i++) {
      const number = Array.from({ length: 9 }, () => alnum[rand(36)]).join('');
      const personal = Array.from({ length: 14 }, (_, k) => (k < 8 ? alnum[rand(36)] : '<')).join('');
      let line2 = `${number}${cd(number)}UTO7408122F1204159${personal}${cd(personal)}`;
      line2 += cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
      const at = rand(9);
      const swaps: Record<string, string> = {
        '0': 'O',
        O: '0',
        '1': 'I',
        I: '1',
        '5': 'S',
        S: '5',
        '8': 'B',
        B: '8',
        '2': 'Z',
        Z: '2',
        D: '0',
      };
      const bad = swaps[number[at]];
      if (bad === undefined) continue;
      const r = parseMrz([TD3[0], replaceAt(line2, at, bad)], { now: NOW })!;
      if (r.valid && r.fields.document_number !== number) wrongButValid++;
      if (r.valid && r.fields.document_number === number) repaired++;
    }
    expect(wrongButValid).toBe(0);
    expect(repaired).toBeGreaterThan(20);
  });
});

describe('parseMrz: garbage in, null or invalids out, never a throw', () => {
  it('returns null for sizes that are no MRZ', () => {
    expect(parseMrz([])).toBeNull();
    expect(parseMrz(['P<UTO'])).toBeNull();
    expect(parseMrz([TD3[0], TD3[1].slice(0, 40)])).toBeNull();
    expect(parseMrz([TD3[0], TD3[1], TD3[1]])).toBeNull();
    expect(parseMrz([...TD1, TD1[0]])).toBeNull();
    expect(parseMrz(['', ''])).toBeNull();
    expect(parseMrz(null as unknown as string[])).toBeNull();
    expect(parseMrz([1, 2] as unknown as string[])).toBeNull();
  });

  it('flags characters outside the MRZ alphabet instead of throwing', () => {
    const r = parseMrz([TD3[0], replaceAt(TD3[1], 3, '#')], { now: NOW })!;
    expect(r.valid).toBe(false);
    expect(r.invalid_fields).toEqual(expect.arrayContaining(['document_number', 'characters']));
    const r2 = parseMrz(['P<UTOÉRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', TD3[1]], { now: NOW })!;
    expect(r2.invalid_fields).toContain('names');
  });

  it('flags impossible dates and sex values', () => {
    let line2 = TD3[1].slice(0, 13) + '741332' + cd('741332') + TD3[1].slice(20);
    line2 = replaceAt(line2, 20, 'Q');
    const r = parseMrz([TD3[0], line2], { now: NOW })!;
    expect(r.fields.date_of_birth).toBeNull();
    expect(r.invalid_fields).toEqual(expect.arrayContaining(['date_of_birth', 'sex']));
  });

  it('survives 2,000 random inputs', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<#é «\t';
    for (let i = 0; i < 2000; i++) {
      const count = 1 + rand(4);
      const size = [30, 36, 44, rand(60)][rand(4)];
      const lines = Array.from({ length: count }, () =>
        Array.from({ length: size }, () => chars[rand(chars.length)]).join(''),
      );
      const r = parseMrz(lines, { now: NOW });
      if (r) expect(r.valid).toBe(r.invalid_fields.length === 0);
    }
  });

  it('pads a name line that lost its trailing fillers', () => {
    const r = parseMrz(['P<UTOERIKSSON<<ANNA<MARIA', TD3[1]], { now: NOW })!;
    expect(r.format).toBe('TD3');
    expect(r.valid).toBe(true);
    expect(r.fields.given_names).toBe('ANNA MARIA');
  });
});

describe('dates', () => {
  it('birth: the century that puts the date in the past', () => {
    expect(mrzDateToIso('740812', 'birth', NOW)).toBe('1974-08-12');
    expect(mrzDateToIso('250101', 'birth', NOW)).toBe('2025-01-01');
    expect(mrzDateToIso('261124', 'birth', NOW)).toBe('2026-11-24');
    expect(mrzDateToIso('261231', 'birth', NOW)).toBe('1926-12-31');
    expect(mrzDateToIso('000229', 'birth', NOW)).toBe('2000-02-29');
  });
  it('expiry: 21st century unless more than 50 years ahead', () => {
    expect(mrzDateToIso('120415', 'expiry', NOW)).toBe('2012-04-15');
    expect(mrzDateToIso('360101', 'expiry', NOW)).toBe('2036-01-01');
    expect(mrzDateToIso('761231', 'expiry', NOW)).toBe('2076-12-31');
    expect(mrzDateToIso('991231', 'expiry', NOW)).toBe('1999-12-31');
  });
  it('impossible and unknown dates', () => {
    expect(mrzDateToIso('741332', 'birth', NOW)).toBe('invalid');
    expect(mrzDateToIso('740230', 'birth', NOW)).toBe('invalid');
    expect(mrzDateToIso('010229', 'expiry', NOW)).toBe('invalid');
    expect(mrzDateToIso('7408<<', 'birth', NOW)).toBe('unknown');
    expect(mrzDateToIso('<<<<<<', 'birth', NOW)).toBe('unknown');
    // A lone filler among digits is a misread 0 (both weigh 0 in the check digit), not a gap.
    expect(mrzDateToIso('9209<1', 'birth', NOW)).toBe('invalid');
    expect(mrzDateToIso('7<0812', 'birth', NOW)).toBe('invalid');
    expect(mrzDateToIso('74O812', 'birth', NOW)).toBe('invalid');
  });
});

describe('normaliseMrzLines', () => {
  it('cleans CR/LF, spaces, lower case, guillemets and scanner control characters', () => {
    const raw =
      '\u0002 p<utoeriksson<<anna<maria«««««««««««««««««««\r\nL898902C3 6UTO7408122F1204159ZE184226B<<<<<10\r\n\u0003';
    expect(normaliseMrzLines(raw)).toEqual(TD3);
    expect(normaliseMrzLines(TD1.join('\r'))).toEqual(TD1);
    expect(normaliseMrzLines(`\n\n${TD2.join('\n')}\n\n`)).toEqual(TD2);
  });
  it('splits a whole MRZ sent as one run', () => {
    expect(normaliseMrzLines(TD3.join(''))).toEqual(TD3);
    expect(normaliseMrzLines(TD2.join(''))).toEqual(TD2);
    expect(normaliseMrzLines(TD1.join(''))).toEqual(TD1);
  });
  it('gives [] for nothing usable and never throws', () => {
    expect(normaliseMrzLines('')).toEqual([]);
    expect(normaliseMrzLines(' \r\n\t ')).toEqual([]);
    expect(normaliseMrzLines(undefined as unknown as string)).toEqual([]);
    expect(parseMrz(normaliseMrzLines('hello world'))).toBeNull();
  });
  it('feeds parseMrz end to end', () => {
    expect(parseMrz(normaliseMrzLines(TD3.join('\r\n').toLowerCase()), { now: NOW })!.valid).toBe(true);
  });
});

describe('formats and document types', () => {
  it('detects the format from line sizes and the visa letter', () => {
    expect(detectMrzFormat(TD3)).toBe('TD3');
    expect(detectMrzFormat(TD2)).toBe('TD2');
    expect(detectMrzFormat(TD1)).toBe('TD1');
    expect(detectMrzFormat(MRVA)).toBe('MRVA');
    expect(detectMrzFormat(MRVB)).toBe('MRVB');
    expect(detectMrzFormat([TD3[0], TD2[1]])).toBeNull();
  });
  it('maps document codes', () => {
    expect(mrzDocumentType('P<')).toBe('PASSPORT');
    expect(mrzDocumentType('PM')).toBe('PASSPORT');
    expect(mrzDocumentType('ID')).toBe('NATIONAL_ID');
    expect(mrzDocumentType('IR')).toBe('RESIDENCE_PERMIT');
    expect(mrzDocumentType('V<')).toBe('VISA');
    expect(mrzDocumentType('XX')).toBe('OTHER');
  });
});
