// The session broker over the real yoti SDK: a failed request becomes a kiosk error, and the line
// the SDK itself prints for it ("Error getting data from Yoti API: …", console.log) goes to the
// broker's logger instead of stdout, while every other console line is left alone.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi, type MockInstance } from 'vitest';
import { recordingLogger, type LoggedLine } from '../../support/recordingLogger';
import type * as BrokerModule from '../../../electron/services/sessionBroker';
import type * as SdkConsoleModule from '../../../electron/services/yotiSdkConsole';
import { RejectedByServiceError, ServiceUnreachableError } from '../../../electron/services/serviceErrors';

let server: Server;
let apiBaseUrl: string;
let consoleLog: MockInstance<typeof console.log>;
let broker: typeof BrokerModule;
let sdkConsole: typeof SdkConsoleModule;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = req.url?.includes('/sessions/gone') ? 404 : 503;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: status === 404 ? 'NOT_FOUND' : 'DOWN', message: 'test' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idverify/v1`;
  // What reaches the console, recorded instead of printed. The modules are loaded after the spy
  // exists, so the broker's routing wraps the spy and the spy sees only what passes through.
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  broker = await import('../../../electron/services/sessionBroker');
  sdkConsole = await import('../../../electron/services/yotiSdkConsole');
});
afterAll(async () => {
  consoleLog.mockRestore();
  await new Promise<void>((r) => server.close(() => r()));
});

const sdkLines = () =>
  consoleLog.mock.calls.filter((c) => String(c[0]).startsWith('Error getting data from Yoti API'));

it('a failed SDK request: a kiosk error for the caller, the SDK’s own line to the logger, none on stdout', async () => {
  const lines: LoggedLine[] = [];
  const b = broker.createSessionBroker({
    apiBaseUrl,
    sdkId: 'sdk-test',
    privateKeyPem: pem,
    logger: recordingLogger(lines),
  });
  const refused = await b.getSession('gone').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RejectedByServiceError);
  expect((refused as RejectedByServiceError).status).toBe(404);
  const down = await b.getMediaContent('other', 'media-1').catch((e: unknown) => e);
  expect(down).toBeInstanceOf(ServiceUnreachableError);
  expect((down as Error).message).toBe(
    'The verification service failed while trying to fetch an image (HTTP 503).',
  );
  await b.deleteSession('gone'); // already gone counts as deleted

  expect(lines).toEqual([
    { level: 'debug', message: 'yoti SDK request failed', fields: { reason: 'Not Found' } },
    { level: 'debug', message: 'yoti SDK request failed', fields: { reason: 'Service Unavailable' } },
    { level: 'debug', message: 'yoti SDK request failed', fields: { reason: 'Not Found' } },
  ]);
  expect(sdkLines()).toEqual([]);
});

it('leaves every other console line alone, inside a broker call and outside one', async () => {
  const lines: LoggedLine[] = [];
  await sdkConsole.withSdkLogger(recordingLogger(lines), async () => {
    console.log('something else the SDK says');
    console.log('Error getting data from Yoti API: %s', 'formatted, not the SDK’s line');
  });
  console.log('Error getting data from Yoti API: printed by someone outside a broker call');
  expect(lines).toEqual([]);
  expect(consoleLog.mock.calls.slice(-3)).toEqual([
    ['something else the SDK says'],
    ['Error getting data from Yoti API: %s', 'formatted, not the SDK’s line'],
    ['Error getting data from Yoti API: printed by someone outside a broker call'],
  ]);
});
