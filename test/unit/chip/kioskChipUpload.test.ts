// main's side of the chip evidence: a chip read is queued through the kiosk service's outbox as
// the document's chip resource (PUT .../chip) and reaches the local service before the submit,
// whose authenticity check then carries the chip's passive authentication.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newEnvelopeKey } from '../../../platform/aesGcmEnvelope';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { chipAwarePipeline } from '../../../idv/chip/chipPipeline';
import { chipResourceBody } from '../../../idv/chip/chipResource';
import { addCertificate, emptyStore } from '../../../chip/pa/cscaStore';
import { readPassport } from '../../../chip/read/readPassport';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { createKioskService, type KioskService } from '../../../electron/services/kioskService';
import { createSessionBroker, type SessionBroker } from '../../../electron/services/sessionBroker';
import { serviceInfoFor } from '../../../electron/services/serviceInfo';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { createPassport } from '../../support/chip/passportData';
import { createCsca, createDsc, type Issued } from '../../support/chip/testPki';

const SPECIMEN = new Uint8Array(await readFile(new URL('../../fixtures/specimens/passport-td3.jpg', import.meta.url)));

let root: string;
let server: IdvServer;
let broker: SessionBroker;
let service: KioskService;
let dsc: Issued;
const states: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-chip-'));
  const csca = await createCsca('C=UT, O=Utopia, CN=Utopia CSCA', { notBefore: new Date('2020-01-01'), notAfter: new Date('2045-01-01') });
  const store = emptyStore();
  addCertificate(store, csca.der, 'csca.cer');
  server = await createIdvServer({ dataDir: path.join(root, 'idv'), port: 0, host: '127.0.0.1', demo: true, pipeline: chipAwarePipeline(store) });
  const app = await server.apps.create('kiosk chip test');
  broker = createSessionBroker({ apiBaseUrl: server.rpApiUrl, sdkId: app.sdkId, privateKeyPem: app.privateKeyPem });
  service = await createKioskService({
    broker,
    clientApi: createClientSessionApi({ apiBaseUrl: server.rpApiUrl }),
    serviceInfo: serviceInfoFor('standalone', server.url),
    outboxDir: path.join(root, 'outbox'),
    outboxKey: newEnvelopeKey(),
    emit: (event, payload) => {
      if (event === 'session:state') states.push((payload as { state: string }).state);
    },
    idleTimeoutMs: 10 * 60_000,
    followerTiming: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  dsc = await createDsc(csca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01') });
}, 60_000);
afterAll(async () => {
  await service?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

it('a chip read goes through the outbox before the submit and its PA is in the result', async () => {
  const p = await createPassport(dsc);
  const body = chipResourceBody(await readPassport(new SoftwareChip(p.chip), { key: p.key }));
  const h = service.handlers;
  const { handle } = await h.startSession({ locale: 'en' });
  // No document chosen yet: nothing to attach the chip to.
  expect(await service.chipRead(handle, body)).toBe(false);
  await h.selectDocument({ handle, issuingCountry: 'UTO', documentType: 'PASSPORT' });
  expect((await h.uploadPage({ handle, side: 'front', image: SPECIMEN, mime: 'image/jpeg', captureMethod: 'CAMERA' })).status).toBe('uploaded');
  expect(await service.chipRead(handle, body)).toBe(true);
  await h.uploadFace({ handle, image: SPECIMEN, mime: 'image/jpeg' });
  expect(await h.submitSession({ handle })).toEqual({ accepted: true });
  await expect.poll(() => states.at(-1), { timeout: 30_000 }).toBe('COMPLETED');
  // After the submit the chip is refused by the kiosk itself (nothing queued).
  expect(await service.chipRead(handle, body)).toBe(false);

  const result = await broker.getSession(service.sessionIdFor(handle));
  const pa = result
    .getChecks()
    .find((c) => c.getType() === 'ID_DOCUMENT_AUTHENTICITY')
    ?.getReport()
    .getBreakdown()
    .find((b) => b.getSubCheck() === 'chip_passive_authentication');
  expect([pa?.getResult(), pa?.getDetails().find((d) => d.getName() === 'status')?.getValue()]).toEqual(['PASS', 'PASSED']);
}, 60_000);
