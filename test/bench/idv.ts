// `npm run -s bench -- idv [--runs N] [--concurrent N] [--rss-small N] [--rss-large N]
//   [--crypto-iterations N] [--store-samples N] [--vision]`
//
// The IDV service over loopback, as the kiosk uses it: the official `yoti` SDK for the RP calls
// (signed requests), plain fetch for the client API (bearer token). Figures:
// - lifecycle: one session end to end (create, two ~1.5 MB JPEG pages, one liveness frame, submit,
//   checks done — learnt from the SESSION_COMPLETION notification the session asked for, as an RP
//   backend would — and the result fetched with getSession), p50/p95 over N sequential runs;
// - concurrent: N sessions in flight at once, errors counted;
// - memory: on a fresh server, RSS (after GC) once 50 sessions have run and again after 500;
// - encryption: the store's media encryption path (unwrap data key + AES-256-GCM seal with AAD)
//   against raw node:crypto AES-256-GCM on the same bytes, interleaved in the same run;
// - durable store: media.put of a 1.5 MB page (encrypt, write, fdatasync, fsync dir, row + page link
//   committed with synchronous=FULL), p50/p95.
// Checks run without vision unless --vision (then H5's createNodeVision is loaded if present).
// With --vision the lifecycle uploads the ICAO specimen passport page (test/fixtures/specimens,
// issuer UTO, so the server runs in demo mode) instead of noise, so the document is really read;
// `upload_feedback_ms` is the upload-time analysis as the service itself timed it.
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import yoti from 'yoti';
import { createIdvServer, type IdvServer } from '../../idv/server';
import { openIdvStore } from '../../idv/store/index';
import { createWrappedDataKey, sealMedia, unwrapKey } from '../../idv/store/mediaVault';
import type { VisionPort } from '../../vision/contract';

// yoti is CommonJS: Node's ESM loader (tsx) exposes it as a default export only.
const {
  IDVClient,
  NotificationConfigBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  RequestedLivenessCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} = yoti;
type IDVClient = InstanceType<typeof IDVClient>;

interface Options {
  runs: number;
  concurrent: number;
  rssSmall: number;
  rssLarge: number;
  cryptoIterations: number;
  storeSamples: number;
  vision: boolean;
}

function parseArgs(args: string[]): Options {
  const num = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
    return v;
  };
  return {
    runs: num('runs', 20),
    concurrent: num('concurrent', 50),
    rssSmall: num('rss-small', 50),
    rssLarge: num('rss-large', 500),
    cryptoIterations: num('crypto-iterations', 200),
    storeSamples: num('store-samples', 100),
    vision: args.includes('--vision'),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

function summary(values: number[]) {
  return {
    n: values.length,
    p50_ms: percentile(values, 50),
    p95_ms: percentile(values, 95),
    max_ms: percentile(values, 100),
  };
}

/** A real baseline JPEG of noise (noise does not compress: ~1.5 MB at this size and quality). */
async function noiseJpeg(width: number, height: number, quality: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x & 0xff;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

function forceGc(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

const NOTIFY_TOKEN = 'bench-notification-token';
const SPECIMENS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/specimens');

function specification(notifyUrl: string) {
  return new SessionSpecificationBuilder()
    .withNotifications(
      new NotificationConfigBuilder()
        .withEndpoint(notifyUrl)
        .withAuthToken(NOTIFY_TOKEN)
        .withAuthTypeBearer()
        .forSessionCompletion()
        .build(),
    )
    .withClientSessionTokenTtl(600)
    .withResourcesTtl(90_000)
    .withUserTrackingId('bench')
    .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
    .withRequestedCheck(new RequestedLivenessCheckBuilder().forStaticLiveness().withMaxRetries(1).build())
    .withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckNever().build())
    .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
    .withSdkConfig(new SdkConfigBuilder().withAllowsCameraAndUpload().withLocale('en-GB').build())
    .build();
}

async function clientCall(url: string, token: string, method: string, body?: unknown, image?: Buffer) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  let payload: RequestInit['body'];
  if (image) {
    headers['Content-Type'] = 'image/jpeg';
    payload = image;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  if (res.status >= 300)
    throw new Error(`${method} ${url.replace(/.*\/client/, '')} → ${res.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

interface Images {
  /** The document the lifecycle creates and the pages it uploads, in order. */
  document: { issuing_country: string; document_type: string };
  pages: Array<{ side: 'front' | 'back'; bytes: Buffer }>;
  frame: Buffer;
}

/** Upload-time analysis time per page, as the service reports it (feedback.metrics.ms). */
const feedbackTimes: number[] = [];
/**
 * CPU time (user + system) of this process per sequential lifecycle: the service runs in it, so
 * this is the work a session costs, far less sensitive than wall time to other load on the machine.
 */
const cpuTimes: number[] = [];

/** The RP backend's notification endpoint: resolves waiters when SESSION_COMPLETION arrives. */
async function completionReceiver() {
  const done = new Set<string>();
  const waiters = new Map<string, () => void>();
  let unauthorised = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${NOTIFY_TOKEN}`) {
        unauthorised++;
        return void res.writeHead(401).end();
      }
      const { session_id: id, topic } = JSON.parse(body) as { session_id: string; topic: string };
      if (topic === 'SESSION_COMPLETION') {
        done.add(id);
        waiters.get(id)?.();
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`,
    unauthorised: () => unauthorised,
    completed(sessionId: string, timeoutMs = 120_000): Promise<void> {
      if (done.delete(sessionId)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no SESSION_COMPLETION for ${sessionId}`)),
          timeoutMs,
        );
        waiters.set(sessionId, () => {
          clearTimeout(timer);
          waiters.delete(sessionId);
          done.delete(sessionId);
          resolve();
        });
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Receiver = Awaited<ReturnType<typeof completionReceiver>>;

/** Wall time of each step of the sequential runs, to see where a lifecycle spends its time. */
const stepTimes = new Map<string, number[]>();
let recordSteps = false;

/** One whole session; resolves with its wall time in ms. */
async function lifecycle(server: IdvServer, idv: IDVClient, rx: Receiver, images: Images): Promise<number> {
  const started = performance.now();
  let last = started;
  const step = (name: string) => {
    const t = performance.now();
    if (recordSteps) stepTimes.set(name, [...(stepTimes.get(name) ?? []), t - last]);
    last = t;
  };
  const created = await idv.createSession(specification(rx.url));
  const sessionId = created.getSessionId();
  const token = created.getClientSessionToken();
  step('create_session_sdk');
  const completed = rx.completed(sessionId);
  completed.catch(() => undefined); // awaited below; avoid an unhandled rejection if a step throws first
  const base = `${server.clientApiUrl}/sessions/${sessionId}`;
  await clientCall(`${base}/configuration`, token, 'GET');
  const doc = await clientCall(`${base}/resources/id-documents`, token, 'POST', images.document);
  const docId = String(doc.resource_id);
  step('configuration_and_document');
  const pages = `${base}/resources/id-documents/${docId}/pages`;
  for (const page of images.pages) {
    const uploaded = await clientCall(`${pages}/${page.side}/media`, token, 'PUT', undefined, page.bytes);
    const ms = (uploaded.feedback as { metrics?: { ms?: unknown } } | null)?.metrics?.ms;
    if (recordSteps && typeof ms === 'number') feedbackTimes.push(ms);
    step(`upload_${page.side}`);
  }
  const live = await clientCall(`${base}/resources/liveness`, token, 'POST', { liveness_type: 'STATIC' });
  const frames = `${base}/resources/liveness/${String(live.resource_id)}/frames`;
  await clientCall(frames, token, 'PUT', undefined, images.frame);
  step('liveness_and_frame');
  await clientCall(`${base}/submit`, token, 'POST');
  await completed;
  step('submit_to_completion_notified');
  const result = await idv.getSession(sessionId);
  step('get_session_sdk');
  if (result.getState() !== 'COMPLETED') throw new Error(`notified but session is ${result.getState()}`);
  const checks = result.getChecks();
  if (checks.length === 0) throw new Error('completed without checks');
  if (checks.some((c) => c.getState() !== 'DONE')) throw new Error('completed with checks not DONE');
  return performance.now() - started;
}

async function loadVision(): Promise<VisionPort | null> {
  const specifier = '../../vision/node/index';
  try {
    const mod = (await import(specifier)) as { createNodeVision?: () => Promise<VisionPort> };
    return mod.createNodeVision ? await mod.createNodeVision() : null;
  } catch {
    return null;
  }
}

async function withServer<T>(
  o: Options,
  body: (server: IdvServer, idv: IDVClient, rx: Receiver) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'idv-bench-'));
  const vision = o.vision ? await loadVision() : null;
  visionUsed = vision !== null;
  // Demo mode: the specimen issuer UTO is accepted (the --vision lifecycle uploads the specimen).
  const server = await createIdvServer({ dataDir, vision, demo: true });
  const rx = await completionReceiver();
  try {
    const { sdkId, privateKeyPem } = await server.apps.create('bench');
    const idv = new IDVClient(sdkId, privateKeyPem, { apiUrl: server.rpApiUrl });
    return await body(server, idv, rx);
  } finally {
    await server.close();
    await rx.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

let visionUsed = false;
const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

/** RSS once rssSmall sessions have run on a fresh server, and again after rssLarge. */
async function measureMemory(o: Options, images: Images) {
  return withServer(o, async (server, idv, rx) => {
    let done = 0;
    let errors = 0;
    const runUpTo = async (target: number) => {
      while (done < target) {
        const batch = Math.min(10, target - done);
        const r = await Promise.allSettled(
          Array.from({ length: batch }, () => lifecycle(server, idv, rx, images)),
        );
        errors += r.filter((x) => x.status === 'rejected').length;
        done += batch;
      }
      await server.idle();
      forceGc();
      await new Promise((r) => setTimeout(r, 200));
      forceGc();
      return { sessions: done, ...process.memoryUsage() };
    };
    const small = await runUpTo(o.rssSmall);
    const large = await runUpTo(o.rssLarge);
    return {
      sessions_small: small.sessions,
      rss_mib_small: mib(small.rss),
      sessions_large: large.sessions,
      rss_mib_large: mib(large.rss),
      rss_ratio_large_over_small: Math.round((large.rss / small.rss) * 1000) / 1000,
      heap_used_mib_small: mib(small.heapUsed),
      heap_used_mib_large: mib(large.heapUsed),
      errors,
    };
  });
}

async function measureLifecycles(o: Options, images: Images) {
  return withServer(o, async (server, idv, rx) => {
    await lifecycle(server, idv, rx, images); // warm-up (JIT, WASM, first folder creations)
    const sequential: number[] = [];
    recordSteps = true;
    for (let i = 0; i < o.runs; i++) {
      const cpu = process.cpuUsage();
      sequential.push(await lifecycle(server, idv, rx, images));
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
    }
    recordSteps = false;
    const steps_p50_ms = Object.fromEntries([...stepTimes].map(([name, v]) => [name, percentile(v, 50)]));
    const steps_p95_ms = Object.fromEntries([...stepTimes].map(([name, v]) => [name, percentile(v, 95)]));

    const burstStart = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: o.concurrent }, () => lifecycle(server, idv, rx, images)),
    );
    const burstMs = performance.now() - burstStart;
    const burstTimes = outcomes.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const errors = outcomes.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 200)] : []));
    return {
      lifecycle: {
        ...summary(sequential),
        steps_p50_ms,
        steps_p95_ms,
        upload_feedback_ms: feedbackTimes.length > 0 ? summary(feedbackTimes) : null,
        cpu_ms: summary(cpuTimes),
      },
      concurrent: {
        sessions: o.concurrent,
        ok: burstTimes.length,
        errors: errors.length,
        first_errors: errors.slice(0, 3),
        wall_ms: Math.round(burstMs),
        ...summary(burstTimes),
      },
      notification_auth_failures: rx.unauthorised(),
    };
  });
}

/** Store's encryption path vs raw AES-256-GCM, interleaved so both see the same machine load. */
function measureEncryption(iterations: number, content: Buffer) {
  const master = randomBytes(32);
  const sessionId = 'bench-session';
  const wrapped = createWrappedDataKey(master, sessionId);
  const rawKey = randomBytes(32);
  const raw = () => {
    const cipher = createCipheriv('aes-256-gcm', rawKey, randomBytes(12));
    const out = cipher.update(content);
    cipher.final();
    cipher.getAuthTag();
    return out.length;
  };
  const store = (i: number) => {
    const key = unwrapKey(master, sessionId, wrapped);
    const sealed = sealMedia(key, sessionId, `media-${i}`, content);
    key.fill(0);
    return sealed.ciphertext.length;
  };
  for (let i = 0; i < 10; i++) {
    raw();
    store(i);
  }
  const rawMs: number[] = [];
  const storeMs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Paired and alternated, so both sides see the same machine load and neither is always second.
    const rawFirst = i % 2 === 0;
    const t0 = performance.now();
    if (rawFirst) raw();
    else store(i);
    const t1 = performance.now();
    if (rawFirst) store(i);
    else raw();
    const t2 = performance.now();
    rawMs.push(rawFirst ? t1 - t0 : t2 - t1);
    storeMs.push(rawFirst ? t2 - t1 : t1 - t0);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const mibs = (ms: number) => Math.round(content.length / 2 ** 20 / (ms / 1000));
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    bytes: content.length,
    iterations,
    raw_aes_256_gcm_mib_s: mibs(median(rawMs)),
    store_path_mib_s: mibs(median(storeMs)),
    /** Medians of the paired timings; the best-case ratio is less sensitive to other load. */
    ratio_store_over_raw: round3(median(rawMs) / median(storeMs)),
    ratio_store_over_raw_best: round3(Math.min(...rawMs) / Math.min(...storeMs)),
  };
}

/** media.put of a page with its link, i.e. encrypted, fsynced and committed. */
async function measureDurableStore(samples: number, page: Buffer) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'idv-bench-store-'));
  const store = await openIdvStore({ dataDir, masterKey: randomBytes(32) });
  try {
    const { generateKeyPairSync } = await import('node:crypto');
    const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const app = store.apps.register({ name: 'bench', publicKeyPem });
    const times: number[] = [];
    let session = null as null | { id: string };
    for (let i = -5; i < samples; i++) {
      if (i % 20 === 0 || !session) {
        session = store.sessions.create({
          sdkId: app.sdkId,
          specification: {},
          clientSessionTokenTtl: 600,
          resourcesTtl: 90_000,
          userTrackingId: null,
          notifications: null,
        }).session;
      }
      const doc = store.resources.createIdDocument({
        sessionId: session.id,
        issuingCountry: 'GBR',
        documentType: 'PASSPORT',
        requiredPages: ['front'],
      });
      const t = performance.now();
      await store.media.put(
        { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: page },
        { kind: 'PAGE', resourceId: doc.id, side: 'front', captureMethod: 'CAMERA', feedback: null },
      );
      if (i >= 0) times.push(performance.now() - t);
    }
    return { page_bytes: page.length, ...summary(times), target_p95_ms: 20 };
  } finally {
    store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export default async function idvBench(args: string[]) {
  const o = parseArgs(args);
  const started = performance.now();
  const noisePage = await noiseJpeg(1640, 1120, 90, 1);
  const frame = await noiseJpeg(640, 480, 85, 3);
  const images: Images = o.vision
    ? {
        document: { issuing_country: 'UTO', document_type: 'PASSPORT' },
        pages: [{ side: 'front', bytes: await readFile(path.join(SPECIMENS, 'passport-td3.jpg')) }],
        frame,
      }
    : {
        document: { issuing_country: 'GBR', document_type: 'DRIVING_LICENCE' },
        pages: [
          { side: 'front', bytes: noisePage },
          { side: 'back', bytes: await noiseJpeg(1640, 1120, 90, 2) },
        ],
        frame,
      };
  const encryption = measureEncryption(o.cryptoIterations, noisePage);
  const durableStore = await measureDurableStore(o.storeSamples, noisePage);
  const memory = await measureMemory(o, images);
  const service = await measureLifecycles(o, images);
  return {
    options: o,
    images: {
      document: images.document,
      page_bytes: images.pages.map((p) => p.bytes.length),
      frame_bytes: images.frame.length,
    },
    encryption,
    durable_store: durableStore,
    ...service,
    memory,
    vision: visionUsed
      ? 'createNodeVision (vision/node)'
      : `none${o.vision ? ' (vision/node not loadable)' : ''}: checks that need vision report NOT_AVAILABLE`,
    total_s: Math.round((performance.now() - started) / 100) / 10,
  };
}
