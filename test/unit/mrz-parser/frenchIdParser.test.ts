// The pre-2021 French national ID card's zone (2×36, not ICAO 9303): its own fields and check
// digits.
import { describe, expect, it } from 'vitest';
import { isFrenchIdZone, parseFrenchId } from '../../../vision/mrz/frenchIdParser';
import { FRENCH_ID_ZONE_LAYOUT } from '../../../vision/mrz/mrzLayout';
import { parseMrz } from '../../../vision/mrz/mrzParser';

const NOW = new Date('2026-01-01');
// The card's published sample (check digits 8, 9 and 3 computed independently).
const CARD = ['IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013', '0506932020438CHRISTIANE<<NI2906209F3'];

describe('French ID card zone', () => {
  it('parses the sample into fields, valid', () => {
    const r = parseFrenchId(CARD, { now: NOW });
    expect(r).toEqual({
      format: 'FR_ID',
      lines: CARD,
      valid: true,
      fields: {
        document_type: 'NATIONAL_ID',
        issuing_country: 'FRA',
        nationality: 'FRA',
        document_number: '050693202043',
        family_name: 'DOUEL',
        given_names: 'CHRISTIANE NI',
        date_of_birth: '1929-06-20',
        expiration_date: null,
        sex: 'F',
        personal_number: null,
      },
      invalid_fields: [],
      repairs: [],
    });
  });

  it('fails the card number, the birth date and the final check digit on their own', () => {
    const number = [CARD[0], CARD[1].slice(0, 12) + '7' + CARD[1].slice(13)];
    expect(parseFrenchId(number, { now: NOW })?.invalid_fields).toEqual(['document_number', 'composite']);
    const birth = [CARD[0], CARD[1].slice(0, 33) + '8' + CARD[1].slice(34)];
    expect(parseFrenchId(birth, { now: NOW })?.invalid_fields).toEqual(['date_of_birth', 'composite']);
    const surname = [CARD[0].replace('DOUEL', 'DOUEK'), CARD[1]];
    expect(parseFrenchId(surname, { now: NOW })?.invalid_fields).toEqual(['composite']);
  });

  it('repairs an O read for 0 in the card number when both check digits confirm it', () => {
    const misread = [CARD[0], 'O' + CARD[1].slice(1)];
    const r = parseFrenchId(misread, { now: NOW });
    expect(r?.valid).toBe(true);
    expect(r?.fields.document_number).toBe('050693202043');
    expect(r?.repairs).toContain('document_number: O→0 at 0');
  });

  it('is not an ICAO TD2 zone, and a TD2 zone is not a French card', () => {
    expect(isFrenchIdZone(CARD)).toBe(true);
    const td2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
    expect(isFrenchIdZone(td2)).toBe(false);
    expect(parseFrenchId(td2)).toBeNull();
    expect(parseMrz(CARD, { now: NOW })?.valid).toBe(false);
  });

  it('has its check-digit groups where the card prints them', () => {
    expect(FRENCH_ID_ZONE_LAYOUT.groups.map((g) => [g.name, g.check])).toEqual([
      ['document_number', [1, 12]],
      ['date_of_birth', [1, 33]],
    ]);
    expect(FRENCH_ID_ZONE_LAYOUT.composite?.check).toEqual([1, 35]);
  });
});
