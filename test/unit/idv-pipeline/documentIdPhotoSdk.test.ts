// The document id photo as a relying party gets it: the official yoti SDK's getSession() exposes it
// through IdDocumentResourceResponse.getDocumentIdPhoto(), and getMediaContent() returns the JPEG
// of the portrait that face match compared the live face with. At rest it is encrypted like
// every other media of the session.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeVision } from '../../../vision/node';
import {
  clientApi,
  fixture,
  fullSpecification,
  startHarness,
  waitForState,
  type Harness,
} from '../../integration/idv/support';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('document id photo through the RP API and the yoti SDK', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ vision: await createNodeVision() });
  }, 120_000);
  afterAll(async () => h.close());

  async function submitted(pageFixture: string) {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT');
    await client.uploadPage(String(doc.json.resource_id), 'front', await fixture(pageFixture));
    const live = await client.createLiveness();
    await client.uploadFrame(String(live.json.resource_id), await fixture('passport-td2.jpg'));
    expect((await client.submit()).status).toBe(202);
    return waitForState(h, created.getSessionId(), 'COMPLETED', 120_000);
  }

  it('getDocumentIdPhoto() names an IMAGE media whose content is the JPEG of the crop face match used', async () => {
    const session = await submitted('passport-td3.jpg');
    const media = session.getResources().getIdDocuments()[0].getDocumentIdPhoto().getMedia();
    expect(media.getType()).toBe('IMAGE');

    const content = await h.idv.getMediaContent(session.getSessionId(), media.getId());
    expect(content?.getMimeType()).toBe('image/jpeg');
    const jpeg = content!.getContent();
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe('jpeg');

    const match = session
      .getChecks()
      .find((c) => c.getType() === 'ID_DOCUMENT_FACE_MATCH')!
      .getReport();
    expect(match.getRecommendation().getValue()).toBe('APPROVE');
    const details = Object.fromEntries(
      match
        .getBreakdown()[0]
        .getDetails()
        .map((d) => [d.getName(), d.getValue()]),
    );
    expect(details.portrait_source).toBe('DOCUMENT_ID_PHOTO');
    const [, , width, height] = String(details.portrait_region).split(',').map(Number);
    expect([meta.width, meta.height]).toEqual([width, height]);

    // Encrypted at rest: no file of the service's data directory holds the photo's bytes.
    const probe = Buffer.from(jpeg.subarray(jpeg.length >> 1, (jpeg.length >> 1) + 48));
    for (const file of await filesUnder(h.dataDir)) {
      expect((await readFile(file)).includes(probe), file).toBe(false);
    }
  }, 180_000);

  it('a page with no portrait: no document id photo, face match NOT_AVAILABLE with the reason', async () => {
    const session = await submitted('pacman.jpg');
    expect(session.getResources().getIdDocuments()[0].getDocumentIdPhoto()).toBeUndefined();
    const match = session
      .getChecks()
      .find((c) => c.getType() === 'ID_DOCUMENT_FACE_MATCH')!
      .getReport();
    expect(match.getRecommendation().getValue()).toBe('NOT_AVAILABLE');
    expect(match.getRecommendation().getReason()).toBe(
      'no portrait found on the document (no face detected on the front page)',
    );
  }, 180_000);
});
