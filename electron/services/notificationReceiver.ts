// Receives the IDV service's session notifications ({session_id, topic}) on 127.0.0.1 so the
// follower can fetch a result the moment it exists. Bearer-authenticated with a random token the
// kiosk puts in each session's notification config; anything else is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const Notification = z.object({ session_id: z.string().min(1).max(200), topic: z.string().min(1).max(64) });
export type SessionNotification = z.infer<typeof Notification>;

export interface NotificationReceiver {
  endpoint: string;
  authToken: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

export async function startNotificationReceiver(
  onNotification: (n: SessionNotification) => void,
  opts: { host?: string; port?: number } = {},
): Promise<NotificationReceiver> {
  const authToken = randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${authToken}`);
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/notifications')
      return reply(404, { code: 'NOT_FOUND', message: 'POST /notifications only' });
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      return reply(401, { code: 'UNAUTHORIZED', message: 'bad or missing bearer token' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { code: 'BAD_JSON', message: 'body is not JSON' });
      }
      const n = Notification.safeParse(parsed);
      if (!n.success)
        return reply(400, { code: 'BAD_NOTIFICATION', message: 'expected {session_id, topic}' });
      reply(200, { received: true });
      onNotification(n.data);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${opts.host ?? '127.0.0.1'}:${port}/notifications`,
    authToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
