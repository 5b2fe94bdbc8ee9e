// settings.json read-only for the kiosk user (issue 12, "OS-level lockdown"): IT's settings apart
// from the kiosk's own state. A settings.json the kiosk may not write (here chmod 0444: read-only
// by its mode even for root, who runs CI, because writability is judged from the file's owner and
// mode against this process's uid, not by trying) is read, never written: the kiosk starts and
// works, the file keeps its bytes and its mtime, nothing is created beside it, and an admin save is
// refused with SETTINGS_READ_ONLY. The kiosk id and the sealed secrets live in
// <data>/kiosk-state.json (0600); an old settings.json that still holds them is migrated.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcDispatcher } from '../../../electron/host/ipcDispatcher';
import { loadKioskSecrets } from '../../../electron/host/kioskSecrets';
import { openKioskSettings } from '../../../electron/host/kioskSettings';
import { KIOSK_STATE_FILE } from '../../../electron/host/kioskState';
import { modeLetsWrite, settingsAccess } from '../../../electron/host/settingsAccess';
import { startKiosk, type StartedKiosk } from '../../../electron/host/startKiosk';
import { createAdminHandlers } from '../../../electron/services/admin/adminHandlers';
import { createSettingsAdmin } from '../../../electron/services/admin/settingsAdmin';
import { silentLogger } from '../../../platform/logger';
import { confSettingsStore } from '../../../scripts/chromiumKiosk';
import { loggerInto } from '../../support/recordingLogger';
import { safeStorage } from '../electron/support/electronMock';

let root: string;
const started: StartedKiosk[] = [];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ro-settings-'));
});
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
  // A read-only folder would keep rm from emptying it.
  for (const d of [root, path.join(root, 'etc')]) if (existsSync(d)) chmodSync(d, 0o700);
  await rm(root, { recursive: true, force: true });
});

/** What IT writes: the kiosk's settings, nothing of its state. */
const IT_SETTINGS = { mode: 'staff', language: 'fr', idleTimeoutSec: 120, demo: true };

function snapshot(file: string) {
  const info = statSync(file);
  return { bytes: readFileSync(file).toString('hex'), mtimeMs: info.mtimeMs, mode: info.mode & 0o777, ino: info.ino };
}

const stateOf = (dataDir: string) =>
  JSON.parse(readFileSync(path.join(dataDir, KIOSK_STATE_FILE), 'utf8')) as {
    version: number;
    kioskId?: string;
    secrets?: Record<string, unknown>;
  };

async function start(userDataDir: string, env: NodeJS.ProcessEnv = {}, logs?: string[]) {
  const s = await startKiosk({
    userDataDir,
    settingsStore: confSettingsStore,
    keyStore: safeStorage,
    env,
    logger: logs ? loggerInto(logs) : silentLogger,
    version: '1.0.0',
    vision: 'none',
  });
  started.push(s);
  return s;
}

describe('whether the kiosk may write settings.json', () => {
  it('follows the write bit that applies to this uid: owner, then group, then others', () => {
    const me = { uid: 1000, gids: [1000, 27] };
    expect(modeLetsWrite({ uid: 1000, gid: 1000, mode: 0o600 }, me)).toBe(true);
    expect(modeLetsWrite({ uid: 1000, gid: 1000, mode: 0o444 }, me)).toBe(false);
    // root:kiosk 0640 and root-owned 0644: the kiosk user reads, never writes.
    expect(modeLetsWrite({ uid: 0, gid: 1000, mode: 0o640 }, me)).toBe(false);
    expect(modeLetsWrite({ uid: 0, gid: 0, mode: 0o644 }, me)).toBe(false);
    expect(modeLetsWrite({ uid: 0, gid: 27, mode: 0o664 }, me)).toBe(true);
    expect(modeLetsWrite({ uid: 0, gid: 0, mode: 0o646 }, me)).toBe(true);
    // The owner's bits apply to the owner even where the group's would allow.
    expect(modeLetsWrite({ uid: 1000, gid: 1000, mode: 0o460 }, me)).toBe(false);
  });

  it('says why in words: a file owned by root, a 0444 file (even for root), a read-only folder, the operator flag', () => {
    const file = path.join(root, 'settings.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    expect(settingsAccess(file)).toEqual({ writable: true });
    const info = statSync(file);
    expect(settingsAccess(file, { identity: { uid: info.uid + 4242, gids: [info.gid + 4242] } })).toEqual({
      writable: false,
      why: `${file} is not writable by this user (uid ${info.uid + 4242}): owner uid ${info.uid}, group ${info.gid}, mode 0644`,
    });
    chmodSync(file, 0o444);
    expect(settingsAccess(file)).toEqual({
      writable: false,
      why: `${file} is not writable by this user (uid ${process.getuid?.()}): owner uid ${info.uid}, group ${info.gid}, mode 0444`,
    });
    chmodSync(file, 0o600);
    chmodSync(root, 0o555);
    expect(settingsAccess(file)).toMatchObject({ writable: false, why: expect.stringContaining(`its folder ${root} is not writable`) });
    chmodSync(root, 0o700);
    expect(settingsAccess(file, { operatorReadOnly: true })).toEqual({
      writable: false,
      why: 'the operator marked them read-only (KIOSK_SETTINGS_READ_ONLY)',
    });
  });
});

describe('a kiosk with a read-only settings.json', () => {
  it('starts and works, writes nothing to settings.json or beside it, and keeps its id and sealed keys in its state file', async () => {
    const userData = path.join(root, 'userdata');
    mkdirSync(userData);
    const file = path.join(userData, 'settings.json');
    writeFileSync(file, JSON.stringify(IT_SETTINGS, null, 2), { mode: 0o444 });
    const before = snapshot(file);
    const logs: string[] = [];
    const first = await start(userData, {}, logs);
    expect(first.settings).toMatchObject(IT_SETTINGS);
    const session = await first.kiosk.dispatch('startSession', { locale: 'en' });
    expect(session.ok).toBe(true);
    expect(logs.join('\n')).toContain(`settings: ${file} is managed by the operator and only read (${file} is not writable by this user`);
    await first.dispose();
    started.length = 0;

    expect(snapshot(file)).toEqual(before);
    // Nothing beside it either: no last good copy, nothing moved aside.
    expect(readdirSync(userData).sort()).toEqual(['kiosk-data', 'settings.json']);
    const dataDir = path.join(userData, 'kiosk-data');
    const state = stateOf(dataDir);
    expect(state.kioskId).toBe(first.settings.kioskId);
    expect(Object.keys(state.secrets ?? {}).sort()).toEqual(['auditKeyEnc', 'embeddedApp', 'idvMasterKeyEnc', 'outboxKeyEnc']);
    // Sealed: the app's private key only as the key store's output.
    expect(JSON.stringify(state)).not.toContain('PRIVATE KEY');
    expect(statSync(path.join(dataDir, KIOSK_STATE_FILE)).mode & 0o777).toBe(0o600);

    // The next start is the same kiosk: the same id, and the embedded app's key still opens.
    const secondLogs: string[] = [];
    const second = await start(userData, {}, secondLogs);
    expect(second.settings.kioskId).toBe(first.settings.kioskId);
    expect(secondLogs.join('\n')).not.toMatch(/cannot be decrypted|new app key pair/);
    expect(snapshot(file)).toEqual(before);
  });

  it('KIOSK_SETTINGS_DIR keeps settings.json in IT\'s own read-only folder, apart from the data', async () => {
    const etc = path.join(root, 'etc');
    mkdirSync(etc);
    const file = path.join(etc, 'settings.json');
    writeFileSync(file, JSON.stringify(IT_SETTINGS), { mode: 0o644 });
    chmodSync(etc, 0o555);
    const before = snapshot(file);
    const userData = path.join(root, 'userdata');
    const s = await start(userData, { KIOSK_SETTINGS_DIR: etc });
    expect(s.settingsFile).toBe(file);
    expect(s.settings.mode).toBe('staff');
    expect(snapshot(file)).toEqual(before);
    expect(readdirSync(etc)).toEqual(['settings.json']);
    expect(stateOf(path.join(userData, 'kiosk-data')).kioskId).toBe(s.settings.kioskId);
  });

  it('a broken read-only file is left as it is, and the kiosk runs on defaults, saying so', () => {
    const file = path.join(root, 'settings.json');
    writeFileSync(file, '{"mode": "staff", "idle', { mode: 0o444 });
    const before = snapshot(file);
    const s = openKioskSettings(root, confSettingsStore);
    expect(s.settings.mode).toBe('unattended');
    expect(s.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} could not be read \\(.+\\); it is managed by the operator and was left as it is; default settings are used\\.$`),
      ),
    ]);
    expect(snapshot(file)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['kiosk-data', 'settings.json']);
  });

  it('the admin screen shows it read-only, and a save is refused with SETTINGS_READ_ONLY, nothing written', async () => {
    const file = path.join(root, 'settings.json');
    writeFileSync(file, JSON.stringify(IT_SETTINGS), { mode: 0o444 });
    const before = snapshot(file);
    const opened = openKioskSettings(root, confSettingsStore);
    const applied: string[][] = [];
    const settings = createSettingsAdmin({ port: opened, startedWith: opened.current(), apply: (_n, c) => applied.push(c) });
    const handlers = createAdminHandlers({
      requireAdmin: () => 'admin-token',
      staff: {} as never,
      settings,
      serviceInfo: { kind: 'embedded', label: 'Local IDV service — not a Yoti verification', baseUrl: 'http://127.0.0.1:1' },
      scanners: () => [],
      scannerTest: null,
      print: null,
      kioskId: () => opened.current().kioskId,
      staffGesture: () => ({ corner: 'top-right', taps: 5 }),
      exportAuditKey: null,
      logger: silentLogger,
    });
    const dispatcher = createIpcDispatcher(handlers as never, { logger: silentLogger, isClosed: () => false });
    const why = `${file} is not writable by this user (uid ${process.getuid?.()}): owner uid ${statSync(file).uid}, group ${statSync(file).gid}, mode 0444`;

    const shown = await dispatcher.dispatch('adminGetSettings', {});
    expect(shown).toMatchObject({ ok: true, value: { readOnly: { file, why }, settings: { language: 'fr', mode: 'staff' } } });

    const refused = await dispatcher.dispatch('adminSaveSettings', { changes: { language: 'de', idleTimeoutSec: 300 } });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'SETTINGS_READ_ONLY',
        message: `These settings are managed by the operator in ${file}; edit that file as root and restart the kiosk. Nothing was changed (${why}).`,
      },
    });
    expect(snapshot(file)).toEqual(before);
    expect(opened.current().language).toBe('fr');
    expect(applied).toEqual([]);
    // The port itself refuses too (a caller that skips the admin's check).
    expect(() => opened.saveSettings({ ...opened.current(), language: 'de' })).toThrow(
      `These settings are managed by the operator in ${file}`,
    );
    expect(snapshot(file)).toEqual(before);

    // IT hands the file back (a staffed desktop install): editing works as before.
    chmodSync(file, 0o600);
    const saved = await dispatcher.dispatch('adminSaveSettings', { changes: { language: 'de' } });
    expect(saved).toMatchObject({ ok: true, value: { saved: true, applied: ['language'], readOnly: null } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ ...IT_SETTINGS, language: 'de' });
  });
});

describe('an install from before the state file', () => {
  /** settings.json as the kiosk wrote it before: its id and its sealed secrets beside IT's settings. */
  function legacyInstall(dir: string) {
    const outboxKey = randomBytes(32);
    const secrets = {
      outboxKeyEnc: safeStorage.encryptString(outboxKey.toString('base64')).toString('base64'),
      embeddedApp: {
        sdkId: 'sdk-legacy',
        privateKeyEnc: safeStorage.encryptString('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n').toString('base64'),
      },
    };
    mkdirSync(dir, { recursive: true });
    const legacy = { ...IT_SETTINGS, kioskId: 'front-desk-7', secrets };
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(legacy), { mode: 0o600 });
    writeFileSync(path.join(dir, 'settings.last-good.json'), JSON.stringify(legacy), { mode: 0o600 });
    return { secrets, outboxKey };
  }

  it('a writable settings.json: its id and secrets move to the state file, and the secrets leave settings.json', () => {
    const dir = path.join(root, 'desk');
    const { secrets, outboxKey } = legacyInstall(dir);
    const s = openKioskSettings(dir, confSettingsStore);
    expect(s.problems).toEqual([]);
    expect(s.notes).toEqual([
      `the kiosk's sealed secrets were copied from ${s.file} to ${s.stateFile}`,
      `the kiosk's secrets were taken out of ${s.file}`,
    ]);
    expect(stateOf(path.join(dir, 'kiosk-data'))).toEqual({ version: 1, kioskId: 'front-desk-7', secrets });
    const onDisk = JSON.parse(readFileSync(s.file, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toEqual({ ...IT_SETTINGS, kioskId: 'front-desk-7' });
    const lastGood = JSON.parse(readFileSync(path.join(dir, 'settings.last-good.json'), 'utf8')) as Record<string, unknown>;
    expect('secrets' in lastGood).toBe(false);
    // The same keys as before the move: queued uploads stay readable.
    const keys = loadKioskSecrets(safeStorage, s.secrets, (x) => s.saveSecrets(x), silentLogger);
    expect(keys.outboxKey.equals(outboxKey)).toBe(true);
    expect(keys.embeddedApp?.sdkId).toBe('sdk-legacy');
    // Done once: the next open finds nothing to move.
    expect(openKioskSettings(dir, confSettingsStore).notes).toEqual([]);
  });

  it('a read-only settings.json with old secrets is left alone and still works; the state file takes over', () => {
    const dir = path.join(root, 'locked');
    const { secrets, outboxKey } = legacyInstall(dir);
    const file = path.join(dir, 'settings.json');
    chmodSync(file, 0o444);
    const before = snapshot(file);
    const s = openKioskSettings(dir, confSettingsStore);
    expect(s.settings.kioskId).toBe('front-desk-7');
    expect(s.notes).toEqual([`the kiosk's sealed secrets were copied from ${file} to ${s.stateFile}`]);
    expect(snapshot(file)).toEqual(before);
    const keys = loadKioskSecrets(safeStorage, s.secrets, (x) => s.saveSecrets(x), silentLogger);
    expect(keys.outboxKey.equals(outboxKey)).toBe(true);
    // A key made later goes to the state file, which now wins over the old copy in settings.json.
    keys.auditKey(false);
    const again = openKioskSettings(dir, confSettingsStore);
    expect(again.secrets).toEqual({ ...secrets, auditKeyEnc: expect.any(String) });
    expect(again.notes).toEqual([]);
    expect(snapshot(file)).toEqual(before);
  });

  it('when taking the secrets out of settings.json fails, the kiosk still opens, says so, and has its keys', () => {
    const dir = path.join(root, 'refusing');
    const { secrets } = legacyInstall(dir);
    const file = path.join(dir, 'settings.json');
    const before = snapshot(file);
    // A store whose writes the OS refuses (as a Windows folder without write for the kiosk account would).
    const refusing = ({ cwd }: { cwd: string }) => {
      const f = path.join(cwd, 'settings.json');
      return {
        path: f,
        get store() {
          return JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
        },
        set() {
          throw new Error('EPERM: operation not permitted');
        },
        delete() {
          throw new Error('EPERM: operation not permitted');
        },
      };
    };
    const s = openKioskSettings(dir, refusing);
    expect(s.secrets).toEqual(secrets);
    expect(stateOf(path.join(dir, 'kiosk-data')).secrets).toEqual(secrets);
    expect(s.problems).toEqual([
      `taking the kiosk's secrets out of ${file} failed (EPERM: operation not permitted); the kiosk goes on with ${file} as it is.`,
    ]);
    expect(snapshot(file)).toEqual(before);
  });

  it('a state file that cannot be read is kept aside and said so; nothing is deleted', () => {
    const dataDir = path.join(root, 'kiosk-data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, KIOSK_STATE_FILE), '{"version": 1, "kioskId": "a b c"}');
    const s = openKioskSettings(root, confSettingsStore, () => new Date('2026-12-01T16:00:00.000Z'));
    expect(s.problems).toEqual([
      `${path.join(dataDir, KIOSK_STATE_FILE)} could not be read (kioskId must be 1-64 letters, digits, ".", "_" or "-"); it was kept as kiosk-state.corrupt-2026-12-01T16-00-00-000Z.json, and a new kiosk id and keys are made (uploads queued before cannot be resumed).`,
    ]);
    expect(readFileSync(path.join(dataDir, 'kiosk-state.corrupt-2026-12-01T16-00-00-000Z.json'), 'utf8')).toBe(
      '{"version": 1, "kioskId": "a b c"}',
    );
    expect(stateOf(dataDir).kioskId).toBe(s.settings.kioskId);
  });
});
