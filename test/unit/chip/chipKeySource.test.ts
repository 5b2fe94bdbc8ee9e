// The chip's access key in main: where it comes from (a scanner's MRZ, then the MRZ the service
// read from the uploaded page, then what staff typed), the check digits recomputed for a typed
// MRZ or three fields, the service's answer carrying only the three fields, and the page's key
// forgotten with the session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkKey, checkTypedLines, chooseChipKey, keyFromAnswer } from '../../../electron/services/chip/chipKey';
import { createChipFeature } from '../../../electron/services/chip/chipFeature';
import { mrzAccessKeyOf } from '../../../idv/api/mrzAccessKey';
import { parseMrz } from '../../../vision/mrz/mrzParser';
import { silentLogger } from '../../../platform/logger';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { MemoryCardSource } from '../../support/chip/memoryCardSource';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc } from '../../support/chip/testPki';
import { SPECIMEN_TD1, SPECIMEN_TD1_LONG, SPECIMEN_TD2, SPECIMEN_TD2_LONG, SPECIMEN_TYPED_KEY } from '../renderer/chipKeyFixtures';

const SPECIMEN_KEY = { documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' };
const OTHER_KEY = { documentNumber: 'X12345678', dateOfBirth: '800101', dateOfExpiry: '300101' };
const OTHER_MRZ = ['P<UTOOTHER<<PERSON<<<<<<<<<<<<<<<<<<<<<<<<<<', 'X123456785UTO8001014F3001019<<<<<<<<<<<<<<02'];

describe('the chip key source order', () => {
  it('what staff typed comes first; then a scanner MRZ, then the page read by the service', () => {
    expect(chooseChipKey({ scanner: SPECIMEN_MRZ, image: OTHER_KEY, typed: OTHER_KEY })).toEqual({ source: 'typed', key: OTHER_KEY });
    expect(chooseChipKey({ scanner: SPECIMEN_MRZ, image: OTHER_KEY, typed: null })).toEqual({ source: 'scanner', key: SPECIMEN_MRZ });
    expect(chooseChipKey({ scanner: null, image: SPECIMEN_KEY, typed: null })).toEqual({ source: 'image', key: SPECIMEN_KEY });
    expect(chooseChipKey({ scanner: null, image: null, typed: null })).toBeNull();
  });
});

describe('a typed MRZ is checked with its check digits', () => {
  it('typed lines: the key when the check digits match, which one is wrong when not', () => {
    expect(checkTypedLines(SPECIMEN_MRZ)).toEqual({ ok: true, key: SPECIMEN_KEY });
    expect(checkTypedLines(OTHER_MRZ)).toEqual({ ok: true, key: OTHER_KEY });
    const wrongDoc = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('L898902C36', 'L898902C35')];
    expect(checkTypedLines(wrongDoc)).toEqual({ ok: false, message: 'the check digit of the document number does not match: check what was typed' });
    const wrongBirth = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122', '7408123')];
    expect(checkTypedLines(wrongBirth)).toEqual({ ok: false, message: 'the check digit of the date of birth does not match: check what was typed' });
    const wrongExpiry = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('1204159', '1204158')];
    expect(checkTypedLines(wrongExpiry)).toEqual({ ok: false, message: 'the check digit of the date of expiry does not match: check what was typed' });
    expect(checkTypedLines(['P<UTO', 'L898'])).toEqual({ ok: false, message: 'MRZ lines of lengths 5/4 are not TD1 (3×30), TD2 (2×36) or TD3 (2×44)' });
  });

  it('ID cards: TD1 and TD2, with a document number longer than nine characters in the optional data', () => {
    expect(checkTypedLines(SPECIMEN_TD1)).toEqual({ ok: true, key: { documentNumber: 'D23145890', dateOfBirth: '740812', dateOfExpiry: '120415' } });
    const td1Long = SPECIMEN_TD1_LONG;
    expect(checkTypedLines(td1Long)).toEqual({ ok: true, key: { documentNumber: 'D23145890AB12', dateOfBirth: '740812', dateOfExpiry: '120415' } });
    expect(checkTypedLines([td1Long[0].replace('AB125', 'AB135'), td1Long[1], td1Long[2]])).toEqual({
      ok: false,
      message: 'the check digit of the document number does not match: check what was typed',
    });
    expect(checkTypedLines(SPECIMEN_TD2)).toEqual({ ok: true, key: { documentNumber: 'D23145890', dateOfBirth: '740812', dateOfExpiry: '120415' } });
    expect(checkTypedLines(SPECIMEN_TD2_LONG)).toEqual({ ok: true, key: { documentNumber: 'D23145890AB12', dateOfBirth: '740812', dateOfExpiry: '120415' } });
  });

  it('the three fields typed with their check digits', () => {
    const typed = {
      documentNumber: 'l898902c3',
      documentNumberCheckDigit: '6',
      dateOfBirth: '740812',
      dateOfBirthCheckDigit: '2',
      dateOfExpiry: '120415',
      dateOfExpiryCheckDigit: '9',
    };
    expect(checkKey(typed)).toEqual({ ok: true, key: SPECIMEN_KEY });
    expect(checkKey({ ...typed, dateOfExpiryCheckDigit: '1' })).toEqual({ ok: false, message: 'the check digit of the date of expiry does not match: check what was typed' });
    expect(checkKey({ ...typed, dateOfBirth: '74-08-12' })).toEqual({ ok: false, message: 'the date of birth must be six digits, YYMMDD' });
    expect(checkKey({ ...typed, documentNumber: 'L89 8902' })).toEqual({ ok: false, message: 'the document number holds only A-Z and 0-9' });
  });
});

describe('the key the service read from the page', () => {
  it('carries the three fields and their check digits only, and main takes it only when they match', () => {
    const reading = parseMrz(SPECIMEN_MRZ, { now: new Date('2010-01-01T00:00:00Z') });
    const answer = mrzAccessKeyOf(reading);
    expect(answer).toEqual({
      document_number: 'L898902C3',
      document_number_check_digit: '6',
      date_of_birth: '740812',
      date_of_birth_check_digit: '2',
      date_of_expiry: '120415',
      date_of_expiry_check_digit: '9',
    });
    expect(keyFromAnswer(answer)).toEqual(SPECIMEN_KEY);
    expect(keyFromAnswer({ ...answer, date_of_birth_check_digit: '3' })).toBeNull();
    expect(keyFromAnswer({ document_number: 'L898902C3' })).toBeNull();
    expect(keyFromAnswer(undefined)).toBeNull();
    // A page whose birth date failed its check digit gives no key.
    const misread = parseMrz([SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122', '7408123')], { now: new Date('2010-01-01T00:00:00Z') });
    expect(misread?.invalid_fields).toContain('date_of_birth');
    expect(mrzAccessKeyOf(misread)).toBeNull();
  });
});

describe('the chip feature keyed from the page', () => {
  const handle = 'h_0123456789abcdef';
  let passport: Passport;
  beforeAll(async () => {
    passport = await createPassport(await createDsc(await createCsca()));
  });
  function feature() {
    const source = new MemoryCardSource();
    source.addReader('R1');
    source.insert('R1', new SoftwareChip(passport.chip));
    return createChipFeature({
      settings: { enabled: true, cscaDir: null, reader: null },
      source,
      dataDir: mkdtempSync(path.join(tmpdir(), 'chipkey-')),
      logger: silentLogger,
      onReaders: () => undefined,
      onProgress: () => undefined,
    });
  }

  it('with no scanner, the page key opens the chip; it is forgotten with the session', async () => {
    const f = feature();
    f.rememberImageKey(handle, SPECIMEN_KEY);
    const out = await f.handlers.readChip({ handle });
    expect(out.ok && out.summary.mrzMatches).toBe(true);
    f.forget(handle);
    expect(await f.handlers.readChip({ handle })).toEqual({ ok: false, error: 'NO_MRZ', message: 'no MRZ is known for this document: scan it or type it' });
  });

  it('the scanner beats the page; what staff typed beats both (they type when the known key did not open the chip)', async () => {
    const f = feature();
    f.rememberImageKey(handle, OTHER_KEY);
    f.rememberScannerMrz(SPECIMEN_MRZ);
    expect((await f.handlers.readChip({ handle })).ok).toBe(true);
    const g = feature();
    g.rememberImageKey(handle, SPECIMEN_KEY);
    expect(await g.handlers.readChip({ handle, mrzLines: OTHER_MRZ })).toEqual({ ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' });
    const h = feature();
    h.rememberImageKey(handle, OTHER_KEY);
    expect(await h.handlers.readChip({ handle })).toEqual({ ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' });
    const typed = await h.handlers.readChip({ handle, mrzLines: SPECIMEN_MRZ });
    expect(typed.ok && typed.summary.mrzMatches).toBe(true);
  });

  it('the three key fields typed open the chip; a wrong check digit among them is refused in words', async () => {
    const f = feature();
    f.rememberScannerMrz(OTHER_MRZ);
    const key = SPECIMEN_TYPED_KEY;
    expect(await f.handlers.readChip({ handle, mrzKey: { ...key, documentNumberCheckDigit: '5' } })).toEqual({
      ok: false,
      error: 'NO_MRZ',
      message: 'the MRZ typed is not right: the check digit of the document number does not match: check what was typed',
    });
    const out = await f.handlers.readChip({ handle, mrzKey: key });
    expect(out.ok && out.summary.mrzMatches).toBe(true);
  });

  it('a typed MRZ with a wrong check digit is refused in words, before the chip', async () => {
    const f = feature();
    const wrong = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122', '7408123')];
    expect(await f.handlers.readChip({ handle, mrzLines: wrong })).toEqual({
      ok: false,
      error: 'NO_MRZ',
      message: 'the MRZ typed is not right: the check digit of the date of birth does not match: check what was typed',
    });
  });
});
