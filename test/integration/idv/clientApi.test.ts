// The client API as the kiosk drives it (plain fetch, bearer token): configuration, resources,
// pages with instant feedback, scanner MRZ, static liveness frames, submit, status.
import {
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIVENESS_FRAMES } from '../../../idv/api/clientRoutes';
import { startWithSpecimens } from './specimenHarness';
import { SPECIMEN_TD3_MRZ, clientApi, fixture, fullSpecification, waitForState, type Harness } from './support';

interface StatusResource {
  resource_id: string;
  type: string;
  pages?: Array<{ side: string; media_id: string; feedback: unknown }>;
  required_pages?: string[];
  frames?: number;
  mrz?: { lines: string[]; source: string } | null;
}

describe('client API', () => {
  let h: Harness;
  let jpeg: Buffer;
  let png: Buffer;
  beforeAll(async () => {
    ({ h, jpeg, png } = await startWithSpecimens({ jpeg: 'passport-td3.jpg', png: 'passport-td2.png' }));
  });
  afterAll(async () => h.close());

  it('walks a two-sided document through configuration, uploads, status and submit', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const sessionId = created.getSessionId();
    const client = clientApi(h, sessionId, created.getClientSessionToken());

    const config = await client.configuration();
    expect(config.status).toBe(200);
    expect(config.json).toMatchObject({ session_id: sessionId, state: 'ONGOING', submitted: false });
    expect(config.json.service).toMatchObject({ label: expect.stringContaining('not a Yoti verification') });
    const docRequirement = (config.json.capture as { required_resources: Array<Record<string, unknown>> })
      .required_resources[0];
    const gbr = (
      docRequirement.supported_countries as Array<{ code: string; supported_documents: unknown[] }>
    ).find((c) => c.code === 'GBR');
    expect(gbr?.supported_documents).toContainEqual({
      type: 'DRIVING_LICENCE',
      required_pages: ['front', 'back'],
    });

    let status = await client.status();
    expect(status.json.missing).toEqual([
      expect.stringContaining('ID_DOCUMENT'),
      expect.stringContaining('LIVENESS'),
      expect.stringContaining('FACE'),
    ]);

    const doc = await client.createDocument('GBR', 'DRIVING_LICENCE');
    expect(doc.status).toBe(201);
    expect(doc.json).toMatchObject({ required_pages: ['front', 'back'], requirement_id: docRequirement.id });
    const resourceId = String(doc.json.resource_id);
    // Creating a second document when the session asks for one is refused.
    expect((await client.createDocument('GBR', 'PASSPORT')).json.code).toBe('DOCUMENTS_COMPLETE');

    const front = await client.uploadPage(resourceId, 'front', jpeg, { 'X-Capture-Method': 'CAMERA' });
    expect(front.status).toBe(201);
    expect(front.json.media_id).toEqual(expect.any(String));
    // Instant feedback is computed for every page (here without image analysis, and it says so).
    expect(front.json.feedback).toMatchObject({ acceptable: expect.any(Boolean), issues: expect.any(Array) });
    status = await client.status();
    expect(status.json.missing).toContainEqual(expect.stringContaining('page back not uploaded'));

    const back = await client.uploadPage(resourceId, 'back', png, {
      'Content-Type': 'image/png',
      'X-Capture-Method': 'UPLOAD',
    });
    expect(back.status).toBe(201);
    const live = await client.createLiveness();
    expect(live.json).toMatchObject({ liveness_type: 'STATIC', max_frames: MAX_LIVENESS_FRAMES });
    expect((await client.createLiveness()).json.code).toBe('ALREADY_CREATED');
    const frame = await client.uploadFrame(String(live.json.resource_id), jpeg);
    expect(frame.json.frame_count).toBe(1);

    status = await client.status();
    expect(status.json.missing).toEqual([]);
    const resources = status.json.resources as StatusResource[];
    expect(resources.map((r) => r.type)).toEqual(['ID_DOCUMENT', 'LIVENESS']);
    expect(resources[0].pages?.map((p) => p.side)).toEqual(['front', 'back']);
    expect(resources[1].frames).toBe(1);

    const submitted = await client.submit();
    expect(submitted.status).toBe(202);
    expect(submitted.json).toMatchObject({ session_id: sessionId, submitted: true });
    await waitForState(h, sessionId, 'COMPLETED');
    status = await client.status();
    expect(status.json).toMatchObject({
      state: 'COMPLETED',
      submitted: true,
      completed: true,
      processing_error: null,
    });

    const session = await h.idv.getSession(sessionId);
    const pages = session.getResources().getIdDocuments()[0].getPages();
    expect(pages.map((p) => p.getCaptureMethod())).toEqual(['CAMERA', 'UPLOAD']);
    const backMedia = await h.idv.getMediaContent(sessionId, String(back.json.media_id));
    expect(backMedia?.getMimeType()).toBe('image/png');
  });

  it('stores scanner MRZ lines and feeds them to text extraction', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
      .build();
    const created = await h.idv.createSession(spec);
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const resourceId = String((await client.createDocument('UTO', 'PASSPORT')).json.resource_id);
    const mrz = await client.putMrz(
      resourceId,
      SPECIMEN_TD3_MRZ.map((l) => l.toLowerCase()),
    );
    expect(mrz.json).toMatchObject({ resource_id: resourceId, lines: SPECIMEN_TD3_MRZ });
    await client.uploadPage(resourceId, 'front', jpeg, { 'X-Capture-Method': 'SCANNER' });
    const status = await client.status();
    expect((status.json.resources as StatusResource[])[0].mrz).toEqual({
      lines: SPECIMEN_TD3_MRZ,
      source: 'SCANNER',
    });
    await client.submit();
    const session = await waitForState(h, created.getSessionId(), 'COMPLETED');
    const media = session.getResources().getIdDocuments()[0].getDocumentFields().getMedia();
    const fields = JSON.parse(
      (await h.idv.getMediaContent(created.getSessionId(), media.getId()))!.getContent().toString(),
    );
    expect(fields).toMatchObject({
      family_name: 'ERIKSSON',
      given_names: 'ANNA MARIA',
      nationality: 'UTO',
      expiration_date: '2012-04-15',
    });
  });

  it('takes at most MAX_LIVENESS_FRAMES frames', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const live = String((await client.createLiveness()).json.resource_id);
    const tiny = await fixture('pacman.jpg');
    for (let i = 0; i < MAX_LIVENESS_FRAMES; i += 1)
      expect((await client.uploadFrame(live, tiny)).status).toBe(201);
    const over = await client.uploadFrame(live, tiny);
    expect(over.status).toBe(409);
    expect(over.json.code).toBe('TOO_MANY_FRAMES');
  });

  it('refuses resources the session did not ask for', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .build();
    const created = await h.idv.createSession(spec);
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    expect((await client.createLiveness()).json.code).toBe('LIVENESS_NOT_REQUESTED');
    const livenessOnly = await h.idv.createSession(
      new SessionSpecificationBuilder()
        .withRequestedCheck(
          new (await import('yoti')).RequestedLivenessCheckBuilder()
            .forStaticLiveness()
            .withMaxRetries(1)
            .build(),
        )
        .build(),
    );
    const other = clientApi(h, livenessOnly.getSessionId(), livenessOnly.getClientSessionToken());
    expect((await other.createDocument('GBR', 'PASSPORT')).json.code).toBe('NO_DOCUMENT_REQUIRED');
  });
});
