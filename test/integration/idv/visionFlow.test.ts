// The embedded service with real image analysis (vision/node): what the checks report is computed
// from the uploaded images — the specimen passport's MRZ is read from the picture, its expiry in
// 2012 rejects it, its portrait matches the same portrait, and a frame with no face cannot pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeVision } from '../../../vision/node';
import { clientApi, fixture, fullSpecification, startHarness, waitForState, type Harness } from './support';

describe('session with image analysis', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ vision: await createNodeVision() });
  }, 120_000);
  afterAll(async () => h.close());

  async function run(frameFixture: string) {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT');
    const page = await client.uploadPage(
      String(doc.json.resource_id),
      'front',
      await fixture('passport-td3.jpg'),
    );
    const live = await client.createLiveness();
    await client.uploadFrame(String(live.json.resource_id), await fixture(frameFixture));
    expect((await client.submit()).status).toBe(202);
    const session = await waitForState(h, created.getSessionId(), 'COMPLETED', 120_000);
    const report = (type: string) =>
      session
        .getChecks()
        .find((c) => c.getType() === type)!
        .getReport();
    return { session, page, report };
  }

  it('reads the page, rejects the expired specimen and matches its portrait', async () => {
    const { session, page, report } = await run('passport-td2.jpg');
    // Instant feedback at upload: the MRZ was found and valid.
    expect(page.json.feedback).toMatchObject({
      acceptable: true,
      metrics: { mrzFound: true, mrzValid: true },
    });

    expect(report('ID_DOCUMENT_TEXT_DATA_CHECK').getRecommendation().getValue()).toBe('REJECT');
    expect(report('ID_DOCUMENT_TEXT_DATA_CHECK').getRecommendation().getReason()).toBe('EXPIRED_DOCUMENT');
    expect(report('ID_DOCUMENT_AUTHENTICITY').getRecommendation().getValue()).toBe('REJECT');
    const match = report('ID_DOCUMENT_FACE_MATCH');
    expect(match.getRecommendation().getValue()).toBe('APPROVE');
    const score = Number(
      match
        .getBreakdown()[0]
        .getDetails()
        .find((d) => d.getName() === 'confidence_score')
        ?.getValue(),
    );
    expect(score).toBeGreaterThan(0.65);
    // The frame was the document page itself: not a live face, and the breakdown says why.
    const liveness = report('LIVENESS');
    expect(liveness.getRecommendation().getValue()).toBe('REJECT');
    const failed = liveness
      .getBreakdown()
      .filter((b) => b.getResult() === 'FAIL')
      .map((b) => b.getSubCheck());
    expect(failed).toContain('not_a_document');

    const media = session.getResources().getIdDocuments()[0].getDocumentFields().getMedia();
    const fields = JSON.parse(
      (await h.idv.getMediaContent(session.getSessionId(), media.getId()))!.getContent().toString(),
    );
    expect(fields).toMatchObject({
      document_number: 'L898902C3',
      family_name: 'ERIKSSON',
      date_of_birth: '1974-08-12',
    });
  }, 120_000);

  it('rejects liveness and cannot match faces on a page and frame without a face', async () => {
    const { report } = await run('pacman.jpg');
    const liveness = report('LIVENESS');
    expect(liveness.getRecommendation().getValue()).toBe('REJECT');
    expect(
      liveness
        .getBreakdown()
        .filter((b) => b.getResult() === 'FAIL')
        .map((b) => b.getSubCheck()),
    ).toContain('single_face');
    // No portrait on a page without a face: nothing to match, said as NOT_AVAILABLE.
    expect(report('ID_DOCUMENT_FACE_MATCH').getRecommendation().getValue()).toBe('NOT_AVAILABLE');
  }, 120_000);
});
