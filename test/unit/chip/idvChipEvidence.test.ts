// The IDV service's side of the chip: the chip resource body, the authenticity sub-checks it
// computes (passive authentication against its own store, DG1 against the printed MRZ, CA/AA as
// reported), and the DG2 portrait decoded (JPEG and JPEG 2000) for the face match.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { chipResourceBody, parseChipResource, type ChipData } from '../../../idv/chip/chipResource';
import { chipSubChecks } from '../../../idv/chip/chipChecks';
import { decodePortrait, j2kCodestream } from '../../../idv/chip/chipPortrait';
import { addCertificate, emptyStore, type CscaStore } from '../../../chip/pa/cscaStore';
import { readPassport } from '../../../chip/read/readPassport';
import { parseMrz } from '../../../vision/mrz/mrzParser';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { createPassport, dg1, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc, type Issued } from '../../support/chip/testPki';

const now = new Date('2011-06-01T00:00:00Z');
const imageMrz = parseMrz(SPECIMEN_MRZ, { now });
let dsc: Issued;
let store: CscaStore;
let good: Passport;

async function chipData(p: Passport, patch: Partial<ChipData> = {}): Promise<ChipData> {
  const r = await readPassport(new SoftwareChip(p.chip), { key: p.key });
  return { ...parseChipResource(JSON.parse(JSON.stringify(chipResourceBody(r)))), ...patch };
}

beforeAll(async () => {
  const csca = await createCsca('C=UT, O=Utopia, CN=Utopia CSCA', { notBefore: new Date('2005-01-01'), notAfter: new Date('2030-01-01') });
  dsc = await createDsc(csca, { notBefore: new Date('2010-01-01'), notAfter: new Date('2025-01-01') });
  store = emptyStore();
  addCertificate(store, csca.der, 'csca.cer');
  good = await createPassport(dsc);
});

const byName = (r: ReturnType<typeof chipSubChecks>) => Object.fromEntries(r.breakdown.map((b) => [b.sub_check, b.result]));

describe('chip sub-checks of the authenticity check', () => {
  it('passes a genuine chip that matches the printed MRZ', async () => {
    const r = chipSubChecks({ chip: await chipData(good), imageMrz, scannerMrz: null, store, now });
    expect(byName(r)).toEqual({ chip_passive_authentication: 'PASS', chip_data_mrz_comparison: 'PASS', chip_authentication: 'PASS' });
    expect(r.reject).toBeNull();
    expect(r.notAvailable).toBeNull();
    expect(r.portrait?.format).toBe('JPEG');
  });

  it('rejects a tampered data group (CHIP_DATA_INVALID)', async () => {
    const p = await createPassport(dsc, { tamper: (d) => d.set(1, dg1([SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122F', '7408122M')])) });
    const r = chipSubChecks({ chip: await chipData(p), imageMrz, scannerMrz: null, store, now });
    expect(byName(r).chip_passive_authentication).toBe('FAIL');
    expect(r.reject).toBe('CHIP_DATA_INVALID');
  });

  it('rejects a chip whose DG1 is another person than the printed MRZ (CHIP_DATA_MISMATCH)', async () => {
    const other = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    const printed = parseMrz(['P<UTOSMITH<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<', other[1]], { now });
    const r = chipSubChecks({ chip: await chipData(good), imageMrz: printed, scannerMrz: null, store, now });
    expect(r.breakdown.find((b) => b.sub_check === 'chip_data_mrz_comparison')?.details).toEqual([
      { name: 'compared_with', value: 'IMAGE_MRZ' },
      { name: 'differing_fields', value: 'family_name,given_names' },
    ]);
    expect(r.reject).toBe('CHIP_DATA_MISMATCH');
  });

  it('says NOT_AVAILABLE, not REJECT, when the service has no CSCA for the issuer', async () => {
    const r = chipSubChecks({ chip: await chipData(good), imageMrz, scannerMrz: null, store: emptyStore(), now });
    expect(r.reject).toBeNull();
    expect(r.notAvailable).toBe('the chip\'s signature could not be verified: no CSCA for "C=UT, O=Utopia, CN=Utopia CSCA" in the store');
  });

  it('rejects as a clone when the reader says chip authentication failed', async () => {
    const chip = await chipData(good, { chipAuthentication: { status: 'FAILED', detail: 'the chip did not continue under the chip authentication keys' } });
    const r = chipSubChecks({ chip, imageMrz, scannerMrz: null, store, now });
    expect(byName(r).chip_authentication).toBe('FAIL');
    expect(r.reject).toBe('CHIP_CLONED');
  });

  it('refuses a malformed chip body in words', () => {
    expect(() => parseChipResource({ access: 'BAC', sod: '%%', data_groups: {}, chip_authentication: { status: 'PASSED', detail: '' }, active_authentication: { status: 'PASSED', detail: '' } })).toThrow(
      'chip data: sod must be base64',
    );
    expect(() => parseChipResource({ access: 'BAC', sod: '', data_groups: { '2': '' }, chip_authentication: { status: 'PASSED', detail: '' }, active_authentication: { status: 'PASSED', detail: '' } })).toThrow(
      'chip data: data_groups DG1 is required',
    );
  });
});

describe('DG2 portrait decoding', () => {
  it('decodes a JPEG portrait', async () => {
    const portrait = chipSubChecks({ chip: await chipData(good), imageMrz, scannerMrz: null, store, now }).portrait;
    if (!portrait) throw new Error('no DG2 portrait');
    const d = await decodePortrait(portrait);
    expect([d.width, d.height, d.rgb.length]).toEqual([320, 400, 320 * 400 * 3]);
  });

  it('decodes a JPEG 2000 portrait, as a codestream and inside a JP2 file', async () => {
    const oj = await (createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg') as (o: object) => Promise<{
      J2KEncoder: new () => { getDecodedBuffer(f: object): Uint8Array; setDecompositions(n: number): void; encode(): void; getEncodedBuffer(): Uint8Array };
    }>)({ print: () => undefined, printErr: () => undefined });
    const enc = new oj.J2KEncoder();
    const raw = enc.getDecodedBuffer({ width: 64, height: 48, bitsPerSample: 8, componentCount: 3, isSigned: false, isUsingColorTransform: false });
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 256;
    enc.setDecompositions(2);
    enc.encode();
    const j2k = Buffer.from(enc.getEncodedBuffer());
    const box = (type: string, body: Buffer) => Buffer.concat([Buffer.from([0, 0, (body.length + 8) >> 8, (body.length + 8) & 0xff]), Buffer.from(type, 'latin1'), body]);
    const jp2 = Buffer.concat([Buffer.from('0000000c6a5020200d0a870a', 'hex'), box('ftyp', Buffer.from('jp2 \0\0\0\0jp2 ', 'latin1')), box('jp2c', j2k)]);
    expect(j2kCodestream(jp2).equals(j2k)).toBe(true);
    for (const image of [j2k, jp2]) {
      const d = await decodePortrait({ format: 'JPEG2000', image });
      expect([d.width, d.height]).toEqual([64, 48]);
      // Lossless by default: the pixels come back as they went in.
      expect(d.rgb.equals(Buffer.from(raw))).toBe(true);
    }
    const jpeg = await sharp((await decodePortrait({ format: 'JPEG2000', image: j2k })).jpeg).metadata();
    expect(jpeg.format).toBe('jpeg');
    // And end to end: a chip whose DG2 holds the JP2 portrait, read and decoded.
    const p = await createPassport(dsc, { portrait: { image: jp2, width: 64, height: 48, format: 'JPEG2000' } });
    const r = await readPassport(new SoftwareChip(p.chip), { key: p.key });
    expect(r.portrait?.format).toBe('JPEG2000');
    const fromChip = await decodePortrait(r.portrait as NonNullable<typeof r.portrait>);
    expect(fromChip.rgb.equals(Buffer.from(raw))).toBe(true);
  });

  it('gives an error in words for a portrait that does not decode', async () => {
    await expect(decodePortrait({ format: 'JPEG2000', image: Buffer.from('not a picture') })).rejects.toThrow('the JPEG 2000 portrait is neither a JP2 file nor a codestream');
    await expect(decodePortrait({ format: 'JPEG', image: Buffer.from('ffd8ffe000', 'hex') })).rejects.toThrow(/^the JPEG portrait does not decode/);
  });
});
