// The configurable hidden staff entry: the setting (zod-checked, refused in words, nothing lost),
// saved on the admin path and applied at once; the start screen's counter follows the count, and
// the corner is placed where the setting says.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { cornerPosition, createStaffGesture } from '../../../renderer/staff/tapGesture';
import type { StaffGesture } from '../../../common/ipc/adminChannels';

const confStore: SettingsStoreFactory = ({ name, cwd, configFileMode }) =>
  new Conf({ configName: name, cwd, configFileMode, projectName: 'doc-scan-kiosk', clearInvalidConfig: false }) as unknown as SettingsBackingStore;

describe('staff gesture setting', () => {
  let dir: string;
  let admin: SettingsAdmin;
  let applied: Array<{ next: KioskSettings; changed: string[] }>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'staff-gesture-'));
    applied = [];
    const opened = openKioskSettings(dir, confStore);
    admin = createSettingsAdmin({ port: opened, startedWith: opened.current(), apply: (next, changed) => applied.push({ next, changed }) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to five taps top-right; a saved gesture applies at once and is on disk', () => {
    expect(admin.answer().settings.staffGesture).toEqual({ corner: 'top-right', taps: 5 });
    expect(admin.answer().restartRequired).not.toContain('staffGesture');
    const out = admin.save({ staffGesture: { corner: 'bottom-left', taps: 7 } });
    expect(out).toMatchObject({ saved: true, applied: ['staffGesture'] });
    expect(applied[0]?.next.staffGesture).toEqual({ corner: 'bottom-left', taps: 7 });
    const file = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file.staffGesture).toEqual({ corner: 'bottom-left', taps: 7 });
    expect(openKioskSettings(dir, confStore).settings.staffGesture).toEqual({ corner: 'bottom-left', taps: 7 });
  });

  it('a bad gesture is refused in words and nothing is written', () => {
    admin.save({ staffGesture: { corner: 'top-left', taps: 4 } });
    const before = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(admin.save({ staffGesture: { corner: 'top-left', taps: 11 } })).toEqual({
      saved: false,
      errors: [{ setting: 'staffGesture', message: 'staffGesture.taps must be at most 10 (at taps)' }],
    });
    expect(admin.save({ staffGesture: { corner: 'middle', taps: 5 } })).toEqual({
      saved: false,
      errors: [
        {
          setting: 'staffGesture',
          message: 'staffGesture.corner must be top-right, top-left, bottom-right or bottom-left (at corner)',
        },
      ],
    });
    expect(admin.save({ staffGesture: { corner: 'top-left', taps: 'x' } })).toEqual({
      saved: false,
      errors: [{ setting: 'staffGesture', message: 'staffGesture.taps must be a whole number from 3 to 10 (at taps)' }],
    });
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(admin.answer().settings.staffGesture).toEqual({ corner: 'top-left', taps: 4 });
  });
});

describe('staff gesture on the start screen', () => {
  it('counts the set number of taps within 3 s, and follows a changed count', () => {
    let now = 0;
    let gesture: StaffGesture = { corner: 'top-right', taps: 3 };
    const counter = createStaffGesture(() => gesture, () => now);
    expect([counter.tap(), counter.tap(), counter.tap()]).toEqual([false, false, true]);
    // Too slow: the first tap falls out of the 3 s window.
    counter.tap();
    now += 1600;
    counter.tap();
    now += 1600;
    expect(counter.tap()).toBe(false);
    gesture = { corner: 'top-right', taps: 6 };
    const results = Array.from({ length: 6 }, () => counter.tap());
    expect(results).toEqual([false, false, false, false, false, true]);
  });

  it('places the tap area in the corner the setting names', () => {
    expect(cornerPosition('top-right')).toEqual({ top: '0', bottom: 'auto', left: 'auto', right: '0' });
    expect(cornerPosition('bottom-left')).toEqual({ top: 'auto', bottom: '0', left: '0', right: 'auto' });
    expect(cornerPosition('top-left')).toEqual({ top: '0', bottom: 'auto', left: '0', right: 'auto' });
    expect(cornerPosition('bottom-right')).toEqual({ top: 'auto', bottom: '0', left: 'auto', right: '0' });
  });
});
