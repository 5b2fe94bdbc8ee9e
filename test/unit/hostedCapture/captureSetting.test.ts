// The capture setting: kiosk for a local service, hosted for Yoti's cloud, and the combination
// that cannot work (kiosk capture against Yoti) refused in words, at open and at save, without
// losing the other settings.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CaptureCombination,
  captureModeOf,
  openKioskSettings,
  type SettingsBackingStore,
} from '../../../electron/host/kioskSettings';

function fileStore(cwd: string): SettingsBackingStore {
  const file = path.join(cwd, 'settings.json');
  let data: Record<string, unknown> = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return {
    path: file,
    get store() {
      return data;
    },
    set(key, value) {
      data = { ...data, [key]: value };
      writeFileSync(file, JSON.stringify(data));
    },
  };
}

function open(settings: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'capture-setting-'));
  const keyFile = path.join(dir, 'key.pem');
  writeFileSync(keyFile, 'x');
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ sdkId: 'sdk', keyFile, ...settings }));
  return openKioskSettings(dir, () => fileStore(dir));
}

describe('capture setting', () => {
  it('defaults by the service: kiosk for the embedded or a local one, hosted for Yoti', () => {
    expect(captureModeOf({ serviceUrl: null, capture: null })).toBe('kiosk');
    expect(captureModeOf({ serviceUrl: 'http://10.0.0.5:4100/idverify/v1', capture: null })).toBe('kiosk');
    expect(captureModeOf({ serviceUrl: 'https://api.yoti.com/idverify/v1', capture: null })).toBe('hosted');
    expect(captureModeOf({ serviceUrl: null, capture: 'hosted' })).toBe('hosted');
    expect(open({}).settings.capture).toBeNull();
  });

  it('refuses kiosk capture against Yoti at open, says why, and keeps everything else', () => {
    const opened = open({ serviceUrl: 'https://api.yoti.com/idverify/v1', capture: 'kiosk', idleTimeoutSec: 120 });
    expect(opened.settings.capture).toBe('hosted');
    expect(opened.settings.idleTimeoutSec).toBe(120);
    expect(opened.settings.serviceUrl).toBe('https://api.yoti.com/idverify/v1');
    expect(opened.problems).toEqual([
      `capture "kiosk" cannot work with Yoti's cloud: its public API has no client API for the kiosk's own screens to upload through; use "hosted" (Yoti's web page) or leave capture unset (in ${opened.file}); using "hosted".`,
    ]);
  });

  it('refuses a value that is not a mode with the schema message', () => {
    const opened = open({ capture: 'webcam' });
    expect(opened.settings.capture).toBeNull();
    expect(opened.problems[0]).toContain('setting "capture"');
    expect(opened.problems[0]).toContain('capture must be "kiosk", "hosted" or null');
  });

  it('refuses the combination when an admin saves it, and the file keeps the last good value', () => {
    const opened = open({ serviceUrl: 'https://api.yoti.com/idverify/v1', capture: 'hosted' });
    expect(() => opened.saveSettings({ ...opened.current(), capture: 'kiosk' })).toThrow(/cannot work with Yoti's cloud/);
    expect(opened.current().capture).toBe('hosted');
    expect(JSON.parse(readFileSync(opened.file, 'utf8')).capture).toBe('hosted');
    expect(CaptureCombination.safeParse({ serviceUrl: 'https://eu.api.yoti.com/idverify/v1', capture: 'kiosk' }).success).toBe(false);
    expect(CaptureCombination.safeParse({ serviceUrl: 'https://notyoti.com.example/idverify/v1', capture: 'kiosk' }).success).toBe(true);
  });
});
