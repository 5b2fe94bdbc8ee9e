// The CSCA store (certificates, PEM, master lists, CRLs) and passive authentication on SODs the
// test PKI signs, including malformed certificates, SODs and data groups: each gives an error in
// words and never a crash.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCscaStore, emptyStore, addCertificate } from '../../../chip/pa/cscaStore';
import { passiveAuthentication } from '../../../chip/pa/passiveAuthentication';
import { parseDg2 } from '../../../chip/lds/dg2';
import { parseDg14 } from '../../../chip/lds/dg14';
import { parseDg1 } from '../../../chip/lds/dg1';
import { parseSod } from '../../../chip/lds/sod';
import { ChipError } from '../../../chip/errors';
import { encodeTlv } from '../../../chip/tlv';
import { createCrl, createCsca, createDsc, createMasterList, createSod, type Issued } from '../../support/chip/testPki';
import { dg1, SPECIMEN_MRZ } from '../../support/chip/passportData';

let csca: Issued;
let dsc: Issued;
let otherCsca: Issued;
let dir: string;
const dgs = new Map([[1, dg1(SPECIMEN_MRZ)]]);
let sod: Buffer;

beforeAll(async () => {
  csca = await createCsca();
  otherCsca = await createCsca('C=XX, O=Elsewhere, CN=Elsewhere CSCA');
  dsc = await createDsc(csca);
  sod = await createSod(dsc, dgs);
  dir = mkdtempSync(path.join(tmpdir(), 'csca-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const d = path.join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d);
  return d;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof ChipError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return 'no error';
}

describe('CSCA store', () => {
  it('imports a signed ICAO master list and chains the DSC through it', async () => {
    const d = fresh('ml');
    writeFileSync(path.join(d, 'icao.ml'), await createMasterList([otherCsca, csca], csca));
    const store = loadCscaStore(d);
    expect(store.files).toEqual([{ file: 'icao.ml', kind: 'master-list', loaded: 2 }]);
    const r = passiveAuthentication({ sod, dataGroups: dgs, store });
    expect(r.status).toBe('PASSED');
    expect(r.csca?.source).toBe('icao.ml');
  });

  it('refuses a master list whose signature does not verify, and keeps the other files', async () => {
    const d = fresh('badml');
    const ml = await createMasterList([csca], csca);
    // Flip a byte inside the certificate list (the signed content).
    const i = ml.indexOf(Buffer.from(csca.der.subarray(40, 56)));
    ml[i] ^= 0x01;
    writeFileSync(path.join(d, 'broken.ml'), ml);
    writeFileSync(path.join(d, 'other.pem'), otherCsca.cert.toString('pem'));
    const store = loadCscaStore(d);
    expect(store.files[0].file).toBe('broken.ml');
    expect(store.files[0].loaded).toBe(0);
    expect(store.files[0].error).toBe('the master list signature does not verify: the messageDigest attribute is not the hash of the content');
    expect(store.files[1]).toEqual({ file: 'other.pem', kind: 'certificate', loaded: 1 });
  });

  it('reports a malformed certificate file without crashing', () => {
    const d = fresh('junk');
    writeFileSync(path.join(d, 'junk.cer'), Buffer.from('30820102020100', 'hex'));
    writeFileSync(path.join(d, 'good.cer'), csca.der);
    const store = loadCscaStore(d);
    expect(store.files.map((f) => [f.file, f.loaded, typeof f.error])).toEqual([
      ['good.cer', 1, 'undefined'],
      ['junk.cer', 0, 'string'],
    ]);
    expect(store.cscas).toHaveLength(1);
  });

  it('fails a DSC revoked by the CSCA CRL, and passes one not on it', async () => {
    const d = fresh('crl');
    writeFileSync(path.join(d, 'csca.cer'), csca.der);
    writeFileSync(path.join(d, 'utopia.crl'), await createCrl(csca, [dsc.cert.serialNumber]));
    const revoked = passiveAuthentication({ sod, dataGroups: dgs, store: loadCscaStore(d) });
    expect(revoked.status).toBe('FAILED');
    expect(revoked.steps[3].name).toBe('DSC_REVOCATION');
    expect(revoked.steps[3].detail).toMatch(/^the document signer certificate is revoked \(utopia\.crl, /);
    writeFileSync(path.join(d, 'utopia.crl'), await createCrl(csca, ['7fff']));
    const ok = passiveAuthentication({ sod, dataGroups: dgs, store: loadCscaStore(d) });
    expect(ok.steps[3]).toEqual({ name: 'DSC_REVOCATION', status: 'PASSED', detail: "not on the CSCA's CRL (utopia.crl)" });
    expect(ok.status).toBe('PASSED');
  });
});

describe('malformed chip data', () => {
  const store = emptyStore();
  beforeAll(() => addCertificate(store, csca.der, 'csca.cer'));

  it('fails PA with words for an SOD that is not ASN.1', () => {
    const r = passiveAuthentication({ sod: encodeTlv(0x77, Buffer.from('not a signature')), dataGroups: dgs, store });
    expect(r.status).toBe('FAILED');
    expect(r.steps[0].detail).toMatch(/^EF\.SOD is not valid ASN\.1 DER: /);
  });

  it('fails PA for a SOD whose CMS structure is wrong', () => {
    const r = passiveAuthentication({ sod: encodeTlv(0x77, Buffer.from('3003020101', 'hex')), dataGroups: dgs, store });
    expect(r.status).toBe('FAILED');
    expect(r.steps[0].detail).toMatch(/^EF\.SOD is not a CMS SignedData: /);
  });

  it('fails the SOD signature when the signed content was altered', () => {
    const bad = Buffer.from(sod);
    const hash = bad.indexOf(Buffer.from('0420', 'hex'), 60) + 2; // first data group hash value
    bad[hash] ^= 0xff;
    const r = passiveAuthentication({ sod: bad, dataGroups: dgs, store });
    expect(r.steps[0]).toEqual({ name: 'SOD_SIGNATURE', status: 'FAILED', detail: 'the messageDigest attribute is not the hash of the content' });
    expect(r.status).toBe('FAILED');
  });

  it('gives typed errors for malformed data groups', () => {
    expect(codeOf(() => parseSod(Buffer.from('7703010203', 'hex')))).toMatch(/^ASN1_MALFORMED: EF\.SOD is not valid ASN\.1 DER/);
    expect(codeOf(() => parseDg2(encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Buffer.from([1]))))))).toBe(
      'TLV_MALFORMED: malformed TLV: DG2 biometric information template (tag 7f60) is missing',
    );
    expect(codeOf(() => parseDg2(Buffer.from('7582ffff00', 'hex')))).toBe('TLV_MALFORMED: malformed TLV: tag 75 says 65535 bytes but only 1 remain');
    expect(codeOf(() => parseDg14(encodeTlv(0x6e, Buffer.from('3103020101', 'hex'))))).toBe('ASN1_MALFORMED: DG14: a SecurityInfo is not a SEQUENCE or SET');
    expect(codeOf(() => parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from('P<UTO')))))).toBe(
      'TLV_MALFORMED: DG1 holds 5 characters that are not an MRZ (TD1 90, TD2 72, TD3 88)',
    );
  });
});
