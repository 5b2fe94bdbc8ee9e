// Five wrong PINs lock the station (not an account), with a growing back-off, kept across restarts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, STAFF_PIN, expectCode, staffError, staffHarness, withAccounts, type Harness } from './support/staffHarness';

const WRONG = '000000';

describe('station lockout', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  it('counts down 4 wrong PINs, locks at exactly the 5th for 30 s, and refuses even the right PIN then', async () => {
    const { service } = await withAccounts(h);
    for (const left of [4, 3, 2, 1]) {
      const err = await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'WRONG_PIN');
      expect(err.details.attemptsLeft).toBe(left);
      expect(service.status()).toMatchObject({ attemptsLeft: left, lockedForSeconds: 0 });
    }
    const locked = await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'LOCKED');
    expect(locked.details.retryAfterSeconds).toBe(30);
    expect(service.status().lockedForSeconds).toBe(30);
    h.clock.advance(10_000);
    const still = await expectCode(service.signIn({ name: 'sam', pin: STAFF_PIN }), 'LOCKED');
    expect(still.details.retryAfterSeconds).toBe(20);
  });

  it('each wrong PIN after a lock locks again for twice as long, capped; a right PIN after expiry resets', async () => {
    const { service } = await withAccounts(h);
    for (let i = 0; i < 5; i++) await staffError(service.signIn({ name: 'sam', pin: WRONG }));
    const seen: number[] = [30];
    for (let i = 0; i < 6; i++) {
      h.clock.advance(seen[seen.length - 1] * 1000);
      expect(service.status().lockedForSeconds).toBe(0);
      const err = await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'LOCKED');
      seen.push(err.details.retryAfterSeconds ?? -1);
    }
    expect(seen).toEqual([30, 60, 120, 240, 480, 900, 900]);
    h.clock.advance(900_000);
    expect((await service.signIn({ name: 'sam', pin: STAFF_PIN })).session.role).toBe('staff');
    expect(service.status()).toMatchObject({ attemptsLeft: 5, lockedForSeconds: 0 });
    // A fresh count: four wrong PINs only count down again.
    const err = await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'WRONG_PIN');
    expect(err.details.attemptsLeft).toBe(4);
  });

  it('is per station: cycling through names, unknown names and account ids all count together', async () => {
    const { service, staff } = await withAccounts(h);
    await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'WRONG_PIN');
    await expectCode(service.signIn({ name: 'ada', pin: WRONG }), 'WRONG_PIN');
    const unknown = await expectCode(service.signIn({ name: 'nobody', pin: WRONG }), 'WRONG_PIN');
    expect(unknown.message).toBe('Wrong name or PIN. 2 attempts left.');
    await expectCode(service.signIn({ accountId: staff.id, pin: WRONG }), 'WRONG_PIN');
    await expectCode(service.signIn({ name: 'ada', pin: WRONG }), 'LOCKED');
    await expectCode(service.signIn({ name: 'ada', pin: ADMIN_PIN }), 'LOCKED');
  });

  it('a restart does not reset the count or the lock', async () => {
    const { service } = await withAccounts(h);
    for (let i = 0; i < 3; i++) await expectCode(service.signIn({ name: 'sam', pin: WRONG }), 'WRONG_PIN');
    service.close();
    let restarted = await h.open();
    expect(restarted.status().attemptsLeft).toBe(2);
    await expectCode(restarted.signIn({ name: 'sam', pin: WRONG }), 'WRONG_PIN');
    await expectCode(restarted.signIn({ name: 'sam', pin: WRONG }), 'LOCKED');
    h.clock.advance(5_000);
    restarted.close();
    restarted = await h.open();
    const locked = await expectCode(restarted.signIn({ name: 'sam', pin: STAFF_PIN }), 'LOCKED');
    expect(locked.details.retryAfterSeconds).toBe(25);
    h.clock.advance(25_000);
    // The next lock after a restart is still the longer one.
    const again = await expectCode(restarted.signIn({ name: 'sam', pin: WRONG }), 'LOCKED');
    expect(again.details.retryAfterSeconds).toBe(60);
  });

  it('parallel sign-ins cannot spend the same attempt twice', async () => {
    const { service } = await withAccounts(h);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => service.signIn({ name: 'sam', pin: WRONG })),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'signed in'));
    expect(codes).toEqual(['WRONG_PIN', 'WRONG_PIN', 'WRONG_PIN', 'WRONG_PIN', 'LOCKED', 'LOCKED', 'LOCKED', 'LOCKED']);
    expect(service.status().attemptsLeft).toBe(0);
  });

  it('a clock set back does not stretch a lock beyond its own length', async () => {
    const { service } = await withAccounts(h);
    for (let i = 0; i < 5; i++) await staffError(service.signIn({ name: 'sam', pin: WRONG }));
    h.clock.set(h.clock.now() - 86_400_000);
    expect(service.status().lockedForSeconds).toBe(30);
  });

  it('bad input is refused without spending an attempt', async () => {
    const { service } = await withAccounts(h);
    const bad: unknown[] = [
      { name: 'sam' },
      { name: 'sam', pin: 123456 },
      { name: 'sam', pin: '1'.repeat(257) },
      { name: 'x'.repeat(65), pin: WRONG },
      { name: 'sam', pin: WRONG, role: 'admin' },
      { accountId: 'not-a-uuid', pin: WRONG },
      { name: 'sam', accountId: '00000000-0000-4000-8000-000000000000', pin: WRONG },
      null,
      'sam:000000',
    ];
    for (const input of bad) {
      await expectCode(service.signIn(input as never), 'INVALID_REQUEST');
    }
    expect(service.status().attemptsLeft).toBe(5);
  });
});

