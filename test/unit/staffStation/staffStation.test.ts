// The staff station through main's IPC dispatcher, against the real embedded IDV service (vision
// 'none'): sign-in before the report, the lockout, the decision in the audit log (checked by the
// IT tool), one decision per session, the reason list, idle sign-out, and a result under review
// that main's idle backstop leaves alone.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yoti from 'yoti';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, IpcResult, StaffReport } from '../../../common/ipc/contract';
import { composeKiosk, type EmbeddedApp, type Kiosk, type KioskDeps } from '../../../electron/host/composeKiosk';
import { hashReport } from '../../../electron/services/audit/reportHash';
import { openAuditReader, auditLogFile } from '../../../electron/services/audit/auditLog';
import { auditKeyFile, parseKey } from '../../../electron/services/audit/auditKeyFile';
import { seqOfReference } from '../../../electron/services/audit/decisionReference';
import { silentLogger } from '../../../platform/logger';
import { loggerInto, recordingLogger, type LoggedLine } from '../../support/recordingLogger';
import { openTestLog, recordDecisions, tamper } from '../audit/auditFixtures';
import { FAST_SCRYPT, manualClock } from '../staff/support/staffHarness';
import { runAuditCli } from '../audit/runAuditCli';

const SPECIMEN = new Uint8Array(await readFile(new URL('../../fixtures/specimens/passport-td3.jpg', import.meta.url)));
const PIN = '482913';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'staff-station-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface Station {
  kiosk: Kiosk;
  dataDir: string;
  app: EmbeddedApp;
  events: Array<{ event: EventChannel; payload: unknown }>;
  call(channel: string, req: unknown): Promise<IpcResult<unknown>>;
}
const open: Kiosk[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.dispose();
});

async function station(extra: Partial<KioskDeps> = {}): Promise<Station> {
  const dataDir = extra.dataDir ?? (await mkdtemp(path.join(root, 'kiosk-')));
  let app: EmbeddedApp | null = null;
  const kiosk = await composeKiosk({
    service: 'embedded',
    vision: 'none',
    mode: 'staff',
    kioskId: 'front-desk-1',
    logger: silentLogger,
    outboxTiming: { baseDelayMs: 50, maxDelayMs: 200 },
    followerTiming: { initialDelayMs: 50, maxDelayMs: 300 },
    staffOptions: { scrypt: FAST_SCRYPT },
    onEmbeddedAppCreated: (a) => {
      app = a;
    },
    ...extra,
    dataDir,
  });
  open.push(kiosk);
  const events: Station['events'] = [];
  kiosk.onEvent((event, payload) => events.push({ event, payload }));
  if (!app) throw new Error('no embedded app registered');
  return { kiosk, dataDir, app, events, call: (c, r) => kiosk.dispatch(c, r) };
}

function value<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function firstAdmin(s: Station, idleTimeoutSeconds = 300): Promise<void> {
  expect(value(await s.call('staffCreateFirstAdmin', { name: 'amira', displayName: 'Amira', pin: PIN }))).toEqual({
    displayName: 'Amira',
    role: 'admin',
    idleTimeoutSeconds,
    warningSeconds: 30,
  });
}

/** A person's passport and face, submitted; resolves once the service has the result. */
async function completedSession(s: Station): Promise<string> {
  const { handle } = value<{ handle: string }>(await s.call('startSession', { locale: 'en' }));
  value(await s.call('selectDocument', { handle, issuingCountry: 'UTO', documentType: 'PASSPORT' }));
  value(await s.call('uploadPage', { handle, side: 'front', image: SPECIMEN, mime: 'image/jpeg', captureMethod: 'CAMERA' }));
  value(await s.call('uploadFace', { handle, image: SPECIMEN, mime: 'image/jpeg' }));
  value(await s.call('submitSession', { handle }));
  await expect
    .poll(async () => value<{ state: string }>(await s.call('getSessionStatus', { handle })).state, { timeout: 20_000 })
    .toBe('COMPLETED');
  return handle;
}

describe('staff sign-in guards the report', () => {
  it('an unattended kiosk: no report without a PIN; the first admin signs in and gets it; signed out, it is refused again', async () => {
    const s = await station({ mode: 'unattended' });
    const handle = await completedSession(s);
    expect(await s.call('getReport', { handle })).toEqual({
      ok: false,
      error: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' },
    });
    expect(value(await s.call('staffStatus', {}))).toEqual({
      needsFirstAdmin: true,
      lockedForSeconds: 0,
      attemptsLeft: 5,
      unavailable: null,
      session: null,
    });
    await firstAdmin(s);
    const report = value<StaffReport>(await s.call('getReport', { handle }));
    expect(report).toMatchObject({ handle, sessionState: 'COMPLETED', documentType: 'PASSPORT' });
    expect(value(await s.call('staffSignOut', {}))).toEqual({ signedOut: true });
    expect(s.events.filter((e) => e.event === 'staff:signed-out').map((e) => e.payload)).toEqual([
      { reason: 'signed-out' },
    ]);
    expect(await s.call('getReport', { handle })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(value(await s.call('staffActivity', {}))).toEqual({ session: null });
    // A second admin setup is refused; signing in by name works.
    expect(
      await s.call('staffCreateFirstAdmin', { name: 'eve', displayName: 'Eve', pin: '111111' }),
    ).toMatchObject({ ok: false, error: { code: 'FIRST_ADMIN_EXISTS' } });
    expect(value(await s.call('staffSignIn', { name: 'amira', pin: PIN }))).toMatchObject({ displayName: 'Amira' });
    expect(value(await s.call('staffStatus', {}))).toMatchObject({
      needsFirstAdmin: false,
      session: { displayName: 'Amira', role: 'admin' },
    });
    expect(value<StaffReport>(await s.call('getReport', { handle })).handle).toBe(handle);
    // The staff token never crosses: no answer or event carries more than the session view.
    expect(JSON.stringify(s.events)).not.toMatch(/token/i);
  });

  it('5 wrong PINs lock the station (STATION_LOCKED with the seconds); the right PIN then waits too', async () => {
    const s = await station();
    await firstAdmin(s);
    value(await s.call('staffSignOut', {}));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await s.call('staffSignIn', { name: 'amira', pin: '000000' }));
    expect(answers.slice(0, 4)).toEqual(
      [4, 3, 2, 1].map((left) => ({
        ok: false,
        error: { code: 'WRONG_PIN', message: `Wrong name or PIN. ${left} attempt${left === 1 ? '' : 's'} left.` },
      })),
    );
    expect(answers[4]).toEqual({
      ok: false,
      error: { code: 'STATION_LOCKED', message: 'Too many wrong PINs. Try again in 30 s.' },
    });
    expect(await s.call('staffSignIn', { name: 'amira', pin: PIN })).toMatchObject({
      ok: false,
      error: { code: 'STATION_LOCKED', message: expect.stringMatching(/Try again in \d+ s\./) },
    });
    expect(value(await s.call('staffStatus', {}))).toMatchObject({ lockedForSeconds: expect.any(Number), session: null });
    expect(value<{ lockedForSeconds: number }>(await s.call('staffStatus', {})).lockedForSeconds).toBeGreaterThan(0);
  });
});

describe('the decision', () => {
  it('is recorded in the audit log with the session id from main and each check; `audit verify` accepts it', async () => {
    const s = await station();
    const handle = await completedSession(s);
    expect(value(await s.call('getDecisionReasons', {}))).toEqual({
      reasons: expect.arrayContaining([{ code: 'NEEDS_SECOND_LOOK', decisions: ['REFER'] }]),
    });
    // Not signed in: refused before anything is written.
    expect(
      await s.call('recordDecision', { handle, decision: 'REFER', reasonCode: 'NEEDS_SECOND_LOOK' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    await firstAdmin(s);
    const report = value<StaffReport>(await s.call('getReport', { handle }));
    // A reason that is not in the list, or not one for this decision, is refused.
    expect(await s.call('recordDecision', { handle, decision: 'APPROVE', reasonCode: 'LOOKS_FINE' })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: "LOOKS_FINE is not one of this kiosk's reasons to approve." },
    });
    expect(
      await s.call('recordDecision', { handle, decision: 'APPROVE', reasonCode: 'DOCUMENT_EXPIRED' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    const recorded = value<{ reference: string; recordedAt: string }>(
      await s.call('recordDecision', {
        handle,
        decision: 'REFER',
        reasonCode: 'NEEDS_SECOND_LOOK',
        note: '  checks not available  ',
      }),
    );
    expect(recorded.reference).toMatch(/^000001-[A-Z]$/);
    expect(seqOfReference(recorded.reference)).toBe(1);
    expect(Number.isNaN(Date.parse(recorded.recordedAt))).toBe(false);
    // One decision per session.
    expect(
      await s.call('recordDecision', { handle, decision: 'REJECT', reasonCode: 'DOCUMENT_DOUBTFUL' }),
    ).toEqual({
      ok: false,
      error: {
        code: 'ALREADY_DECIDED',
        message: `A decision was already recorded for this verification (reference ${recorded.reference}).`,
      },
    });

    const reader = await openAuditReader(auditLogFile(s.dataDir));
    const entries = reader.entries();
    reader.close();
    expect(entries).toHaveLength(1);
    const entry = entries[0].entry;
    if (entry.kind !== 'decision') throw new Error(`a ${entry.kind} entry`);
    const accountId = entry.staffAccountId;
    expect(entry).toEqual({
      seq: 1,
      at: recorded.recordedAt,
      prevHash: '0'.repeat(64),
      kioskId: 'front-desk-1',
      kind: 'decision',
      decision: 'refer',
      reasonCode: 'NEEDS_SECOND_LOOK',
      note: 'checks not available',
      staffAccountId: accountId,
      sessionId: entry.sessionId,
      checks: report.checks.map((c) => ({ type: c.type, recommendation: c.recommendation.value })),
      reportHash: hashReport(report),
      documentNumberLast4: null,
    });
    expect(entry.checks).toHaveLength(4);
    expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
    // The session id is the one the service issued for this person (main's vault), not a handle.
    expect(entry.sessionId).not.toBe(handle);
    const info = value<{ service: { baseUrl: string } }>(await s.call('getAppInfo', {}));
    const client = new yoti.IDVClient(s.app.sdkId, s.app.privateKeyPem, {
      apiUrl: `${info.service.baseUrl}/idverify/v1`,
    });
    const session = await client.getSession(entry.sessionId);
    expect(session.getState()).toBe('COMPLETED');
    expect(session.getChecks().map((c) => c.getType()).sort()).toEqual(entry.checks.map((c) => c.type).sort());

    // The key fell back to a 0600 file beside the log (no OS key store here): the IT tool checks
    // the chain and every HMAC with it, while the kiosk runs.
    const keyFile = auditKeyFile(s.dataDir);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(parseKey(await readFile(keyFile))).toHaveLength(32);
    const verified = await runAuditCli(['verify', '--data', s.dataDir, '--key-file', keyFile]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/OK, hash chain and HMACs hold; 1 entries \(1-1\); head entry 1 [0-9a-f]{64}/);
  });

  it('refuses a session without a result yet, and one staff have not opened', async () => {
    const s = await station();
    await firstAdmin(s);
    const { handle } = value<{ handle: string }>(await s.call('startSession', { locale: 'en' }));
    expect(await s.call('recordDecision', { handle, decision: 'REFER', reasonCode: 'NEEDS_SECOND_LOOK' })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'Open the result before recording a decision.' },
    });
    value(await s.call('getReport', { handle }));
    expect(
      await s.call('recordDecision', { handle, decision: 'REFER', reasonCode: 'NEEDS_SECOND_LOOK' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/no result yet/) } });
  });
});

describe('idle time', () => {
  it('staff are warned, then signed out after their idle time: staff:idle-warning, staff:signed-out', async () => {
    const clock = manualClock();
    const s = await station({ staffIdleTimeoutSec: 60, staffOptions: { scrypt: FAST_SCRYPT, clock } });
    await firstAdmin(s, 60);
    clock.advance(29_000);
    expect(s.events.filter((e) => e.event.startsWith('staff:'))).toEqual([]);
    clock.advance(1_000);
    expect(s.events.filter((e) => e.event.startsWith('staff:'))).toEqual([
      { event: 'staff:idle-warning', payload: { secondsLeft: 30 } },
    ]);
    clock.advance(30_000);
    expect(s.events.filter((e) => e.event === 'staff:signed-out')).toEqual([
      { event: 'staff:signed-out', payload: { reason: 'idle' } },
    ]);
    expect(value(await s.call('staffStatus', {}))).toMatchObject({ session: null });
    expect(value(await s.call('staffActivity', {}))).toEqual({ session: null });
  });

  it("a result staff are reviewing survives main's idle backstop; a session nobody reviews does not", async () => {
    const s = await station({ idleTimeoutMs: 1500, idleGraceMs: 0, reportRetentionMs: 1500, sweepIntervalMs: 50 });
    await firstAdmin(s);
    const reviewed = await completedSession(s);
    value(await s.call('getReport', { handle: reviewed }));
    // Started after the review began, so it has been idle for less time than the reviewed one.
    const { handle: abandoned } = value<{ handle: string }>(await s.call('startSession', { locale: 'en' }));
    await expect
      .poll(
        () =>
          s.events.some(
            (e) =>
              e.event === 'session:state' &&
              (e.payload as { handle: string; state: string }).handle === abandoned &&
              (e.payload as { state: string }).state === 'EXPIRED',
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(value<StaffReport>(await s.call('getReport', { handle: reviewed })).handle).toBe(reviewed);
  });
});

describe('after the decision', () => {
  it('the hold ends: the normal retention wipes the session, and it is deleted on the service', async () => {
    const s = await station({ reportRetentionMs: 1500, sweepIntervalMs: 50 });
    await firstAdmin(s);
    const handle = await completedSession(s);
    value(await s.call('getReport', { handle }));
    value(await s.call('recordDecision', { handle, decision: 'REFER', reasonCode: 'NEEDS_SECOND_LOOK' }));
    const reader = await openAuditReader(auditLogFile(s.dataDir));
    const [{ entry }] = reader.entries();
    reader.close();
    if (entry.kind !== 'decision') throw new Error(`a ${entry.kind} entry`);
    const info = value<{ service: { baseUrl: string } }>(await s.call('getAppInfo', {}));
    const client = new yoti.IDVClient(s.app.sdkId, s.app.privateKeyPem, {
      apiUrl: `${info.service.baseUrl}/idverify/v1`,
    });
    await expect
      .poll(
        () =>
          client.getSession(entry.sessionId).then(
            () => 'exists',
            (e: { getResponseStatusCode(): number | null }) => e.getResponseStatusCode(),
          ),
        { timeout: 15_000, interval: 200 },
      )
      .toBe(404);
  });
});

describe('printing after the decision', () => {
  it('prints nothing before the decision (NOT_DECIDED) nor without a sign-in; after it, the receipt and the report with the reference, the receipt also to ESC/POS', async () => {
    // The PDF renderer is the host's (Electron's printToPDF, or Chromium): here it hands back the
    // page it was given, so the test reads what would be printed.
    const pages: string[] = [];
    const escpos = path.join(root, `receipt-${Date.now()}.bin`);
    const s = await station({
      printing: {
        pdf: {
          render: async (html) => {
            pages.push(html);
            return new TextEncoder().encode(html);
          },
        },
      },
      printers: { receipt: { kind: 'escpos', devicePath: escpos, columns: 42 }, report: { kind: 'none' } },
    });
    const handle = await completedSession(s);
    expect(await s.call('printDocument', { handle, kind: 'receipt' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    await firstAdmin(s);
    value(await s.call('getReport', { handle }));
    expect(await s.call('printDocument', { handle, kind: 'receipt' })).toEqual({
      ok: false,
      error: { code: 'NOT_DECIDED', message: 'Record the decision before printing the receipt or the report.' },
    });
    const { reference } = value<{ reference: string }>(
      await s.call('recordDecision', { handle, decision: 'REFER', reasonCode: 'NEEDS_SECOND_LOOK' }),
    );
    const receipt = value<{ pdf: Uint8Array; printed: boolean }>(await s.call('printDocument', { handle, kind: 'receipt' }));
    expect(receipt.printed).toBe(true);
    const receiptHtml = new TextDecoder().decode(receipt.pdf);
    expect(receiptHtml).toContain(reference);
    expect(receiptHtml).toContain('front-desk-1');
    expect(receiptHtml).not.toMatch(/<img/i);
    expect((await readFile(escpos)).includes(Buffer.from(reference))).toBe(true);
    const report = value<{ pdf: Uint8Array; printed: boolean }>(await s.call('printDocument', { handle, kind: 'report' }));
    expect(report.printed).toBe(false);
    const reportHtml = new TextDecoder().decode(report.pdf);
    expect(reportHtml).toContain(reference);
    expect(reportHtml).toMatch(/<img[^>]+src="data:image\/jpeg;base64,/);
    expect(pages).toHaveLength(2);
  });

  it('without the host printing, printDocument says it is not set up', async () => {
    const s = await station();
    await firstAdmin(s);
    const handle = await completedSession(s);
    expect(await s.call('printDocument', { handle, kind: 'receipt' })).toEqual({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: 'Printing is not set up on this kiosk.' },
    });
  });
});

describe('audit retention', () => {
  it('purges entries older than the retention setting at start; a log that fails verification is logged as an error and kept', async () => {
    // Three decisions from January 2026 (the fixtures' clock), under the key the kiosk will use.
    const old = await openTestLog();
    recordDecisions(old, 3);
    old.log.close();
    const logs: string[] = [];
    const s = await station({
      dataDir: old.dataDir,
      auditKey: old.key,
      auditPolicy: { retentionDays: 30, personalData: 'none' },
      logger: loggerInto(logs),
    });
    const reader = await openAuditReader(auditLogFile(s.dataDir));
    expect(reader.entries().map((r) => [r.entry.seq, r.entry.kind])).toEqual([[4, 'purge']]);
    expect(reader.verify(old.key)).toMatchObject({ ok: true });
    reader.close();
    await s.kiosk.dispose();
    open.length = 0;

    const broken = await openTestLog();
    recordDecisions(broken, 2);
    broken.log.close();
    tamper(broken.file, (db) => db.run("UPDATE entries SET entry = replace(entry, 'approve', 'reject') WHERE seq = 1"));
    const lines: LoggedLine[] = [];
    await station({
      dataDir: broken.dataDir,
      auditKey: broken.key,
      auditPolicy: { retentionDays: 30, personalData: 'none' },
      logger: recordingLogger(lines),
    });
    expect(lines.filter((l) => l.message === 'the audit log was not purged')).toEqual([
      {
        level: 'error',
        message: 'the audit log was not purged',
        fields: { error: expect.stringMatching(/^the audit log fails verification, so nothing is purged: /) },
      },
    ]);
    const kept = await openAuditReader(broken.file);
    expect(kept.entries().map((r) => r.entry.seq)).toEqual([1, 2]);
    kept.close();
  });
});
