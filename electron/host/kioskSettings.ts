// Kiosk settings in settings.json (electron-store under Electron, conf in the Chromium fallback:
// the same file format), checked with zod. A settings file that is not JSON, or holds
// a value outside the schema, never stops the kiosk and never loses data: the broken file is kept
// aside, the last good values (settings.last-good.json) are used, and each problem is reported in
// words an installer can act on.
// settings.json is what IT configures; the kiosk's own state (its kiosk id, its sealed secrets)
// lives in its data folder (kioskState.ts). A settings file the kiosk cannot write (root-owned on
// a locked-down kiosk, settingsAccess.ts) is only read: never written, moved or chmodded.
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorFirstLine } from '../../common/errorMessage';
import { DECISIONS, DecisionReason } from '../../common/ipc/contract';
import { DEFAULT_KIOSK_MODE, KIOSK_MODES } from '../../common/kioskMode';
import { CAPTURE_MODES, type CaptureMode } from '../../common/ipc/hostedChannels';
import { DEFAULT_STAFF_GESTURE, StaffGesture } from '../../common/ipc/adminChannels';
import { AuditPolicy, DEFAULT_AUDIT_POLICY } from '../services/audit/auditEntry';
import { DEFAULT_PRINTER_SETTINGS, PrinterSettings } from '../services/receipts/printerSettings';
import { DEFAULT_STAFF_IDLE } from '../services/staff';
import { KioskId, openKioskState, StoredSecrets, type KioskState } from './kioskState';
import { settingsAccess, SettingsReadOnlyError, type SettingsAccess } from './settingsAccess';

export { StoredSecrets } from './kioskState';

/** The reasons a fresh kiosk offers staff; `decisionReasons` in settings.json replaces the list. */
export const DEFAULT_DECISION_REASONS: DecisionReason[] = [
  { code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] },
  { code: 'DOCUMENT_DOUBTFUL', decisions: ['REJECT'] },
  { code: 'FACE_DOES_NOT_MATCH', decisions: ['REJECT'] },
  { code: 'DOCUMENT_EXPIRED', decisions: ['REJECT'] },
  { code: 'NEEDS_SECOND_LOOK', decisions: ['REFER'] },
];

const DecisionReasons = z
  .array(DecisionReason, 'decisionReasons must be a list of {code, decisions}')
  .superRefine((reasons, ctx) => {
    const seen = new Set<string>();
    for (const r of reasons) {
      if (seen.has(r.code)) ctx.addIssue({ code: 'custom', message: `decisionReasons lists ${r.code} twice` });
      seen.add(r.code);
    }
    // Staff must always be able to record each decision.
    for (const d of DECISIONS)
      if (!reasons.some((r) => r.decisions.includes(d)))
        ctx.addIssue({ code: 'custom', message: `decisionReasons has no reason for ${d}` });
  });

/** A kiosk id made once on the first run and kept in the kiosk's state file (the audit log names it). */
export function newKioskId(): string {
  return `kiosk-${randomBytes(6).toString('hex')}`;
}

export const KioskSettings = z.object({
  /** RP API base URL of a standalone service or Yoti's cloud; null = the embedded service. */
  serviceUrl: z.string().url('serviceUrl must be a URL such as https://api.yoti.com/idverify/v1').nullable(),
  /** SDK id for serviceUrl (ignored when embedded). */
  sdkId: z.string().min(1).max(200).nullable(),
  /** PEM private key file for serviceUrl (ignored when embedded). Read by main only. */
  keyFile: z.string().min(1).nullable(),
  /** unattended: full-screen kiosk; staff: a normal window at a staffed counter. */
  mode: z.enum(KIOSK_MODES),
  /**
   * The embedded service runs in demo mode: it offers the ICAO specimen issuer, and the demo
   * camera can stand in for a real one. Has no effect with a real service (serviceUrl set).
   */
  demo: z.boolean(),
  idleTimeoutSec: z
    .number()
    .int()
    .min(15, 'idleTimeoutSec must be at least 15')
    .max(3600, 'idleTimeoutSec must be at most 3600'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'language must look like "en" or "pt-BR"'),
  /** Extra USB HID ids to treat as MRZ readers (readers named "MRZ"/"passport" are found anyway). */
  scanners: z.array(
    z.object({
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff).optional(),
    }),
  ),
  /** Names this kiosk in the audit log and on receipts (absent from settings.json: the one the kiosk made). */
  kioskId: KioskId,
  /** The reasons staff pick from, each with the decisions it goes with. */
  decisionReasons: DecisionReasons,
  /** The audit log: how long entries are kept, and what of the person an entry may hold. */
  audit: AuditPolicy,
  /** Staff are signed out after this long without activity at the station. */
  staffIdleTimeoutSec: z
    .number()
    .int()
    .min(30, 'staffIdleTimeoutSec must be at least 30')
    .max(3600, 'staffIdleTimeoutSec must be at most 3600'),
  /** Where the receipt and the report print besides their PDF (none, a system printer, ESC/POS). */
  printers: PrinterSettings,
  /**
   * ISO 3166-1 alpha-3 codes of the countries most people here bring documents from: the document
   * screen lists them first (e.g. ["GBR", "IRL"]). Empty = plain alphabetical order.
   */
  likelyCountries: z
    .array(z.string().regex(/^[A-Z]{3}$/, 'likelyCountries must be alpha-3 codes such as "GBR"'))
    .max(30, 'likelyCountries must have at most 30 countries'),
  /**
   * How the person is captured: "kiosk" (the kiosk's own screens, through the client API a
   * Yoti-compatible service such as the local one offers) or "hosted" (the service's hosted web
   * page, the only way with Yoti's cloud). null = by the service: kiosk for a local one, hosted for Yoti.
   */
  capture: z.enum(CAPTURE_MODES, 'capture must be "kiosk", "hosted" or null').nullable(),
  /**
   * The passport chip reader (PC/SC): on or off, the folder of CSCA certificates / ICAO master
   * lists / CRLs for passive authentication (null = <data>/csca), and the reader by name (null =
   * any). Absent = on, with those defaults.
   */
  chip: z
    .object({
      enabled: z.boolean(),
      cscaDir: z.string().min(1, 'chip.cscaDir must be a folder or null').nullable(),
      reader: z.string().min(1).max(200, 'chip.reader must be at most 200 characters').nullable(),
    })
    .optional(),
  /** The hidden staff entry on the start screen: the corner and the number of taps. Absent = top-right, 5. */
  staffGesture: StaffGesture.optional(),
  /**
   * In-branch station (IBV) on a site's server: the station id and its key file from
   * `idv station create`. Absent = with the embedded service the kiosk registers itself; with a
   * site's server the kiosk is no branch station.
   */
  branch: z
    .object({
      stationId: z.uuid('branch.stationId must be the station id idv station create printed'),
      keyFile: z.string().min(1, 'branch.keyFile must be the station-<id>.pem path'),
    })
    .optional(),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/** Yoti's cloud (api.yoti.com and its other hosts): it offers no client API for kiosk capture. */
export function isYotiCloud(serviceUrl: string | null): boolean {
  if (!serviceUrl) return false;
  try {
    return /(^|\.)yoti\.com$/.test(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}

/** The capture mode a kiosk runs with: the setting, or the service's default. */
export function captureModeOf(settings: Pick<KioskSettings, 'serviceUrl' | 'capture'>): CaptureMode {
  return settings.capture ?? (isYotiCloud(settings.serviceUrl) ? 'hosted' : 'kiosk');
}

/** The combination that cannot work, refused in words: kiosk capture needs a client API Yoti does not offer. */
export const CaptureCombination = z
  .object({ serviceUrl: z.string().nullable(), capture: z.enum(CAPTURE_MODES).nullable() })
  .superRefine((s, ctx) => {
    if (s.capture === 'kiosk' && isYotiCloud(s.serviceUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['capture'],
        message:
          "capture \"kiosk\" cannot work with Yoti's cloud: its public API has no client API for the kiosk's own screens to upload through; use \"hosted\" (Yoti's web page) or leave capture unset",
      });
  });

/** Every default but kioskId, which is made once per kiosk (newKioskId) and kept. */
export const DEFAULT_SETTINGS: Omit<KioskSettings, 'kioskId'> = {
  serviceUrl: null,
  sdkId: null,
  keyFile: null,
  mode: DEFAULT_KIOSK_MODE,
  demo: true,
  idleTimeoutSec: 90,
  language: 'en',
  scanners: [],
  decisionReasons: DEFAULT_DECISION_REASONS,
  audit: DEFAULT_AUDIT_POLICY,
  staffIdleTimeoutSec: DEFAULT_STAFF_IDLE.timeoutSeconds,
  printers: DEFAULT_PRINTER_SETTINGS,
  likelyCountries: [],
  capture: null,
  staffGesture: DEFAULT_STAFF_GESTURE,
};

/** The subset of electron-store / conf used here. */
export interface SettingsBackingStore {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
  /** conf and electron-store have it: used to take the kiosk's secrets out of an old settings.json. */
  delete?(key: string): void;
}
export type SettingsStoreFactory = (opts: {
  name: string;
  cwd: string;
  configFileMode: number;
}) => SettingsBackingStore;

/** A settings.json the kiosk itself writes (a desktop install) stays readable by the kiosk user only. */
const SETTINGS_FILE_MODE = 0o600;

/** Only the file's owner may chmod it; a file another user owns is left as it is. */
function keepPrivate(file: string): void {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info || process.platform === 'win32') return;
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return;
  if ((info.mode & 0o777) !== SETTINGS_FILE_MODE) chmodSync(file, SETTINGS_FILE_MODE);
}

function copyPrivate(from: string, to: string): void {
  copyFileSync(from, to);
  keepPrivate(to);
}

export interface OpenedSettings {
  settings: KioskSettings;
  secrets: StoredSecrets;
  /** Human-readable problems found (empty when the file was fine). */
  problems: string[];
  /** What was done that is not a problem, in words, for the log (e.g. the secrets moved to the state file). */
  notes: string[];
  /** Kept in the state file (never in settings.json). */
  saveSecrets(secrets: StoredSecrets): void;
  /**
   * Writes a complete, already valid set of settings (the admin screen's save path): checked
   * again here, so a bad value throws before anything is written and nothing saved is lost.
   * The file then becomes the new last good copy. Throws SettingsReadOnlyError, with nothing
   * written, when the kiosk may not write the file.
   */
  saveSettings(next: KioskSettings): KioskSettings;
  /** The settings as last opened or saved. */
  current(): KioskSettings;
  /** Whether the kiosk may write settings.json now (checked again at each call). */
  access(): SettingsAccess;
  /** Why settings.json was only read at start (managed by the operator); null when it is the kiosk's to write. */
  readOnly: string | null;
  file: string;
  /** The kiosk's own state: kiosk id and sealed secrets (kiosk-state.json in its data folder). */
  stateFile: string;
}

export interface OpenSettingsOptions {
  /** The folder of kiosk-state.json: the kiosk's data folder (default <settings folder>/kiosk-data). */
  stateDir?: string;
  /** The operator's explicit flag (KIOSK_SETTINGS_READ_ONLY): never write settings.json. */
  operatorReadOnly?: boolean;
}

const SETTINGS_NAME = 'settings';

function readBackup(file: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A settings file the kiosk may not write, read as it is (never moved aside or rewritten). */
function readManaged(file: string): { raw: Record<string, unknown> } | { error: string } {
  if (!existsSync(file)) return { raw: {} };
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return { raw: v as Record<string, unknown> };
    return { error: 'it does not hold a JSON object' };
  } catch (err) {
    return { error: errorFirstLine(err) };
  }
}

export function openKioskSettings(
  cwd: string,
  createStore: SettingsStoreFactory,
  now: () => Date = () => new Date(),
  options: OpenSettingsOptions = {},
): OpenedSettings {
  const file = path.join(cwd, `${SETTINGS_NAME}.json`);
  const backupFile = path.join(cwd, `${SETTINGS_NAME}.last-good.json`);
  const problems: string[] = [];
  const notes: string[] = [];
  const accessNow = (): SettingsAccess => settingsAccess(file, { operatorReadOnly: options.operatorReadOnly });
  const atStart = accessNow();
  const writable = atStart.writable;

  let store: SettingsBackingStore | null = null;
  let raw: Record<string, unknown>;
  if (!writable) {
    const read = readManaged(file);
    if ('raw' in read) raw = read.raw;
    else {
      const backup = readBackup(backupFile);
      raw = backup ?? {};
      problems.push(
        `${file} could not be read (${read.error}); it is managed by the operator and was left as it is; ${backup ? 'the last good settings are used' : 'default settings are used'}.`,
      );
    }
  } else {
    try {
      store = createStore({ name: SETTINGS_NAME, cwd, configFileMode: SETTINGS_FILE_MODE });
      raw = store.store;
    } catch (err) {
      const aside = path.join(
        cwd,
        `${SETTINGS_NAME}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      if (existsSync(file)) renameSync(file, aside);
      const why = errorFirstLine(err);
      if (existsSync(backupFile) && readBackup(backupFile)) {
        copyPrivate(backupFile, file);
        problems.push(
          `${file} could not be read (${why}); it was kept as ${path.basename(aside)} and the last good settings were restored.`,
        );
      } else {
        problems.push(
          `${file} could not be read (${why}); it was kept as ${path.basename(aside)} and default settings are used.`,
        );
      }
      store = createStore({ name: SETTINGS_NAME, cwd, configFileMode: SETTINGS_FILE_MODE });
      raw = store.store;
    }
  }
  const kioskState = openKioskState(options.stateDir ?? path.join(cwd, 'kiosk-data'), now);
  problems.push(...kioskState.problems);
  const stateBefore: KioskState = kioskState.state;

  const backup = readBackup(backupFile) ?? {};
  const settings: Record<string, unknown> = {};
  let allValid = true;
  /** The kiosk id when settings.json names none (or a bad one): the one in the state file, else a new one kept there. */
  const defaultFor = (key: keyof KioskSettings): unknown =>
    key === 'kioskId' ? (stateBefore.kioskId ?? newKioskId()) : DEFAULT_SETTINGS[key];
  for (const [key, schema] of Object.entries(KioskSettings.shape) as Array<
    [keyof KioskSettings, z.ZodType]
  >) {
    if (!(key in raw)) {
      settings[key] = defaultFor(key);
      continue;
    }
    const r = schema.safeParse(raw[key]);
    if (r.success) {
      settings[key] = r.data;
      continue;
    }
    allValid = false;
    const fromBackup = key in backup ? schema.safeParse(backup[key]) : null;
    const fallback =
      key === 'kioskId' && stateBefore.kioskId
        ? stateBefore.kioskId
        : fromBackup?.success
          ? fromBackup.data
          : defaultFor(key);
    const message = r.error.issues[0]?.message ?? 'invalid value';
    problems.push(
      `setting "${key}" in ${file} is invalid (${message}); using ${JSON.stringify(fallback)} (${key === 'kioskId' && stateBefore.kioskId ? "the kiosk's own id" : fromBackup?.success ? 'last good value' : 'default'}).`,
    );
    settings[key] = fallback;
  }
  const parsedSettings = KioskSettings.parse(settings);
  if (parsedSettings.serviceUrl && (!parsedSettings.sdkId || !parsedSettings.keyFile)) {
    problems.push(
      `serviceUrl is set but sdkId or keyFile is missing in ${file}; using the embedded service.`,
    );
    parsedSettings.serviceUrl = null;
  }
  const combination = CaptureCombination.safeParse(parsedSettings);
  if (!combination.success) {
    problems.push(`${combination.error.issues[0]?.message ?? 'capture is invalid'} (in ${file}); using "hosted".`);
    parsedSettings.capture = 'hosted';
  }

  // The secrets: the state file's; an install from before the state file kept them in
  // settings.json, so they are copied over once (and taken out of settings.json when the kiosk may
  // write it; a read-only one is left as it is and still works).
  let secrets: StoredSecrets = stateBefore.secrets ?? {};
  const legacySecrets = 'secrets' in raw;
  let nextState: KioskState = { ...stateBefore };
  if (!stateBefore.secrets && legacySecrets) {
    const old = StoredSecrets.safeParse(raw.secrets);
    if (old.success) {
      secrets = old.data;
      nextState.secrets = old.data;
    } else
      problems.push(
        'the stored secrets are unreadable; new ones will be created (queued uploads from before cannot be resumed).',
      );
  }
  // Made once and kept: the audit log and the receipts name the kiosk the same way on every run.
  if (!stateBefore.kioskId) nextState = { ...nextState, kioskId: parsedSettings.kioskId };
  if (JSON.stringify(nextState) !== JSON.stringify(stateBefore)) kioskState.save(nextState);
  if (!stateBefore.secrets && nextState.secrets)
    notes.push(`the kiosk's sealed secrets were copied from ${file} to ${kioskState.file}`);

  // Tidying beside a writable file never stops the kiosk: what fails is said, and nothing is lost
  // (the secrets are in the state file already, the settings in settings.json).
  const tidy = (what: string, step: () => void): void => {
    try {
      step();
    } catch (err) {
      problems.push(`${what} failed (${errorFirstLine(err)}); the kiosk goes on with ${file} as it is.`);
    }
  };
  if (store && legacySecrets && kioskState.state.secrets && store.delete) {
    const settingsStore = store;
    // Safe in the state file now (saved above): settings.json keeps only what IT configures.
    tidy(`taking the kiosk's secrets out of ${file}`, () => {
      settingsStore.delete?.('secrets');
      const backupRaw = readBackup(backupFile);
      if (backupRaw && 'secrets' in backupRaw) {
        delete backupRaw.secrets;
        writeFileSync(backupFile, JSON.stringify(backupRaw, null, '\t'), { mode: SETTINGS_FILE_MODE });
      }
      notes.push(`the kiosk's secrets were taken out of ${file}`);
    });
  }

  // Only a file that passed every check becomes the new "last good" copy; a file the kiosk may
  // not write is never touched, nor is anything beside it.
  if (store) {
    const valid = allValid && problems.length === 0;
    tidy(`keeping ${file} private`, () => keepPrivate(file));
    if (valid && existsSync(file)) tidy(`copying ${file} to ${backupFile}`, () => copyPrivate(file, backupFile));
  }
  const kioskIdInFile = 'kioskId' in raw;

  let current: KioskSettings = parsedSettings;
  return {
    settings: parsedSettings,
    secrets,
    problems,
    notes,
    file,
    stateFile: kioskState.file,
    readOnly: atStart.writable ? null : atStart.why,
    access: accessNow,
    current: () => current,
    saveSettings(next) {
      const access = accessNow();
      if (!access.writable) throw new SettingsReadOnlyError(file, access.why);
      // Read-only at start, writable now (IT handed the file back): opened for writing from here.
      store ??= createStore({ name: SETTINGS_NAME, cwd, configFileMode: SETTINGS_FILE_MODE });
      const checked = KioskSettings.parse(next);
      CaptureCombination.parse(checked);
      // An optional setting left unset stays absent (conf refuses to set undefined); the kiosk id
      // stays in the state file unless IT named it in settings.json.
      for (const key of Object.keys(KioskSettings.shape) as Array<keyof KioskSettings>)
        if (checked[key] !== undefined && (key !== 'kioskId' || kioskIdInFile)) store.set(key, checked[key]);
      keepPrivate(file);
      current = checked;
      // Every setting in the file now passed the schema: it is the new "last good" copy.
      copyPrivate(file, backupFile);
      return checked;
    },
    saveSecrets(next) {
      kioskState.save({ ...kioskState.state, secrets: StoredSecrets.parse(next) });
    },
  };
}
