// Many sessions at once on one server: each result is computed from that session's own uploads
// (no crosstalk between sessions, apps or queued pipeline runs), and a server without a pipeline
// says why instead of completing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDVClient } from 'yoti';
import { clientApi, fixture, fullSpecification, startHarness, waitForState, type Harness } from './support';

/** ICAO 9303 check digit (weights 7, 3, 1; < = 0, letters A=10...). */
function checkDigit(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const value = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * weights[i % 3];
  }
  return String(sum % 10);
}

/** A valid TD3 MRZ for a fictional Utopian passport with the given number and surname. */
function td3(documentNumber: string, surname: string, expiry = '351231'): string[] {
  const line1 = `P<UTO${surname}<<ANNA`.padEnd(44, '<');
  const number = documentNumber.padEnd(9, '<');
  const birth = '740812';
  const personal = '<'.repeat(14);
  const head = `${number}${checkDigit(number)}UTO${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}`;
  const body = `${personal}${checkDigit(personal)}`;
  const composite = `${number}${checkDigit(number)}${birth}${checkDigit(birth)}${expiry}${checkDigit(expiry)}${body}`;
  return [line1, `${head}${body}${checkDigit(composite)}`];
}

describe('concurrent sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('keeps eight simultaneous sessions of two apps apart', async () => {
    const jpeg = await fixture('passport-td3.jpg');
    const second = await h.server.apps.create('second kiosk');
    const clients = [h.idv, new IDVClient(second.sdkId, second.privateKeyPem, { apiUrl: h.server.rpApiUrl })];
    const runs = Array.from({ length: 8 }, async (_, i) => {
      const idv = clients[i % 2];
      const created = await idv.createSession(fullSpecification());
      const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
      const doc = await api.createDocument('UTO', 'PASSPORT');
      const resourceId = String(doc.json.resource_id);
      const number = `X0000${i}AB`;
      expect((await api.putMrz(resourceId, td3(number, `PERSON${'ABCDEFGH'[i]}`))).status).toBe(200);
      expect((await api.uploadPage(resourceId, 'front', jpeg)).status).toBe(201);
      const live = await api.createLiveness();
      expect((await api.uploadFrame(String(live.json.resource_id), jpeg)).status).toBe(201);
      expect((await api.submit()).status).toBe(202);
      const session = await waitForState(h, created.getSessionId(), 'COMPLETED', 60_000, idv);
      const media = session.getResources().getIdDocuments()[0].getDocumentFields().getMedia();
      const fields = JSON.parse(
        (await idv.getMediaContent(created.getSessionId(), media.getId()))!.getContent().toString(),
      );
      return {
        i,
        fields,
        textCheck: session.getIdDocumentTextDataChecks()[0].getReport().getRecommendation().getValue(),
      };
    });
    const results = await Promise.all(runs);
    for (const { i, fields, textCheck } of results) {
      expect(fields).toMatchObject({ document_number: `X0000${i}AB`, family_name: `PERSON${'ABCDEFGH'[i]}` });
      // In date, valid check digits, plausible dates: the text data check can approve these.
      expect(textCheck).toBe('APPROVE');
    }
  });
});

describe('without a checks pipeline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pipeline: null });
  });
  afterAll(async () => h.close());

  it('completes the submitted session, each check NOT_AVAILABLE saying why (never stuck ONGOING)', async () => {
    const jpeg = await fixture('passport-td3.jpg');
    const created = await h.idv.createSession(fullSpecification());
    const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await api.createDocument('UTO', 'PASSPORT');
    const page = await api.uploadPage(String(doc.json.resource_id), 'front', jpeg);
    expect(page.json.feedback).toBeNull();
    const live = await api.createLiveness();
    await api.uploadFrame(String(live.json.resource_id), jpeg);
    expect((await api.submit()).status).toBe(202);
    await h.server.idle();
    const status = await api.status();
    expect(status.json).toMatchObject({ state: 'COMPLETED', submitted: true, completed: true });
    expect(status.json.processing_error).toBe('the checks pipeline is not available in this build');
    const session = await h.idv.getSession(created.getSessionId());
    expect(session.getState()).toBe('COMPLETED');
    const checks = session.getChecks();
    expect(checks.map((c) => c.getType()).sort()).toEqual(
      ['ID_DOCUMENT_AUTHENTICITY', 'ID_DOCUMENT_FACE_MATCH', 'LIVENESS'].sort(),
    );
    for (const check of checks) {
      expect(check.getState()).toBe('DONE');
      expect(check.getReport().getRecommendation().getValue()).toBe('NOT_AVAILABLE');
      expect(check.getReport().getRecommendation().getReason()).toBe(
        'the session could not be processed: the checks pipeline is not available in this build',
      );
    }
  });
});
