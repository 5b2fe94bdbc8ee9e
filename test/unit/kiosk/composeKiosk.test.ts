// The composed kiosk (electron/host/composeKiosk.ts) against the real IDV service (createIdvServer on 127.0.0.1:0), through a
// recording proxy so the tests know which session ids and tokens the service issued.
import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yoti from 'yoti';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, IpcResult, StaffReport } from '../../../common/ipc/contract';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createHidScannerSource, type HidDeviceInfo } from '../../../electron/devices/hidScanners';
import { composeKiosk, type Kiosk, type KioskDeps } from '../../../electron/host/composeKiosk';
import { silentLogger } from '../../../platform/logger';
import { FAST_SCRYPT } from '../staff/support/staffHarness';
import { issuedSecrets, startRecordingProxy, type RecordingProxy } from './support/recordingProxy';

const SPECIMEN = new Uint8Array(
  await readFile(new URL('../../fixtures/specimens/passport-td3.jpg', import.meta.url)),
);

let server: IdvServer;
let app: { sdkId: string; privateKeyPem: string };
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-runtime-'));
  server = await createIdvServer({ dataDir: path.join(root, 'idv'), port: 0, host: '127.0.0.1', demo: true });
  app = await server.apps.create('kiosk runtime test');
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

interface Harness {
  runtime: Kiosk;
  proxy: RecordingProxy;
  dataDir: string;
  events: Array<{ event: EventChannel; payload: unknown }>;
  results: unknown[];
  call(channel: string, req: unknown): Promise<IpcResult<unknown>>;
  waitFor(pred: (e: { event: EventChannel; payload: unknown }) => boolean, ms?: number): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runtime.dispose();
    await h.proxy.close();
  }
});

async function harness(extra: Partial<KioskDeps> = {}): Promise<Harness> {
  const proxy = await startRecordingProxy(server.url);
  const dataDir = await mkdtemp(path.join(root, 'kiosk-'));
  const runtime = await composeKiosk({
    service: {
      apiBaseUrl: proxy.apiBaseUrl,
      sdkId: app.sdkId,
      privateKeyPem: app.privateKeyPem,
      kind: 'standalone',
    },
    dataDir,
    // A staffed kiosk: most of these tests read the staff report.
    mode: 'staff',
    outboxTiming: { baseDelayMs: 50, maxDelayMs: 200 },
    followerTiming: { initialDelayMs: 50, maxDelayMs: 300 },
    logger: silentLogger,
    staffOptions: { scrypt: FAST_SCRYPT },
    ...extra,
  });
  const events: Harness['events'] = [];
  const waiters: Array<() => void> = [];
  runtime.onEvent((event, payload) => {
    events.push({ event, payload });
    waiters.forEach((w) => w());
  });
  const results: unknown[] = [];
  const h: Harness = {
    runtime,
    proxy,
    dataDir,
    events,
    results,
    async call(channel, req) {
      const r = await runtime.dispatch(channel, req);
      results.push(r);
      return r;
    },
    waitFor(pred, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.some(pred)) {
            clearTimeout(t);
            resolve();
            return true;
          }
          return false;
        };
        const t = setTimeout(
          () =>
            reject(new Error(`event not seen in ${ms} ms: ${JSON.stringify(events.map((e) => e.event))}`)),
          ms,
        );
        if (!check()) waiters.push(() => void check());
      });
    },
  };
  open.push(h);
  return h;
}

function value<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** The report is for signed-in staff only: the kiosk's first admin signs in, as at a new station. */
async function signInStaff(h: Harness): Promise<void> {
  expect(
    value(await h.call('staffCreateFirstAdmin', { name: 'amira', displayName: 'Amira', pin: '482913' })),
  ).toMatchObject({ displayName: 'Amira', role: 'admin' });
}

async function startWithPassport(h: Harness): Promise<string> {
  const started = value<{
    handle: string;
    documents: Array<{ issuingCountry: string; documentTypes: Array<{ type: string; pages: string[] }> }>;
  }>(await h.call('startSession', { locale: 'en' }));
  const uto = started.documents.find((d) => d.issuingCountry === 'UTO');
  expect(uto?.documentTypes.find((t) => t.type === 'PASSPORT')?.pages).toEqual(['front']);
  expect(
    value(
      await h.call('selectDocument', {
        handle: started.handle,
        issuingCountry: 'UTO',
        documentType: 'PASSPORT',
      }),
    ),
  ).toEqual({
    requiredPages: ['front'],
  });
  return started.handle;
}

/** The specimen as a page upload for this handle. */
function specimenPage(handle: string, captureMethod = 'CAMERA', side = 'front') {
  return { handle, side, image: SPECIMEN, mime: 'image/jpeg', captureMethod };
}

/** The person's part once the document is chosen: the page, the face, submit (accepted). */
async function uploadAndSubmit(h: Harness, handle: string): Promise<void> {
  await h.call('uploadPage', specimenPage(handle));
  await h.call('uploadFace', { handle, image: SPECIMEN, mime: 'image/jpeg' });
  expect(value(await h.call('submitSession', { handle }))).toEqual({ accepted: true });
}

const sessionStateIs =
  (state: string) =>
  (e: { event: EventChannel; payload: unknown }): boolean =>
    e.event === 'session:state' && (e.payload as { state: string }).state === state;

/** How many times the kiosk fetched the result of the one session the service issued. */
function resultFetches(h: Harness): number {
  const { sessionIds } = issuedSecrets(h.proxy);
  return h.proxy.exchanges.filter(
    (e) => e.method === 'GET' && new RegExp(`/sessions/${sessionIds[0]}(\\?|$)`).test(e.path),
  ).length;
}

describe('kiosk runtime with the real IDV service', () => {
  it('walks a whole verification and leaks no token, session id, key or path to the renderer side', async () => {
    const h = await harness();
    const info = value<{ service: { kind: string; label: string } }>(await h.call('getAppInfo', {}));
    expect(info.service).toMatchObject({
      kind: 'standalone',
      label: expect.stringContaining('not a Yoti verification'),
    });
    const handle = await startWithPassport(h);
    const page = value<{ status: string; feedback: { acceptable: boolean; issues: string[] } | null }>(
      await h.call('uploadPage', specimenPage(handle)),
    );
    expect(page.status).toBe('uploaded');
    expect(page.feedback).not.toBeNull();
    expect(value(await h.call('uploadFace', { handle, image: SPECIMEN, mime: 'image/jpeg' }))).toEqual({
      status: 'uploaded',
      attemptsRemaining: null,
    });
    expect(value(await h.call('submitSession', { handle }))).toEqual({ accepted: true });
    await h.waitFor(sessionStateIs('COMPLETED'));
    await signInStaff(h);
    const report = value<StaffReport>(await h.call('getReport', { handle }));
    expect(report.handle).toBe(handle);
    expect(report.source.label).toBe('Local IDV service — not a Yoti verification (standalone)');
    expect(report.sessionState).toBe('COMPLETED');
    expect(report.documentType).toBe('PASSPORT');
    expect(report.issuingCountry).toBe('UTO');
    expect(report.checks.map((c) => c.type).sort()).toEqual([
      'ID_DOCUMENT_AUTHENTICITY',
      'ID_DOCUMENT_FACE_MATCH',
      'ID_DOCUMENT_TEXT_DATA_CHECK',
      'LIVENESS',
    ]);
    // Without image analysis the service must not invent an APPROVE.
    for (const c of report.checks) expect(c.recommendation.value).toBe('NOT_AVAILABLE');
    expect(report.pages).toHaveLength(1);
    // The verified page is the very image uploaded, handed over as bytes (no data: URL).
    expect(report.pages[0].image.mime).toBe('image/jpeg');
    expect(Buffer.from(report.pages[0].image.bytes).equals(Buffer.from(SPECIMEN))).toBe(true);
    expect(report.face?.mime).toBe('image/jpeg');
    expect(Buffer.from(report.face!.bytes).equals(Buffer.from(SPECIMEN))).toBe(true);
    expect(value(await h.call('discardSession', { handle }))).toEqual({ discarded: true });
    await h.runtime.dispatch('listDevices', {}).then((r) => h.results.push(r));

    const { sessionIds, tokens } = issuedSecrets(h.proxy);
    expect(sessionIds).toHaveLength(1);
    const seen = JSON.stringify({ results: h.results, events: h.events });
    expect(seen).toContain(handle);
    for (const secret of [...sessionIds, ...tokens, app.sdkId]) expect(seen).not.toContain(secret);
    const keyBody = app.privateKeyPem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of keyBody) expect(seen).not.toContain(line);
    for (const p of [root, h.dataDir, tmpdir(), process.cwd()]) expect(seen).not.toContain(p);
    // The token travelled only as a Bearer header, never in a URL.
    for (const e of h.proxy.exchanges) for (const t of tokens) expect(e.path).not.toContain(t);
  });

  it('discard wipes the session on the service too, and the handle stops working', async () => {
    const h = await harness();
    const handle = await startWithPassport(h);
    const { sessionIds } = issuedSecrets(h.proxy);
    expect(value(await h.call('discardSession', { handle }))).toEqual({ discarded: true });
    expect(value(await h.call('discardSession', { handle }))).toEqual({ discarded: false });
    await signInStaff(h);
    const r = await h.call('getReport', { handle });
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_SESSION', message: expect.any(String) } });
    const client = new yoti.IDVClient(app.sdkId, app.privateKeyPem, { apiUrl: server.rpApiUrl });
    await expect
      .poll(
        async () =>
          client.getSession(sessionIds[0]).then(
            () => 'exists',
            (e: { getResponseStatusCode(): number | null }) => e.getResponseStatusCode(),
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe(404);
  });

  it('queues uploads while the service is down, then delivers them and the result once it is back', async () => {
    const h = await harness();
    const handle = await startWithPassport(h);
    await h.proxy.setMode('down');
    const page = value<{ status: string; feedback: unknown }>(
      await h.call('uploadPage', specimenPage(handle, 'SCANNER')),
    );
    expect(page).toEqual({ status: 'queued', feedback: null, attemptsRemaining: null });
    expect(value(await h.call('uploadFace', { handle, image: SPECIMEN, mime: 'image/jpeg' }))).toEqual({
      status: 'queued',
      attemptsRemaining: null,
    });
    expect(value(await h.call('submitSession', { handle }))).toEqual({ accepted: true });
    expect(h.events.some(sessionStateIs('UPLOADING'))).toBe(true);
    expect(
      h.events.some(
        (e) =>
          e.event === 'upload:progress' &&
          /failed \(HTTP 503\)/.test(String((e.payload as { lastError: string }).lastError)),
      ),
    ).toBe(true);
    await h.proxy.setMode('pass');
    await h.waitFor(sessionStateIs('COMPLETED'));
    await signInStaff(h);
    const report = value<StaffReport>(await h.call('getReport', { handle }));
    expect(report.pages).toHaveLength(1);
    expect(report.face).not.toBeNull();
    const uploads = h.proxy.exchanges.filter(
      (e) => e.method === 'PUT' && e.path.endsWith('/pages/front/media') && e.status < 300,
    );
    expect(uploads).toHaveLength(1);
  });

  it("learns of the result from the service's notification, not only by polling", async () => {
    // After the first poll the next one would be a minute away: COMPLETED within seconds proves
    // the service's SESSION_COMPLETION notification reached the kiosk's receiver.
    const h = await harness({ followerTiming: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const handle = await startWithPassport(h);
    await uploadAndSubmit(h, handle);
    await h.waitFor(sessionStateIs('COMPLETED'), 20_000);
    // Seen within 20 s while the follower's own first poll is a minute away: every fetch of the
    // result was made because a notification arrived (one per topic, each a poll).
    expect(resultFetches(h)).toBeGreaterThan(0);
  });

  it('a document scanner: hot-plug events, listDevices, and its MRZ sent to the service for the current document', async () => {
    const device = new EventEmitter() as EventEmitter & { close(): void };
    device.close = () => undefined;
    let attached: HidDeviceInfo[] = [];
    const scanners = createHidScannerSource({
      backend: { devices: async () => attached, open: async () => device },
      pollIntervalMs: 60_000,
    });
    const h = await harness({ devices: scanners });
    await startWithPassport(h);
    attached = [{ vendorId: 0x0db5, productId: 0x0150, path: '/dev/hidraw9', product: 'ACME MRZ Reader' }];
    await scanners.refresh();
    const listed = value<Array<{ kind: string; label: string; connected: boolean }>>(
      await h.call('listDevices', {}),
    );
    expect(listed).toEqual([
      { kind: 'scanner', id: expect.stringMatching(/^scanner-/), label: 'ACME MRZ Reader', connected: true },
    ]);
    expect(h.events.filter((e) => e.event === 'device:changed')).toHaveLength(1);

    const reports = (
      await readFile(new URL('./fixtures/mrz-reader-td3.hidreports.txt', import.meta.url), 'utf8')
    )
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => Buffer.from(l.replace(/\s+/g, ''), 'hex'));
    for (const r of reports) device.emit('data', r);
    const lines = [
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ];
    await h.waitFor((e) => e.event === 'scanner:mrz');
    // The screen hears that the scanner read an MRZ, never the MRZ itself.
    expect(h.events.find((e) => e.event === 'scanner:mrz')!.payload).toEqual({ lineCount: 2 });
    expect(JSON.stringify(h.events)).not.toContain(lines[1]);
    await expect
      .poll(() =>
        h.proxy.exchanges.filter((e) => e.method === 'PUT' && e.path.endsWith('/mrz')).map((e) => e.status),
      )
      .toEqual([200]);
    const sent = h.proxy.exchanges.find((e) => e.path.endsWith('/mrz'))!;
    expect(JSON.parse(sent.responseBody).lines).toEqual(lines);
    // It went to the session behind this person's handle (the only one the service issued).
    const { sessionIds } = issuedSecrets(h.proxy);
    expect(sessionIds).toHaveLength(1);
    expect(sent.path).toContain(`/sessions/${sessionIds[0]}/`);

    attached = [];
    await scanners.refresh();
    expect(value(await h.call('listDevices', {}))).toEqual([]);
    expect(
      h.events
        .filter((e) => e.event === 'device:changed')
        .map((e) => (e.payload as { connected: boolean }).connected),
    ).toEqual([true, false]);
    await scanners.close();
  });

  it('says SERVICE_UNREACHABLE when nothing listens at the configured URL', async () => {
    const dataDir = await mkdtemp(path.join(root, 'down-'));
    const runtime = await composeKiosk({
      service: {
        apiBaseUrl: 'http://127.0.0.1:1/idverify/v1',
        sdkId: app.sdkId,
        privateKeyPem: app.privateKeyPem,
      },
      dataDir,
      notifications: false,
      logger: silentLogger,
    });
    try {
      const r = await runtime.dispatch('startSession', { locale: 'en' });
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'SERVICE_UNREACHABLE',
          message: 'The verification service could not be reached to start a session.',
        },
      });
    } finally {
      await runtime.dispose();
    }
  });

  it('passes on the service refusing a bad image as REJECTED_BY_SERVICE, and keeps the session usable', async () => {
    const h = await harness();
    const handle = await startWithPassport(h);
    const bad = await h.call('uploadPage', {
      handle,
      side: 'front',
      image: new TextEncoder().encode('this is not a JPEG'),
      mime: 'image/jpeg',
      captureMethod: 'UPLOAD',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('REJECTED_BY_SERVICE');
      // The kiosk's own words; the service's answer (which may name the session) stays in main.
      expect(bad.error.message).toBe('The photo could not be read. Please take it again.');
    }
    const good = value<{ status: string }>(await h.call('uploadPage', specimenPage(handle)));
    expect(good.status).toBe('uploaded');
  });

  it('wipes an abandoned session by itself after the idle timeout (backstop for a dead renderer)', async () => {
    const h = await harness({ idleTimeoutMs: 150, idleGraceMs: 0, sweepIntervalMs: 40 });
    // Only the session is started: the person walked away before choosing a document.
    const { handle } = value<{ handle: string }>(await h.call('startSession', { locale: 'en' }));
    await h.waitFor(sessionStateIs('EXPIRED'), 5000);
    expect(
      await h.call('selectDocument', { handle, issuingCountry: 'UTO', documentType: 'PASSPORT' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SESSION' },
    });
    // The session is deleted on the service, and the sealed delete order leaves the outbox once sent.
    const { sessionIds } = issuedSecrets(h.proxy);
    await expect
      .poll(() =>
        h.proxy.exchanges
          .filter((e) => e.method === 'DELETE' && e.path.includes(sessionIds[0]))
          .map((e) => e.status),
      )
      .toContain(204);
    await expect
      .poll(async () => (await readdir(path.join(h.dataDir, 'outbox'))).filter((f) => f.endsWith('.item')))
      .toEqual([]);
  });
});

describe('an unattended kiosk', () => {
  it('never hands the staff report to the screen without a staff sign-in; the done screen learns the state only', async () => {
    const h = await harness({ mode: 'unattended' });
    const handle = await startWithPassport(h);
    expect(await h.call('getSessionStatus', { handle })).toEqual({ ok: true, value: { state: 'UPLOADING' } });
    await uploadAndSubmit(h, handle);
    await expect
      .poll(async () => value<{ state: string }>(await h.call('getSessionStatus', { handle })).state, {
        timeout: 20_000,
      })
      .toBe('COMPLETED');
    expect(await h.call('getReport', { handle })).toEqual({
      ok: false,
      error: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' },
    });
    // Nothing of the person crossed: no name, no document number, no image.
    const seen = JSON.stringify(h.results);
    expect(seen).not.toMatch(/ERIKSSON|L898902C3/);
  });
});

describe('getSessionStatus', () => {
  it('answers from the follower while it follows, without polling the service a second time', async () => {
    const h = await harness({
      notifications: false,
      followerTiming: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const handle = await startWithPassport(h);
    await uploadAndSubmit(h, handle);
    const before = resultFetches(h);
    for (let i = 0; i < 3; i++)
      expect(await h.call('getSessionStatus', { handle })).toEqual({
        ok: true,
        value: { state: 'PROCESSING' },
      });
    expect(resultFetches(h)).toBe(before);
  });
});

describe('IPC request validation', () => {
  it('rejects malformed requests with INVALID_REQUEST before touching the service', async () => {
    const h = await harness();
    const handle = await startWithPassport(h);
    const before = h.proxy.exchanges.length;
    const image = SPECIMEN;
    const cases: Array<[string, unknown]> = [
      ['noSuchChannel', {}],
      ['__proto__', {}],
      ['getAppInfo', null],
      ['startSession', { locale: 'x'.repeat(17) }],
      ['startSession', 'en'],
      ['selectDocument', { handle, issuingCountry: 'uto', documentType: 'PASSPORT' }],
      ['selectDocument', { handle, issuingCountry: 'UTO', documentType: 'LIBRARY_CARD' }],
      ['selectDocument', { handle: 'short', issuingCountry: 'UTO', documentType: 'PASSPORT' }],
      [
        'selectDocument',
        { handle: '../../etc/passwd/xxxxxxxxx', issuingCountry: 'UTO', documentType: 'PASSPORT' },
      ],
      [
        'uploadPage',
        {
          handle,
          side: 'front',
          image: [...image.subarray(0, 10)],
          mime: 'image/jpeg',
          captureMethod: 'CAMERA',
        },
      ],
      [
        'uploadPage',
        { handle, side: 'front', image: 'base64data', mime: 'image/jpeg', captureMethod: 'CAMERA' },
      ],
      [
        'uploadPage',
        { handle, side: 'front', image: new Uint8Array(0), mime: 'image/jpeg', captureMethod: 'CAMERA' },
      ],
      [
        'uploadPage',
        {
          handle,
          side: 'front',
          image: new Uint8Array(15 * 1024 * 1024 + 1),
          mime: 'image/jpeg',
          captureMethod: 'CAMERA',
        },
      ],
      ['uploadPage', { handle, side: 'front', image, mime: 'image/gif', captureMethod: 'CAMERA' }],
      ['uploadPage', { handle, side: 'inside', image, mime: 'image/jpeg', captureMethod: 'CAMERA' }],
      ['uploadPage', { handle, side: 'front', image, mime: 'image/jpeg', captureMethod: 'TELEPATHY' }],
      ['uploadFace', { handle }],
      ['submitSession', {}],
      ['getReport', { handle: 42 }],
      ['discardSession', undefined],
    ];
    for (const [i, [channel, req]] of cases.entries()) {
      const r = await h.runtime.dispatch(channel, req);
      expect(r.ok, `case ${i} (${channel})`).toBe(false);
      if (!r.ok) expect(r.error.code, `case ${i} (${channel})`).toBe('INVALID_REQUEST');
    }
    expect(h.proxy.exchanges.length).toBe(before);
    const r = await h.runtime.dispatch('uploadPage', {
      handle,
      side: 'front',
      image: 'x',
      mime: 'image/gif',
      captureMethod: 'CAMERA',
    });
    expect(!r.ok && r.error.message).toMatch(/image: .*; mime: /);
  });

  it('answers UNKNOWN_SESSION for a well-formed handle it never issued, and INVALID_REQUEST for out-of-order calls', async () => {
    const h = await harness();
    const unknown = await h.runtime.dispatch('submitSession', { handle: 'A'.repeat(32) });
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_SESSION', message: 'no such session (it ended, expired or was never started)' },
    });
    const started = value<{ handle: string }>(await h.runtime.dispatch('startSession', { locale: 'en' }));
    const early = await h.runtime.dispatch('uploadPage', specimenPage(started.handle));
    expect(early).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'Choose the document before uploading its pages.' },
    });
    await h.runtime.dispatch('selectDocument', {
      handle: started.handle,
      issuingCountry: 'UTO',
      documentType: 'PASSPORT',
    });
    const back = await h.runtime.dispatch('uploadPage', specimenPage(started.handle, 'CAMERA', 'back'));
    expect(back).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'This document has no back page to upload.' },
    });
  });
});
