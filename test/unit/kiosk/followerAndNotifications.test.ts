import { afterEach, describe, expect, it, vi } from 'vitest';
import { startNotificationReceiver } from '../../../electron/services/notificationReceiver';
import { RejectedByServiceError, ServiceUnreachableError } from '../../../electron/services/serviceErrors';
import { createSessionFollower, type FollowUpdate } from '../../../electron/services/sessionFollower';
import { createTokenVault, UnknownHandleError } from '../../../electron/services/tokenVault';
import { parseClientConfiguration } from '../../../electron/services/documentOptions';
import { toCaptureFeedback } from '../../../electron/services/clientSessionApi';

describe('session follower', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A follower over a scripted list of session states (the fetch result is the state itself). */
  function scripted(states: string[], opts: { initialDelayMs?: number; maxDelayMs?: number } = {}) {
    const at: number[] = [];
    const follower = createSessionFollower<string>({
      fetch: async () => {
        at.push(Date.now());
        return states.length > 1 ? states.shift()! : states[0];
      },
      stateOf: (s) => s,
      ...opts,
    });
    return { follower, at };
  }

  it('polls with doubling delays until COMPLETED, and hands on the fetch that showed it', async () => {
    vi.useFakeTimers();
    const { follower, at } = scripted(['ONGOING', 'ONGOING', 'ONGOING', 'COMPLETED'], {
      initialDelayMs: 20,
      maxDelayMs: 1000,
    });
    const updates: Array<FollowUpdate<string>> = [];
    const t0 = Date.now();
    follower.follow('s1', (u) => updates.push(u));
    await vi.advanceTimersByTimeAsync(1000);
    expect(updates).toEqual([
      { state: 'PROCESSING', message: null, result: null },
      { state: 'COMPLETED', message: null, result: 'COMPLETED' },
    ]);
    expect(at.map((t) => t - t0)).toEqual([0, 20, 60, 140]); // 20 → 40 → 80 ms between polls
    expect(follower.following()).toBe(0);
  });

  it('caps the delay at maxDelayMs', async () => {
    vi.useFakeTimers();
    const { follower, at } = scripted(['ONGOING'], { initialDelayMs: 100, maxDelayMs: 300 });
    const t0 = Date.now();
    follower.follow('s1', () => undefined);
    await vi.advanceTimersByTimeAsync(1500);
    expect(at.map((t) => t - t0)).toEqual([0, 100, 300, 600, 900, 1200, 1500]);
    follower.close();
  });

  it('a notification makes it poll at once instead of waiting out the backoff', async () => {
    vi.useFakeTimers();
    const states = ['ONGOING'];
    const { follower, at } = scripted(states, { initialDelayMs: 60_000, maxDelayMs: 60_000 });
    const updates: string[] = [];
    follower.follow('s1', (u) => updates.push(u.state));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(at).toHaveLength(1); // the next poll is due at 60 s
    states[0] = 'COMPLETED';
    follower.notify('s1');
    follower.notify('unknown-session'); // ignored
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toHaveLength(2);
    expect(updates).toEqual(['PROCESSING', 'COMPLETED']);
  });

  it('keeps polling through network errors, stops with FAILED on a refusal or at the deadline', async () => {
    const errors: unknown[] = [
      new ServiceUnreachableError('down'),
      new RejectedByServiceError('no', 403, null),
    ];
    const f = createSessionFollower<string>({
      fetch: async () => {
        throw errors.shift();
      },
      stateOf: (s) => s,
      initialDelayMs: 5,
    });
    const u = await new Promise<FollowUpdate<string>>((resolve) => f.follow('s', (x) => resolve(x)));
    expect(u).toEqual({ state: 'FAILED', message: 'no', result: null });
    expect(errors).toEqual([]); // the network error was retried

    let now = 0;
    const g = createSessionFollower<string>({
      fetch: async () => ((now += 1000), 'ONGOING'),
      stateOf: (s) => s,
      initialDelayMs: 1,
      deadlineMs: 3500,
      now: () => now,
    });
    const last = await new Promise<FollowUpdate<string>>((resolve) =>
      g.follow('s', (x) => x.state !== 'PROCESSING' && resolve(x)),
    );
    expect(last).toEqual({
      state: 'FAILED',
      message: 'No result arrived in time; staff can look the session up later.',
      result: null,
    });

    const h = createSessionFollower<string>({
      fetch: async () => 'EXPIRED',
      stateOf: (s) => s,
      initialDelayMs: 1,
    });
    expect(await new Promise<FollowUpdate<string>>((resolve) => h.follow('s', resolve))).toEqual({
      state: 'EXPIRED',
      message: 'The session expired before a result was ready.',
      result: 'EXPIRED',
    });
  });
});

describe('notification receiver', () => {
  it('accepts {session_id, topic} with its bearer token only', async () => {
    const got: unknown[] = [];
    const r = await startNotificationReceiver((n) => got.push(n));
    try {
      expect(r.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notifications$/);
      const post = (body: string, auth?: string) =>
        fetch(r.endpoint, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
        });
      expect((await post('{"session_id":"s","topic":"SESSION_COMPLETION"}')).status).toBe(401);
      expect((await post('{"session_id":"s","topic":"SESSION_COMPLETION"}', 'Bearer wrong')).status).toBe(
        401,
      );
      expect((await post('not json', `Bearer ${r.authToken}`)).status).toBe(400);
      expect((await post('{"topic":"X"}', `Bearer ${r.authToken}`)).status).toBe(400);
      expect((await fetch(r.endpoint.replace('/notifications', '/other'))).status).toBe(404);
      expect(got).toEqual([]);
      expect(
        (await post('{"session_id":"s1","topic":"SESSION_COMPLETION"}', `Bearer ${r.authToken}`)).status,
      ).toBe(200);
      expect(got).toEqual([{ session_id: 's1', topic: 'SESSION_COMPLETION' }]);
    } finally {
      await r.close();
    }
  });
});

describe('token vault', () => {
  it('hands out opaque random handles and wipes secrets', () => {
    const v = createTokenVault();
    const a = v.put({ sessionId: 'sid', clientSessionToken: 'tok', tokenExpiresAt: 0 });
    const b = v.put({ sessionId: 'sid2', clientSessionToken: 'tok2', tokenExpiresAt: 0 });
    expect(a.handle).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.handle).not.toBe(b.handle);
    expect(a.handle).not.toContain('sid');
    expect(v.findBySessionId('sid2')?.handle).toBe(b.handle);
    const held = v.get(a.handle);
    expect(v.wipe(a.handle)?.clientSessionToken).toBe('tok');
    expect(held.clientSessionToken).toBe(''); // the object other code may still reference is emptied
    expect(() => v.get(a.handle)).toThrow(UnknownHandleError);
    expect(v.handles()).toEqual([b.handle]);
  });
});

describe('service answers the kiosk reads defensively', () => {
  it('builds the document pickers from a Yoti-shaped configuration', () => {
    const cfg = parseClientConfiguration({
      capture: {
        required_resources: [
          {
            type: 'ID_DOCUMENT',
            supported_countries: [
              {
                code: 'GBR',
                supported_documents: [
                  { type: 'PASSPORT' },
                  { type: 'DRIVING_LICENCE' },
                  { type: 'SOMETHING_NEW' },
                ],
              },
              {
                code: 'UTO',
                supported_documents: [{ type: 'NATIONAL_ID', required_pages: ['front', 'back'] }],
              },
              { code: 'xx', supported_documents: [{ type: 'PASSPORT' }] },
            ],
          },
          { type: 'LIVENESS', liveness_type: 'STATIC' },
        ],
      },
    });
    expect(cfg).toEqual({
      documents: [
        {
          issuingCountry: 'GBR',
          documentTypes: [
            { type: 'PASSPORT', pages: ['front'] },
            { type: 'DRIVING_LICENCE', pages: ['front', 'back'] },
          ],
        },
        { issuingCountry: 'UTO', documentTypes: [{ type: 'NATIONAL_ID', pages: ['front', 'back'] }] },
      ],
    });
    expect(() => parseClientConfiguration({ nope: true })).toThrow(
      'session configuration the kiosk cannot read',
    );
  });

  it('maps upload feedback onto the contract, numbers only in metrics', () => {
    expect(
      toCaptureFeedback({
        acceptable: false,
        issues: ['GLARE'],
        messages: ['x'],
        metrics: { width: 10, quality: { sharpness: 1 }, notes: [] },
      }),
    ).toEqual({
      acceptable: false,
      issues: ['GLARE'],
      metrics: { width: 10 },
    });
    expect(toCaptureFeedback({ acceptable: true, issues: [], metrics: { notes: [] } })).toEqual({
      acceptable: true,
      issues: [],
    });
    expect(toCaptureFeedback({ acceptable: true })).toBeNull(); // no issue list: not feedback
    expect(toCaptureFeedback(null)).toBeNull();
    expect(toCaptureFeedback('garbage')).toBeNull();
  });
});
