// A refusal from the verification service reaches the screen in the kiosk's own words: the
// service's message (Yoti's name the session: "Session <uuid> was already submitted") stays in
// main, for its log.
import { describe, expect, it } from 'vitest';
import { createClientSessionApi } from '../../../electron/services/clientSessionApi';
import { RejectedByServiceError } from '../../../electron/services/serviceErrors';
import { createSessionBroker } from '../../../electron/services/sessionBroker';
import { refusalMessage } from '../../../electron/services/serviceMessages';

const SESSION = '3f2e8a41-5c0d-4c3b-9a8e-1b2c3d4e5f60';

function answering(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })) as typeof fetch;
}

describe('refusalMessage', () => {
  it('has words for the codes a person can act on, and names other plain codes only', () => {
    expect(refusalMessage('SESSION_SUBMITTED', 409)).toBe('This session has already been sent for checking.');
    expect(refusalMessage('SOMETHING_NEW', 400)).toBe(
      'The verification service refused the request (SOMETHING_NEW).',
    );
    expect(refusalMessage(`Session ${SESSION} is closed`, 400)).toBe(
      'The verification service refused the request.',
    );
    expect(refusalMessage(null, 401)).toBe('The session has expired. Please start again.');
  });
});

describe('the client API on a refusal', () => {
  it('throws the kiosk’s words and keeps the service’s message (with its session id) apart', async () => {
    const api = createClientSessionApi({
      apiBaseUrl: 'http://127.0.0.1:9/idverify/v1',
      fetch: answering(409, { code: 'SESSION_CLOSED', message: `Session ${SESSION} was already submitted` }),
    });
    const err = await api
      .getConfiguration({ sessionId: SESSION, clientSessionToken: 't'.repeat(20) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedByServiceError);
    const refused = err as RejectedByServiceError;
    expect(refused.message).toBe('This session has ended. Please start again.');
    expect(refused.message).not.toContain(SESSION);
    expect(refused.serviceCode).toBe('SESSION_CLOSED');
    expect(refused.serviceMessage).toBe(`Session ${SESSION} was already submitted`);
  });
});

describe('the session broker on a refusal', () => {
  it('throws the kiosk’s words for an SDK error that quotes the service (its session id stays in main)', async () => {
    // What the yoti SDK throws on a 4xx: its message carries the service's answer.
    const sdkError = Object.assign(
      new Error(`Error getting data from Yoti API: Session ${SESSION} was already submitted`),
      {
        getResponseStatusCode: () => 409,
      },
    );
    const refuse = async (): Promise<never> => {
      throw sdkError;
    };
    const broker = createSessionBroker({
      apiBaseUrl: 'http://127.0.0.1:9/idverify/v1',
      sdkId: 'sdk-test',
      privateKeyPem: 'unused: the client is injected',
      client: {
        createSession: refuse,
        getSession: refuse,
        deleteSession: refuse,
        getMediaContent: refuse,
        getSessionConfiguration: refuse,
      },
    });
    const err = await broker.getSession(SESSION).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedByServiceError);
    const refused = err as RejectedByServiceError;
    expect(refused.message).toBe('The verification service refused to fetch the session result (HTTP 409).');
    expect(refused.serviceMessage).toBe(sdkError.message);
  });
});
