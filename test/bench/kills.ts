// `npm run -s bench -- kills [N] [--seed S]`: kill -9 the local IDV service (a child process,
// test/support/faultKill/serviceChild.ts) N times (default 200) at random points while clients
// create sessions, ID documents and liveness resources, upload pages and frames (each write with
// an Idempotency-Key, as the kiosk's outbox sends them) and delete sessions. After each restart the
// writes that were in flight are sent again with the same key until answered (what the outbox
// does), then every session is read back: an acknowledged page or frame that is missing or whose
// bytes differ is lost, a second resource, page or frame for one key is duplicated, an
// acknowledged delete whose session is back is resurrected. At the end the store is opened
// directly and the media folder compared with its rows: blob files without a row are orphans (a
// kill between the blob's fsync and its row's commit leaves one; the sweep removes them after
// ORPHAN_GRACE_MS), rows without their file are lost media. Then the files are aged past the grace
// period and one periodic sweep runs: orphans left after it must be 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ORPHAN_GRACE_MS } from '../../idv/store/expirySweep';
import { openIdvStore } from '../../idv/store';
import { mulberry32 } from '../support/faultFs/fileOpLog';
import { SESSION_SPEC, signRp } from '../support/faultFuzz/fuzzHarness';
import { generateKeyPairSync } from 'node:crypto';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/support/faultKill/serviceChild.ts');
const PAGE = path.join(ROOT, 'test/fixtures/specimens/passport-td3.jpg');
const FRAME = path.join(ROOT, 'demo/specimen-face.jpg');

interface Service {
  child: ChildProcess;
  url: string;
}

/**
 * The child bundled once into one file (test-results/, inside the repo so its packages resolve):
 * starting it is then plain node, not a TypeScript transform of the whole service per restart.
 */
async function bundleChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT, 'test-results/kills/serviceChild.mjs');
  await build({
    entryPoints: [CHILD],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
let childFile = CHILD;

function startService(dataDir: string, sweepMs?: number): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, dataDir, ...(sweepMs ? [String(sweepMs)] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) =>
      reject(new Error(`service exited (${code ?? signal}) before listening: ${err.slice(0, 500)}`)),
    );
  });
}

function kill9(s: Service): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

/** A write as the kiosk's outbox keeps it: sent until the service answers it, with one key. */
interface Write {
  key: string;
  kind: 'document' | 'liveness' | 'page' | 'frame';
  sessionId: string;
  acked: boolean;
  /** Resource id the answer named (documents and liveness), media id (page, frame). */
  answer?: string;
}

interface SessionEntry {
  id: string;
  token: string;
  writes: Write[];
  deleted: 'no' | 'in-flight' | 'acked';
}

export default async function kills(args: string[]) {
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const total = positional[0] ? Number(positional[0]) : 200;
  const seedAt = args.indexOf('--seed');
  const rng = mulberry32(seedAt >= 0 ? Number(args[seedAt + 1]) : 200);
  childFile = await bundleChild();
  const root = await mkdtemp(path.join(tmpdir(), 'idv-kills-'));
  const dataDir = path.join(root, 'data');
  const page = await readFile(PAGE);
  const frame = await readFile(FRAME);
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const pageSha = sha(page);
  const frameSha = sha(frame);

  // The app, registered before the first start.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const setup = await openIdvStore({ dataDir });
  const sdkId = setup.apps.register({
    name: 'kills',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }).sdkId;
  setup.close();
  const app = { sdkId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

  const sessions: SessionEntry[] = [];
  const counts = {
    kills: 0,
    writes_acked: 0,
    writes_resent_after_restart: 0,
    deletes_sent: 0,
    deletes_acked: 0,
    deletes_resent_after_restart: 0,
    pages_lost: 0,
    pages_duplicated: 0,
    frames_lost: 0,
    frames_duplicated: 0,
    resources_duplicated: 0,
    media_bytes_wrong: 0,
    sessions_resurrected: 0,
    startup_failures: 0,
  };
  const problems: string[] = [];
  const note = (p: string) => void (problems.length < 50 && problems.push(p));

  let service!: Service;
  const rp = async (method: string, rel: string, body: Buffer | null) => {
    const signed = signRp(app, method, rel, body);
    return fetch(`${service.url}${signed.target}`, {
      method,
      headers: {
        'X-Yoti-Auth-Digest': signed.digest,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body } : {}),
    });
  };
  const client = (s: SessionEntry, method: string, rel: string, body: Buffer, type: string, key: string) =>
    fetch(`${service.url}/idverify/v1/client/sessions/${s.id}${rel}`, {
      method,
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': type, 'Idempotency-Key': key },
      body,
    });

  /** Sends one write; true once the service answered it (201/200, or 409 for a key it already applied). */
  async function send(s: SessionEntry, w: Write): Promise<boolean> {
    const doc = s.writes.find((x) => x.kind === 'document' && x.acked)?.answer;
    const live = s.writes.find((x) => x.kind === 'liveness' && x.acked)?.answer;
    let res: Response;
    if (w.kind === 'document')
      res = await client(
        s,
        'POST',
        '/resources/id-documents',
        Buffer.from('{"issuing_country":"UTO","document_type":"PASSPORT"}'),
        'application/json',
        w.key,
      );
    else if (w.kind === 'liveness')
      res = await client(
        s,
        'POST',
        '/resources/liveness',
        Buffer.from('{"liveness_type":"STATIC"}'),
        'application/json',
        w.key,
      );
    else if (w.kind === 'page') {
      if (!doc) return false;
      res = await client(
        s,
        'PUT',
        `/resources/id-documents/${doc}/pages/front/media`,
        page,
        'image/jpeg',
        w.key,
      );
    } else {
      if (!live) return false;
      res = await client(s, 'PUT', `/resources/liveness/${live}/frames`, frame, 'image/jpeg', w.key);
    }
    const text = await res.text();
    if (res.status === 200 || res.status === 201 || res.status === 409) {
      const json = JSON.parse(text || '{}') as Record<string, unknown>;
      if (res.status === 409 && json.code !== 'ALREADY_UPLOADED') {
        note(`${w.kind} ${w.key}: 409 ${text.slice(0, 200)}`);
        return true;
      }
      w.answer = String(json.resource_id ?? json.media_id ?? w.answer ?? '');
      w.acked = true;
      return true;
    }
    note(`${w.kind} ${w.key}: ${res.status} ${text.slice(0, 200)}`);
    return true; // refused in words: not retried
  }

  /** A session's whole flow: create, document, liveness, page, two frames, maybe a delete. */
  async function flow(): Promise<void> {
    const body = Buffer.from(JSON.stringify(SESSION_SPEC));
    const res = await rp('POST', '/sessions', body);
    if (res.status !== 201) return void note(`create session: ${res.status}`);
    const created = (await res.json()) as { session_id: string; client_session_token: string };
    const s: SessionEntry = {
      id: created.session_id,
      token: created.client_session_token,
      writes: [],
      deleted: 'no',
    };
    sessions.push(s);
    for (const kind of ['document', 'liveness', 'page', 'frame', 'frame'] as const) {
      const w: Write = { key: randomUUID(), kind, sessionId: s.id, acked: false };
      s.writes.push(w);
      await send(s, w);
      if (w.acked) counts.writes_acked++;
    }
    // Deletes: this session sometimes, and an earlier one half of the time (so kills fall in
    // deletes often, not only in uploads).
    const live = sessions.filter((x) => x.deleted === 'no' && x !== s);
    const victims = [
      ...(rng() < 0.3 ? [s] : []),
      ...(live.length && rng() < 0.5 ? [live[Math.floor(rng() * live.length)]] : []),
    ];
    for (const v of victims) {
      v.deleted = 'in-flight';
      counts.deletes_sent++;
      const del = await rp('DELETE', `/sessions/${v.id}`, null);
      if (del.status === 204 || del.status === 200) {
        v.deleted = 'acked';
        counts.deletes_acked++;
      }
    }
  }

  /** After a restart: what was in flight is sent again, with its key, until answered. */
  async function resend(): Promise<void> {
    for (const s of sessions) {
      if (s.deleted === 'in-flight') {
        counts.deletes_resent_after_restart++;
        const del = await rp('DELETE', `/sessions/${s.id}`, null);
        if (del.status === 204 || del.status === 200 || del.status === 404) s.deleted = 'acked';
        continue;
      }
      if (s.deleted === 'acked') continue;
      for (const w of s.writes) {
        if (w.acked) continue;
        counts.writes_resent_after_restart++;
        await send(s, w);
        if (w.acked) counts.writes_acked++;
      }
    }
  }

  /** Reads every session back and counts what is lost, duplicated or back from the dead. */
  async function verify(): Promise<void> {
    for (const s of sessions) {
      const res = await rp('GET', `/sessions/${s.id}`, null);
      if (s.deleted === 'acked') {
        if (res.status !== 404) counts.sessions_resurrected++;
        await res.text();
        continue;
      }
      if (s.deleted === 'in-flight') {
        await res.text();
        continue;
      }
      if (res.status !== 200) {
        note(`session ${s.id}: ${res.status}`);
        await res.text();
        continue;
      }
      const view = (await res.json()) as {
        resources: {
          id_documents: Array<{ id: string; pages: Array<{ media: { id: string } }> }>;
          liveness_capture: Array<{ id: string; frames: Array<{ media: { id: string } }> }>;
        };
      };
      const docs = view.resources.id_documents;
      const lives = view.resources.liveness_capture;
      const docWrite = s.writes.find((w) => w.kind === 'document');
      const liveWrite = s.writes.find((w) => w.kind === 'liveness');
      if (docs.length > 1) counts.resources_duplicated += docs.length - 1;
      if (lives.length > 1) counts.resources_duplicated += lives.length - 1;
      const pageAcked = s.writes.some((w) => w.kind === 'page' && w.acked);
      const pages = docs.flatMap((d) => d.pages);
      if (pageAcked && pages.length === 0) counts.pages_lost++;
      if (pages.length > 1) counts.pages_duplicated += pages.length - 1;
      const framesAcked = new Set(s.writes.filter((w) => w.kind === 'frame' && w.acked).map((w) => w.answer))
        .size;
      const framesSent = s.writes.filter((w) => w.kind === 'frame').length;
      const frames = lives.flatMap((l) => l.frames);
      if (frames.length < framesAcked) counts.frames_lost += framesAcked - frames.length;
      if (frames.length > framesSent) counts.frames_duplicated += frames.length - framesSent;
      if (docWrite?.acked && docs[0] && docs[0].id !== docWrite.answer)
        note(`document ${docWrite.key} answered ${docWrite.answer}, stored ${docs[0].id}`);
      if (liveWrite?.acked && lives[0] && lives[0].id !== liveWrite.answer)
        note(`liveness ${liveWrite.key} answered ${liveWrite.answer}, stored ${lives[0].id}`);
      for (const [media, expected] of [
        ...pages.map((p) => [p.media.id, pageSha] as const),
        ...frames.map((f) => [f.media.id, frameSha] as const),
      ]) {
        const content = await rp('GET', `/sessions/${s.id}/media/${media}/content`, null);
        const bytes = new Uint8Array(await content.arrayBuffer());
        if (content.status !== 200 || sha(bytes) !== expected) counts.media_bytes_wrong++;
      }
    }
  }

  const started = Date.now();
  const load: number[] = [loadavg()[0]];
  // How long one session's flow takes here (moving average): the kill falls anywhere in 1.5 flows.
  let flowMs = 1500;
  let startMs = 0;
  for (let k = 0; k < total; k++) {
    try {
      const t0 = Date.now();
      service = await startService(dataDir);
      startMs += Date.now() - t0;
    } catch (err) {
      counts.startup_failures++;
      note(`start ${k}: ${(err as Error).message}`);
      continue;
    }
    await resend().catch((err: unknown) => note(`resend: ${String(err)}`));
    if (k % 20 === 0) {
      await verify().catch((err: unknown) => note(`verify: ${String(err)}`));
      load.push(loadavg()[0]);
    }
    // The workload, and the kill at a random point inside it (mid-upload, mid-commit, mid-delete,
    // between a blob's fsync and its row).
    const killAt = Math.floor(rng() * flowMs * 1.5);
    const work = (async () => {
      for (;;) {
        const t0 = Date.now();
        await flow();
        flowMs = 0.8 * flowMs + 0.2 * (Date.now() - t0);
      }
    })().catch(() => undefined);
    await sleep(killAt);
    await kill9(service);
    counts.kills++;
    await work;
  }

  // The last restart: resend, verify, then stop cleanly and look at the files.
  service = await startService(dataDir);
  await resend();
  await verify();
  await kill9(service);

  const store = await openIdvStore({ dataDir });
  const mediaRoot = path.join(dataDir, 'media');
  let orphanFiles = 0;
  let orphanDirs = 0;
  let rowsWithoutFile = 0;
  const liveSessions = new Set(store.sessions.listForApp(sdkId).map((s) => s.id));
  for (const sessionId of existsSync(mediaRoot) ? await readdir(mediaRoot) : []) {
    const files = await readdir(path.join(mediaRoot, sessionId));
    if (!liveSessions.has(sessionId)) {
      orphanDirs++;
      orphanFiles += files.length;
      continue;
    }
    const rows = new Set(
      store.media
        .list(sessionId)
        .filter((m) => m.contentDeletedAt === null)
        .map((m) => `${m.id}.blob`),
    );
    orphanFiles += files.filter((f) => !rows.has(f)).length;
    rowsWithoutFile += [...rows].filter((r) => !files.includes(r)).length;
  }
  store.close();

  // Age everything past the grace period, run the service with a fast sweep, count again.
  const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
  if (existsSync(mediaRoot))
    for (const sessionId of await readdir(mediaRoot)) {
      await utimes(path.join(mediaRoot, sessionId), old, old);
      for (const f of await readdir(path.join(mediaRoot, sessionId)))
        await utimes(path.join(mediaRoot, sessionId, f), old, old);
    }
  service = await startService(dataDir, 200);
  await sleep(1500);
  await kill9(service);
  const after = await openIdvStore({ dataDir });
  let orphansAfterSweep = 0;
  for (const sessionId of existsSync(mediaRoot) ? await readdir(mediaRoot) : []) {
    const files = await readdir(path.join(mediaRoot, sessionId));
    const rows = new Set(
      after.media
        .list(sessionId)
        .filter((m) => m.contentDeletedAt === null)
        .map((m) => `${m.id}.blob`),
    );
    orphansAfterSweep += files.filter((f) => !rows.has(f)).length;
  }
  after.close();
  await rm(root, { recursive: true, force: true });

  const pagesStored = sessions.filter(
    (s) => s.deleted === 'no' && s.writes.some((w) => w.kind === 'page' && w.acked),
  ).length;
  return {
    sessions: sessions.length,
    pages_acknowledged_and_kept: pagesStored,
    ...counts,
    orphan_blob_files_before_sweep: orphanFiles,
    orphan_session_dirs_before_sweep: orphanDirs,
    media_rows_without_file: rowsWithoutFile,
    orphan_blob_files_after_sweep: orphansAfterSweep,
    problems,
    flow_ms_avg: Math.round(flowMs),
    restart_ms_avg: Math.round(startMs / Math.max(1, counts.kills)),
    wall_s: Math.round((Date.now() - started) / 1000),
    load_1m: load.map((l) => Math.round(l * 10) / 10),
  };
}
