// The outbox survives a crash: a child process uploads pages through it to the real IDV service,
// is killed with SIGKILL while an upload is in flight (the service still applies that upload),
// and a restarted child resends what was left. Every page must be on the service exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yoti from 'yoti';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { newEnvelopeKey } from '../../../platform/aesGcmEnvelope';
import { createSessionBroker } from '../../../electron/services/sessionBroker';
import { startRecordingProxy, type RecordingProxy } from './support/recordingProxy';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
const IMAGE = path.join(projectRoot, 'test/fixtures/specimens/passport-td3.jpg');

let root: string;
let server: IdvServer;
let proxy: RecordingProxy;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'outbox-crash-'));
  // Demo mode: the ICAO specimen issuer (UTO) of the test image is accepted.
  server = await createIdvServer({ dataDir: path.join(root, 'idv'), port: 0, host: '127.0.0.1', demo: true });
  proxy = await startRecordingProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

function runChild(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
} {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild process that a
  // SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'outboxChild.ts')], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (code !== 0 && code !== null && err) console.error(err);
  });
  return { child, lines, exited };
}

it('kill -9 mid-upload, restart: every page arrives exactly once', async () => {
  const app = await server.apps.create('outbox crash test');
  const keyFile = path.join(root, 'app.pem');
  await writeFile(keyFile, app.privateKeyPem, { mode: 0o600 });
  const broker = createSessionBroker({
    apiBaseUrl: server.rpApiUrl,
    sdkId: app.sdkId,
    privateKeyPem: app.privateKeyPem,
  });
  const clientApi = createClientSessionApi({ apiBaseUrl: server.rpApiUrl });

  // Three people's sessions, each with a two-sided card: six pages.
  const jobs: Array<{ sessionId: string; token: string; resourceId: string; side: 'front' | 'back' }> = [];
  for (let i = 0; i < 3; i++) {
    const s = await broker.createSession({ locale: 'en' });
    const auth = { sessionId: s.sessionId, clientSessionToken: s.clientSessionToken };
    const doc = await clientApi.createIdDocument(
      auth,
      { issuing_country: 'UTO', document_type: 'NATIONAL_ID' },
      `crash-doc-${i}-xxxx`,
    );
    expect(doc.value.requiredPages).toEqual(['front', 'back']);
    for (const side of ['front', 'back'] as const)
      jobs.push({
        sessionId: s.sessionId,
        token: s.clientSessionToken,
        resourceId: doc.value.resourceId!,
        side,
      });
  }

  const outboxDir = path.join(root, 'outbox');
  const env = {
    CHILD_API_BASE: proxy.apiBaseUrl,
    CHILD_SDK_ID: app.sdkId,
    CHILD_KEY_FILE: keyFile,
    CHILD_OUTBOX_DIR: outboxDir,
    CHILD_OUTBOX_KEY: newEnvelopeKey().toString('hex'),
    CHILD_IMAGE: IMAGE,
    CHILD_JOBS: JSON.stringify(jobs),
  };

  // First run: let two pages through, then kill the child while the third is on the wire. The
  // proxy forwards that third upload only after the child is dead, so the service applies it
  // but the child never learns it did.
  let pageRequests = 0;
  let killedAt: string | null = null;
  const first = runChild({ ...env, CHILD_MODE: 'enqueue' });
  proxy.onRequest = async (method, p, headers) => {
    if (method !== 'PUT' || !p.includes('/pages/')) return;
    pageRequests++;
    if (pageRequests === 3) {
      await expect
        .poll(() => first.lines.some((l) => l.startsWith('ENQUEUED')), { timeout: 30_000 })
        .toBe(true);
      killedAt = String(headers['idempotency-key']);
      first.child.kill('SIGKILL');
      await first.exited;
    }
  };
  expect(await first.exited).toBeNull(); // killed by a signal, not finished
  proxy.onRequest = null;
  const enqueuedIds = JSON.parse(
    first.lines.find((l) => l.startsWith('ENQUEUED'))!.slice('ENQUEUED '.length),
  ) as string[];
  expect(enqueuedIds).toHaveLength(6);
  expect(killedAt).toBe(enqueuedIds[2]);
  const left = (await readdir(outboxDir)).filter((f) => f.endsWith('.item'));
  expect(left.length).toBe(4); // the in-flight page and the three never sent

  // Second run: a restarted kiosk reopens the outbox and finishes the job.
  const second = runChild({ ...env, CHILD_MODE: 'resume' });
  expect(await second.exited).toBe(0);
  expect(second.lines.filter((l) => !l.startsWith('DRAINED'))).toEqual([]);
  const drained = JSON.parse(
    second.lines.find((l) => l.startsWith('DRAINED'))!.slice('DRAINED '.length),
  ) as Array<{ id: string; status: string }>;
  expect(drained.map((d) => d.id).sort()).toEqual(enqueuedIds.slice(2).sort());
  expect(drained.every((d) => d.status === 'sent')).toBe(true);
  expect((await readdir(outboxDir)).filter((f) => f.endsWith('.item'))).toEqual([]);

  // On the wire: each page's key was applied (2xx) exactly once; the in-flight one was resent
  // after the restart and answered "already uploaded".
  const pagePuts = proxy.exchanges.filter((e) => e.method === 'PUT' && e.path.includes('/pages/'));
  for (const id of enqueuedIds) {
    const forKey = pagePuts.filter((e) => e.headers['idempotency-key'] === id);
    expect(
      forKey.filter((e) => e.status < 300),
      id,
    ).toHaveLength(1);
    for (const e of forKey.filter((x) => x.status >= 300)) {
      expect(e.status).toBe(409);
      expect(JSON.parse(e.responseBody).code).toBe('ALREADY_UPLOADED');
    }
  }
  expect(pagePuts.filter((e) => e.headers['idempotency-key'] === killedAt).map((e) => e.status)).toEqual([
    201, 409,
  ]);

  // On the service: each document has exactly its two pages, the media the 2xx answers named.
  const client = new yoti.IDVClient(app.sdkId, app.privateKeyPem, { apiUrl: server.rpApiUrl });
  for (const sessionId of new Set(jobs.map((j) => j.sessionId))) {
    const result = await client.getSession(sessionId);
    const docs = result.getResources().getIdDocuments();
    expect(docs).toHaveLength(1);
    const answered = pagePuts
      .filter((e) => e.status < 300 && e.path.includes(`/sessions/${sessionId}/`))
      .map((e) => (JSON.parse(e.responseBody) as { media_id: string }).media_id);
    expect(answered).toHaveLength(2);
    expect(
      docs[0]
        .getPages()
        .map((page) => page.getMedia()?.getId())
        .sort(),
    ).toEqual(answered.sort());
  }
});
