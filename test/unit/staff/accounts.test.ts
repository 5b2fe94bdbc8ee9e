// Roles and permissions: admins manage accounts, staff cannot; the last admin cannot be removed or
// demoted; an account that changes follows the signed-in session.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, STAFF_PIN, expectCode, staffHarness, withAccounts, type Harness } from './support/staffHarness';

describe('staff accounts', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  it('admins create accounts; the list has no hash, salt or parameters', async () => {
    const { service, admin, staff } = await withAccounts(h);
    expect(staff).toMatchObject({ name: 'sam', displayName: 'Sam Staff', role: 'staff', disabled: false });
    const list = service.listAccounts(admin.token);
    expect(list.map((a) => [a.name, a.role])).toEqual([
      ['ada', 'admin'],
      ['sam', 'staff'],
    ]);
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(
        ['createdAt', 'disabled', 'displayName', 'id', 'idleTimeoutSeconds', 'name', 'role', 'updatedAt'].sort(),
      );
    }
  });

  it('staff sign in with their PIN, by name (any case) or by account id, and get their role', async () => {
    const { service, staff } = await withAccounts(h);
    const byName = await service.signIn({ name: 'SAM', pin: STAFF_PIN });
    expect(byName.session).toMatchObject({ accountId: staff.id, displayName: 'Sam Staff', role: 'staff' });
    const byId = await service.signIn({ accountId: staff.id, pin: STAFF_PIN });
    expect(byId.session.accountId).toBe(staff.id);
  });

  it('staff cannot manage accounts; nobody can without a session', async () => {
    const { service, staff } = await withAccounts(h);
    const signedIn = await service.signIn({ name: 'sam', pin: STAFF_PIN });
    await expectCode(() => service.listAccounts(signedIn.token), 'NOT_ALLOWED');
    await expectCode(
      service.createAccount(signedIn.token, { name: 'x', displayName: 'X', role: 'admin', pin: '222222' }),
      'NOT_ALLOWED',
    );
    await expectCode(service.updateAccount(signedIn.token, { accountId: staff.id, role: 'admin' }), 'NOT_ALLOWED');
    await expectCode(service.resetPin(signedIn.token, { accountId: staff.id, pin: '222222' }), 'NOT_ALLOWED');
    service.signOut(signedIn.token);
    await expectCode(() => service.listAccounts(signedIn.token), 'NOT_SIGNED_IN');
    await expectCode(() => service.listAccounts('not-a-token'), 'NOT_SIGNED_IN');
    await expectCode(
      service.createAccount('A'.repeat(43), { name: 'x', displayName: 'X', role: 'admin', pin: '222222' }),
      'NOT_SIGNED_IN',
    );
  });

  it('names are unique without case', async () => {
    const { service, admin } = await withAccounts(h);
    await expectCode(
      service.createAccount(admin.token, { name: 'Sam', displayName: 'Other Sam', role: 'staff', pin: '222222' }),
      'NAME_TAKEN',
    );
  });

  it('a disabled account cannot sign in (the same answer as a wrong PIN); enabled again, it can', async () => {
    const { service, admin, staff } = await withAccounts(h);
    await service.updateAccount(admin.token, { accountId: staff.id, disabled: true });
    const refused = await expectCode(service.signIn({ name: 'sam', pin: STAFF_PIN }), 'WRONG_PIN');
    expect(refused.details.attemptsLeft).toBe(4);
    const again = await service.signIn({ name: 'ada', pin: ADMIN_PIN });
    await service.updateAccount(again.token, { accountId: staff.id, disabled: false });
    expect((await service.signIn({ name: 'sam', pin: STAFF_PIN })).session.role).toBe('staff');
  });

  it('an admin resets a PIN: the old one stops working, the new one works', async () => {
    const { service, admin, staff } = await withAccounts(h);
    await service.resetPin(admin.token, { accountId: staff.id, pin: '908172' });
    await expectCode(service.signIn({ name: 'sam', pin: STAFF_PIN }), 'WRONG_PIN');
    expect((await service.signIn({ name: 'sam', pin: '908172' })).session.accountId).toBe(staff.id);
  });

  it('the last admin cannot be demoted, disabled or removed; with a second admin, one can be', async () => {
    const { service, admin } = await withAccounts(h);
    const adaId = admin.session.accountId;
    const demote = await expectCode(service.updateAccount(admin.token, { accountId: adaId, role: 'staff' }), 'NOT_ALLOWED');
    expect(demote.message).toContain('last admin');
    await expectCode(service.updateAccount(admin.token, { accountId: adaId, disabled: true }), 'NOT_ALLOWED');
    await expectCode(service.removeAccount(admin.token, { accountId: adaId }), 'NOT_ALLOWED');
    expect(service.listAccounts(admin.token).find((a) => a.id === adaId)).toMatchObject({ role: 'admin', disabled: false });

    const bea = await service.createAccount(admin.token, { name: 'bea', displayName: 'Bea', role: 'admin', pin: '333333' });
    // Ada may now step down; her session follows (staff from now on).
    await service.updateAccount(admin.token, { accountId: adaId, role: 'staff' });
    expect(service.session(admin.token).role).toBe('staff');
    await expectCode(() => service.listAccounts(admin.token), 'NOT_ALLOWED');
    // Bea is now the last admin, and protected in turn.
    const beaIn = await service.signIn({ name: 'bea', pin: '333333' });
    await expectCode(service.updateAccount(beaIn.token, { accountId: bea.id, role: 'staff' }), 'NOT_ALLOWED');
    await service.removeAccount(beaIn.token, { accountId: adaId });
    expect(service.listAccounts(beaIn.token).map((a) => a.name)).toEqual(['sam', 'bea']);
  });

  it('a disabled admin does not count as the admin that keeps the station manageable', async () => {
    const { service, admin } = await withAccounts(h);
    const bea = await service.createAccount(admin.token, { name: 'bea', displayName: 'Bea', role: 'admin', pin: '333333' });
    await service.updateAccount(admin.token, { accountId: bea.id, disabled: true });
    await expectCode(
      service.updateAccount(admin.token, { accountId: admin.session.accountId, role: 'staff' }),
      'NOT_ALLOWED',
    );
  });

  it('an admin cannot remove or disable their own account', async () => {
    const { service, admin } = await withAccounts(h);
    await service.createAccount(admin.token, { name: 'bea', displayName: 'Bea', role: 'admin', pin: '333333' });
    const self = admin.session.accountId;
    await expectCode(service.removeAccount(admin.token, { accountId: self }), 'NOT_ALLOWED');
    await expectCode(service.updateAccount(admin.token, { accountId: self, disabled: true }), 'NOT_ALLOWED');
  });

  it('accounts and changes survive a restart', async () => {
    const { service, admin, staff } = await withAccounts(h);
    await service.updateAccount(admin.token, { accountId: staff.id, displayName: 'Samuel', idleTimeoutSeconds: 600 });
    service.close();
    const restarted = await h.open();
    const s = await restarted.signIn({ name: 'sam', pin: STAFF_PIN });
    expect(s.session).toMatchObject({ displayName: 'Samuel', role: 'staff', idleTimeoutSeconds: 600 });
    const file = await readFile(path.join(h.dir, 'staff.json'), 'utf8');
    expect(file).not.toContain(STAFF_PIN);
  });

  it('an unknown account id is UNKNOWN_ACCOUNT and changes nothing', async () => {
    const { service, admin } = await withAccounts(h);
    const before = await readFile(path.join(h.dir, 'staff.json'), 'utf8');
    await expectCode(
      service.updateAccount(admin.token, { accountId: '00000000-0000-4000-8000-000000000000', role: 'admin' }),
      'UNKNOWN_ACCOUNT',
    );
    expect(await readFile(path.join(h.dir, 'staff.json'), 'utf8')).toBe(before);
  });
});
