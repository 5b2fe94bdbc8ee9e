// The accounts file: written atomically, never overwritten when damaged (a copy is kept aside and
// sign-in is off until IT acts), a failed write loses nothing, and no PIN, hash or token is logged.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, STAFF_PIN, expectCode, staffHarness, withAccounts, type Harness } from './support/staffHarness';

describe('the staff accounts file', () => {
  let h: Harness;
  let file: string;
  beforeEach(async () => {
    h = await staffHarness();
    file = path.join(h.dir, 'staff.json');
  });
  afterEach(() => h.cleanup());

  it('is written with owner-only permissions and leaves no temp file', async () => {
    await withAccounts(h);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(h.dir)).sort()).toEqual(['staff.json']);
  });

  it('a temp file a crash left behind is removed at open; the live file is kept', async () => {
    const { service } = await withAccounts(h);
    service.close();
    await writeFile(path.join(h.dir, 'staff.json.0a1b2c3d.tmp'), '{"half":');
    const restarted = await h.open();
    expect(await readdir(h.dir)).toEqual(['staff.json']);
    expect((await restarted.signIn({ name: 'sam', pin: STAFF_PIN })).session.role).toBe('staff');
  });

  const damages: [string, (text: string) => string, RegExp][] = [
    ['not JSON (cut short)', (t) => t.slice(0, t.length / 2), /not valid JSON/],
    ['empty', () => '', /not valid JSON/],
    ['a hash field removed', (t) => withoutFirstHash(t), /does not match the staff file format/],
    ['an unknown role', (t) => t.replace('"role": "staff"', '"role": "root"'), /does not match the staff file format/],
    ['from a newer build', (t) => t.replace('"version": 1', '"version": 7'), /newer version of the kiosk \(format 7\)/],
  ];
  it.each(damages)('%s: kept as it is, a copy aside, sign-in off, no first-admin door', async (_, damage, reason) => {
    const { service } = await withAccounts(h);
    service.close();
    const damaged = damage(await readFile(file, 'utf8'));
    await writeFile(file, damaged);
    const broken = await h.open();
    const status = broken.status();
    expect(status.store).toMatchObject({ state: 'unavailable', code: 'STORE_CORRUPT', file });
    expect(status.store.state === 'unavailable' && status.store.message).toMatch(reason);
    expect(status.needsFirstAdmin).toBe(false);
    await expectCode(broken.signIn({ name: 'sam', pin: STAFF_PIN }), 'STORE_CORRUPT');
    await expectCode(broken.createFirstAdmin({ name: 'eve', displayName: 'Eve', pin: '111111' }), 'STORE_CORRUPT');
    expect(await readFile(file, 'utf8')).toBe(damaged);
    const aside = (await readdir(h.dir)).filter((n) => n.startsWith('staff.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(h.dir, aside[0]), 'utf8')).toBe(damaged);
    expect(h.lines.some((l) => l.level === 'error' && /damaged/.test(l.message))).toBe(true);
    // Opened again: the first copy kept aside is not replaced.
    broken.close();
    h.clock.advance(60_000);
    await writeFile(file, `${damaged} `);
    await h.open();
    expect(await readFile(path.join(h.dir, aside[0]), 'utf8')).toBe(damaged);
  });

  it('a failed write changes nothing, in memory or on disk', async () => {
    const { service, admin } = await withAccounts(h);
    const before = await readFile(file, 'utf8');
    // Make the folder unwritable in a way root cannot bypass: it becomes a file.
    const moved = `${h.dir}.moved`;
    await rm(moved, { recursive: true, force: true });
    await rename(h.dir, moved);
    await writeFile(h.dir, 'not a folder');
    try {
      const err = await expectCode(
        service.createAccount(admin.token, { name: 'bob', displayName: 'Bob', role: 'staff', pin: '222222' }),
        'STORE_IO',
      );
      expect(err.message).toBe('The change could not be saved; nothing was changed.');
      expect(service.listAccounts(admin.token).map((a) => a.name)).toEqual(['ada', 'sam']);
    } finally {
      await rm(h.dir, { force: true });
      await rename(moved, h.dir);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('a wrong PIN whose count cannot be saved still counts (in memory) and the lock holds', async () => {
    const { service } = await withAccounts(h);
    const moved = `${h.dir}.moved`;
    await rename(h.dir, moved);
    await writeFile(h.dir, 'not a folder');
    try {
      for (const left of [4, 3, 2, 1]) {
        const err = await expectCode(service.signIn({ name: 'sam', pin: '000000' }), 'WRONG_PIN');
        expect(err.details.attemptsLeft).toBe(left);
      }
      await expectCode(service.signIn({ name: 'sam', pin: '000000' }), 'LOCKED');
      await expectCode(service.signIn({ name: 'sam', pin: STAFF_PIN }), 'LOCKED');
      expect(h.lines.filter((l) => l.message === 'could not save the wrong-PIN count')).toHaveLength(5);
    } finally {
      await rm(h.dir, { force: true });
      await rename(moved, h.dir);
    }
  });

  it('a folder that cannot be read is STORE_IO, not a first run', async () => {
    await mkdir(file); // staff.json is a folder: readFile fails with EISDIR
    const service = await h.open();
    expect(service.status()).toMatchObject({ needsFirstAdmin: false, store: { state: 'unavailable', code: 'STORE_IO' } });
    await expectCode(service.createFirstAdmin({ name: 'eve', displayName: 'Eve', pin: '111111' }), 'STORE_IO');
  });

  it('logs ids and counts, never a PIN, a hash, a token or the name typed at sign-in', async () => {
    const { service, admin, staff } = await withAccounts(h);
    await expectCode(service.signIn({ name: 'typo-482913', pin: '000000' }), 'WRONG_PIN');
    await expectCode(service.signIn({ name: 'sam', pin: '111111' }), 'WRONG_PIN');
    const s = await service.signIn({ name: 'sam', pin: STAFF_PIN });
    service.signOut(s.token);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { accounts: { credential: { hash: string; salt: string } }[] };
    const logged = JSON.stringify(h.lines);
    for (const secret of [ADMIN_PIN, STAFF_PIN, '000000', '111111', 'typo-482913', admin.token, s.token]) {
      expect(logged).not.toContain(secret);
    }
    for (const a of stored.accounts) {
      expect(logged).not.toContain(a.credential.hash);
      expect(logged).not.toContain(a.credential.salt);
    }
    expect(h.lines.map((l) => l.message)).toContain('staff sign-in refused: wrong name or PIN');
    expect(h.lines.filter((l) => l.message === 'staff signed in').at(-1)?.fields).toMatchObject({ accountId: staff.id });
  });
});

describe('bad input to account management', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  it('wrong types, overlong strings and unknown fields are INVALID_REQUEST and change nothing', async () => {
    const { service, admin, staff } = await withAccounts(h);
    const file = path.join(h.dir, 'staff.json');
    const before = await readFile(file, 'utf8');
    const good = { name: 'bob', displayName: 'Bob', role: 'staff', pin: '222222' };
    const bad: unknown[] = [
      { ...good, role: 'root' },
      { ...good, name: 'b'.repeat(65) },
      { ...good, name: 'bob smith' },
      { ...good, displayName: 'D'.repeat(81) },
      { ...good, displayName: 'Bob\u0000' },
      { ...good, pin: '1'.repeat(33) },
      { ...good, pin: 'p'.repeat(257) },
      { ...good, pin: 222222 },
      { ...good, idleTimeoutSeconds: 5 },
      { ...good, isAdmin: true },
      [],
    ];
    for (const input of bad) {
      await expectCode(service.createAccount(admin.token, input as never), 'INVALID_REQUEST');
    }
    await expectCode(service.updateAccount(admin.token, { accountId: staff.id }), 'INVALID_REQUEST');
    await expectCode(service.updateAccount(admin.token, { accountId: staff.id, disabled: 'yes' } as never), 'INVALID_REQUEST');
    await expectCode(service.resetPin(admin.token, { accountId: staff.id, pin: '12345' }), 'INVALID_REQUEST');
    await expectCode(service.removeAccount(admin.token, { accountId: 42 } as never), 'INVALID_REQUEST');
    await expectCode(() => service.touch(42 as never), 'NOT_SIGNED_IN');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(service.listAccounts(admin.token).map((a) => a.name)).toEqual(['ada', 'sam']);
  });
});

function withoutFirstHash(text: string): string {
  const json = JSON.parse(text) as { accounts: { credential: Record<string, unknown> }[] };
  delete json.accounts[0].credential.hash;
  return JSON.stringify(json);
}
