// The admin screen's settings save path over a real settings.json (conf, as the Chromium host
// uses): every value checked with the settings schema, errors in words, all or nothing (a bad value
// loses nothing saved), the file becomes the last good copy, live settings applied at once and the
// rest named as waiting for a restart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openKioskSettings,
  type KioskSettings,
  type SettingsBackingStore,
  type SettingsStoreFactory,
} from '../../../electron/host/kioskSettings';
import { createSettingsAdmin, type SettingsAdmin } from '../../../electron/services/admin/settingsAdmin';
import { openUploadOutbox } from '../../../electron/services/uploadOutbox';
import { captureModeOf } from '../../../electron/host/kioskSettings';
import { createDeferred } from '../../../common/deferred';

const confStore: SettingsStoreFactory = ({ name, cwd, configFileMode }) =>
  new Conf({ configName: name, cwd, configFileMode, projectName: 'doc-scan-kiosk', clearInvalidConfig: false }) as unknown as SettingsBackingStore;

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';

describe('admin settings', () => {
  let dir: string;
  let admin: SettingsAdmin;
  let applied: Array<{ next: KioskSettings; changed: string[] }>;
  /** settings.json as written ({} when nothing was ever written: the kiosk's own state lives elsewhere). */
  const fileJson = () =>
    existsSync(path.join(dir, 'settings.json'))
      ? (JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>)
      : {};

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'admin-settings-'));
    applied = [];
    const opened = openKioskSettings(dir, confStore);
    admin = createSettingsAdmin({
      port: opened,
      startedWith: opened.current(),
      apply: (next, changed) => applied.push({ next, changed }),
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves live settings, applies them at once, and writes the file and its last good copy', () => {
    const reasons = [
      { code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] },
      { code: 'NOT_THE_HOLDER', decisions: ['REJECT', 'REFER'] },
    ];
    const out = admin.save({ language: 'fr', decisionReasons: reasons, audit: { retentionDays: 30, personalData: 'none' } });
    expect(out).toMatchObject({ saved: true, applied: ['language', 'decisionReasons', 'audit'] });
    expect(applied).toHaveLength(1);
    expect(applied[0]?.next.language).toBe('fr');
    expect(applied[0]?.changed).toEqual(['language', 'decisionReasons', 'audit']);
    expect(fileJson()).toMatchObject({ language: 'fr', decisionReasons: reasons, audit: { retentionDays: 30 } });
    const lastGood = JSON.parse(readFileSync(path.join(dir, 'settings.last-good.json'), 'utf8')) as Record<string, unknown>;
    expect(lastGood.language).toBe('fr');
    expect(admin.answer().pendingRestart).toEqual([]);
    // Reopened: the saved value is what the kiosk starts with.
    expect(openKioskSettings(dir, confStore).settings.language).toBe('fr');
  });

  it('a restart-only setting is saved and named as waiting for a restart', () => {
    const out = admin.save({ mode: 'staff', idleTimeoutSec: 120 });
    expect(out).toMatchObject({ saved: true, applied: [] });
    expect(applied[0]?.changed).toEqual(['mode', 'idleTimeoutSec']);
    expect(admin.answer().pendingRestart).toEqual(['mode', 'idleTimeoutSec']);
    expect(admin.answer().restartRequired).toContain('mode');
    expect(admin.answer().restartRequired).not.toContain('language');
  });

  it('a bad value is refused in words and nothing is written, not even the good values beside it', () => {
    admin.save({ language: 'es' });
    const before = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    const out = admin.save({
      language: 'de',
      idleTimeoutSec: 5,
      audit: { retentionDays: 0, personalData: 'none' },
      decisionReasons: [{ code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] }],
      printers: { receipt: { kind: 'escpos', devicePath: '', columns: 42 }, report: { kind: 'none' } },
    });
    expect(out).toEqual({
      saved: false,
      errors: [
        { setting: 'idleTimeoutSec', message: 'idleTimeoutSec must be at least 15' },
        { setting: 'printers', message: 'give the thermal printer’s device or file (at receipt.devicePath)' },
        { setting: 'decisionReasons', message: 'decisionReasons has no reason for REJECT' },
        { setting: 'audit', message: 'audit retention must be at least 1 day (at retentionDays)' },
      ],
    });
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(admin.answer().settings.language).toBe('es');
    expect(applied).toHaveLength(1);
  });

  it('a service URL needs its SDK id and a readable PEM key file; the key file shows by path, never its contents', () => {
    expect(admin.save({ serviceUrl: 'not a url' })).toEqual({
      saved: false,
      errors: [{ setting: 'serviceUrl', message: 'serviceUrl must be a URL such as https://api.yoti.com/idverify/v1' }],
    });
    expect(admin.save({ serviceUrl: 'https://idv.example.test/idverify/v1' })).toEqual({
      saved: false,
      errors: [
        { setting: 'sdkId', message: 'a service URL needs the SDK id of its app' },
        { setting: 'keyFile', message: 'a service URL needs the app’s PEM key file' },
      ],
    });
    const notPem = path.join(dir, 'notes.txt');
    writeFileSync(notPem, 'hello');
    expect(
      admin.save({ serviceUrl: 'https://idv.example.test/idverify/v1', sdkId: 'sdk-1', keyFile: notPem }),
    ).toEqual({ saved: false, errors: [{ setting: 'keyFile', message: 'the key file is not a PEM private key' }] });
    expect(
      admin.save({ serviceUrl: 'https://idv.example.test/idverify/v1', sdkId: 'sdk-1', keyFile: path.join(dir, 'missing.pem') }),
    ).toEqual({ saved: false, errors: [{ setting: 'keyFile', message: 'the key file cannot be read (ENOENT)' }] });
    expect(fileJson().serviceUrl).toBeUndefined();

    const key = path.join(dir, 'app.pem');
    writeFileSync(key, PEM);
    expect(admin.save({ serviceUrl: 'https://idv.example.test/idverify/v1', sdkId: 'sdk-1', keyFile: key })).toMatchObject({
      saved: true,
    });
    const view = admin.answer();
    expect(view.settings).toMatchObject({ keyFile: key, keyFileProblem: null, sdkId: 'sdk-1' });
    expect(JSON.stringify(view)).not.toContain('BEGIN PRIVATE KEY');
    expect(view.pendingRestart).toEqual(['serviceUrl', 'sdkId', 'keyFile']);
  });

  it('an optional setting left unset stays absent; kiosk capture against Yoti is refused beside the capture setting', () => {
    expect(admin.save({ language: 'es' })).toMatchObject({ saved: true });
    expect('chip' in fileJson()).toBe(false);
    const key = path.join(dir, 'app.pem');
    writeFileSync(key, PEM);
    expect(admin.save({ serviceUrl: 'https://api.yoti.com/idverify/v1', sdkId: 'sdk-1', keyFile: key })).toMatchObject({
      saved: true,
    });
    const opened = openKioskSettings(dir, confStore);
    const withKiosk = createSettingsAdmin({
      port: { current: () => ({ ...opened.current(), capture: 'kiosk' }), saveSettings: opened.saveSettings },
      startedWith: opened.current(),
      apply: () => undefined,
    });
    const out = withKiosk.save({ language: 'fr' });
    expect(out.saved).toBe(false);
    expect(out.saved ? [] : out.errors.map((e) => e.setting)).toEqual(['capture']);
    expect(out.saved ? '' : out.errors[0]?.message).toMatch(/^capture "kiosk" cannot work with Yoti's cloud/);
  });

  it('the capture mode is shown, and a switch applies at once (read again for the next person)', () => {
    const opened = openKioskSettings(dir, confStore);
    const live = createSettingsAdmin({ port: opened, startedWith: opened.current(), apply: (next, changed) => applied.push({ next, changed }) });
    expect(live.answer().settings.capture).toBeNull();
    // What hosted capture asks each time a person starts (composeKiosk's captureMode).
    const modeForNextPerson = () => captureModeOf(opened.current());
    expect(modeForNextPerson()).toBe('kiosk');
    expect(live.save({ capture: 'hosted' })).toMatchObject({ saved: true, applied: ['capture'] });
    expect(applied.at(-1)?.changed).toEqual(['capture']);
    expect(modeForNextPerson()).toBe('hosted');
    expect(live.answer()).toMatchObject({ settings: { capture: 'hosted' }, pendingRestart: [] });
    expect(live.answer().restartRequired).not.toContain('capture');
    expect(fileJson().capture).toBe('hosted');
    // Unset again: by the service.
    expect(live.save({ capture: null })).toMatchObject({ saved: true, applied: ['capture'] });
    expect(modeForNextPerson()).toBe('kiosk');
    expect(live.save({ capture: 'webcam' })).toEqual({
      saved: false,
      errors: [{ setting: 'capture', message: 'capture must be "kiosk", "hosted" or null' }],
    });
  });

  it('kiosk capture with Yoti is refused in words beside the capture setting, and nothing is written', () => {
    const key = path.join(dir, 'app.pem');
    writeFileSync(key, PEM);
    expect(admin.save({ serviceUrl: 'https://api.yoti.com/idverify/v1', sdkId: 'sdk-1', keyFile: key })).toMatchObject({ saved: true });
    const before = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    applied.length = 0;
    const out = admin.save({ capture: 'kiosk', language: 'fr' });
    expect(out.saved).toBe(false);
    expect(out.saved ? [] : out.errors.map((e) => e.setting)).toEqual(['capture']);
    expect(out.saved ? '' : out.errors[0]?.message).toBe(
      "capture \"kiosk\" cannot work with Yoti's cloud: its public API has no client API for the kiosk's own screens to upload through; use \"hosted\" (Yoti's web page) or leave capture unset",
    );
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(applied).toEqual([]);
    expect(admin.answer().settings).toMatchObject({ capture: null, language: 'en' });
    // Hosted with Yoti is what works.
    expect(admin.save({ capture: 'hosted' })).toMatchObject({ saved: true, applied: ['capture'] });
  });

  it('switching capture leaves the queued uploads as they are', async () => {
    const outboxDir = path.join(dir, 'outbox');
    const sending = createDeferred<void>();
    const seen: string[] = [];
    const outbox = await openUploadOutbox({
      dir: outboxDir,
      key: randomBytes(32),
      execute: async (item) => {
        seen.push(item.payload.kind);
        await sending.promise;
        return { ok: true };
      },
    });
    const item = await outbox.enqueue({
      group: 'session-1',
      sessionId: 'session-1',
      clientSessionToken: 'token-1',
      expiresAt: Date.now() + 60_000,
      payload: { kind: 'mrz', resourceId: 'doc-1', lines: ['P<UTOERIKSSON<<ANNA<MARIA'] },
    });
    const files = readdirSync(outboxDir).sort();
    const bytes = files.map((f) => readFileSync(path.join(outboxDir, f)).toString('base64'));
    expect(admin.save({ capture: 'hosted' })).toMatchObject({ saved: true, applied: ['capture'] });
    expect(outbox.pending('session-1')).toBe(1);
    expect(readdirSync(outboxDir).sort()).toEqual(files);
    expect(files.map((f) => readFileSync(path.join(outboxDir, f)).toString('base64'))).toEqual(bytes);
    sending.resolve();
    await expect(item.settled).resolves.toEqual({ status: 'sent', result: { ok: true } });
    expect(seen).toEqual(['mrz']);
    await outbox.close();
  });

  it('nothing changed: nothing written, nothing applied', () => {
    const now = admin.answer().settings;
    expect(admin.save({ language: now.language, mode: now.mode })).toMatchObject({ saved: true, applied: [] });
    expect(applied).toEqual([]);
  });
});
