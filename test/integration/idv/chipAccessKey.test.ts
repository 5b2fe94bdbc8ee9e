// The chip's access key from the photographed page (issue 14: "access control from the MRZ read
// from the image"): the page upload answers the MRZ key fields (document number, birth date,
// expiry, with check digits, nothing else) only to an uploader that asks for them, the kiosk's
// main process; a web page uploading the same page gets no part of the person's MRZ.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeVision } from '../../../vision/node';
import { clientApi, fixture, fullSpecification, startHarness, type Harness } from './support';

describe('the chip access key on the page upload answer', () => {
  let h: Harness;
  let page: Buffer;

  beforeAll(async () => {
    page = await fixture('passport-td3.jpg');
    h = await startHarness({ vision: await createNodeVision() });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function upload(headers: Record<string, string>) {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT');
    const uploaded = await client.uploadPage(String(doc.json.resource_id), 'front', page, headers);
    expect(uploaded.status).toBe(201);
    return uploaded.json as Record<string, unknown>;
  }

  it('is answered to an uploader that asks, with the three key fields only', async () => {
    const answer = await upload({ 'X-Chip-Access-Key': 'requested' });
    const key = answer.mrz_access_key as Record<string, unknown>;
    expect(Object.keys(key).sort()).toEqual([
      'date_of_birth',
      'date_of_birth_check_digit',
      'date_of_expiry',
      'date_of_expiry_check_digit',
      'document_number',
      'document_number_check_digit',
    ]);
    expect(JSON.stringify(answer)).not.toContain('ERIKSSON');
  }, 60_000);

  it('is not answered to an uploader that does not ask (a web page)', async () => {
    const answer = await upload({});
    expect(answer).not.toHaveProperty('mrz_access_key');
  }, 60_000);
});
