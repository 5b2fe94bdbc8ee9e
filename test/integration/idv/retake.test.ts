// A retake replaces the rejected page (issue 8, part 1): a resent write (same Idempotency-Key) is
// answered with the first response, the same key on another request is refused, and a new upload
// of a page, face image or liveness frame that is there already replaces it before submit — the
// old media unknown from then on, its file gone — unless the document's attempts are used up.
// Attempts are Yoti's: configured with the SDK's SdkConfigBuilder and read back with the SDK's
// getSessionConfiguration(). Real image analysis, so "unacceptable" is what the pipeline says.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { openIdvStore, type IdvStore } from '../../../idv/store/index';
import { createNodeVision } from '../../../vision/node';
import { clientApi, fixture, fullSpecification, startHarness, waitForState, type Harness } from './support';

let h: Harness;
let store: IdvStore;
let passport: Buffer;
let noDocument: Buffer;
let frame: Buffer;

beforeAll(async () => {
  h = await startHarness({ vision: await createNodeVision() });
  // A second handle on the service's store, to look at what it keeps (sealed readings).
  store = await openIdvStore({ dataDir: h.dataDir });
  passport = await fixture('passport-td3.jpg');
  noDocument = await fixture('pacman.jpg');
  frame = await fixture('passport-td2.jpg');
}, 120_000);
afterAll(async () => {
  store?.close();
  await h?.close();
});

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

const blobOf = (sessionId: string, mediaId: string) =>
  path.join(h.dataDir, 'media', sessionId, `${mediaId}.blob`);

async function statusOf(call: Promise<unknown>): Promise<number | null> {
  try {
    await call;
  } catch (err) {
    return (err as { getResponseStatusCode?: () => number | null }).getResponseStatusCode?.() ?? null;
  }
  throw new Error('expected the SDK call to fail');
}

async function newSession(spec = fullSpecification()) {
  const created = await h.idv.createSession(spec);
  const sessionId = created.getSessionId();
  const client = clientApi(h, sessionId, created.getClientSessionToken());
  const doc = await client.createDocument('UTO', 'PASSPORT');
  expect(doc.status).toBe(201);
  return { sessionId, client, resourceId: String(doc.json.resource_id) };
}

async function attemptsFromSdk(sessionId: string): Promise<unknown> {
  const config = await h.idv.getSessionConfiguration(sessionId);
  const [requirement] = config.getCapture()!.getIdDocumentResourceRequirements();
  return requirement.getAttemptsRemaining();
}

async function frontMediaId(client: ReturnType<typeof clientApi>): Promise<string> {
  const status = await client.status();
  const [doc] = status.json.resources as Array<{ pages: Array<{ side: string; media_id: string }> }>;
  return doc.pages.find((p) => p.side === 'front')!.media_id;
}

describe('replays and retakes of a page', () => {
  it('answers a replay with the first response and refuses the same key on another request', async () => {
    const s = await newSession();
    const key = { 'Idempotency-Key': 'front-page-0001' };
    const first = await s.client.uploadPage(s.resourceId, 'front', passport, key);
    expect(first.status).toBe(201);
    const replay = await s.client.uploadPage(s.resourceId, 'front', passport, key);
    expect(replay.status).toBe(409);
    expect(replay.json).toMatchObject({ code: 'ALREADY_UPLOADED', media_id: first.json.media_id });

    const reused = await s.client.uploadPage(s.resourceId, 'front', noDocument, key);
    expect(reused.status, reused.text).toBe(422);
    expect(reused.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.json.message).toMatch(/different request/);
    // Nothing changed: the first page is still the one kept, and no attempt was used.
    expect(await frontMediaId(s.client)).toBe(first.json.media_id);
    expect(await attemptsFromSdk(s.sessionId)).toEqual({ GENERIC: 3, RECLASSIFICATION: 2 });
  });

  it('replaces a rejected page with its retake: new media, the old one gone, the checks read the retake', async () => {
    const s = await newSession();
    const rejected = await s.client.uploadPage(s.resourceId, 'front', noDocument, {
      'Idempotency-Key': 'front-take-0001',
    });
    expect(rejected.status).toBe(201);
    expect(rejected.json.feedback).toMatchObject({ acceptable: false });
    expect(rejected.json).toMatchObject({
      attempts_remaining: { GENERIC: 2, RECLASSIFICATION: 2 },
      attempts_category: 'GENERIC',
    });
    const oldId = String(rejected.json.media_id);
    expect(await exists(blobOf(s.sessionId, oldId))).toBe(true);
    expect(store.media.pageReading(s.sessionId, oldId)).toEqual(expect.any(Object));

    const retake = await s.client.uploadPage(s.resourceId, 'front', passport, {
      'Idempotency-Key': 'front-take-0002',
    });
    expect(retake.status, retake.text).toBe(201);
    expect(retake.json.feedback).toMatchObject({ acceptable: true });
    // An acceptable retake uses no attempt.
    expect(retake.json.attempts_remaining).toEqual({ GENERIC: 2, RECLASSIFICATION: 2 });
    const newId = String(retake.json.media_id);
    expect(newId).not.toBe(oldId);
    expect(await frontMediaId(s.client)).toBe(newId);

    // The old media: unknown to the RP API, its encrypted file and its sealed reading gone.
    expect(await statusOf(h.idv.getMediaContent(s.sessionId, oldId))).toBe(404);
    expect(await exists(blobOf(s.sessionId, oldId))).toBe(false);
    expect(store.media.pageReading(s.sessionId, oldId)).toBeNull();
    expect(store.media.describe(s.sessionId, oldId)).toBeNull();
    expect(store.media.pageReading(s.sessionId, newId)).toEqual(expect.any(Object));
    expect(await attemptsFromSdk(s.sessionId)).toEqual({ GENERIC: 2, RECLASSIFICATION: 2 });

    const live = await s.client.createLiveness();
    await s.client.uploadFrame(String(live.json.resource_id), frame);
    expect((await s.client.submit()).status).toBe(202);
    await waitForState(h, s.sessionId, 'COMPLETED', 120_000);
    const result = await h.idv.getSession(s.sessionId);
    const [doc] = result.getResources().getIdDocuments();
    expect(doc.getPages().map((p) => p.getMedia().getId())).toEqual([newId]);
    const content = await h.idv.getMediaContent(s.sessionId, newId);
    expect(Buffer.compare(content!.getContent(), passport)).toBe(0);
    // The reading behind the checks is the retake's: the passport's MRZ, not "no document".
    const fields = doc.getDocumentFields();
    expect(fields?.getMedia().getId()).toEqual(expect.any(String));
    const fieldsJson = await h.idv.getMediaContent(s.sessionId, fields!.getMedia().getId());
    expect(JSON.parse(fieldsJson!.getContent().toString('utf8'))).toMatchObject({
      family_name: 'ERIKSSON',
      document_number: 'L898902C3',
    });

    // After submit a new upload is no retake: it is refused and the page stays.
    const late = await s.client.uploadPage(s.resourceId, 'front', noDocument);
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('SESSION_SUBMITTED');
  }, 180_000);

  it('counts unacceptable uploads down from the SDK-configured attempts and refuses a retake when none remain', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
      .withSdkConfig(
        new SdkConfigBuilder()
          .withAllowsCameraAndUpload()
          .withIdDocumentTextExtractionGenericRetries(2)
          .build(),
      )
      .build();
    const s = await newSession(spec);
    expect(await attemptsFromSdk(s.sessionId)).toEqual({ GENERIC: 2, RECLASSIFICATION: 2 });

    const first = await s.client.uploadPage(s.resourceId, 'front', noDocument);
    expect(first.json.attempts_remaining).toEqual({ GENERIC: 1, RECLASSIFICATION: 2 });
    expect(await attemptsFromSdk(s.sessionId)).toEqual({ GENERIC: 1, RECLASSIFICATION: 2 });
    const second = await s.client.uploadPage(s.resourceId, 'front', noDocument);
    expect(second.status).toBe(201);
    expect(second.json.attempts_remaining).toEqual({ GENERIC: 0, RECLASSIFICATION: 2 });
    expect(await attemptsFromSdk(s.sessionId)).toEqual({ GENERIC: 0, RECLASSIFICATION: 2 });

    const refused = await s.client.uploadPage(s.resourceId, 'front', passport);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.code).toBe('NO_ATTEMPTS_REMAINING');
    expect(refused.json.message).toMatch(/no attempts remain/);
    expect(refused.json.attempts_remaining).toEqual({ GENERIC: 0, RECLASSIFICATION: 2 });
    // The page last sent is kept, whole.
    expect(await frontMediaId(s.client)).toBe(second.json.media_id);
    const kept = await h.idv.getMediaContent(s.sessionId, String(second.json.media_id));
    expect(Buffer.compare(kept!.getContent(), noDocument)).toBe(0);
  }, 120_000);

  it('keeps the page when a retake is not an image', async () => {
    const s = await newSession();
    const first = await s.client.uploadPage(s.resourceId, 'front', passport);
    const bad = await s.client.uploadPage(s.resourceId, 'front', Buffer.from('not an image at all'));
    expect(bad.status).toBe(415);
    expect(await frontMediaId(s.client)).toBe(first.json.media_id);
    const kept = await h.idv.getMediaContent(s.sessionId, String(first.json.media_id));
    expect(Buffer.compare(kept!.getContent(), passport)).toBe(0);
  });
});

describe('retakes of a liveness frame', () => {
  it('replaces frame 0 in place; a frame out of order is refused; nothing after submit', async () => {
    const s = await newSession();
    await s.client.uploadPage(s.resourceId, 'front', passport);
    const live = String((await s.client.createLiveness()).json.resource_id);
    const first = await s.client.uploadFrameAt(live, 0, noDocument);
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ frame_index: 0, frame_count: 1 });
    const oldId = String(first.json.media_id);

    const outOfOrder = await s.client.uploadFrameAt(live, 2, frame);
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.json.code).toBe('FRAME_OUT_OF_ORDER');

    const retake = await s.client.uploadFrameAt(live, 0, frame);
    expect(retake.status, retake.text).toBe(201);
    expect(retake.json).toMatchObject({ frame_index: 0, frame_count: 1 });
    const newId = String(retake.json.media_id);
    expect(newId).not.toBe(oldId);
    expect(await statusOf(h.idv.getMediaContent(s.sessionId, oldId))).toBe(404);
    expect(await exists(blobOf(s.sessionId, oldId))).toBe(false);

    // A retake that is not an image is refused and the frame stays.
    const bad = await s.client.uploadFrameAt(live, 0, Buffer.from('not an image at all'));
    expect(bad.status).toBe(415);

    const session = await h.idv.getSession(s.sessionId);
    const [liveness] = session.getResources().getStaticLivenessResources();
    expect(liveness.getImage().getId()).toBe(newId);
    const content = await h.idv.getMediaContent(s.sessionId, newId);
    expect(Buffer.compare(content!.getContent(), frame)).toBe(0);

    expect((await s.client.submit()).status).toBe(202);
    const late = await s.client.uploadFrameAt(live, 0, noDocument);
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('SESSION_SUBMITTED');
    await waitForState(h, s.sessionId, 'COMPLETED', 120_000);
  }, 180_000);
});
