// The admin screens' IPC channels (admin role only: main checks the role on every call, the
// renderer's menus are only a convenience). Spread into `invokeContract` in contract.ts. What
// crosses here is what an admin may read and type: setting values (paths are shown, file contents
// never), accounts without any hash, devices and the service's health. The rules every setting
// must meet live in main (electron/host/kioskSettings.ts); the request carries values as typed
// and the answer says, in words, what was wrong with each one.
import { z } from 'zod';
import { DECISIONS } from '../decisions';
import { KIOSK_MODES } from '../kioskMode';

/** The settings the admin screen edits, in the order it shows them. */
export const ADMIN_SETTING_KEYS = [
  'serviceUrl',
  'sdkId',
  'keyFile',
  'mode',
  'demo',
  'language',
  'idleTimeoutSec',
  'staffIdleTimeoutSec',
  'scanners',
  'printers',
  'decisionReasons',
  'audit',
] as const;
export type AdminSettingKey = (typeof ADMIN_SETTING_KEYS)[number];

const receiptTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('system'), deviceName: z.string().max(200) }),
  z.object({ kind: z.literal('escpos'), devicePath: z.string().max(500), columns: z.number().int() }),
]);
const reportTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('system'), deviceName: z.string().max(200) }),
]);

/** The settings as the admin screen shows them (the key file: where it is and whether it reads). */
export const AdminSettingsView = z.object({
  kioskId: z.string().max(64),
  serviceUrl: z.string().max(2000).nullable(),
  sdkId: z.string().max(200).nullable(),
  keyFile: z.string().max(4096).nullable(),
  /** Why the key file cannot be used (unreadable, not a PEM private key); null when fine or unset. */
  keyFileProblem: z.string().max(300).nullable(),
  mode: z.enum(KIOSK_MODES),
  demo: z.boolean(),
  language: z.string().max(16),
  idleTimeoutSec: z.number().int(),
  staffIdleTimeoutSec: z.number().int(),
  scanners: z.array(z.object({ vendorId: z.number().int(), productId: z.number().int().optional() })),
  printers: z.object({ receipt: receiptTarget, report: reportTarget }),
  decisionReasons: z.array(
    z.object({ code: z.string().max(48), decisions: z.array(z.enum(DECISIONS)) }),
  ),
  audit: z.object({ retentionDays: z.number().int(), personalData: z.enum(['none', 'documentNumberLast4']) }),
});
export type AdminSettingsView = z.infer<typeof AdminSettingsView>;

export const AdminSettingsAnswer = z.object({
  settings: AdminSettingsView,
  /** Settings that take effect only after the kiosk restarts (the others apply at once). */
  restartRequired: z.array(z.enum(ADMIN_SETTING_KEYS)),
  /** Saved values that differ from what the running kiosk uses until it restarts. */
  pendingRestart: z.array(z.enum(ADMIN_SETTING_KEYS)),
});
export type AdminSettingsAnswer = z.infer<typeof AdminSettingsAnswer>;

export const AdminSettingError = z.object({
  setting: z.enum(ADMIN_SETTING_KEYS),
  message: z.string().max(500),
});
export type AdminSettingError = z.infer<typeof AdminSettingError>;

export const AdminAccount = z.object({
  id: z.string().max(64),
  name: z.string().max(64),
  displayName: z.string().max(80),
  role: z.enum(['staff', 'admin']),
  disabled: z.boolean(),
});
export type AdminAccount = z.infer<typeof AdminAccount>;

const accountId = z.string().min(1).max(64);

export const ServiceHealth = z.object({
  label: z.string().max(200),
  kind: z.enum(['embedded', 'standalone', 'yoti']),
  reachable: z.boolean(),
  /** The round trip of the health request, in milliseconds; null when it failed. */
  latencyMs: z.number().nonnegative().nullable(),
  /** What the service answered, or why it could not be reached, in words. */
  detail: z.string().max(300),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const adminContract = {
  /** The settings as saved, and which of them need a restart. */
  adminGetSettings: {
    request: z.object({}),
    response: AdminSettingsAnswer,
  },
  /**
   * Saves the changed settings. All or nothing: when any value is refused, nothing is saved and
   * `errors` says why for each; the answer always carries the settings as they now stand.
   */
  adminSaveSettings: {
    request: z.object({ changes: z.partialRecord(z.enum(ADMIN_SETTING_KEYS), z.unknown()) }),
    response: AdminSettingsAnswer.extend({
      saved: z.boolean(),
      errors: z.array(AdminSettingError),
      /** Saved and already in use. */
      applied: z.array(z.enum(ADMIN_SETTING_KEYS)),
    }),
  },
  adminListAccounts: {
    request: z.object({}),
    response: z.object({ accounts: z.array(AdminAccount) }),
  },
  adminCreateAccount: {
    request: z.object({
      name: z.string().min(1).max(64),
      displayName: z.string().min(1).max(80),
      role: z.enum(['staff', 'admin']),
      pin: z.string().min(1).max(256),
    }),
    response: AdminAccount,
  },
  adminUpdateAccount: {
    request: z.object({
      accountId,
      role: z.enum(['staff', 'admin']).optional(),
      disabled: z.boolean().optional(),
      displayName: z.string().min(1).max(80).optional(),
    }),
    response: AdminAccount,
  },
  adminResetPin: {
    request: z.object({ accountId, pin: z.string().min(1).max(256) }),
    response: z.object({ reset: z.boolean() }),
  },
  /** The verification service's health and latency, the scanners, and the system printers. */
  adminDiagnostics: {
    request: z.object({}),
    response: z.object({
      service: ServiceHealth,
      scanners: z.array(z.object({ id: z.string(), label: z.string(), connected: z.boolean() })),
      printers: z.array(z.object({ name: z.string().max(200), displayName: z.string().max(200) })),
      /** Why no system printer list is given (e.g. the Chromium host has no system printing). */
      printersNote: z.string().max(300).nullable(),
    }),
  },
  /**
   * Waits for the next read of a document scanner (an MRZ swiped within `timeoutSec`) and says
   * what it was: how many lines, the format, whether the check digits hold. Never the MRZ itself.
   */
  adminTestScanner: {
    request: z.object({ timeoutSec: z.number().int().min(1).max(60) }),
    response: z.object({
      read: z.boolean(),
      lineCount: z.number().int().nonnegative(),
      format: z.string().max(16).nullable(),
      valid: z.boolean().nullable(),
      detail: z.string().max(300),
    }),
  },
  /** A test page (no personal data) to the receipt's or the report's printer, and its PDF. */
  adminTestPrint: {
    request: z.object({ target: z.enum(['receipt', 'report']) }),
    response: z.object({ pdf: z.instanceof(Uint8Array), printed: z.boolean(), detail: z.string().max(300) }),
  },
} as const;
