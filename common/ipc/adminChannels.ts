// The admin screens' IPC channels (admin role only: main checks the role on every call, the
// renderer's menus are only a convenience). Spread into `invokeContract` in contract.ts. What
// crosses here is what an admin may read and type: setting values (paths are shown, file contents
// never), accounts without any hash, devices and the service's health. The rules every setting
// must meet live in main (electron/host/kioskSettings.ts); the request carries values as typed
// and the answer says, in words, what was wrong with each one.
import { z } from 'zod';
import { DECISIONS } from '../decisions';
import { KIOSK_MODES } from '../kioskMode';
import { CAPTURE_MODES } from './hostedChannels';

/** The settings the admin screen edits, in the order it shows them. */
export const ADMIN_SETTING_KEYS = [
  'serviceUrl',
  'sdkId',
  'keyFile',
  'mode',
  'capture',
  'demo',
  'language',
  'idleTimeoutSec',
  'staffIdleTimeoutSec',
  'scanners',
  'printers',
  'decisionReasons',
  'audit',
  'staffGesture',
] as const;
export type AdminSettingKey = (typeof ADMIN_SETTING_KEYS)[number];

/** The corners the hidden staff entry can be in. */
export const STAFF_GESTURE_CORNERS = ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;
export type StaffGestureCorner = (typeof STAFF_GESTURE_CORNERS)[number];

/** The hidden staff entry: this many taps in this corner of the start screen (within 3 s). */
export const StaffGesture = z.object({
  corner: z.enum(STAFF_GESTURE_CORNERS, 'staffGesture.corner must be top-right, top-left, bottom-right or bottom-left'),
  taps: z
    .number('staffGesture.taps must be a whole number from 3 to 10')
    .int('staffGesture.taps must be a whole number from 3 to 10')
    .min(3, 'staffGesture.taps must be at least 3')
    .max(10, 'staffGesture.taps must be at most 10'),
});
export type StaffGesture = z.infer<typeof StaffGesture>;
export const DEFAULT_STAFF_GESTURE: StaffGesture = { corner: 'top-right', taps: 5 };

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
  /** How people are captured: the kiosk's screens, the service's web page, or null = by the service. */
  capture: z.enum(CAPTURE_MODES).nullable(),
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
  staffGesture: StaffGesture,
});
export type AdminSettingsView = z.infer<typeof AdminSettingsView>;

export const AdminSettingsAnswer = z.object({
  /**
   * Set when the operator manages settings.json (the kiosk may not write it: root-owned on a
   * locked-down kiosk): the screen shows the settings read-only, and a save is refused with
   * SETTINGS_READ_ONLY. Null (or absent) when the admin screen can edit them.
   */
  readOnly: z.object({ file: z.string().max(4096), why: z.string().max(500) }).nullable().optional(),
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
  /**
   * The hidden staff entry's corner and tap count, for the start screen (no sign-in: the customer's
   * screen must know where to count taps; the PIN still guards everything past it).
   */
  getStaffGesture: {
    request: z.object({}),
    response: StaffGesture,
  },
  /**
   * Writes the audit log's verification key to the file the admin names (mode 0600; never
   * replacing a file), for `npm run -s audit -- verify --key-file FILE`. Recorded in the audit
   * log. The answer carries the key's id, never its bytes.
   */
  adminExportAuditKey: {
    request: z.object({ file: z.string().min(1, 'name the file to write').max(4096) }),
    response: z.object({ file: z.string().max(4096), keyId: z.string().max(128), seq: z.number().int() }),
  },
  /** A test page (no personal data) to the receipt's or the report's printer, and its PDF. */
  adminTestPrint: {
    request: z.object({ target: z.enum(['receipt', 'report']) }),
    response: z.object({ pdf: z.instanceof(Uint8Array), printed: z.boolean(), detail: z.string().max(300) }),
  },
} as const;
