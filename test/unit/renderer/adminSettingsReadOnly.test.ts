// @vitest-environment happy-dom
// The admin store when the operator makes settings.json read-only while the settings screen is
// open: main refuses the save (SETTINGS_READ_ONLY, in words) and the store reads the settings
// again, so the screen shows them as managed (main's readOnly answer) instead of a form that
// cannot save.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createFakeKiosk, fail, FAKE_ADMIN_SETTINGS, ok, type FakeKiosk } from './fakeKiosk';
import { useAdminStore } from '../../../renderer/stores/admin';

let kiosk: FakeKiosk;

beforeEach(() => {
  kiosk = createFakeKiosk();
  window.kiosk = kiosk.api;
  setActivePinia(createPinia());
});

afterEach(() => {
  expect(kiosk.violations).toEqual([]);
  delete window.kiosk;
});

describe('admin settings made read-only meanwhile', () => {
  it('shows main words and reloads the settings, which now carry the read-only notice', async () => {
    const answer = {
      settings: FAKE_ADMIN_SETTINGS,
      restartRequired: [],
      pendingRestart: [],
    };
    kiosk.calls.adminGetSettings.mockResolvedValueOnce(ok({ ...answer, readOnly: null }));
    const admin = useAdminStore();
    await admin.open('settings');
    expect(admin.settings?.readOnly).toBeNull();

    const why = 'These settings are managed by the operator in /etc/doc-scan-kiosk/settings.json; edit that file as root and restart the kiosk. Nothing was changed (owned by root, mode 0640).';
    kiosk.calls.adminSaveSettings.mockResolvedValueOnce(fail('SETTINGS_READ_ONLY', why));
    kiosk.calls.adminGetSettings.mockResolvedValueOnce(
      ok({ ...answer, readOnly: { file: '/etc/doc-scan-kiosk/settings.json', why: 'owned by root, mode 0640' } }),
    );
    await admin.saveSettings({ idleTimeoutSec: 120 });

    expect(admin.saveResult).toEqual({ state: 'failed', message: why });
    expect(admin.settings?.readOnly).toEqual({ file: '/etc/doc-scan-kiosk/settings.json', why: 'owned by root, mode 0640' });
    expect(kiosk.calls.adminGetSettings).toHaveBeenCalledTimes(2);
  });

  it('does not reload on other failures (the form keeps what the admin typed)', async () => {
    const admin = useAdminStore();
    kiosk.calls.adminSaveSettings.mockResolvedValueOnce(fail('INTERNAL', 'the disk is full'));
    await admin.saveSettings({ idleTimeoutSec: 120 });
    expect(admin.saveResult).toEqual({ state: 'failed', message: 'the disk is full' });
    expect(kiosk.calls.adminGetSettings).not.toHaveBeenCalled();
  });
});
