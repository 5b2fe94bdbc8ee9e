// startKiosk is what every host runs: here with the Chromium fallback's own pieces (conf-backed
// settings.json, no OS key store), to show that the fallback honours the same settings as Electron
// and that demo mode never mixes with a real service.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKiosk, type StartedKiosk } from '../../../electron/host/startKiosk';
import { auditKeyFile } from '../../../electron/services/audit/auditKeyFile';
import { auditLogFile, openAuditReader } from '../../../electron/services/audit/auditLog';
import { loggerInto } from '../../support/recordingLogger';
import { safeStorage } from './support/electronMock';
import { silentLogger } from '../../../platform/logger';
import { confSettingsStore, noKeyStore } from '../../../scripts/chromiumKiosk';

let dir: string;
const started: StartedKiosk[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'start-kiosk-'));
});
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
  await rm(dir, { recursive: true, force: true });
});

const start = async (settings: object | null, useDemoCamera = false) => {
  if (settings) await writeFile(path.join(dir, 'settings.json'), JSON.stringify(settings));
  const s = await startKiosk({
    userDataDir: dir,
    settingsStore: confSettingsStore,
    keyStore: noKeyStore,
    logger: silentLogger,
    version: '1.2.3',
    vision: 'none',
    useDemoCamera,
  });
  started.push(s);
  return s;
};

async function appInfo(s: StartedKiosk) {
  const r = await s.kiosk.dispatch('getAppInfo', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('startKiosk with the Chromium fallback pieces', () => {
  it('applies mode, language and idle timeout from settings.json', async () => {
    const s = await start({ mode: 'staff', language: 'fr', idleTimeoutSec: 45 });
    expect(await appInfo(s)).toMatchObject({
      mode: 'staff',
      locale: 'fr',
      idleTimeoutMs: 45_000,
      version: '1.2.3',
      demo: { useDemoCamera: false },
      firstRun: true,
    });
  });

  it('a fresh install is unattended, in demo mode, and serves the demo camera pictures', async () => {
    const s = await start(null, true);
    expect(await appInfo(s)).toMatchObject({ mode: 'unattended', demo: { useDemoCamera: true } });
    const demo = await s.kiosk.dispatch('getDemoCamera', {});
    if (!demo.ok) throw new Error(demo.error.message);
    expect(demo.value.documents.map((d) => [d.issuingCountry, d.documentType, d.side])).toEqual([
      ['UTO', 'PASSPORT', 'front'],
    ]);
    expect([demo.value.face.bytes[0], demo.value.face.bytes[1]]).toEqual([0xff, 0xd8]);
  });

  it('with demo mode off there is no demo camera and --demo is refused', async () => {
    const s = await start({ demo: false });
    expect((await appInfo(s)).demo).toBeNull();
    expect(await s.kiosk.dispatch('getDemoCamera', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_DEMO_MODE' },
    });
    await s.dispose();
    started.length = 0;
    await expect(start({ demo: false }, true)).rejects.toThrow(/--demo needs demo mode/);
  });

  it('never offers the demo with a real service, and refuses --demo there', async () => {
    const keyFile = path.join(dir, 'key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const remote = { serviceUrl: 'http://127.0.0.1:9/idverify/v1', sdkId: 'sdk', keyFile, demo: true };
    const s = await start(remote);
    expect((await appInfo(s)).demo).toBeNull();
    expect(await s.kiosk.dispatch('getDemoCamera', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_DEMO_MODE' },
    });
    await s.dispose();
    started.length = 0;
    await expect(start(remote, true)).rejects.toThrow(/--demo needs the embedded local service/);
  });
});

describe('the audit key with an OS key store', () => {
  const withKeyStore = async (logs: string[]) => {
    const s = await startKiosk({
      userDataDir: dir,
      settingsStore: confSettingsStore,
      keyStore: safeStorage,
      logger: loggerInto(logs),
      version: '1.2.3',
      vision: 'none',
    });
    started.push(s);
    return s;
  };
  /** The kiosk's own state (kiosk id, sealed secrets), apart from settings.json. */
  const stateFile = () => path.join(dir, 'kiosk-data', 'kiosk-state.json');
  const dataDir = () => path.join(dir, 'kiosk-data');

  it('is kept in the key store (no key file); once lost, the old log is moved aside and a new one started', async () => {
    const logs: string[] = [];
    const first = await withKeyStore(logs);
    const firstKeyEnc = JSON.parse(await readFile(stateFile(), 'utf8')).secrets.auditKeyEnc as string;
    expect(firstKeyEnc).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(existsSync(auditLogFile(dataDir()))).toBe(true);
    expect(existsSync(auditKeyFile(dataDir()))).toBe(false);
    await first.dispose();
    started.length = 0;
    // The same key opens the same log on the next run.
    await (await withKeyStore(logs)).dispose();
    started.length = 0;
    expect(logs.filter((l) => /audit/i.test(l))).toEqual([]);

    // The OS key store no longer decrypts it.
    const state = JSON.parse(await readFile(stateFile(), 'utf8'));
    state.secrets.auditKeyEnc = Buffer.from('not from this key store').toString('base64');
    await writeFile(stateFile(), JSON.stringify(state));
    await withKeyStore(logs);
    const aside = (await readdir(path.join(dataDir(), 'audit'))).filter((f) => /^audit\.unreadable-\d+\.sqlite$/.test(f));
    expect(aside).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/the audit log key cannot be decrypted/);
    expect(logs.join('\n')).toMatch(/the audit log key is lost: the old log was moved to .*audit\.unreadable-\d+\.sqlite; starting a new log/);
    const next = JSON.parse(await readFile(stateFile(), 'utf8')).secrets.auditKeyEnc as string;
    expect(next).not.toBe(state.secrets.auditKeyEnc);
    expect(next).not.toBe(firstKeyEnc);
    // The old log is kept whole: its chain still verifies without the key.
    const old = await openAuditReader(path.join(dataDir(), 'audit', aside[0]));
    expect(old.verify().ok).toBe(true);
    old.close();
  });
});
