// Personal data at rest (issue 12): a session with a hardware-MRZ resource, a notification auth
// token and a completed text extraction leaves no name, birth date, document number, MRZ line or
// token in clear anywhere in the data folder (the SQLite file with its free pages, its journal,
// the media folder), neither during the session nor after it completed, nor once it is deleted.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  NotificationConfigBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdvStore } from '../../../idv/store';
import { SPECIMEN_TD3_MRZ, clientApi, fixture, startHarness, waitForState, type Harness } from './support';
import { bareSession, passportDocument, registerTestApp } from '../../support/idvStoreSessions';

const AUTH_TOKEN = 'notify-3f9a1c77e2b54d0c';
/** What the specimen passport says about the person, in every form a store could keep it. */
const PERSONAL = [
  'ERIKSSON',
  'ANNA<MARIA',
  'ANNA MARIA',
  'L898902C3',
  '740812', // birth date as in the MRZ
  '1974-08-12',
  'ZE184226B', // personal number
  SPECIMEN_TD3_MRZ[0],
  SPECIMEN_TD3_MRZ[1],
  AUTH_TOKEN,
];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Every (file, needle) where a needle is found in clear (UTF-8 or UTF-16LE, any case). */
async function clearTextIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    const latin = bytes.toString('latin1').toUpperCase();
    const utf16 = bytes.toString('utf16le').toUpperCase();
    for (const needle of PERSONAL) {
      const n = needle.toUpperCase();
      if (latin.includes(n) || utf16.includes(n)) found.push(`${path.relative(dir, file)}: ${needle}`);
    }
  }
  return found;
}

describe('personal data at rest in the local service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('keeps no name, birth date, document number, MRZ or auth token in clear, during and after', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
      .withNotifications(
        new NotificationConfigBuilder()
          // Nothing listens there: deliveries fail, which is not what this test is about.
          .withEndpoint('http://127.0.0.1:9/yoti-events')
          .withAuthToken(AUTH_TOKEN)
          .withAuthTypeBearer()
          .forSessionCompletion()
          .build(),
      )
      .build();
    const created = await h.idv.createSession(spec);
    const sessionId = created.getSessionId();
    const client = clientApi(h, sessionId, created.getClientSessionToken());
    const resourceId = String((await client.createDocument('UTO', 'PASSPORT')).json.resource_id);
    // The scanner's MRZ, sent with an idempotency key: its answer is kept for a resend.
    const mrz = await client.putMrz(resourceId, SPECIMEN_TD3_MRZ, { 'Idempotency-Key': 'mrz-key-0001' });
    expect(mrz.text).toContain('"resource_id"');
    expect(mrz.json.lines).toEqual(SPECIMEN_TD3_MRZ);
    const page = await client.uploadPage(resourceId, 'front', await fixture('passport-td3.jpg'), {
      'X-Capture-Method': 'SCANNER',
      'Idempotency-Key': 'page-key-0001',
    });
    expect(page.status).toBe(201);

    expect(await clearTextIn(h.dataDir)).toEqual([]);

    await client.submit();
    const done = await waitForState(h, sessionId, 'COMPLETED');
    // The service did read the person's data (so there was something to leak).
    const fieldsMedia = done.getResources().getIdDocuments()[0].getDocumentFields().getMedia();
    const fields = JSON.parse(
      (await h.idv.getMediaContent(sessionId, fieldsMedia.getId()))!.getContent().toString(),
    ) as Record<string, unknown>;
    expect(fields).toMatchObject({ family_name: 'ERIKSSON', date_of_birth: '1974-08-12' });
    // A resend gets the first answer back, opened from its sealed form.
    const again = await client.putMrz(resourceId, SPECIMEN_TD3_MRZ, { 'Idempotency-Key': 'mrz-key-0001' });
    expect(again.json.lines).toEqual(SPECIMEN_TD3_MRZ);
    await h.server.idle();

    expect(await clearTextIn(h.dataDir)).toEqual([]);

    await h.idv.deleteSession(sessionId);
    expect(await clearTextIn(h.dataDir)).toEqual([]);
  });

  it('seals what a store written before sealing kept in clear, when it opens', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'idv-legacy-'));
    try {
      const master = Buffer.alloc(32, 7);
      let store = await openIdvStore({ dataDir: dir, masterKey: master });
      const sdkId = registerTestApp(store, 'legacy');
      const session = bareSession(store, sdkId);
      const doc = passportDocument(store, session.id);
      store.close();
      // Write the MRZ the way the store did before: clear JSON in resources.mrz.
      const { SqliteFile } = await import('../../../idv/store/sqliteFile');
      const sql = await SqliteFile.open(path.join(dir, 'idv.sqlite'), { create: false });
      sql.run('UPDATE resources SET mrz = ? WHERE id = ?', [
        JSON.stringify({ lines: SPECIMEN_TD3_MRZ, source: 'SCANNER', createdAt: 1 }),
        doc.id,
      ]);
      sql.close();
      expect((await clearTextIn(dir)).length).toBeGreaterThan(0);

      store = await openIdvStore({ dataDir: dir, masterKey: master });
      const reopened = store.resources.get(session.id, doc.id);
      expect(reopened?.kind === 'ID_DOCUMENT' ? reopened.mrz?.lines : null).toEqual(SPECIMEN_TD3_MRZ);
      store.close();
      expect(await clearTextIn(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
