// One path for a page: what vision read from a page at upload (quality, MRZ) is stored with the
// page and reused at submit, so the page is not read a second time, and the checks come out the
// same as when the page is read at submit (a page uploaded without a reading).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseUploadedPage, runPipeline } from '../../../idv/pipeline/runPipeline';
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { createNodeVision } from '../../../vision/node';
import {
  clientApi,
  fixture,
  fullSpecification,
  signedCall,
  startHarness,
  waitForState,
  type Harness,
} from './support';

/** Real vision, counting what it is asked to do with the passport page. */
function countingVision(inner: VisionPort, page: Uint8Array) {
  const pageImages = new WeakSet<RgbaImage>();
  const counts = { pageDecodes: 0, pageQuality: 0, pageReads: 0 };
  const isPage = (bytes: Uint8Array) => Buffer.from(bytes).equals(Buffer.from(page));
  const vision: VisionPort = {
    async decode(bytes) {
      const image = await inner.decode(bytes);
      if (isPage(bytes)) {
        counts.pageDecodes += 1;
        pageImages.add(image);
      }
      return image;
    },
    assessQuality(image) {
      if (pageImages.has(image)) counts.pageQuality += 1;
      return inner.assessQuality(image);
    },
    async readDocument(image) {
      if (pageImages.has(image)) counts.pageReads += 1;
      return inner.readDocument(image);
    },
    detectFaces: (image) => inner.detectFaces(image),
    compareFaces: (a, b) => inner.compareFaces(a, b),
    assessLiveness: (frames) => inner.assessLiveness(frames),
  };
  return { vision, counts };
}

/** A check without what differs between two runs (ids, times). */
function outcome(check: { type: string; report: unknown }) {
  return { type: check.type, report: check.report };
}

describe('a page read at upload is not read again at submit', () => {
  let withReading: Harness;
  let withoutReading: Harness;
  let page: Buffer;
  let frame: Buffer;
  let counted: ReturnType<typeof countingVision>;
  let countedWithout: ReturnType<typeof countingVision>;

  beforeAll(async () => {
    page = await fixture('passport-td3.jpg');
    frame = await fixture('passport-td2.jpg');
    const vision = await createNodeVision();
    counted = countingVision(vision, page);
    countedWithout = countingVision(vision, page);
    withReading = await startHarness({ vision: counted.vision });
    // The same pipeline, but the upload keeps no reading (as when vision failed at upload).
    withoutReading = await startHarness({
      vision: countedWithout.vision,
      pipeline: {
        runPipeline,
        analyseUploadedPage: async (...args) => ({ ...(await analyseUploadedPage(...args)), reading: null }),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await withReading?.close();
    await withoutReading?.close();
  });

  async function session(h: Harness) {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT');
    const uploaded = await client.uploadPage(String(doc.json.resource_id), 'front', page);
    expect(uploaded.status).toBe(201);
    const live = await client.createLiveness();
    await client.uploadFrame(String(live.json.resource_id), frame);
    expect((await client.submit()).status).toBe(202);
    await waitForState(h, created.getSessionId(), 'COMPLETED', 120_000);
    const raw = await fetchResults(h, created.getSessionId());
    return { feedback: uploaded.json.feedback, checks: raw };
  }

  /** The stored checks as JSON (the SDK's objects are not comparable as a whole). */
  async function fetchResults(h: Harness, sessionId: string) {
    const res = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}` });
    expect(res.status).toBe(200);
    return (res.json.checks as Array<{ type: string; report: unknown }>).map(outcome);
  }

  it('reads the page once, and the checks are the same as reading it at submit', async () => {
    const once = await session(withReading);
    // Upload: one decode, one quality assessment, one document reading. Submit: none of those
    // again; the face match decodes the page for the portrait's pixels (it reads no text).
    expect(counted.counts).toEqual({ pageDecodes: 2, pageQuality: 1, pageReads: 1 });

    const twice = await session(withoutReading);
    expect(countedWithout.counts).toEqual({ pageDecodes: 2, pageQuality: 2, pageReads: 2 });

    expect(once.feedback).toMatchObject({ acceptable: true, metrics: { mrzFound: true, mrzValid: true } });
    const types = once.checks.map((c) => c.type).sort();
    expect(types).toEqual([
      'ID_DOCUMENT_AUTHENTICITY',
      'ID_DOCUMENT_FACE_MATCH',
      'ID_DOCUMENT_TEXT_DATA_CHECK',
      'LIVENESS',
    ]);
    expect(once.checks).toEqual(twice.checks);
  }, 180_000);
});
