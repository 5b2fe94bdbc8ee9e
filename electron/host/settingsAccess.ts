// Whether the kiosk may write settings.json. On a locked-down kiosk IT owns the file (root-owned,
// 0644 or root:kiosk 0640, in a folder the kiosk user cannot write): the kiosk then never writes
// it, and the admin screen shows it read-only. The answer comes from the file's and its folder's
// owner and mode against this process's uid and groups (so a 0444 file is read-only even for root,
// who could write it anyway), plus access(2) for what modes cannot show (read-only mounts, ACLs),
// or from the operator's explicit flag. On Windows, where ACLs decide, it tries to open the file
// for writing (nothing is written).
import { accessSync, closeSync, constants, openSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { errorFirstLine } from '../../common/errorMessage';

export type SettingsAccess = { writable: true } | { writable: false; why: string };

/** The operator's flag (set in the kiosk's systemd unit or service environment): settings are managed. */
export const SETTINGS_READ_ONLY_ENV = 'KIOSK_SETTINGS_READ_ONLY';

export function operatorSaysReadOnly(env: NodeJS.ProcessEnv): boolean {
  const v = env[SETTINGS_READ_ONLY_ENV]?.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

export interface Identity {
  uid: number;
  gids: readonly number[];
}

function processIdentity(): Identity | null {
  if (typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return null;
  const gids = new Set<number>([process.getgid(), ...(process.getgroups?.() ?? [])]);
  return { uid: process.getuid(), gids: [...gids] };
}

/** The write bit that applies to `who` (owner, then group, then others), the way the kernel picks it. */
export function modeLetsWrite(info: Pick<Stats, 'uid' | 'gid' | 'mode'>, who: Identity): boolean {
  if (info.uid === who.uid) return (info.mode & 0o200) !== 0;
  if (who.gids.includes(info.gid)) return (info.mode & 0o020) !== 0;
  return (info.mode & 0o002) !== 0;
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

function posixAccess(target: string, isFolder: boolean, who: Identity): string | null {
  const info = statSync(target, { throwIfNoEntry: false });
  if (!info) return null;
  const what = isFolder ? `its folder ${target}` : target;
  if (!modeLetsWrite(info, who))
    return `${what} is not writable by this user (uid ${who.uid}): owner uid ${info.uid}, group ${info.gid}, mode ${octal(info.mode)}`;
  try {
    accessSync(target, constants.W_OK);
  } catch (err) {
    return `${what} is not writable: ${errorFirstLine(err)}`;
  }
  return null;
}

function windowsAccess(file: string): string | null {
  if (!statSync(file, { throwIfNoEntry: false })) return null;
  try {
    // r+ opens for writing without truncating or touching the contents.
    closeSync(openSync(file, 'r+'));
    return null;
  } catch (err) {
    return `${file} is not writable by this account: ${errorFirstLine(err)}`;
  }
}

/**
 * Can the kiosk replace `file`? It is written atomically (a temp file beside it, then a rename),
 * so its folder must be writable too; a missing file needs only the folder.
 */
export function settingsAccess(
  file: string,
  options: { operatorReadOnly?: boolean; identity?: Identity | null; platform?: NodeJS.Platform } = {},
): SettingsAccess {
  if (options.operatorReadOnly)
    return { writable: false, why: `the operator marked them read-only (${SETTINGS_READ_ONLY_ENV})` };
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') {
    const why = windowsAccess(file);
    return why ? { writable: false, why } : { writable: true };
  }
  const who = options.identity === undefined ? processIdentity() : options.identity;
  if (!who) return { writable: true };
  const why = posixAccess(file, false, who) ?? posixAccess(path.dirname(file), true, who);
  return why ? { writable: false, why } : { writable: true };
}

/** Raised instead of writing settings the operator manages; nothing was written. */
export class SettingsReadOnlyError extends Error {
  override name = 'SettingsReadOnlyError';
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super(`These settings are managed by the operator in ${file}; edit that file as root and restart the kiosk. Nothing was changed (${why}).`);
  }
}
