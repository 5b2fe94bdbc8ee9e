import { describe, expect, it, vi } from 'vitest';
import { startNotificationReceiver } from '../../../electron/services/notificationReceiver';
import { open, seal, newSealKey, SealedBoxError } from '../../../electron/services/sealedBox';
import { RejectedByServiceError, ServiceUnreachableError } from '../../../electron/services/serviceErrors';
import { createSessionFollower, type FollowUpdate } from '../../../electron/services/sessionFollower';
import { createTokenVault, UnknownHandleError } from '../../../electron/services/tokenVault';
import { parseClientConfiguration } from '../../../electron/services/documentOptions';
import { toCaptureFeedback } from '../../../electron/services/clientSessionApi';

describe('session follower', () => {
  it('polls with growing delays until COMPLETED', async () => {
    vi.useFakeTimers();
    try {
      const states = ['ONGOING', 'ONGOING', 'ONGOING', 'COMPLETED'];
      const at: number[] = [];
      const f = createSessionFollower({
        fetchState: async () => {
          at.push(Date.now());
          return states.shift()!;
        },
        initialDelayMs: 20,
        factor: 2,
        maxDelayMs: 1000,
      });
      const updates: FollowUpdate[] = [];
      const t0 = Date.now();
      f.follow('s1', (u) => updates.push(u));
      await vi.advanceTimersByTimeAsync(1000);
      expect(updates).toEqual([
        { state: 'PROCESSING', message: null },
        { state: 'COMPLETED', message: null },
      ]);
      expect(at.map((t) => t - t0)).toEqual([0, 20, 60, 140]); // 20 → 40 → 80 ms between polls
      expect(f.following()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a notification makes it poll at once instead of waiting out the backoff', async () => {
    let polls = 0;
    let done = false;
    const f = createSessionFollower({
      fetchState: async () => (++polls >= 2 && done ? 'COMPLETED' : 'ONGOING'),
      initialDelayMs: 60_000,
    });
    const result = new Promise<FollowUpdate>((resolve) =>
      f.follow('s1', (u) => u.state !== 'PROCESSING' && resolve(u)),
    );
    await expect.poll(() => polls).toBe(1);
    done = true;
    const t = Date.now();
    f.notify('s1');
    expect((await result).state).toBe('COMPLETED');
    expect(Date.now() - t).toBeLessThan(2000);
    f.notify('unknown-session'); // ignored
  });

  it('keeps polling through network errors, stops with FAILED on a refusal or at the deadline', async () => {
    const errors: unknown[] = [
      new ServiceUnreachableError('down'),
      new RejectedByServiceError('no', 403, null),
    ];
    const f = createSessionFollower({
      fetchState: async () => {
        throw errors.shift();
      },
      initialDelayMs: 5,
    });
    const u = await new Promise<FollowUpdate>((resolve) => f.follow('s', (x) => resolve(x)));
    expect(u).toEqual({ state: 'FAILED', message: 'no' });

    let now = 0;
    const g = createSessionFollower({
      fetchState: async () => ((now += 1000), 'ONGOING'),
      initialDelayMs: 1,
      deadlineMs: 3500,
      now: () => now,
    });
    const last = await new Promise<FollowUpdate>((resolve) =>
      g.follow('s', (x) => x.state !== 'PROCESSING' && resolve(x)),
    );
    expect(last.state).toBe('FAILED');
    expect(last.message).toMatch(/No result arrived in time/);

    const h = createSessionFollower({ fetchState: async () => 'EXPIRED', initialDelayMs: 1 });
    expect(await new Promise<FollowUpdate>((resolve) => h.follow('s', resolve))).toMatchObject({
      state: 'EXPIRED',
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

describe('sealed box and token vault', () => {
  it('seals with AES-256-GCM bound to its context, and refuses tampering or the wrong key', () => {
    const key = newSealKey();
    const blob = seal(key, Buffer.from('client-session-token'), 'item-1');
    expect(blob.includes(Buffer.from('client-session-token'))).toBe(false);
    expect(open(key, blob, 'item-1').toString()).toBe('client-session-token');
    expect(() => open(key, blob, 'item-2')).toThrow(SealedBoxError);
    expect(() => open(newSealKey(), blob, 'item-1')).toThrow(
      'sealed data failed authentication (wrong key or tampered)',
    );
    const bad = Buffer.from(blob);
    bad[20] ^= 1;
    expect(() => open(key, bad, 'item-1')).toThrow(SealedBoxError);
    expect(() => open(key, blob.subarray(0, 10))).toThrow('sealed data is truncated');
    expect(() => seal(Buffer.alloc(16), Buffer.from('x'))).toThrow('key must be 32 bytes');
    expect(seal(key, Buffer.from('same')).equals(seal(key, Buffer.from('same')))).toBe(false); // fresh IV each time
  });

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
    expect(v.size()).toBe(1);
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
      livenessRequired: true,
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
    expect(toCaptureFeedback(null)).toBeNull();
    expect(toCaptureFeedback('garbage')).toBeNull();
  });
});
