import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../../vision/mrz/checkDigit';
import { parseMrz } from '../../../vision/mrz/mrzParser';
import { repairAlphabetic, repairNumeric, repairWithCheckDigit } from '../../../vision/mrz/mrzRepair';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('type-driven repairs', () => {
  it('maps letters to digits in numeric fields and records each change', () => {
    const repairs: string[] = [];
    expect(repairNumeric('O1SBZD<', 'date', repairs)).toBe('0158200'.slice(0, 6) + '<');
    expect(repairs).toEqual([
      'date: O→0 at 0',
      'date: S→5 at 2',
      'date: B→8 at 3',
      'date: Z→2 at 4',
      'date: D→0 at 5',
    ]);
    expect(repairNumeric('740812', 'date', [])).toBe('740812');
  });
  it('maps digits to letters in alphabetic fields', () => {
    const repairs: string[] = [];
    expect(repairAlphabetic('UT0<5MITH', 'names', repairs)).toBe('UTO<SMITH');
    expect(repairs).toEqual(['names: 0→O at 2', 'names: 5→S at 4']);
    // Digits without a look-alike stay (and the parser flags the field).
    expect(repairAlphabetic('A7B', 'names', [])).toBe('A7B');
  });
});

describe('repairWithCheckDigit', () => {
  const truth = 'L898902C3';
  const check = String(computeCheckDigit(truth));

  it('leaves a passing value alone', () => {
    expect(repairWithCheckDigit(truth, check, 'document_number')).toEqual({
      value: truth,
      outcome: 'valid',
      repairs: [],
      candidates: 1,
    });
  });
  it('repairs when exactly one look-alike substitution passes', () => {
    expect(repairWithCheckDigit('L8989O2C3', check, 'document_number')).toMatchObject({
      value: truth,
      outcome: 'repaired',
      repairs: ['document_number: O→0 at 5'],
    });
  });
  it('refuses when several substitutions pass', () => {
    const r = repairWithCheckDigit('LB98902C3', check, 'document_number');
    expect(r.outcome).toBe('ambiguous');
    expect(r.candidates).toBeGreaterThan(1);
    expect(r.value).toBe('LB98902C3');
  });
  it('refuses when nothing passes, when the check digit is not a digit, and without a witness when one is required', () => {
    expect(repairWithCheckDigit('XXXXYXXX', String(computeCheckDigit('XXXXXXXX')), 'f').outcome).toBe(
      'failed',
    );
    expect(repairWithCheckDigit('L8989O2C3', '<', 'f').outcome).toBe('failed');
    expect(repairWithCheckDigit('L8989O2C3', 'G', 'f').outcome).toBe('failed');
    expect(
      repairWithCheckDigit('L8989O2C3', check, 'f', { alsoRequire: () => null, requireWitness: true })
        .outcome,
    ).toBe('failed');
  });
  it('a further requirement can veto the only candidate', () => {
    expect(repairWithCheckDigit('L8989O2C3', check, 'f', { alsoRequire: () => false }).outcome).toBe(
      'failed',
    );
  });
  it('two changes only when asked and a witness can testify', () => {
    const truth2 = 'XO0XXXXX';
    const misread = 'X0OXXXXX'; // both look-alikes swapped
    const digit = String(computeCheckDigit(truth2));
    const onlyTruth = (c: string): boolean => c === truth2;
    expect(repairWithCheckDigit(misread, digit, 'f', { alsoRequire: onlyTruth }).outcome).toBe('failed');
    expect(
      repairWithCheckDigit(misread, digit, 'f', { alsoRequire: onlyTruth, maxChanges: 2 }),
    ).toMatchObject({
      value: truth2,
      outcome: 'repaired',
      repairs: ['f: 0→O at 1', 'f: O→0 at 2'],
    });
    // No witness, no second change.
    expect(repairWithCheckDigit(misread, digit, 'f', { maxChanges: 2 }).value).not.toBe(truth2);
  });
});

describe('long document numbers in TD2 (overflow into the optional data)', () => {
  it('reads the whole number and its check digit from the optional data', () => {
    const number = 'D231458901234';
    const cd = (s: string): string => String(computeCheckDigit(s));
    const optional = `${number.slice(9)}${cd(number)}`.padEnd(7, '<');
    let line2 = `${number.slice(0, 9)}<UTO7408122F1204159${optional}`;
    line2 += cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 35));
    const r = parseMrz(['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', line2], { now: NOW })!;
    expect(r.valid).toBe(true);
    expect(r.fields.document_number).toBe(number);
    expect(r.fields.personal_number).toBeNull();
  });
});
