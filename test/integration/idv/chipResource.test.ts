// The chip resource through the client API and the yoti SDK: a kiosk's chip read (the software
// ePassport signed by the tests' own PKI, read with chip/read/readPassport) is PUT as the
// document's chip data; at submit the authenticity check gains the chip sub-checks computed
// against the service's CSCA store, the fields come from DG1 and face match uses DG2's portrait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  OrthogonalRestrictionsFilterBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  RequiredIdDocumentBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { addCertificate, emptyStore, type CscaStore } from '../../../chip/pa/cscaStore';
import { readPassport } from '../../../chip/read/readPassport';
import { chipAwarePipeline } from '../../../idv/chip/chipPipeline';
import { chipResourceBody } from '../../../idv/chip/chipResource';
import { encodeJpeg } from '../../../idv/pipeline/documentPortrait';
import { documentPortrait } from '../../../vision/faces/documentPortrait';
import { createNodeVision } from '../../../vision/node';
import type { VisionPort } from '../../../vision/contract';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { createPassport, dg1, SPECIMEN_MRZ, type Passport, type PassportOptions } from '../../support/chip/passportData';
import { createCsca, createDsc, type Issued } from '../../support/chip/testPki';
import { call, clientApi, fixture, startHarness, waitForState, type Harness } from './support';

let csca: Issued;
let dsc: Issued;
let trusted: CscaStore;

beforeAll(async () => {
  csca = await createCsca('C=UT, O=Utopia, CN=Utopia CSCA', { notBefore: new Date('2020-01-01'), notAfter: new Date('2045-01-01') });
  dsc = await createDsc(csca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01') });
  trusted = emptyStore();
  addCertificate(trusted, csca.der, 'csca.cer');
}, 60_000);

/** What the kiosk sends after reading this passport's chip. */
async function chipBody(options: PassportOptions = {}): Promise<ReturnType<typeof chipResourceBody>> {
  const p: Passport = await createPassport(dsc, options);
  return chipResourceBody(await readPassport(new SoftwareChip(p.chip), { key: p.key }));
}

// The specimen expired in 2012: the filter keeps expiry from deciding the authenticity outcome.
function specification(withFaceMatch: boolean, chipData: 'DESIRED' | 'IGNORE' = 'DESIRED') {
  const task = new RequestedTextExtractionTaskBuilder().withManualCheckNever();
  if (chipData === 'IGNORE') task.withChipDataIgnore();
  else task.withChipDataDesired();
  const b = new SessionSpecificationBuilder()
    .withClientSessionTokenTtl(600)
    .withResourcesTtl(90_000)
    .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
    .withRequestedTask(task.build())
    .withRequiredDocument(
      new RequiredIdDocumentBuilder()
        .withFilter(new OrthogonalRestrictionsFilterBuilder().withAllowExpiredDocuments(true).build())
        .build(),
    );
  if (withFaceMatch) b.withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckNever().build());
  return b.build();
}

async function openSession(h: Harness, withFaceMatch = false, chipData: 'DESIRED' | 'IGNORE' = 'DESIRED') {
  const created = await h.idv.createSession(specification(withFaceMatch, chipData));
  const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
  const doc = await api.createDocument('UTO', 'PASSPORT');
  const docId = String(doc.json.resource_id);
  const putChip = (body: unknown) =>
    call(`${h.server.clientApiUrl}/sessions/${created.getSessionId()}/resources/id-documents/${docId}/chip`, {
      method: 'PUT',
      token: created.getClientSessionToken(),
      body,
    });
  return { sessionId: created.getSessionId(), api, docId, putChip };
}

function authenticityOf(session: Awaited<ReturnType<typeof waitForState>>) {
  const report = session
    .getChecks()
    .find((c) => c.getType() === 'ID_DOCUMENT_AUTHENTICITY')!
    .getReport();
  const sub = (name: string) => report.getBreakdown().find((b) => b.getSubCheck() === name);
  const detail = (name: string, d: string) =>
    sub(name)
      ?.getDetails()
      .find((x) => x.getName() === d)
      ?.getValue();
  return { recommendation: report.getRecommendation(), sub, detail };
}

describe('chip resource with image analysis', () => {
  let h: Harness;
  let vision: VisionPort;
  beforeAll(async () => {
    vision = await createNodeVision();
    h = await startHarness({ vision, pipeline: chipAwarePipeline(trusted) });
  }, 120_000);
  afterAll(async () => h?.close());

  it('a genuine chip: PA passes, the fields come from the chip, face match compares the chip portrait', async () => {
    // DG2 holds the specimen's own portrait (cut from the TD2 specimen page): the person's face.
    const page = await vision.decode(await fixture('passport-td2.jpg'));
    const crop = documentPortrait(page, await vision.detectFaces(page));
    if (!crop) throw new Error('no portrait on the TD2 specimen');
    const portrait = Buffer.from(await encodeJpeg(crop.image));
    const body = await chipBody({ portrait: { image: portrait, width: crop.image.width, height: crop.image.height } });

    const s = await openSession(h, true);
    await s.api.uploadPage(s.docId, 'front', await fixture('passport-td3.jpg'));
    const put = await s.putChip(body);
    expect([put.status, put.json]).toEqual([200, { resource_id: s.docId, data_groups: [1, 2, 14, 15] }]);
    const live = await s.api.createLiveness();
    await s.api.uploadFrame(String(live.json.resource_id), await fixture('passport-td2.jpg'));
    expect((await s.api.submit()).status).toBe(202);
    const session = await waitForState(h, s.sessionId, 'COMPLETED', 120_000);

    const a = authenticityOf(session);
    expect(a.sub('chip_passive_authentication')?.getResult()).toBe('PASS');
    expect(a.detail('chip_passive_authentication', 'status')).toBe('PASSED');
    expect(a.detail('chip_passive_authentication', 'csca')).toBe('C=UT, O=Utopia, CN=Utopia CSCA');
    expect(a.sub('chip_data_mrz_comparison')?.getResult()).toBe('PASS');
    expect(a.detail('chip_data_mrz_comparison', 'compared_with')).toBe('IMAGE_MRZ');
    expect(a.sub('chip_authentication')?.getResult()).toBe('PASS');
    expect(a.recommendation.getValue()).toBe('APPROVE');

    const doc = session.getResources().getIdDocuments()[0];
    const fields = (await h.idv.getMediaContent(s.sessionId, doc.getDocumentFields().getMedia().getId()))!.getContent();
    expect(JSON.parse(fields.toString('utf8'))).toMatchObject({
      extraction_source: 'CHIP',
      family_name: 'ERIKSSON',
      given_names: 'ANNA MARIA',
      document_number: 'L898902C3',
      date_of_birth: '1974-08-12',
    });

    const match = session
      .getChecks()
      .find((c) => c.getType() === 'ID_DOCUMENT_FACE_MATCH')!
      .getReport();
    const details = Object.fromEntries(match.getBreakdown()[0].getDetails().map((d) => [d.getName(), d.getValue()]));
    expect([details.portrait_source, details.portrait_format]).toEqual(['CHIP_PORTRAIT', 'JPEG']);
    expect(match.getRecommendation().getValue()).toBe('APPROVE');
    // The document id photo is the chip's portrait (its size, not a crop of the uploaded page).
    const photo = (await h.idv.getMediaContent(s.sessionId, doc.getDocumentIdPhoto().getMedia().getId()))!.getContent();
    const meta = await sharp(photo).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', crop.image.width, crop.image.height]);
  }, 180_000);
});

describe('chip resource: bad chips and bad bodies', () => {
  let h: Harness;
  let store: CscaStore = emptyStore();
  beforeAll(async () => {
    // No image analysis: the chip and the scanner's MRZ are the evidence.
    h = await startHarness({ pipeline: { ...chipAwarePipeline(emptyStore()), runPipeline: (i) => chipAwarePipeline(store).runPipeline(i) } });
  }, 60_000);
  afterAll(async () => h?.close());

  async function submitWith(body: unknown) {
    const s = await openSession(h);
    await s.api.uploadPage(s.docId, 'front', await fixture('passport-td3.jpg'));
    await s.api.putMrz(s.docId, SPECIMEN_MRZ);
    expect((await s.putChip(body)).status).toBe(200);
    expect((await s.api.submit()).status).toBe(202);
    return authenticityOf(await waitForState(h, s.sessionId, 'COMPLETED'));
  }

  it('a tampered data group: PA FAILED and the authenticity REJECT', async () => {
    store = trusted;
    const a = await submitWith(
      await chipBody({ tamper: (d) => d.set(1, dg1([SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122F', '7408122M')])) }),
    );
    expect(a.sub('chip_passive_authentication')?.getResult()).toBe('FAIL');
    expect(a.detail('chip_passive_authentication', 'status')).toBe('FAILED');
    expect([a.recommendation.getValue(), a.recommendation.getReason()]).toEqual(['REJECT', 'CHIP_DATA_INVALID']);
  }, 60_000);

  it('an unknown CSCA: PA NOT_VERIFIED, not failed, and no REJECT', async () => {
    store = emptyStore();
    const a = await submitWith(await chipBody());
    expect(a.detail('chip_passive_authentication', 'status')).toBe('NOT_VERIFIED');
    expect(a.detail('chip_passive_authentication', 'reason')).toBe('no CSCA for "C=UT, O=Utopia, CN=Utopia CSCA" in the store');
    expect(a.sub('chip_data_mrz_comparison')?.getResult()).toBe('PASS');
    expect(a.detail('chip_data_mrz_comparison', 'compared_with')).toBe('SCANNER_MRZ');
    expect(a.recommendation.getValue()).toBe('NOT_AVAILABLE');
  }, 60_000);

  it('chip data that passes the schema but does not parse: NOT_AVAILABLE with the reason', async () => {
    store = trusted;
    const good = await chipBody();
    const a = await submitWith({ ...good, sod: Buffer.from('not a SOD').toString('base64') });
    expect(a.sub('chip_data')?.getResult()).toBe('FAIL');
    const reason = a.detail('chip_data', 'reason');
    expect(reason).toBe('the chip data could not be used: malformed TLV: tag 6e says 111 bytes but only 7 remain');
    expect([a.recommendation.getValue(), a.recommendation.getReason()]).toEqual(['NOT_AVAILABLE', reason]);
  }, 60_000);

  it('chip_data IGNORE in the text extraction task: the fields come from the MRZ, the chip still checks', async () => {
    store = trusted;
    const s = await openSession(h, false, 'IGNORE');
    await s.api.uploadPage(s.docId, 'front', await fixture('passport-td3.jpg'));
    await s.api.putMrz(s.docId, SPECIMEN_MRZ);
    expect((await s.putChip(await chipBody())).status).toBe(200);
    expect((await s.api.submit()).status).toBe(202);
    const session = await waitForState(h, s.sessionId, 'COMPLETED');
    const doc = session.getResources().getIdDocuments()[0];
    const fields = (await h.idv.getMediaContent(s.sessionId, doc.getDocumentFields().getMedia().getId()))!.getContent();
    expect(JSON.parse(fields.toString('utf8')).extraction_source).toBe('SCANNER_MRZ');
    expect(authenticityOf(session).detail('chip_passive_authentication', 'status')).toBe('PASSED');
  }, 60_000);

  it('a malformed body is a 400 in words and nothing is stored', async () => {
    store = trusted;
    const good = await chipBody();
    const s = await openSession(h);
    const bad = await s.putChip({ ...good, sod: '%%not base64%%' });
    expect([bad.status, bad.json.code, bad.json.message]).toEqual([400, 'INVALID_CHIP_DATA', 'chip data: sod must be base64']);
    const noDg1 = await s.putChip({ ...good, data_groups: { '2': good.data_groups['2'] } });
    expect([noDg1.status, noDg1.json.code, noDg1.json.message]).toEqual([400, 'INVALID_CHIP_DATA', 'chip data: data_groups DG1 is required']);
    await s.api.uploadPage(s.docId, 'front', await fixture('passport-td3.jpg'));
    await s.api.putMrz(s.docId, SPECIMEN_MRZ);
    expect((await s.api.submit()).status).toBe(202);
    const session = await waitForState(h, s.sessionId, 'COMPLETED');
    const names = session
      .getChecks()
      .find((c) => c.getType() === 'ID_DOCUMENT_AUTHENTICITY')!
      .getReport()
      .getBreakdown()
      .map((b) => b.getSubCheck());
    expect(names.filter((n) => n.startsWith('chip'))).toEqual([]);
  }, 60_000);

  it('a bad body after a good one loses nothing; after submit chip data is refused', async () => {
    store = trusted;
    const good = await chipBody();
    const s = await openSession(h);
    expect((await s.putChip(good)).status).toBe(200);
    expect((await s.putChip({ ...good, access: 'NFC' })).json.message).toBe(
      'chip data: access Invalid option: expected one of "PACE"|"BAC"',
    );
    await s.api.uploadPage(s.docId, 'front', await fixture('passport-td3.jpg'));
    await s.api.putMrz(s.docId, SPECIMEN_MRZ);
    expect((await s.api.submit()).status).toBe(202);
    const late = await s.putChip(good);
    expect([late.status, late.json.code]).toEqual([409, 'SESSION_SUBMITTED']);
    const a = authenticityOf(await waitForState(h, s.sessionId, 'COMPLETED'));
    expect(a.detail('chip_passive_authentication', 'status')).toBe('PASSED');
  }, 60_000);
});
