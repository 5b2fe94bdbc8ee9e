// The admin screen's settings: what it shows (the saved values; the key file by its path and
// whether it can be used, never its contents) and how a change is saved. Every changed value is
// checked against the settings schema (electron/host/kioskSettings.ts, the one place the rules
// live) and against the others (a service URL needs its SDK id and a readable PEM key); when any
// is refused nothing is written, so a bad value never costs a good one. Settings the running kiosk
// reads on each use apply at once; the others are saved and named as waiting for a restart.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import {
  ADMIN_SETTING_KEYS,
  DEFAULT_STAFF_GESTURE,
  type AdminSettingError,
  type AdminSettingKey,
  type AdminSettingsAnswer,
  type AdminSettingsView,
} from '../../../common/ipc/adminChannels';
import { CaptureCombination, KioskSettings } from '../../host/kioskSettings';
import { SettingsReadOnlyError, type SettingsAccess } from '../../host/settingsAccess';

/** Where the settings are kept (openKioskSettings' saveSettings, current, access and file). */
export interface SettingsPort {
  current(): KioskSettings;
  saveSettings(next: KioskSettings): KioskSettings;
  /** Whether the kiosk may write the file now; absent = always. */
  access?(): SettingsAccess;
  /** The settings file, named when it is managed by the operator. */
  file?: string;
}

/**
 * Read on each use by the running kiosk, so a change applies without a restart: the language of the
 * next person, the printers, the reasons staff pick from, the audit retention and personal data,
 * the hidden staff entry and the capture mode (kiosk screens or the service's page).
 */
export const LIVE_SETTINGS: readonly AdminSettingKey[] = [
  'language',
  'printers',
  'decisionReasons',
  'audit',
  'staffGesture',
  // Hosted capture asks for the mode each time a person starts (composeKiosk's captureMode).
  'capture',
];
/** Fixed when the kiosk starts (the service connection, the window, the timers, the USB readers). */
export const RESTART_SETTINGS: readonly AdminSettingKey[] = ADMIN_SETTING_KEYS.filter(
  (k) => !LIVE_SETTINGS.includes(k),
);

export type SaveOutcome =
  | { saved: true; settings: KioskSettings; applied: AdminSettingKey[] }
  | { saved: false; errors: AdminSettingError[] };

/** Why the key file cannot be used, in words; null when it reads as a PEM private key. */
export function keyFileProblem(file: string): string | null {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    return `the key file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return /-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem) ? null : 'the key file is not a PEM private key';
}

function firstIssue(key: AdminSettingKey, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${key} is not valid`;
  const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  return `${issue.message}${where}`;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface SettingsAdmin {
  answer(): AdminSettingsAnswer;
  save(changes: Partial<Record<AdminSettingKey, unknown>>): SaveOutcome;
}

export function createSettingsAdmin(deps: {
  port: SettingsPort;
  /** The settings the kiosk started with (a restart-only change waits until they differ no more). */
  startedWith: KioskSettings;
  /** The saved settings, for the parts of the kiosk that take them live. */
  apply(next: KioskSettings, changed: AdminSettingKey[]): void;
}): SettingsAdmin {
  function view(s: KioskSettings): AdminSettingsView {
    return {
      kioskId: s.kioskId,
      serviceUrl: s.serviceUrl,
      sdkId: s.sdkId,
      keyFile: s.keyFile,
      keyFileProblem: s.keyFile ? keyFileProblem(s.keyFile) : null,
      mode: s.mode,
      capture: s.capture,
      demo: s.demo,
      language: s.language,
      idleTimeoutSec: s.idleTimeoutSec,
      staffIdleTimeoutSec: s.staffIdleTimeoutSec,
      scanners: s.scanners,
      printers: s.printers,
      decisionReasons: s.decisionReasons,
      audit: s.audit,
      staffGesture: s.staffGesture ?? DEFAULT_STAFF_GESTURE,
    };
  }

  function managed(): AdminSettingsAnswer['readOnly'] {
    const access = deps.port.access?.() ?? { writable: true };
    return access.writable ? null : { file: deps.port.file ?? 'settings.json', why: access.why.slice(0, 500) };
  }

  function answer(): AdminSettingsAnswer {
    const s = deps.port.current();
    return {
      readOnly: managed(),
      settings: view(s),
      restartRequired: [...RESTART_SETTINGS],
      pendingRestart: RESTART_SETTINGS.filter((k) => !same(s[k], deps.startedWith[k])),
    };
  }

  function crossChecks(next: KioskSettings, changed: ReadonlySet<AdminSettingKey>): AdminSettingError[] {
    const errors: AdminSettingError[] = [];
    if (next.serviceUrl) {
      if (!next.sdkId)
        errors.push({ setting: 'sdkId', message: 'a service URL needs the SDK id of its app' });
      if (!next.keyFile)
        errors.push({ setting: 'keyFile', message: 'a service URL needs the app’s PEM key file' });
    }
    // Kiosk capture cannot work with Yoti's cloud: said beside the capture setting, or beside the
    // service URL when that is what the admin changed.
    const combination = CaptureCombination.safeParse(next);
    if (!combination.success)
      errors.push({
        setting: changed.has('serviceUrl') && !changed.has('capture') ? 'serviceUrl' : 'capture',
        message: combination.error.issues[0]?.message ?? 'capture is invalid',
      });
    // Only a key file being set now is read: one saved earlier may be on a disk not mounted yet.
    if (next.keyFile && (changed.has('keyFile') || changed.has('serviceUrl'))) {
      const problem = keyFileProblem(next.keyFile);
      if (problem) errors.push({ setting: 'keyFile', message: problem });
    }
    return errors;
  }

  /** Throws SettingsReadOnlyError, before any check and with nothing written, when the operator manages the file. */
  function save(changes: Partial<Record<AdminSettingKey, unknown>>): SaveOutcome {
    const readOnly = managed();
    if (readOnly) throw new SettingsReadOnlyError(readOnly.file, readOnly.why);
    const before = deps.port.current();
    const next: Record<string, unknown> = { ...before };
    const errors: AdminSettingError[] = [];
    const changed = new Set<AdminSettingKey>();
    for (const key of ADMIN_SETTING_KEYS) {
      if (!(key in changes)) continue;
      const schema = KioskSettings.shape[key] as z.ZodType;
      const parsed = schema.safeParse(changes[key]);
      if (!parsed.success) {
        errors.push({ setting: key, message: firstIssue(key, parsed.error) });
        continue;
      }
      next[key] = parsed.data;
      if (!same(parsed.data, before[key])) changed.add(key);
    }
    if (errors.length === 0) errors.push(...crossChecks(next as KioskSettings, changed));
    if (errors.length > 0) return { saved: false, errors };
    if (changed.size === 0) return { saved: true, settings: before, applied: [] };
    const saved = deps.port.saveSettings(next as KioskSettings);
    const applied = [...changed].filter((k) => LIVE_SETTINGS.includes(k));
    deps.apply(saved, [...changed]);
    return { saved: true, settings: saved, applied };
  }

  return { answer, save };
}
