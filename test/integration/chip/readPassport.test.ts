// The whole read against the software ePassport in process: access control, files, CA, AA and
// passive authentication with the generated test PKI, and each bad input the issue lists.
import { beforeAll, describe, expect, it } from 'vitest';
import { readPassport } from '../../../chip/read/readPassport';
import { addCertificate, emptyStore, type CscaStore } from '../../../chip/pa/cscaStore';
import { ChipError } from '../../../chip/errors';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { createPassport, dg1, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc, type Issued } from '../../support/chip/testPki';

let csca: Issued;
let dsc: Issued;
let good: Passport;
let store: CscaStore;

beforeAll(async () => {
  csca = await createCsca();
  dsc = await createDsc(csca);
  good = await createPassport(dsc);
  store = emptyStore();
  addCertificate(store, csca.der, 'utopia-csca.cer');
});

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof ChipError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return 'no error';
}

describe('reading the software ePassport', () => {
  it('opens it with PACE, reads EF.COM, DG1, DG2, DG14, DG15 and EF.SOD, and every check passes', async () => {
    const chip = new SoftwareChip(good.chip);
    const r = await readPassport(chip, { key: good.key, store });
    expect(r.access.protocol).toBe('PACE');
    expect(r.dataGroupsRead).toEqual([1, 2, 14, 15]);
    expect(r.mrz.lines).toEqual(SPECIMEN_MRZ);
    expect(r.mrz.fields?.document_number).toBe('L898902C3');
    expect(r.mrz.fields?.family_name).toBe('ERIKSSON');
    expect(r.portrait?.format).toBe('JPEG');
    expect(r.portrait?.image.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(r.passiveAuthentication.status).toBe('PASSED');
    expect(r.passiveAuthentication.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'SOD_SIGNATURE:PASSED',
      'DATA_GROUP_HASHES:PASSED',
      'DSC_CHAIN:PASSED',
      'DSC_REVOCATION:SKIPPED',
    ]);
    expect(r.chipAuthentication.status).toBe('PASSED');
    expect(r.activeAuthentication).toEqual({ status: 'PASSED', detail: 'ISO 9796-2 signature with SHA1' });
    expect(r.chunk).toBe(0xdf);
  });

  it('falls back to BAC on a chip without EF.CardAccess', async () => {
    const p = await createPassport(dsc, { pace: false });
    const r = await readPassport(new SoftwareChip(p.chip), { key: p.key, store });
    expect(r.access.protocol).toBe('BAC');
    expect(r.passiveAuthentication.status).toBe('PASSED');
  });

  it('uses extended length reads when EF.ATR/INFO allows them', async () => {
    const p = await createPassport(dsc, { extendedLength: true });
    const chip = new SoftwareChip(p.chip);
    const r = await readPassport(chip, { key: p.key, store });
    expect(r.chunk).toBe(0x1000 - 48);
    const reads = chip.log.filter((c) => c.ins === 0xb0);
    expect(Math.max(...reads.map((c) => c.le ?? 0))).toBe(0x1000 - 48);
    expect(r.passiveAuthentication.status).toBe('PASSED');
  });

  it('says "this MRZ does not open this chip" for a wrong MRZ key, with PACE and with BAC', async () => {
    const wrong = { ...good.key, dateOfBirth: '740813' };
    expect(await errorOf(readPassport(new SoftwareChip(good.chip), { key: wrong }))).toBe('ACCESS_DENIED: this MRZ does not open this chip');
    const bacOnly = await createPassport(dsc, { pace: false });
    expect(await errorOf(readPassport(new SoftwareChip(bacOnly.chip), { key: wrong }))).toBe('ACCESS_DENIED: this MRZ does not open this chip');
  });

  it('reports a card removed mid-read as CARD_REMOVED', async () => {
    const chip = new SoftwareChip(good.chip);
    chip.removeAfter = 20;
    expect(await errorOf(readPassport(chip, { key: good.key, store }))).toBe('CARD_REMOVED: the card was removed');
  });
});

describe('passive authentication outcomes', () => {
  it('fails a tampered data group', async () => {
    const p = await createPassport(dsc, {
      tamper: (dgs) => dgs.set(1, dg1([SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122F', '7408122M')])),
    });
    const r = await readPassport(new SoftwareChip(p.chip), { key: p.key, store });
    expect(r.passiveAuthentication.status).toBe('FAILED');
    expect(r.passiveAuthentication.steps[1]).toEqual({ name: 'DATA_GROUP_HASHES', status: 'FAILED', detail: 'DG1 does not match its hash in the SOD' });
    expect(r.passiveAuthentication.dataGroups.find((d) => d.number === 1)?.status).toBe('FAILED');
  });

  it('is NOT_VERIFIED, not FAILED, when the store has no CSCA for the issuer', async () => {
    const r = await readPassport(new SoftwareChip(good.chip), { key: good.key, store: emptyStore() });
    expect(r.passiveAuthentication.status).toBe('NOT_VERIFIED');
    expect(r.passiveAuthentication.steps[2]).toEqual({ name: 'DSC_CHAIN', status: 'NOT_VERIFIED', detail: 'no CSCA for "C=UT, O=Utopia, CN=Utopia CSCA" in the store' });
  });

  it('is NOT_VERIFIED when the store holds a different CSCA under the same name (another key)', async () => {
    const impostor = await createCsca();
    const other = emptyStore();
    addCertificate(other, impostor.der, 'impostor.cer');
    const r = await readPassport(new SoftwareChip(good.chip), { key: good.key, store: other });
    expect(r.passiveAuthentication.status).toBe('NOT_VERIFIED');
    expect(r.passiveAuthentication.csca).toBeNull();
  });

  it('fails a document signer certificate that names the CSCA but was not signed by it', async () => {
    const impostor = await createCsca();
    const forged = await createDsc(csca, { forgeWith: impostor.keys.privateKey });
    const p = await createPassport(forged);
    const r = await readPassport(new SoftwareChip(p.chip), { key: p.key, store });
    expect(r.passiveAuthentication.status).toBe('FAILED');
    expect(r.passiveAuthentication.steps[2]).toEqual({
      name: 'DSC_CHAIN',
      status: 'FAILED',
      detail: 'the document signer certificate is not signed by the CSCA "C=UT, O=Utopia, CN=Utopia CSCA"',
    });
  });

  it('fails an expired document signer certificate', async () => {
    const old = await createDsc(csca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const p = await createPassport(old);
    const r = await readPassport(new SoftwareChip(p.chip), { key: p.key, store });
    expect(r.passiveAuthentication.status).toBe('FAILED');
    expect(r.passiveAuthentication.steps[2]).toEqual({ name: 'DSC_CHAIN', status: 'FAILED', detail: 'the document signer certificate expired on 2021-01-01T00:00:00.000Z' });
  });
});
