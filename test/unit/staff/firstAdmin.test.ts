// First run: the service asks for the first admin, and creating one needs no sign-in only then.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, expectCode, staffHarness, type Harness } from './support/staffHarness';

describe('first admin', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  it('reports needsFirstAdmin until the first admin exists, then signs that admin in', async () => {
    const service = await h.open();
    expect(service.status()).toMatchObject({ needsFirstAdmin: true, session: null, store: { state: 'ok' } });
    const result = await service.createFirstAdmin({ name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.session).toMatchObject({ displayName: 'Ada Admin', role: 'admin' });
    expect(service.status()).toMatchObject({ needsFirstAdmin: false, session: { role: 'admin' } });
    expect(service.listAccounts(result.token)).toEqual([
      expect.objectContaining({ name: 'ada', role: 'admin', disabled: false }),
    ]);
  });

  it('works only once, also after a restart', async () => {
    const service = await h.open();
    await service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: ADMIN_PIN });
    await expectCode(
      service.createFirstAdmin({ name: 'eve', displayName: 'Eve', pin: '111111' }),
      'FIRST_ADMIN_EXISTS',
    );
    service.close();
    const restarted = await h.open();
    expect(restarted.status().needsFirstAdmin).toBe(false);
    await expectCode(
      restarted.createFirstAdmin({ name: 'eve', displayName: 'Eve', pin: '111111' }),
      'FIRST_ADMIN_EXISTS',
    );
    await expectCode(restarted.signIn({ name: 'eve', pin: '111111' }), 'WRONG_PIN');
  });

  it('two first-run screens at once: exactly one admin is created', async () => {
    const service = await h.open();
    const results = await Promise.allSettled([
      service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: ADMIN_PIN }),
      service.createFirstAdmin({ name: 'eve', displayName: 'Eve', pin: '111111' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'FIRST_ADMIN_EXISTS' });
    const token = (results[0] as PromiseFulfilledResult<{ token: string }>).value.token;
    expect(service.listAccounts(token).map((a) => a.name)).toEqual(['ada']);
  });

  it('a bad first admin (short PIN, no name) is refused and the question stays open', async () => {
    const service = await h.open();
    const short = await expectCode(
      service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: '12345' }),
      'INVALID_REQUEST',
    );
    expect(short.message).toContain('at least 6 digits');
    await expectCode(service.createFirstAdmin({ name: '', displayName: 'Ada', pin: ADMIN_PIN }), 'INVALID_REQUEST');
    await expectCode(
      service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: 'nine char' }),
      'INVALID_REQUEST',
    );
    expect(service.status().needsFirstAdmin).toBe(true);
    // A passphrase of 10+ characters is accepted as well as a PIN.
    const ok = await service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: 'staff room kettle' });
    expect(ok.session.role).toBe('admin');
  });
});
