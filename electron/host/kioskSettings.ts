// Kiosk settings in settings.json (electron-store under Electron, conf in the Chromium fallback:
// the same file format), checked with zod. A settings file that is not JSON, or holds
// a value outside the schema, never stops the kiosk and never loses data: the broken file is kept
// aside, the last good values (settings.last-good.json) are used, and each problem is reported in
// words an installer can act on.
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorFirstLine } from '../../common/errorMessage';
import { DEFAULT_KIOSK_MODE, KIOSK_MODES } from '../../common/kioskMode';

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
});
export type KioskSettings = z.infer<typeof KioskSettings>;

export const DEFAULT_SETTINGS: KioskSettings = {
  serviceUrl: null,
  sdkId: null,
  keyFile: null,
  mode: DEFAULT_KIOSK_MODE,
  demo: true,
  idleTimeoutSec: 90,
  language: 'en',
  scanners: [],
};

/** Secrets kept in the same store, each encrypted with Electron safeStorage (base64 of its output). */
export const StoredSecrets = z.object({
  embeddedApp: z.object({ sdkId: z.string(), privateKeyEnc: z.string() }).optional(),
  outboxKeyEnc: z.string().optional(),
  /** The embedded IDV store's master key (wraps every session's media key). */
  idvMasterKeyEnc: z.string().optional(),
});
export type StoredSecrets = z.infer<typeof StoredSecrets>;

/** The subset of electron-store / conf used here. */
export interface SettingsBackingStore {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}
export type SettingsStoreFactory = (opts: {
  name: string;
  cwd: string;
  configFileMode: number;
}) => SettingsBackingStore;

/** settings.json holds the encrypted keys and where the service is: readable by the kiosk user only. */
const SETTINGS_FILE_MODE = 0o600;

function keepPrivate(file: string): void {
  if (existsSync(file)) chmodSync(file, SETTINGS_FILE_MODE);
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
  saveSecrets(secrets: StoredSecrets): void;
  file: string;
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

export function openKioskSettings(
  cwd: string,
  createStore: SettingsStoreFactory,
  now: () => Date = () => new Date(),
): OpenedSettings {
  const file = path.join(cwd, `${SETTINGS_NAME}.json`);
  const backupFile = path.join(cwd, `${SETTINGS_NAME}.last-good.json`);
  const problems: string[] = [];

  let store: SettingsBackingStore;
  let raw: Record<string, unknown>;
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

  const backup = readBackup(backupFile) ?? {};
  const settings: Record<string, unknown> = {};
  let allValid = true;
  for (const [key, schema] of Object.entries(KioskSettings.shape) as Array<
    [keyof KioskSettings, z.ZodType]
  >) {
    if (!(key in raw)) {
      settings[key] = DEFAULT_SETTINGS[key];
      continue;
    }
    const r = schema.safeParse(raw[key]);
    if (r.success) {
      settings[key] = r.data;
      continue;
    }
    allValid = false;
    const fromBackup = key in backup ? schema.safeParse(backup[key]) : null;
    const fallback = fromBackup?.success ? fromBackup.data : DEFAULT_SETTINGS[key];
    const message = r.error.issues[0]?.message ?? 'invalid value';
    problems.push(
      `setting "${key}" in ${file} is invalid (${message}); using ${JSON.stringify(fallback)} (${fromBackup?.success ? 'last good value' : 'default'}).`,
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

  const secretsParsed = StoredSecrets.safeParse(raw.secrets ?? {});
  if (!secretsParsed.success)
    problems.push(
      'the stored secrets are unreadable; new ones will be created (queued uploads from before cannot be resumed).',
    );
  const secrets = secretsParsed.success ? secretsParsed.data : {};

  // Only a file that passed every check becomes the new "last good" copy.
  // A file made before this rule (or by hand) is made private too.
  keepPrivate(file);
  if (allValid && problems.length === 0 && existsSync(file)) copyPrivate(file, backupFile);

  return {
    settings: parsedSettings,
    secrets,
    problems,
    file,
    saveSecrets(next) {
      store.set('secrets', StoredSecrets.parse(next));
      keepPrivate(file);
      if (allValid && problems.length === 0) copyPrivate(file, backupFile);
    },
  };
}
