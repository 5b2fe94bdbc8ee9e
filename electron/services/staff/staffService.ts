// Staff accounts and sign-in for the staff station, in the main process (no electron: the Chromium
// host and the tests run it as is). One member of staff is signed in at a time (one station);
// their opaque token stays in main, and an IPC handler gives the renderer only the session view.
//
// Every operation that reads and then writes the accounts or the lockout runs one at a time
// (`serial`), so parallel sign-ins cannot each spend the same "attempt left" and two first-run
// screens cannot both create the first admin. Every input is parsed here, whatever the caller
// checked already. Nothing secret is logged: account ids and counts only, never a name typed at
// sign-in (it may be a PIN typed in the wrong field), a PIN, a hash or a token.
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { errorMessage } from '../../../common/errorMessage';
import type { Logger } from '../../../platform/logger';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashCredential,
  needsRehash,
  verifyCredential,
  type CredentialHash,
  type ScryptParams,
} from './credentialHash';
import { IdleSession, type SignOutReason } from './idleSession';
import {
  DEFAULT_LOCKOUT_POLICY,
  NO_LOCKOUT,
  afterWrongPin,
  attemptsLeft,
  lockRemainingMs,
  retryAfterSeconds,
  type LockoutPolicy,
} from './stationLockout';
import { StaffError } from './staffErrors';
import { StaffFile, nameKey, type StaffData, type StoredAccount } from './staffFile';
import {
  AccountRef,
  CreateAccountInput,
  CreateFirstAdminInput,
  ResetPinInput,
  SessionToken,
  SignInInput,
  UpdateAccountInput,
  type StaffRole,
} from './staffSchemas';
import { systemClock, type StaffClock } from './staffSessionClock';

export interface StaffIdlePolicy {
  /** Station default; an account may have its own (idleTimeoutSeconds). */
  timeoutSeconds: number;
  /** The warning comes this long before the sign-out. */
  warningSeconds: number;
}
export const DEFAULT_STAFF_IDLE: StaffIdlePolicy = { timeoutSeconds: 300, warningSeconds: 30 };

export interface StaffServiceOptions {
  /** The kiosk's data folder; the accounts file is staff.json in it. */
  dataDir: string;
  logger: Logger;
  clock?: StaffClock;
  scrypt?: ScryptParams;
  lockout?: LockoutPolicy;
  idle?: StaffIdlePolicy;
}

/** What the signed-in member of staff is; the renderer needs only displayName and role. */
export interface StaffSessionView {
  accountId: string;
  displayName: string;
  role: StaffRole;
  idleTimeoutSeconds: number;
  warningSeconds: number;
}

export interface SignInResult {
  /** Kept in main; never sent to the renderer. */
  token: string;
  session: StaffSessionView;
}

/** An account as admins see it: no hash, no salt, no parameters. */
export interface StaffAccountView {
  id: string;
  name: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  idleTimeoutSeconds: number | null;
  createdAt: number;
  updatedAt: number;
}

export type StaffStoreStatus =
  | { state: 'ok' }
  | { state: 'unavailable'; code: 'STORE_CORRUPT' | 'STORE_IO'; message: string; file: string; keptAt: string | null };

export interface StaffStatus {
  store: StaffStoreStatus;
  /** No admin account exists: the first-run screen creates one, without a sign-in. */
  needsFirstAdmin: boolean;
  /** Seconds until sign-in is possible again (0 = not locked). */
  lockedForSeconds: number;
  /** Wrong PINs left before the station locks. */
  attemptsLeft: number;
  session: StaffSessionView | null;
}

export type StaffEvent =
  | { type: 'signed-in'; session: StaffSessionView }
  | { type: 'idle-warning'; accountId: string; secondsLeft: number }
  | { type: 'idle-warning-cleared'; accountId: string }
  | { type: 'signed-out'; accountId: string; reason: SignOutReason };

export interface StaffService {
  status(): StaffStatus;
  createFirstAdmin(input: z.input<typeof CreateFirstAdminInput>): Promise<SignInResult>;
  signIn(input: z.input<typeof SignInInput>): Promise<SignInResult>;
  /** Ends the session if `token` is the current one; any other token is a no-op. */
  signOut(token: string): void;
  /** Activity at the station: restarts the idle time. Throws NOT_SIGNED_IN for a stale token. */
  touch(token: string): void;
  /** The session behind a token (for handlers that need the role). Throws NOT_SIGNED_IN. */
  session(token: string): StaffSessionView;
  listAccounts(token: string): StaffAccountView[];
  createAccount(token: string, input: z.input<typeof CreateAccountInput>): Promise<StaffAccountView>;
  updateAccount(token: string, input: z.input<typeof UpdateAccountInput>): Promise<StaffAccountView>;
  resetPin(token: string, input: z.input<typeof ResetPinInput>): Promise<void>;
  removeAccount(token: string, input: z.input<typeof AccountRef>): Promise<void>;
  onEvent(listener: (event: StaffEvent) => void): () => void;
  /** Signs out (reason 'closed') and refuses further calls. */
  close(): void;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new StaffError('INVALID_REQUEST', detail);
}

function accountView(a: StoredAccount): StaffAccountView {
  return {
    id: a.id,
    name: a.name,
    displayName: a.displayName,
    role: a.role,
    disabled: a.disabled,
    idleTimeoutSeconds: a.idleTimeoutSeconds,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

const enabledAdmins = (accounts: StoredAccount[]): number =>
  accounts.filter((a) => a.role === 'admin' && !a.disabled).length;

export async function openStaffService(options: StaffServiceOptions): Promise<StaffService> {
  const logger = options.logger.child({ component: 'staff' });
  const clock = options.clock ?? systemClock;
  const scryptParams = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
  const policy = options.lockout ?? DEFAULT_LOCKOUT_POLICY;
  const idle = options.idle ?? DEFAULT_STAFF_IDLE;
  const file = new StaffFile(options.dataDir);

  let data: StaffData = { accounts: [], lockout: { ...NO_LOCKOUT } };
  let store: StaffStoreStatus = { state: 'ok' };
  const loaded = await file.load(clock.now());
  if (loaded.kind === 'ok') {
    data = loaded.data;
  } else if (loaded.kind === 'corrupt') {
    store = {
      state: 'unavailable',
      code: 'STORE_CORRUPT',
      message: `The staff accounts file cannot be read: ${loaded.reason}. It was left as it is${
        loaded.keptAt ? ' and a copy kept aside' : ''
      }; restore it from backup, or remove it to set up the first admin again.`,
      file: file.file,
      keptAt: loaded.keptAt,
    };
    logger.error('staff accounts file is damaged; staff sign-in is off', { file: file.file, keptAt: loaded.keptAt });
  } else {
    store = {
      state: 'unavailable',
      code: 'STORE_IO',
      message: `The staff accounts file cannot be read (${loaded.reason}).`,
      file: file.file,
      keptAt: null,
    };
    logger.error('staff accounts file cannot be read; staff sign-in is off', { file: file.file, reason: loaded.reason });
  }

  let current: IdleSession | null = null;
  let closed = false;
  const listeners = new Set<(event: StaffEvent) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Compared against when the account is unknown, so an unknown name takes as long as a known one. */
  let decoy: Promise<CredentialHash> | null = null;

  const emit = (event: StaffEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (err) {
        logger.warn('a staff event listener threw', { reason: errorMessage(err) });
      }
    }
  };

  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  function usable(): void {
    if (closed) throw new StaffError('NOT_ALLOWED', 'The staff service is shutting down.');
    if (store.state === 'unavailable') {
      throw new StaffError(
        store.code,
        store.code === 'STORE_CORRUPT'
          ? 'Staff accounts cannot be read on this kiosk. Ask IT to check the kiosk data folder.'
          : 'Staff accounts cannot be read on this kiosk right now.',
      );
    }
  }

  /** Writes `next`, then makes it current: a failed write changes nothing. */
  async function commit(next: StaffData): Promise<void> {
    try {
      await file.save(next);
    } catch (err) {
      logger.error('could not save the staff accounts file', { reason: errorMessage(err) });
      throw new StaffError('STORE_IO', 'The change could not be saved; nothing was changed.', {}, { cause: err });
    }
    data = next;
  }

  function view(s: IdleSession): StaffSessionView {
    return {
      ...s.identity,
      idleTimeoutSeconds: s.idleMs / 1000,
      warningSeconds: s.warningMs / 1000,
    };
  }

  function endSession(reason: SignOutReason): void {
    const s = current;
    if (!s) return;
    current = null;
    s.end();
    logger.info('staff signed out', { accountId: s.identity.accountId, reason });
    emit({ type: 'signed-out', accountId: s.identity.accountId, reason });
  }

  function startSession(account: StoredAccount): SignInResult {
    if (current) endSession('replaced');
    const idleMs = (account.idleTimeoutSeconds ?? idle.timeoutSeconds) * 1000;
    // At most half the idle time, so a short idle time does not open with its own warning.
    const warningMs = Math.min(idle.warningSeconds * 1000, idleMs / 2);
    const accountId = account.id;
    const s: IdleSession = new IdleSession(
      { accountId, displayName: account.displayName, role: account.role },
      idleMs,
      warningMs,
      clock,
      {
        warn: (secondsLeft) => emit({ type: 'idle-warning', accountId, secondsLeft }),
        cleared: () => emit({ type: 'idle-warning-cleared', accountId }),
        expire: () => {
          if (current === s) endSession('idle');
        },
      },
    );
    current = s;
    const session = view(s);
    logger.info('staff signed in', { accountId, role: account.role });
    emit({ type: 'signed-in', session });
    return { token: s.token, session };
  }

  function sessionFor(token: unknown): IdleSession {
    const t = SessionToken.safeParse(token);
    if (closed || !current || !t.success || !current.holds(t.data)) {
      throw new StaffError('NOT_SIGNED_IN', 'Sign in first (the staff session ended).');
    }
    return current;
  }

  function adminFor(token: unknown): IdleSession {
    usable();
    const s = sessionFor(token);
    if (s.identity.role !== 'admin') throw new StaffError('NOT_ALLOWED', 'Only an admin can manage staff accounts.');
    s.touch();
    return s;
  }

  function findAccount(id: string): StoredAccount {
    const a = data.accounts.find((x) => x.id === id);
    if (!a) throw new StaffError('UNKNOWN_ACCOUNT', 'There is no such staff account.');
    return a;
  }

  function assertNameFree(name: string, exceptId?: string): void {
    const key = nameKey(name);
    if (data.accounts.some((a) => a.id !== exceptId && nameKey(a.name) === key)) {
      throw new StaffError('NAME_TAKEN', 'Another account already uses this name.');
    }
  }

  /** After an account changed, the signed-in session follows it (or ends if it may no longer sign in). */
  function refreshSession(accountId: string): void {
    if (!current || current.identity.accountId !== accountId) return;
    const a = data.accounts.find((x) => x.id === accountId);
    if (!a || a.disabled) {
      endSession('account-changed');
      return;
    }
    current.identity = { accountId, displayName: a.displayName, role: a.role };
  }

  async function newAccount(
    input: { name: string; displayName: string; role: StaffRole; pin: string; idleTimeoutSeconds?: number },
  ): Promise<StoredAccount> {
    const now = clock.now();
    return {
      id: randomUUID(),
      name: input.name,
      displayName: input.displayName,
      role: input.role,
      disabled: false,
      credential: await hashCredential(input.pin, scryptParams),
      idleTimeoutSeconds: input.idleTimeoutSeconds ?? null,
      createdAt: now,
      updatedAt: now,
    };
  }

  const service: StaffService = {
    status() {
      const now = clock.now();
      return {
        store,
        needsFirstAdmin: !closed && store.state === 'ok' && enabledAdmins(data.accounts) === 0,
        lockedForSeconds: retryAfterSeconds(data.lockout, now),
        attemptsLeft: attemptsLeft(data.lockout, policy),
        session: current ? view(current) : null,
      };
    },

    async createFirstAdmin(input) {
      const parsed = parse(CreateFirstAdminInput, input);
      return serial(async () => {
        usable();
        if (enabledAdmins(data.accounts) > 0) {
          throw new StaffError('FIRST_ADMIN_EXISTS', 'An admin already exists: sign in as an admin to add accounts.');
        }
        assertNameFree(parsed.name);
        const admin = await newAccount({ ...parsed, role: 'admin' });
        await commit({ ...data, accounts: [...data.accounts, admin] });
        logger.info('first staff admin created', { accountId: admin.id });
        return startSession(admin);
      });
    },

    async signIn(input) {
      const parsed = parse(SignInInput, input);
      return serial(async () => {
        usable();
        const now = clock.now();
        if (lockRemainingMs(data.lockout, now) > 0) {
          const seconds = retryAfterSeconds(data.lockout, now);
          throw new StaffError('LOCKED', `Too many wrong PINs. Try again in ${seconds} s.`, {
            retryAfterSeconds: seconds,
          });
        }
        const account =
          'accountId' in parsed
            ? data.accounts.find((a) => a.id === parsed.accountId)
            : data.accounts.find((a) => nameKey(a.name) === nameKey(parsed.name));
        // Unknown and disabled accounts get the same answer, after the same work, as a wrong PIN.
        decoy ??= hashCredential(randomBytes(16).toString('hex'), scryptParams);
        const matches = await verifyCredential(parsed.pin, account?.credential ?? (await decoy));
        if (!account || account.disabled || !matches) {
          const lockout = afterWrongPin(data.lockout, now, policy);
          const next = { ...data, lockout };
          try {
            await file.save(next);
          } catch (err) {
            // The lock holds in memory all the same; only a restart could forget it.
            logger.error('could not save the wrong-PIN count', { reason: errorMessage(err) });
          }
          data = next;
          const seconds = retryAfterSeconds(lockout, now);
          if (seconds > 0) {
            logger.warn('staff station locked after wrong PINs', { failures: lockout.failures, lockSeconds: seconds });
            throw new StaffError('LOCKED', `Too many wrong PINs. Try again in ${seconds} s.`, {
              retryAfterSeconds: seconds,
            });
          }
          const left = attemptsLeft(lockout, policy);
          logger.warn('staff sign-in refused: wrong name or PIN', { failures: lockout.failures, attemptsLeft: left });
          throw new StaffError('WRONG_PIN', `Wrong name or PIN. ${left} attempt${left === 1 ? '' : 's'} left.`, {
            attemptsLeft: left,
          });
        }
        let next: StaffData = data;
        if (data.lockout.failures > 0 || data.lockout.lockedUntil !== null) next = { ...next, lockout: { ...NO_LOCKOUT } };
        if (needsRehash(account.credential, scryptParams)) {
          const credential = await hashCredential(parsed.pin, scryptParams);
          next = { ...next, accounts: next.accounts.map((a) => (a.id === account.id ? { ...a, credential } : a)) };
        }
        if (next !== data) {
          try {
            await commit(next);
          } catch {
            // Signing in matters more than forgetting old failures now (commit logged it); memory follows.
            data = next;
          }
        }
        return startSession(account);
      });
    },

    signOut(token) {
      if (current && typeof token === 'string' && current.holds(token)) endSession('signed-out');
    },

    touch(token) {
      sessionFor(token).touch();
    },

    session(token) {
      return view(sessionFor(token));
    },

    listAccounts(token) {
      adminFor(token);
      return data.accounts.map(accountView);
    },

    async createAccount(token, input) {
      adminFor(token);
      const parsed = parse(CreateAccountInput, input);
      return serial(async () => {
        const by = adminFor(token).identity.accountId;
        assertNameFree(parsed.name);
        const account = await newAccount(parsed);
        await commit({ ...data, accounts: [...data.accounts, account] });
        logger.info('staff account created', { accountId: account.id, role: account.role, by });
        return accountView(account);
      });
    },

    async updateAccount(token, input) {
      adminFor(token);
      const parsed = parse(UpdateAccountInput, input);
      return serial(async () => {
        const by = adminFor(token).identity.accountId;
        const before = findAccount(parsed.accountId);
        if (parsed.disabled === true && before.id === by) {
          throw new StaffError('NOT_ALLOWED', 'You cannot disable your own account.');
        }
        const after: StoredAccount = {
          ...before,
          displayName: parsed.displayName ?? before.displayName,
          role: parsed.role ?? before.role,
          disabled: parsed.disabled ?? before.disabled,
          idleTimeoutSeconds:
            parsed.idleTimeoutSeconds === undefined ? before.idleTimeoutSeconds : parsed.idleTimeoutSeconds,
          updatedAt: clock.now(),
        };
        const accounts = data.accounts.map((a) => (a.id === after.id ? after : a));
        if (enabledAdmins(accounts) === 0) {
          throw new StaffError('NOT_ALLOWED', 'This is the last admin: make another admin first.');
        }
        await commit({ ...data, accounts });
        logger.info('staff account changed', { accountId: after.id, role: after.role, disabled: after.disabled, by });
        refreshSession(after.id);
        return accountView(after);
      });
    },

    async resetPin(token, input) {
      adminFor(token);
      const parsed = parse(ResetPinInput, input);
      return serial(async () => {
        const by = adminFor(token).identity.accountId;
        const before = findAccount(parsed.accountId);
        const credential = await hashCredential(parsed.pin, scryptParams);
        const after = { ...before, credential, updatedAt: clock.now() };
        await commit({ ...data, accounts: data.accounts.map((a) => (a.id === after.id ? after : a)) });
        logger.info('staff PIN reset', { accountId: after.id, by });
      });
    },

    async removeAccount(token, input) {
      adminFor(token);
      const parsed = parse(AccountRef, input);
      return serial(async () => {
        const by = adminFor(token).identity.accountId;
        const target = findAccount(parsed.accountId);
        // The remover is an enabled admin and stays, so this also keeps the last admin.
        if (target.id === by) throw new StaffError('NOT_ALLOWED', 'You cannot remove your own account.');
        const accounts = data.accounts.filter((a) => a.id !== target.id);
        await commit({ ...data, accounts });
        logger.info('staff account removed', { accountId: target.id, by });
        refreshSession(target.id);
      });
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      if (closed) return;
      endSession('closed');
      closed = true;
      listeners.clear();
    },
  };
  return service;
}
