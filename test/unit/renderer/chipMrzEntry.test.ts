// The chip screen's typed MRZ, checked live: each zone size, which field's check digit fails,
// dates that are not dates, characters an MRZ does not use, a pasted zone (with or without its
// line breaks), the short form (document number and dates with their check digits), and what
// "Open the chip" would send (nothing until the key can be right).
import { describe, expect, it } from 'vitest';
import {
  checkKeyEntry,
  checkZoneLines,
  isMrzDate,
  splitPastedZone,
  useChipMrzEntry,
} from '../../../renderer/composables/useChipMrzEntry';
import { SPECIMEN_TD1, SPECIMEN_TD1_LONG, SPECIMEN_TD2, SPECIMEN_TD3, SPECIMEN_TYPED_KEY } from './chipKeyFixtures';

const TD3 = SPECIMEN_TD3;
const TD1 = SPECIMEN_TD1;
const TD1_LONG = SPECIMEN_TD1_LONG;
const TD2 = SPECIMEN_TD2;
const KEY = SPECIMEN_TYPED_KEY;

describe('typed MRZ lines', () => {
  it('a right zone of each size is sent as its lines', () => {
    expect(checkZoneLines('TD3', TD3)).toEqual({ problems: [], complete: true, request: { mrzLines: TD3 } });
    expect(checkZoneLines('TD1', TD1)).toEqual({ problems: [], complete: true, request: { mrzLines: TD1 } });
    expect(checkZoneLines('TD1', TD1_LONG)).toEqual({ problems: [], complete: true, request: { mrzLines: TD1_LONG } });
    expect(checkZoneLines('TD2', TD2)).toEqual({ problems: [], complete: true, request: { mrzLines: TD2 } });
  });

  it('lower case and spaces are taken as upper case and fillers', () => {
    const typed = [TD3[0].toLowerCase().replace(/</g, ' '), TD3[1]];
    expect(checkZoneLines('TD3', typed).request).toEqual({ mrzLines: TD3 });
  });

  it('names the field whose check digit fails, on the line that holds it', () => {
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].replace('L898902C36', 'L898902C35')]).problems).toEqual([
      { kind: 'checkDigit', field: 'documentNumber', line: 1 },
    ]);
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].replace('7408122', '7408123')]).problems).toEqual([
      { kind: 'checkDigit', field: 'dateOfBirth', line: 1 },
    ]);
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].replace('1204159', '1204158')]).problems).toEqual([
      { kind: 'checkDigit', field: 'dateOfExpiry', line: 1 },
    ]);
    // TD1: the number is on line 1 (index 0), the dates on line 2; a long number's digit in the optional data.
    expect(checkZoneLines('TD1', [TD1[0].replace('D231458907', 'D231458917'), TD1[1], TD1[2]]).problems).toEqual([
      { kind: 'checkDigit', field: 'documentNumber', line: 0 },
    ]);
    expect(checkZoneLines('TD1', [TD1_LONG[0].replace('AB125', 'AB135'), TD1[1], TD1[2]]).problems).toEqual([
      { kind: 'checkDigit', field: 'documentNumber', line: 0 },
    ]);
    expect(checkZoneLines('TD2', [TD2[0], TD2[1].replace('1204159', '1204169')]).problems).toEqual([
      { kind: 'checkDigit', field: 'dateOfExpiry', line: 1 },
    ]);
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].replace('1204159', '1204158')]).request).toBeNull();
  });

  it('a date that is not a date, characters an MRZ does not use, a line too long', () => {
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].replace('7408122', '7413122')]).problems).toEqual([
      { kind: 'notDate', field: 'dateOfBirth', line: 1 },
    ]);
    expect(checkZoneLines('TD3', [TD3[0].replace('ANNA', 'ÄNNA'), TD3[1]]).problems).toEqual([{ kind: 'characters', line: 0, chars: 'Ä' }]);
    expect(checkZoneLines('TD3', [TD3[0] + '<', TD3[1]])).toEqual({
      problems: [{ kind: 'tooLong', line: 0, length: 45, expected: 44 }],
      complete: false,
      request: null,
    });
  });

  it('a line not yet at its length is incomplete, not wrong; its fields are checked once it is', () => {
    expect(checkZoneLines('TD3', [TD3[0], TD3[1].slice(0, 20)])).toEqual({ problems: [], complete: false, request: null });
    expect(checkZoneLines('TD1', [TD1[0], TD1[1]])).toEqual({ problems: [], complete: false, request: null });
  });

  it('dates: YYMMDD of a calendar day', () => {
    expect([isMrzDate('740812'), isMrzDate('000229'), isMrzDate('741301'), isMrzDate('740431'), isMrzDate('7408a2'), isMrzDate('74081')]).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('a pasted zone', () => {
  it('two or three lines, with or without line breaks, pick the format', () => {
    expect(splitPastedZone(`${TD3[0]}\n${TD3[1]}\n`)).toEqual({ format: 'TD3', lines: TD3 });
    expect(splitPastedZone(`  ${TD1.join('\r\n')}  `)).toEqual({ format: 'TD1', lines: TD1 });
    expect(splitPastedZone(TD2.join('\n'))).toEqual({ format: 'TD2', lines: TD2 });
    expect(splitPastedZone(TD3.join(''))).toEqual({ format: 'TD3', lines: TD3 });
    expect(splitPastedZone(TD1.join(''))).toEqual({ format: 'TD1', lines: TD1 });
    expect(splitPastedZone('L898902C3')).toBeNull();
    expect(splitPastedZone('a\nb\nc\nd')).toBeNull();
  });

  it('into the form: every line filled and the format chosen; clear forgets it', () => {
    const entry = useChipMrzEntry('TD3');
    expect(entry.paste(TD1.join('\n'))).toBe(true);
    expect(entry.format.value).toBe('TD1');
    expect(entry.check.value.request).toEqual({ mrzLines: TD1 });
    expect(entry.paste('not an MRZ')).toBe(false);
    expect(entry.format.value).toBe('TD1');
    entry.clear();
    expect(entry.lines.value).toEqual(['', '', '']);
    expect(entry.check.value.complete).toBe(false);
  });
});

describe('the short form: document number and dates with their check digits', () => {
  it('sends the three fields when every check digit matches', () => {
    expect(checkKeyEntry({ ...KEY, documentNumber: 'l898902c3 ' })).toEqual({ problems: [], complete: true, request: { mrzKey: KEY } });
    const entry = useChipMrzEntry('KEY');
    Object.assign(entry.key, KEY);
    expect(entry.check.value.request).toEqual({ mrzKey: KEY });
  });

  it('names the field whose check digit fails, and a number or date that cannot be', () => {
    expect(checkKeyEntry({ ...KEY, documentNumberCheckDigit: '5' }).problems).toEqual([{ kind: 'checkDigit', field: 'documentNumber', line: null }]);
    expect(checkKeyEntry({ ...KEY, dateOfBirthCheckDigit: '3' }).problems).toEqual([{ kind: 'checkDigit', field: 'dateOfBirth', line: null }]);
    expect(checkKeyEntry({ ...KEY, dateOfExpiryCheckDigit: '0' }).problems).toEqual([{ kind: 'checkDigit', field: 'dateOfExpiry', line: null }]);
    expect(checkKeyEntry({ ...KEY, dateOfExpiry: '121315' }).problems).toEqual([{ kind: 'notDate', field: 'dateOfExpiry', line: null }]);
    expect(checkKeyEntry({ ...KEY, dateOfBirth: '74-08' }).problems).toEqual([{ kind: 'notDate', field: 'dateOfBirth', line: null }]);
    expect(checkKeyEntry({ ...KEY, documentNumber: 'L89-8902' }).problems).toEqual([{ kind: 'documentNumber', line: null }]);
    expect(checkKeyEntry({ ...KEY, documentNumberCheckDigit: '5' }).request).toBeNull();
  });

  it('an empty field is incomplete, not wrong', () => {
    expect(checkKeyEntry({ ...KEY, dateOfExpiryCheckDigit: '' })).toEqual({ problems: [], complete: false, request: null });
    expect(checkKeyEntry({ ...KEY, dateOfBirth: '7408' })).toEqual({ problems: [], complete: false, request: null });
  });
});
