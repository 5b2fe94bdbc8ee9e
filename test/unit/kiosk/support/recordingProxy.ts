// An HTTP proxy between the kiosk and a real IDV server, for tests: it records what passes
// (so a test can learn the session id and client session token the service issued, and then
// prove they never reach the renderer), and can simulate the service being down.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedExchange {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  /** Same path layout as the target: origin + /idverify/v1 */
  apiBaseUrl: string;
  origin: string;
  exchanges: ProxiedExchange[];
  /** 'pass' forwards; 'down' answers 503 without forwarding; 'refuse' stops listening. */
  setMode(mode: 'pass' | 'down' | 'refuse'): Promise<void>;
  /** Called when a request arrives, before it is forwarded (tests use it to kill a child mid-upload). */
  onRequest:
    ((method: string, path: string, headers: IncomingMessage['headers']) => void | Promise<void>) | null;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetOrigin: string): Promise<RecordingProxy> {
  const target = new URL(targetOrigin);
  let mode: 'pass' | 'down' | 'refuse' = 'pass';
  let server: Server | null = null;
  let port = 0;
  const proxy: RecordingProxy = {
    apiBaseUrl: '',
    origin: '',
    exchanges: [],
    onRequest: null,
    async setMode(m) {
      if (m === 'refuse' && server) await stop();
      if (m !== 'refuse' && !server) await start();
      mode = m;
    },
    close: () => stop(),
  };

  async function start(): Promise<void> {
    const s = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      await proxy.onRequest?.(req.method ?? '', req.url ?? '', req.headers);
      if (mode === 'down') {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 'UNAVAILABLE', message: 'test proxy says the service is down' }));
        return;
      }
      const fwd = request(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const buf = Buffer.concat(out);
            const type = String(up.headers['content-type'] ?? '');
            proxy.exchanges.push({
              method: req.method ?? '',
              path: req.url ?? '',
              headers: req.headers,
              status: up.statusCode ?? 0,
              responseBody: type.includes('json') ? buf.toString('utf8') : '',
            });
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(buf);
          });
        },
      );
      fwd.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
    port = (s.address() as AddressInfo).port;
    server = s;
    proxy.origin = `http://127.0.0.1:${port}`;
    proxy.apiBaseUrl = `${proxy.origin}/idverify/v1`;
  }

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  await start();
  return proxy;
}

/** The sessions the service created as seen through the proxy: ids and client session tokens. */
export function issuedSecrets(p: RecordingProxy): { sessionIds: string[]; tokens: string[] } {
  const sessionIds: string[] = [];
  const tokens: string[] = [];
  for (const e of p.exchanges) {
    if (e.method !== 'POST' || !/\/idverify\/v1\/sessions(\?|$)/.test(e.path) || e.status >= 300) continue;
    const b = JSON.parse(e.responseBody) as { session_id: string; client_session_token: string };
    sessionIds.push(b.session_id);
    tokens.push(b.client_session_token);
  }
  return { sessionIds, tokens };
}
