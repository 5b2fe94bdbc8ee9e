// A minimal stand-in for the IDV client API's write endpoints, for outbox tests that need to
// control failures precisely (down, 5xx, 4xx, a lost answer). It applies each Idempotency-Key once and
// answers repeats with 409 ALREADY_UPLOADED, as the real service does. End-to-end behaviour
// against the real service is covered in kioskRuntime.test.ts and outboxCrash.test.ts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedWrite {
  method: string;
  path: string;
  key: string | null;
  bytes: number;
  body: Buffer;
  contentType: string | null;
  captureMethod: string | null;
  /** The X-Chip-Access-Key header: the kiosk asks for the chip's MRZ key with every page. */
  chipKey: string | null;
  auth: string | null;
}

export interface RecordingClientApi {
  apiBaseUrl: string;
  /** Writes the service applied (first time for their key). */
  applied: RecordedWrite[];
  /** Every request received, including rejected duplicates. */
  received: RecordedWrite[];
  /**
   * Next N requests (whose path ends with `pathEnd`, when given) answer this status instead (e.g.
   * 503, 400), with `extra` fields in the error body.
   */
  failNext(n: number, status: number, code?: string, pathEnd?: string, extra?: Record<string, unknown>): void;
  /** Next N requests are applied, but their answer is lost (the connection is cut instead). */
  loseAnswers(n: number): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startRecordingClientApi(port = 0): Promise<RecordingClientApi> {
  const applied: RecordedWrite[] = [];
  const received: RecordedWrite[] = [];
  const seen = new Set<string>();
  let failures: Array<{ status: number; code: string; pathEnd: string; extra: Record<string, unknown> }> = [];
  let answersToLose = 0;
  let server: Server | null = null;
  let boundPort = port;
  const api: RecordingClientApi = {
    apiBaseUrl: '',
    applied,
    received,
    failNext(n, status, code = 'TEST_FAILURE', pathEnd = '', extra = {}) {
      failures = Array.from({ length: n }, () => ({ status, code, pathEnd, extra }));
    },
    loseAnswers(n) {
      answersToLose = n;
    },
    async start() {
      server = createServer(async (req, res) => {
        const body = await readBody(req);
        const rec: RecordedWrite = {
          method: req.method ?? '',
          path: (req.url ?? '').replace(/^\/idverify\/v1\/client\/sessions\/[^/]+/, ''),
          key: (req.headers['idempotency-key'] as string | undefined) ?? null,
          bytes: body.length,
          body,
          contentType: req.headers['content-type'] ?? null,
          captureMethod: (req.headers['x-capture-method'] as string | undefined) ?? null,
          chipKey: (req.headers['x-chip-access-key'] as string | undefined) ?? null,
          auth: req.headers.authorization ?? null,
        };
        received.push(rec);
        const send = (status: number, json: object) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const fi = failures.findIndex((x) => rec.path.endsWith(x.pathEnd));
        if (fi >= 0) {
          const [f] = failures.splice(fi, 1);
          return send(f.status, { ...f.extra, code: f.code, message: `test says ${f.status}` });
        }
        if (rec.key && seen.has(rec.key))
          return send(409, {
            code: 'ALREADY_UPLOADED',
            message: 'already applied',
            media_id: 'm-' + rec.key,
          });
        if (rec.key) seen.add(rec.key);
        applied.push(rec);
        if (answersToLose > 0) {
          answersToLose--;
          res.socket?.destroy();
          return;
        }
        if (rec.path.endsWith('/resources/liveness')) return send(201, { resource_id: 'live-1' });
        if (rec.path.endsWith('/media'))
          return send(200, {
            media_id: 'm-' + rec.key,
            feedback: { acceptable: true, issues: [] },
            attempts_remaining: { GENERIC: 2, RECLASSIFICATION: 2 },
            attempts_category: 'GENERIC',
          });
        if (/\/frames\/\d+$/.test(rec.path)) return send(201, { media_id: 'm-' + rec.key, frame_count: 1 });
        return send(200, { ok: true });
      });
      await new Promise<void>((r) => server!.listen(boundPort, '127.0.0.1', () => r()));
      boundPort = (server!.address() as AddressInfo).port;
      api.apiBaseUrl = `http://127.0.0.1:${boundPort}/idverify/v1`;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
  await api.start();
  return api;
}
