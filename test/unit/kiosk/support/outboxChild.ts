// Child process for the outbox crash test: a kiosk main process reduced to its outbox, with the
// real executor and client API. Mode "enqueue" queues the given pages and sends them; mode
// "resume" only reopens the outbox (what a restarted kiosk does) and sends what is left.
// Protocol on stdout: "ENQUEUED <n>" once every item is durably queued, "DRAINED <json>" at the end.
import { readFileSync } from 'node:fs';
import { createDeferred } from '../../../../common/deferred';
import { createClientSessionApi } from '../../../../electron/services/clientSessionApi';
import { createOutboxExecutor } from '../../../../electron/services/kioskService';
import { createSessionBroker } from '../../../../electron/services/sessionBroker';
import { openUploadOutbox } from '../../../../electron/services/uploadOutbox';

interface Job {
  sessionId: string;
  token: string;
  resourceId: string;
  side: 'front' | 'back';
}

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`missing ${k}`);
  return v;
};

const apiBaseUrl = env('CHILD_API_BASE');
const clientApi = createClientSessionApi({ apiBaseUrl, timeoutMs: 10_000 });
const broker = createSessionBroker({
  apiBaseUrl,
  sdkId: env('CHILD_SDK_ID'),
  privateKeyPem: readFileSync(env('CHILD_KEY_FILE'), 'utf8'),
});
const settled: Array<{ id: string; status: string }> = [];
// Resolved by the item that leaves the outbox empty, once nothing more is being enqueued.
const drained = createDeferred();
let enqueuing = false;
const outbox = await openUploadOutbox({
  dir: env('CHILD_OUTBOX_DIR'),
  key: Buffer.from(env('CHILD_OUTBOX_KEY'), 'hex'),
  execute: createOutboxExecutor({ clientApi, broker }),
  baseDelayMs: 50,
  maxDelayMs: 200,
  onSettled: (item, o) => {
    settled.push({ id: item.id, status: o.status });
    if (!enqueuing && outbox.pending() === 0) drained.resolve();
  },
  onCorruptItem: (file, why) => process.stdout.write(`CORRUPT ${file} ${why}\n`),
});

if (env('CHILD_MODE') === 'enqueue') {
  enqueuing = true;
  const jobs = JSON.parse(env('CHILD_JOBS')) as Job[];
  const image = readFileSync(env('CHILD_IMAGE'));
  const ids: string[] = [];
  for (const j of jobs) {
    const q = await outbox.enqueue({
      group: j.sessionId,
      sessionId: j.sessionId,
      clientSessionToken: j.token,
      expiresAt: Date.now() + 10 * 60_000,
      payload: {
        kind: 'page',
        resourceId: j.resourceId,
        side: j.side,
        mime: 'image/jpeg',
        captureMethod: 'SCANNER',
        image,
      },
    });
    ids.push(q.id);
  }
  process.stdout.write(`ENQUEUED ${JSON.stringify(ids)}\n`);
  enqueuing = false;
}

if (outbox.pending() > 0) await drained.promise;
process.stdout.write(`DRAINED ${JSON.stringify(settled)}\n`);
await outbox.close();
