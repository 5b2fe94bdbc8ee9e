// Staff are signed out after their own idle time, with a warning first; explicit sign-out; one
// session at a time, its token kept in main.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/services/staff/staffSessionClock';
import { STAFF_PIN, expectCode, staffHarness, withAccounts, type Harness } from './support/staffHarness';

const IDLE = { timeoutSeconds: 120, warningSeconds: 20 };

describe('idle sign-out', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  async function signedInStaff() {
    const { service, admin, staff } = await withAccounts(h, { idle: IDLE });
    const s = await service.signIn({ name: 'sam', pin: STAFF_PIN });
    h.events.length = 0;
    return { service, admin, staff, s };
  }

  it('warns 20 s before the idle time, then signs out', async () => {
    const { service, staff, s } = await signedInStaff();
    expect(s.session).toMatchObject({ idleTimeoutSeconds: 120, warningSeconds: 20 });
    h.clock.advance(99_999);
    expect(h.events).toEqual([]);
    h.clock.advance(1);
    expect(h.events).toEqual([{ type: 'idle-warning', accountId: staff.id, secondsLeft: 20 }]);
    expect(service.session(s.token).role).toBe('staff');
    h.clock.advance(19_999);
    expect(h.events).toHaveLength(1);
    h.clock.advance(1);
    expect(h.events[1]).toEqual({ type: 'signed-out', accountId: staff.id, reason: 'idle' });
    expect(service.status().session).toBeNull();
    await expectCode(() => service.touch(s.token), 'NOT_SIGNED_IN');
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('activity restarts the idle time; activity after the warning clears it', async () => {
    const { service, staff, s } = await signedInStaff();
    h.clock.advance(90_000);
    service.touch(s.token);
    h.clock.advance(99_000);
    expect(h.events).toEqual([]);
    h.clock.advance(1_000);
    expect(h.events).toEqual([{ type: 'idle-warning', accountId: staff.id, secondsLeft: 20 }]);
    h.clock.advance(5_000);
    service.touch(s.token);
    expect(h.events[1]).toEqual({ type: 'idle-warning-cleared', accountId: staff.id });
    h.clock.advance(100_000);
    expect(h.events.map((e) => e.type)).toEqual(['idle-warning', 'idle-warning-cleared', 'idle-warning']);
    h.clock.advance(20_000);
    expect(h.events.at(-1)).toEqual({ type: 'signed-out', accountId: staff.id, reason: 'idle' });
  });

  it("an account's own idle time overrides the station's", async () => {
    const { service, admin, staff } = await withAccounts(h, { idle: IDLE });
    await service.updateAccount(admin.token, { accountId: staff.id, idleTimeoutSeconds: 60 });
    const s = await service.signIn({ name: 'sam', pin: STAFF_PIN });
    expect(s.session.idleTimeoutSeconds).toBe(60);
    h.events.length = 0;
    h.clock.advance(40_000);
    expect(h.events).toEqual([{ type: 'idle-warning', accountId: staff.id, secondsLeft: 20 }]);
    h.clock.advance(20_000);
    expect(h.events[1]).toMatchObject({ type: 'signed-out', reason: 'idle' });
  });

  it('a warning never takes more than half of a short idle time', async () => {
    const { service, admin, staff } = await withAccounts(h, { idle: { timeoutSeconds: 120, warningSeconds: 30 } });
    await service.updateAccount(admin.token, { accountId: staff.id, idleTimeoutSeconds: 30 });
    h.events.length = 0;
    const s = await service.signIn({ name: 'sam', pin: STAFF_PIN });
    expect(s.session).toMatchObject({ idleTimeoutSeconds: 30, warningSeconds: 15 });
    expect(h.events.map((e) => e.type)).toEqual(['signed-out', 'signed-in']);
    h.clock.advance(15_000);
    expect(h.events.at(-1)).toEqual({ type: 'idle-warning', accountId: staff.id, secondsLeft: 15 });
  });

  it('explicit sign-out ends the session at once; the old token is dead; a stranger token is a no-op', async () => {
    const { service, staff, s } = await signedInStaff();
    service.signOut('A'.repeat(43));
    expect(service.status().session).toMatchObject({ accountId: staff.id });
    service.signOut(s.token);
    expect(h.events).toEqual([{ type: 'signed-out', accountId: staff.id, reason: 'signed-out' }]);
    expect(service.status().session).toBeNull();
    await expectCode(() => service.session(s.token), 'NOT_SIGNED_IN');
    expect(h.clock.pendingTimers()).toBe(0);
    h.clock.advance(600_000);
    expect(h.events).toHaveLength(1);
  });

  it('one session at a time: a new sign-in replaces the previous one', async () => {
    const { service, admin, s } = await signedInStaff();
    await expectCode(() => service.touch(admin.token), 'NOT_SIGNED_IN');
    const again = await service.signIn({ name: 'ada', pin: '482913' });
    expect(h.events.map((e) => e.type)).toEqual(['signed-out', 'signed-in']);
    expect(h.events[0]).toMatchObject({ reason: 'replaced' });
    await expectCode(() => service.touch(s.token), 'NOT_SIGNED_IN');
    expect(service.session(again.token).role).toBe('admin');
  });

  it('close signs out and leaves no timer behind', async () => {
    const { service, staff } = await signedInStaff();
    service.close();
    expect(h.events).toEqual([{ type: 'signed-out', accountId: staff.id, reason: 'closed' }]);
    expect(h.clock.pendingTimers()).toBe(0);
    await expectCode(service.signIn({ name: 'sam', pin: STAFF_PIN }), 'NOT_ALLOWED');
  });
});

describe('idle sign-out on the system clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses real timers by default (driven here by fake timers)', async () => {
    const h = await staffHarness();
    try {
      const { service, staff } = await withAccounts(h, { idle: IDLE, clock: systemClock });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const s = await service.signIn({ name: 'sam', pin: STAFF_PIN });
      h.events.length = 0;
      vi.advanceTimersByTime(100_000);
      expect(h.events).toEqual([{ type: 'idle-warning', accountId: staff.id, secondsLeft: 20 }]);
      vi.advanceTimersByTime(20_000);
      expect(h.events[1]).toEqual({ type: 'signed-out', accountId: staff.id, reason: 'idle' });
      await expectCode(() => service.touch(s.token), 'NOT_SIGNED_IN');
    } finally {
      await h.cleanup();
    }
  });
});
