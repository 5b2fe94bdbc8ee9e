// The local service's header timeout on its own (issue 12): a client that never finishes its
// headers is answered 408 and dropped after headersTimeoutMs, even when the whole-request and idle
// timeouts are long. (hardeningHttpFault sets all three short, so it cannot tell them apart.)
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_HTTP_LIMITS, httpServerOptions } from '../../../idv/http/serverLimits';
import { startHarness, type Harness } from '../../integration/idv/support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    http: { headersTimeoutMs: 300, requestTimeoutMs: 120_000, idleTimeoutMs: 120_000 },
  });
});
afterAll(async () => h?.close());

it('the defaults give the headers 10 s, the whole request 60 s', () => {
  expect(httpServerOptions(DEFAULT_HTTP_LIMITS)).toMatchObject({
    headersTimeout: 10_000,
    requestTimeout: 60_000,
  });
});

it('drops a connection whose headers stall after headersTimeoutMs, not the request or idle timeout', async () => {
  const { hostname, port } = new URL(h.server.url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'); // the blank line that ends the headers never comes
  // Well before the 120 s of the other two timeouts.
  await expect.poll(() => closed, { timeout: 15_000, interval: 50 }).toBe(true);
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
});
