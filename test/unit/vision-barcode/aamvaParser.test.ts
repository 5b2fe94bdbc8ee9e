import { describe, expect, it } from 'vitest';
import { aamvaDateToIso, aamvaToMrzFields, parseAamva } from '../../../vision/barcode';
import { aamvaPayload } from './aamvaPayloads';

describe('parseAamva', () => {
  it('parses a 2016 (version 9) US licence and maps it to the MRZ vocabulary', () => {
    const record = parseAamva(aamvaPayload({ version: 9 }))!;
    expect(record.header).toEqual({
      iin: '636014',
      version: 9,
      jurisdictionVersion: 1,
      subfiles: ['DL', 'ZC'],
    });
    expect(record.documentSubfile).toBe('DL');
    expect(record.country).toBe('USA');
    expect(record.elements).toMatchObject({
      DAQ: 'D1234562',
      DCS: 'SAMPLE',
      DAC: 'JOHN',
      DAD: 'QUINCY',
      DAJ: 'CA',
    });
    // The jurisdiction subfile is read too.
    expect(record.elements.ZCA).toBe('BLUE');
    expect(aamvaToMrzFields(record)).toEqual({
      document_type: 'DRIVING_LICENCE',
      issuing_country: 'USA',
      nationality: null,
      document_number: 'D1234562',
      family_name: 'SAMPLE',
      given_names: 'JOHN QUINCY',
      date_of_birth: '1977-08-31',
      expiration_date: '2028-08-31',
      sex: 'M',
      personal_number: null,
    });
  });

  it('reads Canadian dates as CCYYMMDD and tells the country from the province', () => {
    const text = aamvaPayload({
      iin: '636012',
      elements: { DAJ: 'ON', DCG: undefined, DBB: '19850214', DBA: '20300214', DBC: '2' },
    });
    const fields = aamvaToMrzFields(parseAamva(text)!);
    expect(fields).toMatchObject({
      issuing_country: 'CAN',
      date_of_birth: '1985-02-14',
      expiration_date: '2030-02-14',
      sex: 'F',
    });
  });

  it('takes the country from the IIN when neither DCG nor DAJ says', () => {
    const text = aamvaPayload({
      iin: '604428',
      elements: { DAJ: undefined, DCG: undefined, DBB: '19900101' },
    });
    expect(parseAamva(text)!.country).toBe('CAN');
  });

  it('handles an ID card subfile, version-3 DCT given names and sex 9', () => {
    const text = aamvaPayload({
      version: 3,
      subfile: 'ID',
      elements: { DAC: undefined, DAD: undefined, DCT: 'MARY,ANN', DBC: '9' },
    });
    const fields = aamvaToMrzFields(parseAamva(text)!);
    expect(fields).toMatchObject({ document_type: 'NATIONAL_ID', given_names: 'MARY ANN', sex: 'X' });
  });

  it('handles AAMVA 2000 files: DAA full name, CCYYMMDD dates', () => {
    const body = 'DLDAQ99887766\nDAALEE,ANNA,MAE\nDBB19700315\nDBA20250315\nDBCF\nDAJNY\r';
    const header = '@\n\x1e\rANSI 6360010101DL00310055';
    const record = parseAamva(header + body)!;
    expect(record.header.version).toBe(1);
    expect(aamvaToMrzFields(record)).toMatchObject({
      family_name: 'LEE',
      given_names: 'ANNA MAE',
      date_of_birth: '1970-03-15',
      expiration_date: '2025-03-15',
      sex: 'F',
      issuing_country: 'USA',
      document_number: '99887766',
    });
  });

  it('falls back to the first DL subfile when the header offsets are wrong', () => {
    const text = aamvaPayload({ version: 8, offsetShift: 7 });
    const record = parseAamva(text)!;
    expect(record.elements.DCS).toBe('SAMPLE');
    expect(record.documentSubfile).toBe('DL');
  });

  it('returns null for text that is not an AAMVA payload', () => {
    expect(parseAamva('hello')).toBeNull();
    expect(parseAamva('@\n\x1e\rXXXX')).toBeNull();
    expect(parseAamva('')).toBeNull();
    expect(parseAamva('@\n\x1e\rANSI 636014090102DL00410278ZC03190024')).toBeNull();
  });

  it('normalises dates and refuses impossible ones', () => {
    expect(aamvaDateToIso('02292024', 'USA')).toBe('2024-02-29');
    expect(aamvaDateToIso('02302024', 'USA')).toBeNull();
    expect(aamvaDateToIso('20240229', 'CAN')).toBe('2024-02-29');
    // A US file written year-first (some issuers do) still parses.
    expect(aamvaDateToIso('19991231', 'USA')).toBe('1999-12-31');
    expect(aamvaDateToIso('1231', 'USA')).toBeNull();
    expect(aamvaDateToIso(undefined, 'USA')).toBeNull();
  });
});
