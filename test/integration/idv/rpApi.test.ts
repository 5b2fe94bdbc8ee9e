// Every RP API call of the official yoti SDK's IDVClient against a real local server: the SDK's own
// response classes parse what the service returns, so a wrong field name or type fails here.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateFaceCaptureResourcePayloadBuilder,
  DocumentRestrictionBuilder,
  DocumentRestrictionsFilterBuilder,
  NotificationConfigBuilder,
  OrthogonalRestrictionsFilterBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceComparisonCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  RequestedSupplementaryDocTextExtractionTaskBuilder,
  RequiredIdDocumentBuilder,
  SessionSpecificationBuilder,
  UploadFaceCaptureImagePayloadBuilder,
} from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithSpecimens } from './specimenHarness';
import { SPECIMEN_TD3_MRZ, clientApi, fixture, fullSpecification, waitForState, type Harness } from './support';

interface SupportedDocument {
  getType(): string;
  getIsStrictlyLatin(): boolean;
}
interface SupportedCountry {
  getCode(): string;
  getSupportedDocuments(): SupportedDocument[];
}

function statusOf(err: unknown): number | null {
  return (err as { getResponseStatusCode?: () => number | null }).getResponseStatusCode?.() ?? null;
}

async function expectStatus(promise: Promise<unknown>, status: number): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(statusOf(err)).toBe(status);
    return (err as Error).message;
  }
  throw new Error(`expected HTTP ${status}, the call succeeded`);
}

describe('RP API through the yoti SDK', () => {
  let h: Harness;
  let passport: Buffer;
  beforeAll(async () => {
    ({ h, passport } = await startWithSpecimens({ passport: 'passport-td3.jpg' }));
  });
  afterAll(async () => h.close());

  /** A session whose one required ID document has this filter, and its configuration as the SDK reads it. */
  async function sessionRequiring(filter: Parameters<RequiredIdDocumentBuilder['withFilter']>[0]) {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequiredDocument(new RequiredIdDocumentBuilder().withFilter(filter).build())
      .build();
    const created = await h.idv.createSession(spec);
    return { created, config: await h.idv.getSessionConfiguration(created.getSessionId()) };
  }

  it('creates a session and returns it with its state, tracking id and no checks yet', async () => {
    const created = await h.idv.createSession(fullSpecification());
    expect(created.getSessionId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.getClientSessionToken()).toMatch(/^[A-Za-z0-9._~+/=-]{16,}$/);
    expect(created.getClientSessionTokenTtl()).toBe(600);

    const session = await h.idv.getSession(created.getSessionId());
    expect(session.getSessionId()).toBe(created.getSessionId());
    expect(session.getState()).toBe('ONGOING');
    expect(session.getUserTrackingId()).toBe('kiosk-7');
    expect(session.getClientSessionTokenTtl()).toBe(600);
    expect(session.getChecks()).toEqual([]);
    expect(session.getResources().getIdDocuments()).toEqual([]);
    // The token is handed out once, never served again.
    expect(session.getClientSessionToken()).toBeUndefined();
  });

  it('serves the session configuration the SDK parses: checks, required resources, countries', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const config = await h.idv.getSessionConfiguration(created.getSessionId());
    expect(config.getSessionId()).toBe(created.getSessionId());
    expect(config.getClientSessionTokenTtl()).toBeGreaterThan(590);
    expect(config.getRequestedChecks()).toEqual([
      'ID_DOCUMENT_AUTHENTICITY',
      'LIVENESS',
      'ID_DOCUMENT_FACE_MATCH',
    ]);
    const capture = config.getCapture()!;
    expect(capture.getBiometricConsent()).toEqual(expect.any(String));
    const [doc] = capture.getIdDocumentResourceRequirements();
    expect(doc.getState()).toBe('REQUIRED');
    expect(doc.getAllowedCaptureMethods()).toBe('CAMERA_AND_UPLOAD');
    expect(doc.getRequestedTasks().map((t) => [t.getType(), t.getState()])).toEqual([
      ['ID_DOCUMENT_TEXT_DATA_EXTRACTION', 'REQUIRED'],
    ]);
    const gbr = doc.getSupportedCountries()!.find((c) => c.getCode() === 'GBR');
    expect(gbr?.getSupportedDocuments()!.map((d) => d.getType())).toEqual([
      'PASSPORT',
      'DRIVING_LICENCE',
      'RESIDENCE_PERMIT',
    ]);
    const [liveness] = capture.getLivenessResourceRequirements();
    expect(liveness.getLivenessType()).toBe('STATIC');
    expect(liveness.getState()).toBe('REQUIRED');
    const [face] = capture.getFaceCaptureResourceRequirements();
    expect(face.isRelyingBusinessAllowed()).toBe(true);
  });

  it('narrows the accepted documents with an orthogonal filter, and the client API enforces it', async () => {
    const filter = new OrthogonalRestrictionsFilterBuilder()
      .withWhitelistedCountries(['GBR', 'IRL'])
      .withBlacklistedDocumentTypes(['RESIDENCE_PERMIT'])
      .build();
    const { created, config } = await sessionRequiring(filter);
    const [doc] = config.getCapture()!.getIdDocumentResourceRequirements();
    expect(
      doc
        .getSupportedCountries()!
        .map((c) => [c.getCode(), c.getSupportedDocuments()!.map((d) => d.getType())]),
    ).toEqual([
      ['GBR', ['PASSPORT', 'DRIVING_LICENCE']],
      ['IRL', ['PASSPORT', 'DRIVING_LICENCE', 'NATIONAL_ID']],
    ]);
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const refused = await client.createDocument('FRA', 'PASSPORT');
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('DOCUMENT_NOT_ACCEPTED');
    const accepted = await client.createDocument('GBR', 'DRIVING_LICENCE');
    expect(accepted.status).toBe(201);
    expect(accepted.json.required_pages).toEqual(['front', 'back']);
  });

  it('applies a document-restrictions blacklist', async () => {
    const filter = new DocumentRestrictionsFilterBuilder()
      .forBlacklist()
      .withDocumentRestriction(new DocumentRestrictionBuilder().withCountries(['USA']).build())
      .build();
    const { config } = await sessionRequiring(filter);
    const codes = config
      .getCapture()!
      .getIdDocumentResourceRequirements()[0]
      .getSupportedCountries()!
      .map((c) => c.getCode());
    expect(codes).toContain('GBR');
    expect(codes).not.toContain('USA');
  });

  it('lists supported documents, non-Latin ones only on request', async () => {
    const latin = await h.idv.getSupportedDocuments(false);
    const rusLatin = latin.getSupportedCountries().find((c: SupportedCountry) => c.getCode() === 'RUS');
    expect(rusLatin?.getSupportedDocuments().map((d: SupportedDocument) => d.getType())).toEqual([
      'PASSPORT',
    ]);
    const all = await h.idv.getSupportedDocuments(true);
    const rus = all.getSupportedCountries().find((c: SupportedCountry) => c.getCode() === 'RUS');
    expect(
      rus?.getSupportedDocuments().map((d: SupportedDocument) => [d.getType(), d.getIsStrictlyLatin()]),
    ).toContainEqual(['NATIONAL_ID', false]);
    expect(all.getSupportedCountries().length).toBeGreaterThan(200);
  });

  it('refuses check and task types it does not run, with a 400 naming them', async () => {
    const faceComparison = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedFaceComparisonCheckBuilder().withManualCheckNever().build())
      .build();
    expect(await expectStatus(h.idv.createSession(faceComparison), 400)).toContain('FACE_COMPARISON');
    const supplementary = new SessionSpecificationBuilder()
      .withRequestedTask(
        new RequestedSupplementaryDocTextExtractionTaskBuilder().withManualCheckNever().build(),
      )
      .build();
    expect(await expectStatus(h.idv.createSession(supplementary), 400)).toContain(
      'SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION',
    );
  });

  it('creates a face capture resource and uploads its image (multipart), served back byte for byte', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckNever().build())
      .build();
    const created = await h.idv.createSession(spec);
    const sessionId = created.getSessionId();
    const config = await h.idv.getSessionConfiguration(sessionId);
    const [requirement] = config.getCapture()!.getFaceCaptureResourceRequirements();
    expect(requirement.getState()).toBe('REQUIRED');

    const resource = await h.idv.createFaceCaptureResource(
      sessionId,
      new CreateFaceCaptureResourcePayloadBuilder().withRequirementId(requirement.getId()).build(),
    );
    expect(resource.getId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(resource.getFrames()).toBe(1);
    await h.idv.uploadFaceCaptureImage(
      sessionId,
      resource.getId(),
      new UploadFaceCaptureImagePayloadBuilder().forJpegImage().withImageContents(passport).build(),
    );

    const after = await h.idv.getSessionConfiguration(sessionId);
    expect(after.getCapture()!.getFaceCaptureResourceRequirements()[0].getState()).toBe('COMPLETE');
    const session = await h.idv.getSession(sessionId);
    const [face] = session.getResources().getFaceCaptureResources();
    expect(face.getId()).toBe(resource.getId());
    const mediaId = face.getImage().getMedia().getId();
    const media = await h.idv.getMediaContent(sessionId, mediaId);
    expect(media?.getMimeType()).toBe('image/jpeg');
    expect(Buffer.compare(media!.getContent(), passport)).toBe(0);

    // A second image for the same resource is a retake: it replaces the first, whose media is gone.
    const retake = await fixture('passport-td2.jpg');
    await h.idv.uploadFaceCaptureImage(
      sessionId,
      resource.getId(),
      new UploadFaceCaptureImagePayloadBuilder().forJpegImage().withImageContents(retake).build(),
    );
    const [retaken] = (await h.idv.getSession(sessionId)).getResources().getFaceCaptureResources();
    const retakeId = retaken.getImage().getMedia().getId();
    expect(retakeId).not.toBe(mediaId);
    expect(Buffer.compare((await h.idv.getMediaContent(sessionId, retakeId))!.getContent(), retake)).toBe(0);
    await expectStatus(h.idv.getMediaContent(sessionId, mediaId), 404);
    // A requirement id the session does not have is refused.
    await expectStatus(
      h.idv.createFaceCaptureResource(
        sessionId,
        new CreateFaceCaptureResourcePayloadBuilder().withRequirementId('not-a-requirement').build(),
      ),
      400,
    );
  });

  it('runs a whole session: uploads, submit, checks with reports, extracted fields, media, devices, delete', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const sessionId = created.getSessionId();
    const client = clientApi(h, sessionId, created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT');
    expect(doc.status).toBe(201);
    const resourceId = String(doc.json.resource_id);
    const page = await client.uploadPage(resourceId, 'front', passport, { 'X-Capture-Method': 'SCANNER' });
    expect(page.status).toBe(201);
    expect((await client.putMrz(resourceId, SPECIMEN_TD3_MRZ)).status).toBe(200);
    const liveness = await client.createLiveness();
    expect(liveness.status).toBe(201);
    expect((await client.uploadFrame(String(liveness.json.resource_id), passport)).status).toBe(201);
    expect((await client.submit()).status).toBe(202);

    const session = await waitForState(h, sessionId, 'COMPLETED');
    // Every requested check has a report with a recommendation and a breakdown; the text
    // extraction task adds the ID_DOCUMENT_TEXT_DATA_CHECK, as at Yoti.
    expect(session.getAuthenticityChecks()).toHaveLength(1);
    expect(session.getLivenessChecks()).toHaveLength(1);
    expect(session.getFaceMatchChecks()).toHaveLength(1);
    expect(session.getIdDocumentTextDataChecks()).toHaveLength(1);
    for (const check of session.getChecks()) {
      expect(check.getState()).toBe('DONE');
      expect(check.getId()).toMatch(/^[0-9a-f-]{36}$/);
      expect(['APPROVE', 'REJECT', 'NOT_AVAILABLE']).toContain(
        check.getReport().getRecommendation().getValue(),
      );
      expect(check.getCreated()).toBeInstanceOf(Date);
      for (const breakdown of check.getReport().getBreakdown()) {
        expect(breakdown.getSubCheck()).toEqual(expect.any(String));
        expect(breakdown.getProcess()).toBe('LOCAL_AUTOMATED');
      }
    }
    // The specimen expired in 2012 and the scanner MRZ has valid check digits: the text data
    // check cannot approve an expired document.
    const textCheck = session.getIdDocumentTextDataChecks()[0];
    expect(textCheck.getReport().getRecommendation().getValue()).not.toBe('APPROVE');

    const [idDoc] = session.getResources().getIdDocuments();
    expect(idDoc.getId()).toBe(resourceId);
    expect(idDoc.getIssuingCountry()).toBe('UTO');
    expect(idDoc.getDocumentType()).toBe('PASSPORT');
    expect(idDoc.getPages()).toHaveLength(1);
    expect(idDoc.getPages()[0].getCaptureMethod()).toBe('SCANNER');
    expect(idDoc.getPages()[0].getMedia().getId()).toBe(page.json.media_id);
    const [task] = idDoc.getTextExtractionTasks();
    expect(task.getType()).toBe('ID_DOCUMENT_TEXT_DATA_EXTRACTION');
    expect(task.getGeneratedTextDataChecks().map((c) => c.getId())).toEqual([textCheck.getId()]);

    const fieldsMedia = idDoc.getDocumentFields().getMedia();
    expect(fieldsMedia.getType()).toBe('JSON');
    const fields = await h.idv.getMediaContent(sessionId, fieldsMedia.getId());
    expect(fields?.getMimeType()).toBe('application/json');
    const parsed = JSON.parse(fields!.getContent().toString()) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      document_number: 'L898902C3',
      family_name: 'ERIKSSON',
      date_of_birth: '1974-08-12',
    });

    const [live] = session.getResources().getStaticLivenessResources();
    expect(live.getLivenessType()).toBe('STATIC');
    expect(live.getImage().getId()).toEqual(expect.any(String));

    // Page content comes back as uploaded; once deleted, the SDK gets null and the id stays known.
    const pageMedia = await h.idv.getMediaContent(sessionId, String(page.json.media_id));
    expect(Buffer.compare(pageMedia!.getContent(), passport)).toBe(0);
    await h.idv.deleteMediaContent(sessionId, String(page.json.media_id));
    expect(await h.idv.getMediaContent(sessionId, String(page.json.media_id))).toBeNull();
    await expectStatus(h.idv.deleteMediaContent(sessionId, String(page.json.media_id)), 404);

    // The kiosk's calls were tracked as device events; the RP can read and delete them.
    const devices = await h.idv.getSessionTrackedDevices(sessionId);
    const events = devices.getDeviceEvents().map((e) => e.getEvent());
    expect(events).toEqual(
      expect.arrayContaining(['RESOURCE_CREATED', 'MEDIA_UPLOADED', 'SESSION_SUBMITTED']),
    );
    expect(devices.getDeviceEvents()[0].getCreated()).toBeInstanceOf(Date);
    await h.idv.deleteSessionTrackedDevices(sessionId);
    expect((await h.idv.getSessionTrackedDevices(sessionId)).getDeviceEvents()).toEqual([]);

    await h.idv.deleteSession(sessionId);
    await expectStatus(h.idv.getSession(sessionId), 404);
    await expectStatus(h.idv.getMediaContent(sessionId, fieldsMedia.getId()), 404);
    expect((await client.status()).status).toBe(401);
  });

  it('answers identically under /sandbox/idverify/v1', async () => {
    const created = await h.sandboxIdv.createSession(fullSpecification());
    const viaSandbox = await h.sandboxIdv.getSession(created.getSessionId());
    const viaMain = await h.idv.getSession(created.getSessionId());
    expect(viaSandbox.getState()).toBe('ONGOING');
    expect(viaSandbox.getSessionId()).toBe(viaMain.getSessionId());
    const config = await h.sandboxIdv.getSessionConfiguration(created.getSessionId());
    expect(config.getRequestedChecks()).toHaveLength(3);
    expect((await h.sandboxIdv.getSupportedDocuments(false)).getSupportedCountries().length).toBeGreaterThan(
      200,
    );
  });

  it('POSTs notifications with the configured auth as the session moves on', async () => {
    const received: Array<{ body: { session_id?: string; topic?: string }; headers: IncomingHttpHeaders }> =
      [];
    const endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: JSON.parse(Buffer.concat(chunks).toString()), headers: req.headers });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    try {
      const port = (endpoint.address() as AddressInfo).port;
      const spec = new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
        .withNotifications(
          new NotificationConfigBuilder()
            .withEndpoint(`http://127.0.0.1:${port}/yoti-events`)
            .withAuthToken('s3cret-token')
            .withAuthTypeBearer()
            .forResourceUpdate()
            .forCheckCompletion()
            .forSessionCompletion()
            .build(),
        )
        .build();
      const created = await h.idv.createSession(spec);
      const sessionId = created.getSessionId();
      const client = clientApi(h, sessionId, created.getClientSessionToken());
      const doc = await client.createDocument('UTO', 'PASSPORT');
      await client.uploadPage(String(doc.json.resource_id), 'front', passport);
      await client.submit();
      await waitForState(h, sessionId, 'COMPLETED');
      // SESSION_COMPLETION is the session's last notification: once it is in, all of them are.
      await expect
        .poll(() => received.some((r) => r.body.topic === 'SESSION_COMPLETION'), { timeout: 10_000 })
        .toBe(true);
      const topics = received.map((r) => r.body.topic);
      expect(topics).toContain('RESOURCE_UPDATE');
      expect(topics).toContain('CHECK_COMPLETION');
      expect(topics[topics.length - 1]).toBe('SESSION_COMPLETION');
      expect(topics).not.toContain('TASK_COMPLETION'); // not subscribed
      for (const r of received) {
        expect(r.body.session_id).toBe(sessionId);
        expect(r.headers.authorization).toBe('Bearer s3cret-token');
      }
    } finally {
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });
});
