// The admin screens' side of the renderer: it asks main and shows the answers. Main checks the
// admin role on every call and does all the work (settings rules, PIN hashing, devices); nothing
// here ever holds a hash, a key or a file's contents. Errors are main's own words.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  AdminAccount,
  AdminSettingKey,
  AdminSettingsAnswer,
  AdminSettingsView,
} from '../../common/ipc/adminChannels';
import type { InvokeResponse } from '../../common/ipc/contract';
import { KioskCallError, invoke } from '../kiosk/kioskApi';
import { useSessionStore } from './session';

export type AdminTab = 'settings' | 'devices' | 'accounts';

const words = (err: unknown): string =>
  err instanceof KioskCallError ? err.message : err instanceof Error ? err.message : String(err);

export type SaveResult =
  | { state: 'saved'; applied: AdminSettingKey[]; restart: AdminSettingKey[] }
  | { state: 'refused' }
  | { state: 'failed'; message: string };

export const useAdminStore = defineStore('admin', () => {
  const tab = ref<AdminTab | null>(null);
  const settings = shallowRef<AdminSettingsAnswer | null>(null);
  const settingErrors = shallowRef<Partial<Record<AdminSettingKey, string>>>({});
  const saveResult = shallowRef<SaveResult | null>(null);
  const loadError = ref<string | null>(null);
  const accounts = shallowRef<AdminAccount[]>([]);
  const accountMessage = shallowRef<{ ok: boolean; text: string } | null>(null);
  const diagnostics = shallowRef<InvokeResponse<'adminDiagnostics'> | null>(null);
  const scannerTest = shallowRef<InvokeResponse<'adminTestScanner'> | { state: 'waiting' } | null>(null);
  const printTests = shallowRef<Partial<Record<'receipt' | 'report', { printed: boolean; detail: string; bytes: number } | { failed: string }>>>({});
  const busy = ref(false);

  async function open(next: AdminTab): Promise<void> {
    tab.value = next;
    loadError.value = null;
    try {
      if (next === 'settings') settings.value = await invoke('adminGetSettings', {});
      if (next === 'accounts') accounts.value = (await invoke('adminListAccounts', {})).accounts;
      if (next === 'devices') diagnostics.value = await invoke('adminDiagnostics', {});
    } catch (err) {
      loadError.value = words(err);
    }
  }

  function close(): void {
    tab.value = null;
    settingErrors.value = {};
    saveResult.value = null;
    accountMessage.value = null;
    scannerTest.value = null;
    printTests.value = {};
  }

  async function saveSettings(changes: Partial<AdminSettingsView>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    saveResult.value = null;
    try {
      const r = await invoke('adminSaveSettings', { changes });
      // Refused: the saved settings did not change, and the form keeps what the admin typed.
      if (r.saved) settings.value = r;
      const errors: Partial<Record<AdminSettingKey, string>> = {};
      for (const e of r.errors) errors[e.setting] ??= e.message;
      settingErrors.value = errors;
      // A new default language applies to the next person: the kiosk's info is read again.
      if (r.applied.includes('language')) await refreshAppInfo();
      saveResult.value = r.saved
        ? {
            state: 'saved',
            applied: r.applied,
            restart: (Object.keys(changes) as AdminSettingKey[]).filter((k) => r.restartRequired.includes(k)),
          }
        : { state: 'refused' };
    } catch (err) {
      saveResult.value = { state: 'failed', message: words(err) };
      // The operator made settings.json read-only meanwhile: read the settings again, so the
      // screen shows them as managed (notice, disabled fields) instead of a form that cannot save.
      if (err instanceof KioskCallError && err.code === 'SETTINGS_READ_ONLY') await reloadSettings();
    } finally {
      busy.value = false;
    }
  }

  async function reloadSettings(): Promise<void> {
    try {
      settings.value = await invoke('adminGetSettings', {});
    } catch (err) {
      loadError.value = words(err);
    }
  }

  async function refreshAppInfo(): Promise<void> {
    try {
      useSessionStore().appInfo = await invoke('getAppInfo', {});
    } catch {
      // The old info stays; the saved language applies after the next start.
    }
  }

  async function accountCall(run: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    try {
      await run();
      accounts.value = (await invoke('adminListAccounts', {})).accounts;
      accountMessage.value = { ok: true, text: done };
      return true;
    } catch (err) {
      accountMessage.value = { ok: false, text: words(err) };
      return false;
    } finally {
      busy.value = false;
    }
  }

  const createAccount = (a: { name: string; displayName: string; role: 'staff' | 'admin'; pin: string }, done: string) =>
    accountCall(() => invoke('adminCreateAccount', a), done);
  const updateAccount = (
    a: { accountId: string; role?: 'staff' | 'admin'; disabled?: boolean },
    done: string,
  ) => accountCall(() => invoke('adminUpdateAccount', a), done);
  const resetPin = (accountId: string, pin: string, done: string) =>
    accountCall(() => invoke('adminResetPin', { accountId, pin }), done);

  async function testScanner(timeoutSec: number): Promise<void> {
    scannerTest.value = { state: 'waiting' };
    try {
      scannerTest.value = await invoke('adminTestScanner', { timeoutSec });
    } catch (err) {
      scannerTest.value = { read: false, lineCount: 0, format: null, valid: null, detail: words(err) };
    }
  }

  async function testPrint(target: 'receipt' | 'report'): Promise<void> {
    try {
      const r = await invoke('adminTestPrint', { target });
      printTests.value = { ...printTests.value, [target]: { printed: r.printed, detail: r.detail, bytes: r.pdf.byteLength } };
    } catch (err) {
      printTests.value = { ...printTests.value, [target]: { failed: words(err) } };
    }
  }

  /** The audit key export's outcome: where it was written (and the entry recording it), or why not. */
  const keyExport = shallowRef<{ ok: true; file: string; keyId: string; seq: number } | { ok: false; text: string } | null>(null);

  /** Main writes the key to `file` (0600) and records it; the key itself never comes here. */
  async function exportAuditKey(file: string): Promise<void> {
    busy.value = true;
    try {
      const r = await invoke('adminExportAuditKey', { file });
      keyExport.value = { ok: true, file: r.file, keyId: r.keyId, seq: r.seq };
    } catch (err) {
      keyExport.value = { ok: false, text: words(err) };
    } finally {
      busy.value = false;
    }
  }

  /** Signed out: nothing of the admin screens stays. */
  function reset(): void {
    keyExport.value = null;
    close();
    settings.value = null;
    accounts.value = [];
    diagnostics.value = null;
    loadError.value = null;
  }

  return {
    tab,
    settings,
    settingErrors,
    saveResult,
    loadError,
    accounts,
    accountMessage,
    diagnostics,
    scannerTest,
    printTests,
    busy,
    open,
    close,
    saveSettings,
    createAccount,
    updateAccount,
    resetPin,
    testScanner,
    testPrint,
    keyExport,
    exportAuditKey,
    reset,
  };
});
