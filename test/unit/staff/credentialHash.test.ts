// PIN hashing: scrypt with a per-account salt and its parameters stored beside the hash.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialHash,
  DEFAULT_SCRYPT_PARAMS,
  hashCredential,
  needsRehash,
  verifyCredential,
} from '../../../electron/services/staff/credentialHash';
import { ADMIN_PIN, FAST_SCRYPT, staffHarness, type Harness } from './support/staffHarness';

describe('credential hashing', () => {
  it('stores the parameters and a random salt with the hash, and verifies only the same PIN', async () => {
    const record = await hashCredential('123456', FAST_SCRYPT);
    expect(record).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(record.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(record.hash, 'base64')).toHaveLength(32);
    expect(CredentialHash.parse(record)).toEqual(record);
    expect(await verifyCredential('123456', record)).toBe(true);
    expect(await verifyCredential('123457', record)).toBe(false);
    expect(await verifyCredential('', record)).toBe(false);
  });

  it('the same PIN hashed twice gives different salts and hashes', async () => {
    const a = await hashCredential('123456', FAST_SCRYPT);
    const b = await hashCredential('123456', FAST_SCRYPT);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('the default parameters are a slow hash (N = 2^15, r = 8), and verify with what is stored', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1, keyLength: 32 });
    const record = await hashCredential('correct horse battery', DEFAULT_SCRYPT_PARAMS);
    expect(record.N).toBe(32768);
    expect(await verifyCredential('correct horse battery', record)).toBe(true);
  });

  it('verifies a record made with other parameters (raising them later keeps old accounts working)', async () => {
    const old = await hashCredential('654321', { N: 2 ** 9, r: 4, p: 1, keyLength: 24 });
    expect(await verifyCredential('654321', old)).toBe(true);
    expect(needsRehash(old, FAST_SCRYPT)).toBe(true);
    expect(needsRehash(await hashCredential('654321', FAST_SCRYPT), FAST_SCRYPT)).toBe(false);
  });

  it('a passphrase typed composed or decomposed is the same passphrase (NFC)', async () => {
    const record = await hashCredential('caf\u00e9 au lait noir', FAST_SCRYPT);
    expect(await verifyCredential('cafe\u0301 au lait noir', record)).toBe(true);
  });

  it('a tampered hash or salt does not verify, and a hash of the wrong length is refused', async () => {
    const record = await hashCredential('123456', FAST_SCRYPT);
    const flipped = Buffer.from(record.hash, 'base64');
    flipped[0] ^= 1;
    expect(await verifyCredential('123456', { ...record, hash: flipped.toString('base64') })).toBe(false);
    expect(await verifyCredential('123456', { ...record, salt: Buffer.alloc(16).toString('base64') })).toBe(false);
    expect(await verifyCredential('123456', { ...record, hash: flipped.subarray(0, 16).toString('base64') })).toBe(
      false,
    );
  });

  it('refuses stored parameters that would make one sign-in eat the machine', () => {
    const base = { algorithm: 'scrypt', r: 8, p: 1, keyLength: 32, salt: 'AAAA', hash: 'AAAA' };
    expect(CredentialHash.safeParse({ ...base, N: 2 ** 21 }).success).toBe(false);
    expect(CredentialHash.safeParse({ ...base, N: 1000 }).success).toBe(false);
    expect(CredentialHash.safeParse({ ...base, N: 2 ** 14 }).success).toBe(true);
  });
});

describe('the accounts file holds hashes, never PINs', () => {
  let h: Harness;
  beforeEach(async () => (h = await staffHarness()));
  afterEach(() => h.cleanup());

  it('two accounts with the same PIN have different hashes; the file and the log have no PIN', async () => {
    const service = await h.open();
    const admin = await service.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: ADMIN_PIN });
    await service.createAccount(admin.token, { name: 'bob', displayName: 'Bob', role: 'staff', pin: ADMIN_PIN });
    const text = await readFile(path.join(h.dir, 'staff.json'), 'utf8');
    expect(text).not.toContain(ADMIN_PIN);
    const stored = JSON.parse(text) as { accounts: { credential: CredentialHash }[] };
    const [a, b] = stored.accounts.map((x) => CredentialHash.parse(x.credential));
    expect(a).toMatchObject({ algorithm: 'scrypt', N: FAST_SCRYPT.N, r: 8, p: 1 });
    expect(a.hash).not.toBe(b.hash);
    expect(a.salt).not.toBe(b.salt);
    const logged = JSON.stringify(h.lines);
    expect(logged).not.toContain(ADMIN_PIN);
    expect(logged).not.toContain(a.hash);
    expect(logged).not.toContain(admin.token);
  });

  it('re-hashes with the current parameters at the next sign-in', async () => {
    const weak = { N: 2 ** 9, r: 8, p: 1, keyLength: 32 };
    const first = await h.open({ scrypt: weak });
    await first.createFirstAdmin({ name: 'ada', displayName: 'Ada', pin: ADMIN_PIN });
    first.close();
    const read = async () =>
      (JSON.parse(await readFile(path.join(h.dir, 'staff.json'), 'utf8')) as { accounts: { credential: CredentialHash }[] })
        .accounts[0].credential;
    expect((await read()).N).toBe(2 ** 9);
    const raised = await h.open({ scrypt: FAST_SCRYPT });
    await raised.signIn({ name: 'ada', pin: ADMIN_PIN });
    expect((await read()).N).toBe(FAST_SCRYPT.N);
    raised.close();
    const again = await h.open({ scrypt: FAST_SCRYPT });
    expect((await again.signIn({ name: 'ada', pin: ADMIN_PIN })).session.role).toBe('admin');
  });
});
