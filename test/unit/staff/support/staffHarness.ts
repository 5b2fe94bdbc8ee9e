// A staff service on a temp folder with a manual clock (no real waiting) and cheap scrypt parameters
// (the real ones cost ~0.1 s a hash; the tests hash hundreds of times).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ScryptParams } from '../../../../electron/services/staff/credentialHash';
import { StaffError, type StaffErrorCode } from '../../../../electron/services/staff/staffErrors';
import {
  openStaffService,
  type StaffEvent,
  type StaffService,
  type StaffServiceOptions,
} from '../../../../electron/services/staff/staffService';
import type { StaffClock } from '../../../../electron/services/staff/staffSessionClock';
import { recordingLogger, type LoggedLine } from '../../../support/recordingLogger';

export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
export const ADMIN_PIN = '482913';
export const STAFF_PIN = '739104';

export interface ManualClock extends StaffClock {
  advance(ms: number): void;
  set(epochMs: number): void;
  pendingTimers(): number;
}

/** Timers fire in due order as time is advanced; `set` moves the wall clock (even backwards). */
export function manualClock(start = Date.UTC(2026, 11, 1, 9, 0, 0)): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: ManualClock = {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    set(epochMs) {
      now = epochMs;
    },
    pendingTimers: () => timers.size,
  };
  return clock;
}

export interface Harness {
  dir: string;
  clock: ManualClock;
  lines: LoggedLine[];
  events: StaffEvent[];
  open(overrides?: Partial<StaffServiceOptions>): Promise<StaffService>;
  cleanup(): Promise<void>;
}

export async function staffHarness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'staff-'));
  const clock = manualClock();
  const lines: LoggedLine[] = [];
  const events: StaffEvent[] = [];
  const opened: StaffService[] = [];
  return {
    dir,
    clock,
    lines,
    events,
    async open(overrides = {}) {
      const service = await openStaffService({
        dataDir: dir,
        logger: recordingLogger(lines),
        clock,
        scrypt: FAST_SCRYPT,
        ...overrides,
      });
      service.onEvent((e) => events.push(e));
      opened.push(service);
      return service;
    },
    async cleanup() {
      for (const s of opened) s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The StaffError a promise (or call) fails with; fails the test if it succeeds or throws something else. */
export async function staffError(run: Promise<unknown> | (() => unknown)): Promise<StaffError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (err) {
    expect(err).toBeInstanceOf(StaffError);
    return err as StaffError;
  }
  throw new Error('expected a StaffError, but the call succeeded');
}

export async function expectCode(run: Promise<unknown> | (() => unknown), code: StaffErrorCode): Promise<StaffError> {
  const err = await staffError(run);
  expect(err.code, err.message).toBe(code);
  return err;
}

/** A service with a first admin (signed in) and one staff account. */
export async function withAccounts(h: Harness, overrides?: Partial<StaffServiceOptions>) {
  const service = await h.open(overrides);
  const admin = await service.createFirstAdmin({ name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
  const staff = await service.createAccount(admin.token, {
    name: 'sam',
    displayName: 'Sam Staff',
    role: 'staff',
    pin: STAFF_PIN,
  });
  return { service, admin, staff };
}
