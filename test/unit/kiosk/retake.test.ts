// A retake through the kiosk service (issue 8, part 1), against the real IDV service with real
// image analysis: each retake is a new outbox item (a new Idempotency-Key), so the service replaces
// the page; the answer carries the attempts left; a retake the service refuses (no attempts left)
// is thrown to the renderer instead of passing for "uploaded"; a retaken face replaces the first.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newEnvelopeKey } from '../../../platform/aesGcmEnvelope';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { createKioskService, type KioskService } from '../../../electron/services/kioskService';
import { createSessionBroker, type SessionBroker } from '../../../electron/services/sessionBroker';
import { RejectedByServiceError } from '../../../electron/services/serviceErrors';
import { serviceInfoFor } from '../../../electron/services/serviceInfo';
import { createNodeVision } from '../../../vision/node';

const fixture = async (name: string) =>
  new Uint8Array(await readFile(new URL(`../../fixtures/specimens/${name}`, import.meta.url)));

let root: string;
let server: IdvServer;
let broker: SessionBroker;
let service: KioskService;
let passport: Uint8Array<ArrayBuffer>;
let noDocument: Uint8Array<ArrayBuffer>;
let otherFace: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  passport = await fixture('passport-td3.jpg');
  noDocument = await fixture('pacman.jpg');
  otherFace = await fixture('passport-td2.jpg');
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-retake-'));
  server = await createIdvServer({
    dataDir: path.join(root, 'idv'),
    port: 0,
    host: '127.0.0.1',
    demo: true,
    vision: await createNodeVision(),
  });
  const app = await server.apps.create('kiosk retake test');
  broker = createSessionBroker({
    apiBaseUrl: server.rpApiUrl,
    sdkId: app.sdkId,
    privateKeyPem: app.privateKeyPem,
  });
  service = await createKioskService({
    broker,
    clientApi: createClientSessionApi({ apiBaseUrl: server.rpApiUrl }),
    serviceInfo: serviceInfoFor('standalone', server.url),
    outboxDir: path.join(root, 'outbox'),
    outboxKey: newEnvelopeKey(),
    emit: () => undefined,
    idleTimeoutMs: 10 * 60_000,
    followerTiming: { initialDelayMs: 20, maxDelayMs: 100 },
  });
}, 120_000);
afterAll(async () => {
  await service?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

async function startWithPassport() {
  const h = service.handlers;
  const { handle } = await h.startSession({ locale: 'en' });
  await h.selectDocument({ handle, issuingCountry: 'UTO', documentType: 'PASSPORT' });
  return handle;
}

const front = (handle: string, image: Uint8Array<ArrayBuffer>) =>
  service.handlers.uploadPage({ handle, side: 'front', image, mime: 'image/jpeg', captureMethod: 'CAMERA' });

it('a retake replaces the rejected page and says how many tries are left; none left is a refusal, not "uploaded"', async () => {
  const handle = await startWithPassport();
  const first = await front(handle, noDocument);
  expect(first).toMatchObject({ status: 'uploaded', feedback: { acceptable: false }, attemptsRemaining: 2 });
  expect(await front(handle, noDocument)).toMatchObject({ status: 'uploaded', attemptsRemaining: 1 });
  expect(await front(handle, noDocument)).toMatchObject({ status: 'uploaded', attemptsRemaining: 0 });

  const refused = await front(handle, passport).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RejectedByServiceError);
  expect(refused).toMatchObject({ code: 'REJECTED_BY_SERVICE', serviceCode: 'NO_ATTEMPTS_REMAINING' });
  expect((refused as Error).message).toBe(
    'No tries are left for this document. Use the photo as it is, or ask a member of staff.',
  );
  // The service's own words are kept for main's log, not for the screen.
  expect((refused as RejectedByServiceError).serviceMessage).toMatch(/no attempts remain/);
}, 120_000);

it('a retaken page and a retaken face are the ones the session keeps and the report shows', async () => {
  const handle = await startWithPassport();
  expect(await front(handle, noDocument)).toMatchObject({
    feedback: { acceptable: false },
    attemptsRemaining: 2,
  });
  expect(await front(handle, passport)).toMatchObject({
    status: 'uploaded',
    feedback: { acceptable: true },
    attemptsRemaining: 2,
  });
  const h = service.handlers;
  expect(await h.uploadFace({ handle, image: otherFace, mime: 'image/jpeg' })).toEqual({
    status: 'uploaded',
    attemptsRemaining: null,
  });
  expect(await h.uploadFace({ handle, image: passport, mime: 'image/jpeg' })).toEqual({
    status: 'uploaded',
    attemptsRemaining: null,
  });
  expect(await h.submitSession({ handle })).toEqual({ accepted: true });
  await expect
    .poll(async () => (await h.getReport({ handle })).sessionState, { timeout: 60_000 })
    .toBe('COMPLETED');
  const report = await h.getReport({ handle });
  expect(report.pages).toHaveLength(1);
  expect(Buffer.from(report.pages[0].image.bytes).equals(Buffer.from(passport))).toBe(true);
  expect(Buffer.from(report.face!.bytes).equals(Buffer.from(passport))).toBe(true);
  expect(report.documentFields).toMatchObject({ family_name: 'ERIKSSON' });
}, 120_000);
