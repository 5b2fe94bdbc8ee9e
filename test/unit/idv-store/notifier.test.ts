import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier, type DeliveryEvent, type Notifier } from '../../../idv/notifications/notifier';
import type { NotificationSettings } from '../../../idv/store/types';

interface Received {
  body: unknown;
  authorization: string | undefined;
  contentType: string | undefined;
  at: number;
}

/** A 127.0.0.1 receiver; `respond` decides each answer (status code, or 'hang' to never answer). */
async function receiver(respond: (n: number) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({
        body: JSON.parse(data),
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        at: Date.now(),
      });
      const answer = respond(received.length);
      if (answer === 'hang') return void hanging.push(res);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (answer === 429) headers['retry-after'] = '1';
      res.writeHead(answer, headers).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

const cleanups: (() => Promise<void>)[] = [];
const notifiers: Notifier[] = [];
afterEach(async () => {
  for (const n of notifiers.splice(0)) await n.close();
  for (const c of cleanups.splice(0)) await c();
});

function settings(endpoint: string, extra: Partial<NotificationSettings> = {}): NotificationSettings {
  return { endpoint, topics: [], authToken: null, authType: null, ...extra };
}

function notifier(options: Parameters<typeof createNotifier>[0] = {}) {
  const events: DeliveryEvent[] = [];
  const n = createNotifier({
    baseDelayMs: 20,
    maxDelayMs: 200,
    timeoutMs: 2000,
    ...options,
    onEvent: (e) => events.push(e),
  });
  notifiers.push(n);
  return { n, events };
}

describe('notifier', () => {
  it('POSTs {session_id, topic} with BASIC auth (base64 of auth_token)', async () => {
    const rx = await receiver();
    const { n, events } = notifier();
    const target = settings(rx.url, { authToken: 'rp-user:s3cret', authType: 'BASIC' });
    expect(n.notify(target, 'sess-1', 'SESSION_COMPLETION')).toBe(true);
    await n.idle();
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0].body).toEqual({ session_id: 'sess-1', topic: 'SESSION_COMPLETION' });
    expect(rx.received[0].authorization).toBe(`Basic ${Buffer.from('rp-user:s3cret').toString('base64')}`);
    expect(rx.received[0].contentType).toBe('application/json');
    expect(events).toEqual([
      { type: 'delivered', sessionId: 'sess-1', topic: 'SESSION_COMPLETION', attempts: 1, status: 200 },
    ]);
  });

  it('uses a Bearer token, and sends no Authorization header without a token', async () => {
    const rx = await receiver();
    const { n } = notifier();
    n.notify(settings(rx.url, { authToken: 'tok-123', authType: 'BEARER' }), 's1', 'RESOURCE_UPDATE');
    n.notify(settings(rx.url), 's2', 'TASK_COMPLETION');
    await n.idle();
    const byTopic = Object.fromEntries(
      rx.received.map((r) => [(r.body as { topic: string }).topic, r.authorization]),
    );
    expect(byTopic).toEqual({ RESOURCE_UPDATE: 'Bearer tok-123', TASK_COMPLETION: undefined });
  });

  it('sends only the topics the session asked for', async () => {
    const rx = await receiver();
    const { n } = notifier();
    const target = settings(rx.url, { topics: ['CHECK_COMPLETION', 'SESSION_COMPLETION'] });
    expect(n.notify(target, 's', 'RESOURCE_UPDATE')).toBe(false);
    expect(n.notify(target, 's', 'CHECK_COMPLETION')).toBe(true);
    expect(n.notify(null, 's', 'CHECK_COMPLETION')).toBe(false);
    await n.idle();
    expect(rx.received.map((r) => (r.body as { topic: string }).topic)).toEqual(['CHECK_COMPLETION']);
  });

  it('retries a receiver that fails first, with growing delays, keeping a session in order', async () => {
    const rx = await receiver((k) => (k <= 2 ? 503 : 200));
    const { n, events } = notifier({ random: () => 1 });
    const target = settings(rx.url);
    n.notify(target, 's', 'CHECK_COMPLETION');
    n.notify(target, 's', 'SESSION_COMPLETION');
    await n.idle();
    expect(rx.received.map((r) => (r.body as { topic: string }).topic)).toEqual([
      'CHECK_COMPLETION',
      'CHECK_COMPLETION',
      'CHECK_COMPLETION',
      'SESSION_COMPLETION',
    ]);
    const retries = events.filter((e) => e.type === 'retrying');
    expect(retries.map((e) => e.type === 'retrying' && e.delayMs)).toEqual([20, 40]);
    expect(rx.received[1].at - rx.received[0].at).toBeGreaterThanOrEqual(15);
    expect(rx.received[2].at - rx.received[1].at).toBeGreaterThanOrEqual(35);
    expect(
      events.filter((e) => e.type === 'delivered').map((e) => e.type === 'delivered' && e.attempts),
    ).toEqual([3, 1]);
  });

  it('gives up after maxAttempts, and at once on a 4xx', async () => {
    const failing = await receiver(() => 500);
    const rejecting = await receiver(() => 401);
    const { n, events } = notifier({ maxAttempts: 3 });
    n.notify(settings(failing.url), 'a', 'SESSION_COMPLETION');
    n.notify(settings(rejecting.url), 'b', 'SESSION_COMPLETION');
    await n.idle();
    expect(failing.received).toHaveLength(3);
    expect(rejecting.received).toHaveLength(1);
    const failed = events.filter((e) => e.type === 'failed');
    expect(failed).toEqual([
      { type: 'failed', sessionId: 'b', topic: 'SESSION_COMPLETION', attempts: 1, reason: 'HTTP 401' },
      { type: 'failed', sessionId: 'a', topic: 'SESSION_COMPLETION', attempts: 3, reason: 'HTTP 500' },
    ]);
  });

  it('retries when nothing listens (connection refused) and honours Retry-After', async () => {
    const rx = await receiver((k) => (k === 1 ? 429 : 200));
    const { n, events } = notifier({ maxAttempts: 2 });
    n.notify(settings('http://127.0.0.1:1/nothing'), 'x', 'RESOURCE_UPDATE');
    n.notify(settings(rx.url), 'y', 'RESOURCE_UPDATE');
    await n.idle();
    expect(events.find((e) => e.sessionId === 'x' && e.type === 'failed')).toMatchObject({ attempts: 2 });
    expect(rx.received).toHaveLength(2);
    // Retry-After: 1 s, capped by maxDelayMs (200), instead of the 10-20 ms backoff.
    expect(events.find((e) => e.sessionId === 'y' && e.type === 'retrying')).toMatchObject({ delayMs: 200 });
  });

  it('never blocks the caller, times out a hanging receiver, and close() stops retries', async () => {
    const rx = await receiver(() => 'hang');
    // The retry after the timed-out attempt waits an hour: close() finishes only by cancelling it.
    const hour = 3_600_000;
    const { n, events } = notifier({ timeoutMs: 1500, baseDelayMs: hour, maxDelayMs: hour, maxAttempts: 10 });
    // notify() is synchronous: queued, nothing delivered or failed yet.
    expect(n.notify(settings(rx.url), 's', 'SESSION_COMPLETION')).toBe(true);
    expect(n.pending()).toBe(1);
    expect(events).toEqual([]);
    // Wait for the first attempt to time out and a (long) retry to be scheduled.
    await expect.poll(() => events.some((e) => e.type === 'retrying'), { timeout: 6000 }).toBe(true);
    await n.close();
    expect(n.pending()).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'dropped', reason: 'notifier closed' });
    expect(rx.received).toHaveLength(1);
    expect(n.notify(settings(rx.url), 's', 'SESSION_COMPLETION')).toBe(false);
    expect(n.pending()).toBe(0); // nothing queued, so nothing can reach the receiver later
  });

  it('bounds what it keeps pending', async () => {
    const rx = await receiver(() => 'hang');
    const { n, events } = notifier({ maxPending: 2, timeoutMs: 5000 });
    expect(n.notify(settings(rx.url), 'a', 'RESOURCE_UPDATE')).toBe(true);
    expect(n.notify(settings(rx.url), 'b', 'RESOURCE_UPDATE')).toBe(true);
    expect(n.notify(settings(rx.url), 'c', 'RESOURCE_UPDATE')).toBe(false);
    expect(events).toEqual([expect.objectContaining({ type: 'dropped', sessionId: 'c' })]);
  });
});
