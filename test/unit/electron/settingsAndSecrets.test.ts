import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loggerInto } from '../../support/recordingLogger';

vi.mock('electron', () => import('./support/electronMock'));

const electronMock = await import('./support/electronMock');
const { default: Store } = await import('electron-store');
const { openKioskSettings, DEFAULT_SETTINGS } = await import('../../../electron/host/kioskSettings');
const { loadKioskSecrets } = await import('../../../electron/host/kioskSecrets');

const factory = (o: { name: string; cwd: string }) => new Store({ ...o, clearInvalidConfig: false }) as never;

describe('kiosk settings (electron-store + zod)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'settings-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const file = () => path.join(dir, 'settings.json');
  /** The kiosk's own state (kiosk id, sealed secrets): never settings.json. */
  const stateFile = () => path.join(dir, 'kiosk-data', 'kiosk-state.json');

  it('starts on the embedded defaults with no file, with a kiosk id made once and kept', () => {
    const s = openKioskSettings(dir, factory);
    expect(s.settings).toEqual({ ...DEFAULT_SETTINGS, kioskId: expect.stringMatching(/^kiosk-[0-9a-f]{12}$/) });
    expect(s.problems).toEqual([]);
    expect(openKioskSettings(dir, factory).settings.kioskId).toBe(s.settings.kioskId);
  });

  it('the staff station settings: defaults for reasons, audit and staff idle time; bad values named and replaced', async () => {
    expect(DEFAULT_SETTINGS.decisionReasons).toEqual([
      { code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] },
      { code: 'DOCUMENT_DOUBTFUL', decisions: ['REJECT'] },
      { code: 'FACE_DOES_NOT_MATCH', decisions: ['REJECT'] },
      { code: 'DOCUMENT_EXPIRED', decisions: ['REJECT'] },
      { code: 'NEEDS_SECOND_LOOK', decisions: ['REFER'] },
    ]);
    expect(DEFAULT_SETTINGS.audit).toEqual({ retentionDays: 365, personalData: 'none' });
    expect(DEFAULT_SETTINGS.staffIdleTimeoutSec).toBe(300);
    const good = {
      kioskId: 'front-desk-1',
      decisionReasons: [
        { code: 'ALL_GOOD', decisions: ['APPROVE'] },
        { code: 'NOT_GOOD', decisions: ['REJECT', 'REFER'] },
      ],
      audit: { retentionDays: 30, personalData: 'documentNumberLast4' },
      staffIdleTimeoutSec: 120,
    };
    await writeFile(file(), JSON.stringify(good));
    expect(openKioskSettings(dir, factory).settings).toMatchObject(good);
    await writeFile(
      file(),
      JSON.stringify({
        kioskId: 'front desk/1',
        decisionReasons: [{ code: 'ALL_GOOD', decisions: ['APPROVE'] }],
        audit: { retentionDays: 0, personalData: 'none' },
        staffIdleTimeoutSec: 5,
      }),
    );
    const s = openKioskSettings(dir, factory);
    expect(s.settings).toMatchObject(good);
    const problems = s.problems.join('\n');
    expect(problems).toMatch(/setting "kioskId" .*kioskId must be 1-64 letters.*using "front-desk-1" \(the kiosk's own id\)/);
    expect(problems).toMatch(/setting "decisionReasons" .*decisionReasons has no reason for REJECT/);
    expect(problems).toMatch(/setting "audit" .*audit retention must be at least 1 day/);
    expect(problems).toMatch(/setting "staffIdleTimeoutSec" .*staffIdleTimeoutSec must be at least 30\); using 120/);
    // The same code twice is refused too.
    await writeFile(
      file(),
      JSON.stringify({
        decisionReasons: [
          { code: 'ALL_GOOD', decisions: ['APPROVE', 'REJECT', 'REFER'] },
          { code: 'ALL_GOOD', decisions: ['APPROVE'] },
        ],
      }),
    );
    expect(openKioskSettings(dir, factory).problems.join('\n')).toMatch(/decisionReasons lists ALL_GOOD twice/);
  });

  it('reads a valid file and keeps it as the last good copy', async () => {
    await writeFile(file(), JSON.stringify({ mode: 'staff', idleTimeoutSec: 120, language: 'fr' }));
    const s = openKioskSettings(dir, factory);
    expect(s.settings).toMatchObject({
      mode: 'staff',
      idleTimeoutSec: 120,
      language: 'fr',
      serviceUrl: null,
    });
    expect(s.problems).toEqual([]);
    expect(JSON.parse(await readFile(path.join(dir, 'settings.last-good.json'), 'utf8'))).toMatchObject({
      mode: 'staff',
    });
  });

  it('keeps settings.json and its last good copy readable by the kiosk user only', async () => {
    // A file written by hand (or before this rule) with the usual 0644.
    await writeFile(file(), JSON.stringify({ mode: 'staff' }), { mode: 0o644 });
    const s = openKioskSettings(dir, factory);
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'settings.last-good.json'))).mode & 0o777).toBe(0o600);
    s.saveSecrets({ outboxKeyEnc: 'x' });
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect((await stat(stateFile())).mode & 0o777).toBe(0o600);
  });

  it('a corrupt file is kept aside, the last good settings come back, and the error says so', async () => {
    await writeFile(file(), JSON.stringify({ mode: 'staff', idleTimeoutSec: 120 }));
    openKioskSettings(dir, factory); // makes the last good copy
    await writeFile(file(), '{"mode": "staff", "idleTimeoutSec": 12'); // torn write
    const s = openKioskSettings(dir, factory, () => new Date('2026-11-25T20:00:00.000Z'));
    expect(s.settings).toMatchObject({ mode: 'staff', idleTimeoutSec: 120 });
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]).toMatch(
      /settings\.json could not be read \(.+\); it was kept as settings\.corrupt-2026-11-25T20-00-00-000Z\.json and the last good settings were restored\./,
    );
    expect(await readFile(path.join(dir, 'settings.corrupt-2026-11-25T20-00-00-000Z.json'), 'utf8')).toBe(
      '{"mode": "staff", "idleTimeoutSec": 12',
    );
  });

  it('a corrupt file without any backup falls back to defaults and still keeps the bad file', async () => {
    await writeFile(file(), '\u0000\u0001garbage');
    const s = openKioskSettings(dir, factory);
    expect(s.settings).toEqual({ ...DEFAULT_SETTINGS, kioskId: expect.stringMatching(/^kiosk-/) });
    expect(s.problems[0]).toMatch(/default settings are used/);
    expect((await readdir(dir)).some((f) => f.startsWith('settings.corrupt-'))).toBe(true);
  });

  it('an invalid value is named, and replaced by its last good value (or the default)', async () => {
    await writeFile(file(), JSON.stringify({ idleTimeoutSec: 300, language: 'de' }));
    openKioskSettings(dir, factory);
    await writeFile(
      file(),
      JSON.stringify({ idleTimeoutSec: 2, language: 'de', mode: 'party', serviceUrl: 'not a url' }),
    );
    const s = openKioskSettings(dir, factory);
    expect(s.settings).toMatchObject({
      idleTimeoutSec: 300,
      language: 'de',
      mode: 'unattended',
      serviceUrl: null,
    });
    expect(s.problems.join('\n')).toContain('setting "idleTimeoutSec" in');
    expect(s.problems.join('\n')).toContain(
      'idleTimeoutSec must be at least 15); using 300 (last good value)',
    );
    expect(s.problems.join('\n')).toMatch(/setting "mode" .* using "unattended" \(default\)/);
    expect(s.problems.join('\n')).toMatch(/setting "serviceUrl" .*serviceUrl must be a URL/);
    // The bad file is not overwritten and does not become the "last good" copy.
    expect(JSON.parse(await readFile(file(), 'utf8')).idleTimeoutSec).toBe(2);
    expect(JSON.parse(await readFile(path.join(dir, 'settings.last-good.json'), 'utf8')).idleTimeoutSec).toBe(
      300,
    );
  });

  it('a remote service without its SDK id or key file falls back to embedded, saying why', async () => {
    await writeFile(file(), JSON.stringify({ serviceUrl: 'https://api.yoti.com/idverify/v1' }));
    const s = openKioskSettings(dir, factory);
    expect(s.settings.serviceUrl).toBeNull();
    expect(s.problems[0]).toMatch(/sdkId or keyFile is missing/);
  });

  it('stores secrets only as safeStorage output, and reads them back', async () => {
    const s = openKioskSettings(dir, factory);
    const logs: string[] = [];
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const first = loadKioskSecrets(
      electronMock.safeStorage,
      s.secrets,
      (x) => s.saveSecrets(x),
      loggerInto(logs),
    );
    expect(first.persistent).toBe(true);
    first.saveEmbeddedApp({ sdkId: 'sdk-1', privateKeyPem: pem });
    expect(existsSync(file())).toBe(false); // the secrets never go into settings.json
    const onDisk = await readFile(stateFile(), 'utf8');
    expect(JSON.parse(onDisk).secrets.embeddedApp.sdkId).toBe('sdk-1');
    expect(onDisk).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(onDisk).not.toContain(first.outboxKey.toString('base64'));
    expect(onDisk).not.toContain(first.outboxKey.toString('hex'));

    const again = openKioskSettings(dir, factory);
    const second = loadKioskSecrets(
      electronMock.safeStorage,
      again.secrets,
      (x) => again.saveSecrets(x),
      loggerInto(logs),
    );
    expect(second.outboxKey.equals(first.outboxKey)).toBe(true);
    expect(second.embeddedApp).toEqual({ sdkId: 'sdk-1', privateKeyPem: pem });
    expect(logs).toEqual([]);
  });

  it('without a real OS key store nothing is persisted, and the log says so', () => {
    electronMock.state.safeStorageBackend = 'basic_text';
    try {
      const s = openKioskSettings(dir, factory);
      const logs: string[] = [];
      const k = loadKioskSecrets(
        electronMock.safeStorage,
        s.secrets,
        (x) => s.saveSecrets(x),
        loggerInto(logs),
      );
      expect(k.persistent).toBe(false);
      k.saveEmbeddedApp({ sdkId: 'x', privateKeyPem: 'y' });
      expect(k.auditKey(false)).toBeNull(); // the audit log keeps its 0600 key file then
      expect(existsSync(file())).toBe(false);
      expect(JSON.parse(readFileSync(stateFile(), 'utf8'))).toEqual({ version: 1, kioskId: s.settings.kioskId }); // the kiosk id only
      expect(logs[0]).toMatch(/no OS key store for safeStorage \(backend: basic_text\)/);
    } finally {
      electronMock.state.safeStorageBackend = 'gnome_libsecret';
    }
  });

  it('the audit key: made once for a new log, kept encrypted, null for a log with its own key file, lost when it no longer decrypts', async () => {
    const s = openKioskSettings(dir, factory);
    const logs: string[] = [];
    const first = loadKioskSecrets(electronMock.safeStorage, s.secrets, (x) => s.saveSecrets(x), loggerInto(logs));
    const key = first.auditKey(false);
    expect(key).toBeInstanceOf(Buffer);
    expect((key as Buffer).length).toBe(32);
    const onDisk = await readFile(stateFile(), 'utf8');
    expect(JSON.parse(onDisk).secrets.auditKeyEnc).toEqual(expect.any(String));
    expect(onDisk).not.toContain((key as Buffer).toString('hex'));
    expect(onDisk).not.toContain((key as Buffer).toString('base64'));
    const again = openKioskSettings(dir, factory);
    const second = loadKioskSecrets(electronMock.safeStorage, again.secrets, (x) => again.saveSecrets(x), loggerInto(logs));
    expect(second.auditKey(true)).toEqual(key);
    // A log started before (with its own key file) keeps its key: no new one is made.
    const fresh = loadKioskSecrets(electronMock.safeStorage, {}, () => undefined, loggerInto(logs));
    expect(fresh.auditKey(true)).toBeNull();
    expect(logs).toEqual([]);
    const lost = loadKioskSecrets(
      electronMock.safeStorage,
      { outboxKeyEnc: again.secrets.outboxKeyEnc, auditKeyEnc: Buffer.from('garbage').toString('base64') },
      () => undefined,
      loggerInto(logs),
    );
    expect(lost.auditKey(true)).toBe('lost');
    expect(logs.join('\n')).toMatch(/the audit log key cannot be decrypted/);
  });

  it('a secret that no longer decrypts is replaced, with an error in the log', () => {
    const logs: string[] = [];
    const k = loadKioskSecrets(
      electronMock.safeStorage,
      {
        outboxKeyEnc: Buffer.from('garbage').toString('base64'),
        embeddedApp: { sdkId: 's', privateKeyEnc: 'AAAA' },
      },
      () => undefined,
      loggerInto(logs),
    );
    expect(k.outboxKey).toHaveLength(32);
    expect(k.embeddedApp).toBeNull();
    expect(logs).toHaveLength(2);
  });
});
