// Without an OS key store (Linux safeStorage "basic_text", the Chromium fallback), issue 12:
// never a clear master.key beside the data; an unattended Electron kiosk refuses to start unless
// an operator key is given, and says which in words; with the operator key everything persists
// (queued uploads are delivered after a restart); without one, what cannot be sent is reported.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKioskSecrets, loadOperatorKey, type SafeStorageLike } from '../../../electron/host/kioskSecrets';
import { startKiosk, type StartedKiosk } from '../../../electron/host/startKiosk';
import { openUploadOutbox } from '../../../electron/services/uploadOutbox';
import { ServiceUnreachableError } from '../../../electron/services/serviceErrors';
import { openIdvStore } from '../../../idv/store';
import { silentLogger } from '../../../platform/logger';
import { confSettingsStore } from '../../../scripts/chromiumKiosk';
import { loggerInto } from '../../support/recordingLogger';
import { bareSession, registerTestApp } from '../../support/idvStoreSessions';

/** Electron's safeStorage on Linux without a keyring: "encrypts" with a fixed password. */
const basicText: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s) => Buffer.from(`v10${s}`),
  decryptString: (b) => b.toString().slice(3),
};

let root: string;
let userDataDir: string;
let keyFile: string;
const started: StartedKiosk[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-keys-'));
  userDataDir = path.join(root, 'userdata');
  await mkdir(userDataDir);
  keyFile = path.join(root, 'etc', 'kiosk.key');
  await mkdir(path.dirname(keyFile));
  await writeFile(keyFile, `${Buffer.alloc(32, 0x5a).toString('base64')}\n`, { mode: 0o400 });
});
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
  await rm(root, { recursive: true, force: true });
});

async function filesNamed(dir: string, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesNamed(full, name)));
    else if (e.name === name) out.push(full);
  }
  return out;
}

async function start(opts: {
  settings?: object;
  env?: NodeJS.ProcessEnv;
  strict?: boolean;
  logs?: string[];
}): Promise<StartedKiosk> {
  if (opts.settings) await writeFile(path.join(userDataDir, 'settings.json'), JSON.stringify(opts.settings));
  const s = await startKiosk({
    userDataDir,
    settingsStore: confSettingsStore,
    keyStore: basicText,
    unattendedNeedsKeyStore: opts.strict ?? true,
    env: opts.env ?? {},
    logger: opts.logs ? loggerInto(opts.logs) : silentLogger,
    version: '1.0.0',
    vision: 'none',
  });
  started.push(s);
  return s;
}

describe('kiosk keys without an OS key store', () => {
  it('an unattended kiosk without a key store or operator key refuses to start, in words, writing no key', async () => {
    await expect(start({})).rejects.toThrow(
      /an unattended kiosk needs its keys kept safe, but this machine has no OS key store \(keys for this run only \(no OS key store: safeStorage backend basic_text; no operator key\)\)\. .*KIOSK_KEY_FILE .*doc-scan-kiosk\.key.*Nothing was started\./,
    );
    expect(await filesNamed(userDataDir, 'master.key')).toEqual([]);
    // Only the kiosk's state file, holding its id and no key.
    expect(await readdir(path.join(userDataDir, 'kiosk-data'))).toEqual(['kiosk-state.json']);
    expect(Object.keys(JSON.parse(await readFile(path.join(userDataDir, 'kiosk-data', 'kiosk-state.json'), 'utf8')))).toEqual([
      'version',
      'kioskId',
    ]);
  });

  it('a kiosk whose keys last one run never writes a clear master.key beside the data', async () => {
    const logs: string[] = [];
    const s = await start({ settings: { mode: 'staff' }, logs });
    expect(s.kiosk.service.kind).toBe('embedded');
    const r = await s.kiosk.dispatch('startSession', { locale: 'en' });
    expect(r.ok).toBe(true);
    await s.dispose();
    started.length = 0;
    expect(await filesNamed(userDataDir, 'master.key')).toEqual([]);
    expect(logs.join('\n')).toContain('kiosk keys: keys for this run only');
    // The next run cannot read that store: it is removed, saying so, not reopened with a new key.
    const again: string[] = [];
    await start({ settings: { mode: 'staff' }, logs: again });
    expect(again.join('\n')).toContain(
      "the embedded service's data of the previous run was removed: its key lasted that run only",
    );
  });

  it('an unattended kiosk with an operator key starts, says so, and keeps its store and app across restarts', async () => {
    const logs: string[] = [];
    const env = { KIOSK_KEY_FILE: keyFile };
    const first = await start({ env, logs });
    expect(logs.join('\n')).toMatch(
      /kiosk keys: the operator key .*kiosk\.key \(key id [0-9a-f]{12}; no OS key store: safeStorage backend basic_text\)/,
    );
    // The app key is in the kiosk's state file, sealed under the operator key; settings.json is never written.
    const state = JSON.parse(await readFile(path.join(userDataDir, 'kiosk-data', 'kiosk-state.json'), 'utf8'));
    expect(state.secrets.embeddedApp.privateKeyEnc).toMatch(/^op1:[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(state)).not.toContain('BEGIN PRIVATE KEY');
    expect(existsSync(path.join(userDataDir, 'settings.json'))).toBe(false);
    await first.dispose();
    started.length = 0;
    expect(await filesNamed(userDataDir, 'master.key')).toEqual([]);
    const secondLogs: string[] = [];
    const second = await start({ env, logs: secondLogs });
    const session = await second.kiosk.dispatch('startSession', { locale: 'en' });
    expect(session.ok).toBe(true);
    // Same app key pair as before (kept sealed under the operator key): no new registration.
    expect(secondLogs.join('\n')).not.toMatch(/new app key pair/);
  });

  it('refuses an operator key inside the kiosk folder, readable by others, or of the wrong size', async () => {
    const inside = path.join(userDataDir, 'kiosk.key');
    await writeFile(inside, Buffer.alloc(32, 1), { mode: 0o400 });
    expect(() => loadOperatorKey({ KIOSK_KEY_FILE: inside }, userDataDir)).toThrow(
      `the operator key ${inside} is inside the kiosk's folder ${userDataDir}; keep it elsewhere (e.g. /etc/doc-scan-kiosk/, root-owned, or a systemd credential)`,
    );
    await chmod(keyFile, 0o644);
    expect(() => loadOperatorKey({ KIOSK_KEY_FILE: keyFile }, userDataDir)).toThrow(
      `the operator key ${keyFile} cannot be used: other users can read it (mode 644; use chmod 400)`,
    );
    await chmod(keyFile, 0o600);
    await writeFile(keyFile, 'short');
    expect(() => loadOperatorKey({ KIOSK_KEY_FILE: keyFile }, userDataDir)).toThrow(/is not 32 bytes/);
    // The systemd credential is taken first.
    const creds = path.join(root, 'creds');
    await mkdir(creds);
    await writeFile(path.join(creds, 'doc-scan-kiosk.key'), Buffer.alloc(32, 2), { mode: 0o400 });
    expect(loadOperatorKey({ CREDENTIALS_DIRECTORY: creds, KIOSK_KEY_FILE: keyFile }, userDataDir)).toEqual({
      key: Buffer.alloc(32, 2),
      from: path.join(creds, 'doc-scan-kiosk.key'),
    });
    expect(loadOperatorKey({}, userDataDir)).toBeNull();
  });

  it('with the operator key, uploads queued by one run are delivered by the next; without it they are reported', async () => {
    const op = loadOperatorKey({ KIOSK_KEY_FILE: keyFile }, userDataDir);
    const keysOf = () => loadKioskSecrets(basicText, {}, () => undefined, silentLogger, op);
    const dir = path.join(root, 'outbox');
    const down = async () => {
      throw new ServiceUnreachableError('the service is down', 503);
    };
    const run1 = await openUploadOutbox({ dir, key: keysOf().outboxKey, execute: down, baseDelayMs: 60_000 });
    const queued = await run1.enqueue({
      group: 's1',
      sessionId: 's1',
      clientSessionToken: 't',
      expiresAt: Date.now() + 3600_000,
      payload: { kind: 'submit' },
    });
    expect((await queued.firstAttempt).status).toBe('queued');
    await run1.close();
    const sent: string[] = [];
    const run2 = await openUploadOutbox({
      dir,
      key: keysOf().outboxKey,
      execute: async (item) => {
        sent.push(`${item.sessionId}:${item.payload.kind}`);
        return null;
      },
    });
    await expect.poll(() => sent).toEqual(['s1:submit']);
    await run2.close();

    // Keys for one run only: the next run cannot open what the first queued, and says so.
    const runOnly = () => loadKioskSecrets(basicText, {}, () => undefined, silentLogger, null);
    const dir2 = path.join(root, 'outbox2');
    const a = await openUploadOutbox({
      dir: dir2,
      key: runOnly().outboxKey,
      execute: down,
      baseDelayMs: 60_000,
    });
    await a.enqueue({
      group: 's2',
      sessionId: 's2',
      clientSessionToken: 't',
      expiresAt: Date.now() + 3600_000,
      payload: { kind: 'submit' },
    });
    await a.close();
    const reported: string[] = [];
    const b = await openUploadOutbox({
      dir: dir2,
      key: runOnly().outboxKey,
      execute: down,
      onCorruptItem: (file, reason) => reported.push(`${file.endsWith('.item')}: ${reason}`),
    });
    await b.close();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^true: /);
    expect(await readdir(path.join(dir2, 'quarantine'))).toHaveLength(1);
  });

  it('a store that kept a clear master.key moves to the kept key: the file is gone, its sessions stay readable', async () => {
    const storeDir = path.join(userDataDir, 'kiosk-data', 'idv');
    const legacy = await openIdvStore({ dataDir: storeDir });
    const session = bareSession(legacy, registerTestApp(legacy, 'old kiosk'));
    legacy.close();
    expect((await stat(path.join(storeDir, 'master.key'))).isFile()).toBe(true);

    const logs: string[] = [];
    const env = { KIOSK_KEY_FILE: keyFile };
    const s = await start({ env, logs });
    await s.dispose();
    started.length = 0;
    expect(await filesNamed(userDataDir, 'master.key')).toEqual([]);
    expect(logs.join('\n')).toContain(
      "the embedded service's master.key file was removed; its 1 session keys now use the operator key",
    );
    const kept = loadKioskSecrets(
      basicText,
      {},
      () => undefined,
      silentLogger,
      loadOperatorKey(env, userDataDir),
    );
    const reopened = await openIdvStore({ dataDir: storeDir, masterKey: kept.idvMasterKey(true) as Buffer });
    try {
      expect(reopened.sessions.get(session.id)?.specification).toEqual({ requested_checks: [] });
    } finally {
      reopened.close();
    }
  });
});
