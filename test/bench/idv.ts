// `npm run -s bench -- idv [--runs N] [--concurrent N] [--rss-small N] [--rss-large N]
//   [--crypto-iterations N] [--store-samples N] [--vision]`
//
// The IDV service over loopback, as the kiosk uses it: the official `yoti` SDK for the RP calls
// (signed requests), plain fetch for the client API (bearer token). Figures:
// - lifecycle: one session end to end (create, two ~1.5 MB JPEG pages, one liveness frame, submit,
//   checks done, result fetched), p50/p95 over N sequential runs;
// - concurrent: N sessions in flight at once, errors counted;
// - memory: RSS (after GC) once 50 sessions have run and again after 500, and their ratio;
// - encryption: the store's media encryption path (unwrap data key + AES-256-GCM seal with AAD)
//   against raw node:crypto AES-256-GCM on the same bytes, interleaved in the same run;
// - durable store: media.put of a 1.5 MB page (encrypt, write, fdatasync, fsync dir, row + page link
//   committed with synchronous=FULL), p50/p95.
// Checks run without vision unless --vision (then H5's createNodeVision is loaded if present).
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

function specification() {
  return new SessionSpecificationBuilder()
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
  front: Buffer;
  back: Buffer;
  frame: Buffer;
}

/** One whole session; resolves with its wall time in ms. */
async function lifecycle(server: IdvServer, idv: IDVClient, images: Images): Promise<number> {
  const started = performance.now();
  const created = await idv.createSession(specification());
  const sessionId = created.getSessionId();
  const token = created.getClientSessionToken();
  const base = `${server.clientApiUrl}/sessions/${sessionId}`;
  await clientCall(`${base}/configuration`, token, 'GET');
  const doc = await clientCall(`${base}/resources/id-documents`, token, 'POST', {
    issuing_country: 'GBR',
    document_type: 'DRIVING_LICENCE',
  });
  const docId = String(doc.resource_id);
  await clientCall(
    `${base}/resources/id-documents/${docId}/pages/front/media`,
    token,
    'PUT',
    undefined,
    images.front,
  );
  await clientCall(
    `${base}/resources/id-documents/${docId}/pages/back/media`,
    token,
    'PUT',
    undefined,
    images.back,
  );
  const live = await clientCall(`${base}/resources/liveness`, token, 'POST', { liveness_type: 'STATIC' });
  await clientCall(
    `${base}/resources/liveness/${String(live.resource_id)}/frames`,
    token,
    'PUT',
    undefined,
    images.frame,
  );
  await clientCall(`${base}/submit`, token, 'POST');
  for (let polls = 0; ; polls++) {
    const result = await idv.getSession(sessionId);
    if (result.getState() === 'COMPLETED') {
      const checks = result.getChecks();
      if (checks.length === 0) throw new Error('completed without checks');
      if (checks.some((c) => c.getState() !== 'DONE')) throw new Error('completed with checks not DONE');
      break;
    }
    if (polls > 3000) throw new Error(`session ${sessionId} not completed`);
    await new Promise((r) => setTimeout(r, 10));
  }
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

async function measureLifecycles(o: Options, images: Images) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'idv-bench-'));
  const vision = o.vision ? await loadVision() : null;
  const server = await createIdvServer({ dataDir, vision });
  try {
    const { sdkId, privateKeyPem } = await server.apps.create('bench');
    const idv = new IDVClient(sdkId, privateKeyPem, { apiUrl: server.rpApiUrl });

    await lifecycle(server, idv, images); // warm-up (JIT, WASM, first folder creations)
    const sequential: number[] = [];
    for (let i = 0; i < o.runs; i++) sequential.push(await lifecycle(server, idv, images));

    const burstStart = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: o.concurrent }, () => lifecycle(server, idv, images)),
    );
    const burstMs = performance.now() - burstStart;
    const burstTimes = outcomes.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const errors = outcomes.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 200)] : []));

    // Memory: sessions so far count; run up to rssSmall, sample, run up to rssLarge, sample.
    let done = 1 + o.runs + o.concurrent;
    let memoryErrors = 0;
    const runUpTo = async (target: number) => {
      while (done < target) {
        const batch = Math.min(10, target - done);
        const r = await Promise.allSettled(
          Array.from({ length: batch }, () => lifecycle(server, idv, images)),
        );
        memoryErrors += r.filter((x) => x.status === 'rejected').length;
        done += batch;
      }
      await server.idle();
      forceGc();
      await new Promise((r) => setTimeout(r, 200));
      forceGc();
      return process.memoryUsage();
    };
    const small = await runUpTo(o.rssSmall);
    const smallCount = done;
    const large = await runUpTo(o.rssLarge);
    const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
    return {
      vision: vision ? 'createNodeVision' : 'none (checks without vision report NOT_AVAILABLE)',
      lifecycle: summary(sequential),
      concurrent: {
        sessions: o.concurrent,
        ok: burstTimes.length,
        errors: errors.length,
        first_errors: errors.slice(0, 3),
        wall_ms: Math.round(burstMs),
        ...summary(burstTimes),
      },
      memory: {
        sessions_small: smallCount,
        rss_mib_small: mib(small.rss),
        sessions_large: done,
        rss_mib_large: mib(large.rss),
        rss_ratio_large_over_small: Math.round((large.rss / small.rss) * 1000) / 1000,
        heap_used_mib_small: mib(small.heapUsed),
        heap_used_mib_large: mib(large.heapUsed),
        errors: memoryErrors,
      },
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
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
  let rawNs = 0n;
  let storeNs = 0n;
  for (let i = 0; i < iterations; i++) {
    // Alternate the order so neither side always runs on a warmer cache.
    const first = i % 2 === 0;
    const t0 = process.hrtime.bigint();
    if (first) raw();
    else store(i);
    const t1 = process.hrtime.bigint();
    if (first) store(i);
    else raw();
    const t2 = process.hrtime.bigint();
    rawNs += first ? t1 - t0 : t2 - t1;
    storeNs += first ? t2 - t1 : t1 - t0;
  }
  const mbps = (ns: bigint) => Math.round((content.length * iterations) / 2 ** 20 / (Number(ns) / 1e9));
  return {
    bytes: content.length,
    iterations,
    raw_aes_256_gcm_mib_s: mbps(rawNs),
    store_path_mib_s: mbps(storeNs),
    ratio_store_over_raw: Math.round((Number(rawNs) / Number(storeNs)) * 1000) / 1000,
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
  const images: Images = {
    front: await noiseJpeg(1640, 1120, 90, 1),
    back: await noiseJpeg(1640, 1120, 90, 2),
    frame: await noiseJpeg(640, 480, 85, 3),
  };
  const encryption = measureEncryption(o.cryptoIterations, images.front);
  const durableStore = await measureDurableStore(o.storeSamples, images.front);
  const service = await measureLifecycles(o, images);
  return {
    options: o,
    images: { page_bytes: [images.front.length, images.back.length], frame_bytes: images.frame.length },
    encryption,
    durable_store: durableStore,
    ...service,
    total_s: Math.round((performance.now() - started) / 100) / 10,
  };
}
