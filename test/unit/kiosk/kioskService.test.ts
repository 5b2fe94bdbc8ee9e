// The kiosk service's session handlers against the real IDV service (in-process, 127.0.0.1:0):
// one person's flow from start to staff report. The report is built from the result the follower
// fetched when the session completed, so no second getSession is made for it, and its images are
// the uploaded bytes with their type.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventChannel } from '../../../common/ipc/contract';
import { newEnvelopeKey } from '../../../platform/aesGcmEnvelope';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { createKioskService, type KioskService } from '../../../electron/services/kioskService';
import { createSessionBroker, type SessionBroker } from '../../../electron/services/sessionBroker';
import { serviceInfoFor } from '../../../electron/services/serviceInfo';
import { UnknownHandleError } from '../../../electron/services/tokenVault';
import { recordingLogger, type LoggedLine } from '../../support/recordingLogger';

const SPECIMEN = new Uint8Array(
  await readFile(new URL('../../fixtures/specimens/passport-td3.jpg', import.meta.url)),
);

let root: string;
let server: IdvServer;
let service: KioskService;
const events: Array<{ event: EventChannel; payload: unknown }> = [];
const sdkCalls: string[] = [];
const logged: LoggedLine[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-service-'));
  // Demo mode: the specimen passport's issuer (UTO) is accepted.
  server = await createIdvServer({ dataDir: path.join(root, 'idv'), port: 0, host: '127.0.0.1', demo: true });
  const app = await server.apps.create('kiosk service test');
  const real = createSessionBroker({
    apiBaseUrl: server.rpApiUrl,
    sdkId: app.sdkId,
    privateKeyPem: app.privateKeyPem,
  });
  // The broker as the service sees it, recording which SDK calls are made.
  const broker: SessionBroker = {
    createSession: (o) => real.createSession(o),
    getSession: (id) => (sdkCalls.push('getSession'), real.getSession(id)),
    deleteSession: (id) => (sdkCalls.push('deleteSession'), real.deleteSession(id)),
    getMediaContent: (id, mediaId) => (sdkCalls.push('getMediaContent'), real.getMediaContent(id, mediaId)),
  };
  // Something a previous run left that is not an outbox item: quarantined and logged at start.
  await mkdir(path.join(root, 'outbox'), { recursive: true });
  await writeFile(path.join(root, 'outbox', 'garbage.item'), 'not sealed');
  service = await createKioskService({
    broker,
    clientApi: createClientSessionApi({ apiBaseUrl: server.rpApiUrl }),
    serviceInfo: serviceInfoFor('standalone', server.url),
    outboxDir: path.join(root, 'outbox'),
    outboxKey: newEnvelopeKey(),
    emit: (event, payload) => events.push({ event, payload }),
    idleTimeoutMs: 10 * 60_000,
    followerTiming: { initialDelayMs: 20, maxDelayMs: 100 },
    logger: recordingLogger(logged),
  });
});
afterAll(async () => {
  await service?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

it('one person from start to report: the report reuses the follower’s result and carries the uploaded bytes', async () => {
  const h = service.handlers;
  const started = await h.startSession({ locale: 'en' });
  expect(Object.keys(started).sort()).toEqual(['documents', 'handle']);
  const handle = started.handle;
  expect(started.documents.find((d) => d.issuingCountry === 'UTO')?.documentTypes).toContainEqual({
    type: 'PASSPORT',
    pages: ['front'],
  });
  expect(await h.selectDocument({ handle, issuingCountry: 'UTO', documentType: 'PASSPORT' })).toEqual({
    requiredPages: ['front'],
  });
  const page = await h.uploadPage({
    handle,
    side: 'front',
    image: SPECIMEN,
    mime: 'image/jpeg',
    captureMethod: 'CAMERA',
  });
  expect(page.status).toBe('uploaded');
  expect(await h.uploadFace({ handle, image: SPECIMEN, mime: 'image/jpeg' })).toEqual({
    status: 'uploaded',
    attemptsRemaining: null,
  });
  expect(await h.submitSession({ handle })).toEqual({ accepted: true });

  await expect
    .poll(() =>
      events.find(
        (e) => e.event === 'session:state' && (e.payload as { state: string }).state !== 'PROCESSING',
      ),
    )
    .toEqual({ event: 'session:state', payload: { handle, state: 'COMPLETED', message: null } });
  const fetchesWhileFollowing = sdkCalls.filter((c) => c === 'getSession').length;
  expect(fetchesWhileFollowing).toBeGreaterThan(0);

  const report = await h.getReport({ handle });
  expect(sdkCalls.filter((c) => c === 'getSession')).toHaveLength(fetchesWhileFollowing);
  expect(report.sessionState).toBe('COMPLETED');
  expect(report.source.label).toBe('Local IDV service — not a Yoti verification (standalone)');
  expect(report.pages.map((p) => [p.side, p.image.mime])).toEqual([['front', 'image/jpeg']]);
  expect(Buffer.from(report.pages[0].image.bytes).equals(SPECIMEN)).toBe(true);
  expect(report.face?.mime).toBe('image/jpeg');
  expect(Buffer.from(report.face!.bytes).equals(SPECIMEN)).toBe(true);

  // Asking again (staff reopen the report) does not fetch the session either.
  await h.getReport({ handle });
  expect(sdkCalls.filter((c) => c === 'getSession')).toHaveLength(fetchesWhileFollowing);

  expect(await h.discardSession({ handle })).toEqual({ discarded: true });
  await expect(h.getReport({ handle })).rejects.toThrow(UnknownHandleError);
  await expect.poll(() => sdkCalls.includes('deleteSession')).toBe(true);
});

it('logs what the outbox could not read through the logger, and keeps the file in quarantine', async () => {
  expect(logged).toContainEqual({
    level: 'error',
    message: 'outbox item unreadable, moved to quarantine',
    fields: { file: 'garbage.item', reason: 'file name is not an outbox item id' },
  });
  expect(await readdir(path.join(root, 'outbox', 'quarantine'))).toEqual(['garbage.item']);
});
