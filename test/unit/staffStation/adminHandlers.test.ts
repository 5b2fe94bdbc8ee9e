// The admin channels through main's dispatcher (contract validation and answer stripping) over a
// real staff service: the admin role is enforced in main (no sign-in: NOT_SIGNED_IN; staff:
// NOT_ALLOWED), accounts are managed without any hash crossing, the service's health is measured
// against a real HTTP server, a scanner test read takes the next MRZ (and says nothing of its
// text), and a test print reaches the configured thermal printer's file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus, ServiceInfo } from '../../../common/ipc/contract';
import { createIpcDispatcher, type IpcDispatcher } from '../../../electron/host/ipcDispatcher';
import { createStaffStation } from '../../../electron/host/staffStation';
import { createAdminHandlers } from '../../../electron/services/admin/adminHandlers';
import { createScannerTestRead } from '../../../electron/services/admin/scannerTestRead';
import { checkServiceHealth, healthUrl } from '../../../electron/services/admin/serviceHealth';
import { createPrintService, type PrinterSettings } from '../../../electron/services/receipts';
import { silentLogger } from '../../../platform/logger';
import { ADMIN_PIN, STAFF_PIN, staffHarness, type Harness } from '../staff/support/staffHarness';

// A TD3 specimen MRZ (ICAO 9303 part 4's example), valid check digits.
const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('admin channels (main enforces the role)', () => {
  let h: Harness;
  let server: Server;
  let info: ServiceInfo;
  let dispatcher: IpcDispatcher;
  let printers: PrinterSettings;
  const scannerTest = createScannerTestRead(() => new Date('2010-01-01T00:00:00Z'));

  beforeEach(async () => {
    h = await staffHarness();
    server = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    info = { kind: 'embedded', label: 'Local IDV service — not a Yoti verification', baseUrl: `http://127.0.0.1:${port}` };
    printers = { receipt: { kind: 'escpos', devicePath: path.join(h.dir, 'receipt.bin'), columns: 32 }, report: { kind: 'none' } };
    const staff = await h.open();
    const never = () => {
      throw new Error('not used here');
    };
    const station = createStaffStation({
      staff,
      audit: null,
      service: { handlers: { getReport: never, getSessionStatus: never }, sessionIdFor: never, holdForReview: never, release: never } as never,
      print: null,
      reasons: () => [],
      emit: () => undefined,
      logger: silentLogger,
    });
    const scanners: DeviceStatus[] = [{ kind: 'scanner', id: 'hid-1', label: 'MRZ reader', connected: true }];
    const admin = createAdminHandlers({
      requireAdmin: () => station.requireAdmin(),
      staff,
      settings: null,
      serviceInfo: info,
      scanners: () => scanners,
      scannerTest,
      print: createPrintService({
        pdf: { render: async () => new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
        settings: () => printers,
        logger: silentLogger,
      }),
      kioskId: () => 'kiosk-test-1',
      staffGesture: () => ({ corner: 'bottom-left', taps: 7 }),
      exportAuditKey: null,
      logger: silentLogger,
    });
    dispatcher = createIpcDispatcher({ ...station.handlers, ...admin } as never, { logger: silentLogger, isClosed: () => false });
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await h.cleanup();
  });

  const call = (channel: string, request: unknown = {}) => dispatcher.dispatch(channel, request);

  it('refuses every admin channel without a sign-in, and for a staff member', async () => {
    const channels = ['adminListAccounts', 'adminDiagnostics', 'adminGetSettings'];
    for (const c of channels) expect(await call(c), c).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    await call('staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    expect(
      await call('adminCreateAccount', { name: 'sam', displayName: 'Sam Staff', role: 'staff', pin: STAFF_PIN }),
    ).toMatchObject({ ok: true, value: { name: 'sam', role: 'staff', disabled: false } });
    await call('staffSignOut');
    await call('staffSignIn', { name: 'sam', pin: STAFF_PIN });
    for (const c of [...channels, 'adminTestPrint'])
      expect(await call(c, c === 'adminTestPrint' ? { target: 'receipt' } : {}), c).toEqual({
        ok: false,
        error: { code: 'NOT_ALLOWED', message: 'Only an admin may do this.' },
      });
  });

  it('an admin creates, disables, promotes and resets accounts; no hash ever crosses', async () => {
    await call('staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    const created = await call('adminCreateAccount', { name: 'sam', displayName: 'Sam Staff', role: 'staff', pin: STAFF_PIN });
    expect(created.ok).toBe(true);
    const sam = (created as { value: { id: string } }).value;
    expect(await call('adminCreateAccount', { name: 'bo', displayName: 'Bo', role: 'staff', pin: '12' })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'pin: A PIN has at least 6 digits.' },
    });
    expect(await call('adminUpdateAccount', { accountId: sam.id, disabled: true })).toMatchObject({
      ok: true,
      value: { name: 'sam', disabled: true },
    });
    expect(await call('adminUpdateAccount', { accountId: sam.id, disabled: false, role: 'admin' })).toMatchObject({
      ok: true,
      value: { role: 'admin', disabled: false },
    });
    expect(await call('adminResetPin', { accountId: sam.id, pin: '864209' })).toEqual({ ok: true, value: { reset: true } });
    const list = await call('adminListAccounts');
    expect(list).toMatchObject({ ok: true, value: { accounts: [{ name: 'ada' }, { name: 'sam', role: 'admin' }] } });
    // The accounts file holds the scrypt hashes; nothing of them is in what the renderer gets.
    expect(readFileSync(path.join(h.dir, 'staff.json'), 'utf8')).toMatch(/scrypt/i);
    expect(JSON.stringify(list)).not.toMatch(/hash|salt|scrypt/i);
    // The new PIN works, the old one does not.
    await call('staffSignOut');
    expect(await call('staffSignIn', { name: 'sam', pin: STAFF_PIN })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await call('staffSignIn', { name: 'sam', pin: '864209' })).toMatchObject({ ok: true, value: { role: 'admin' } });
  });

  it('diagnostics: the service reachable with its latency, the scanners, and why there is no printer list', async () => {
    await call('staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    const d = await call('adminDiagnostics');
    expect(d).toMatchObject({
      ok: true,
      value: {
        service: { kind: 'embedded', reachable: true, detail: 'answered HTTP 200' },
        scanners: [{ id: 'hid-1', label: 'MRZ reader', connected: true }],
        printers: [],
        printersNote: 'This host has no system printing: PDFs and ESC/POS printers only.',
      },
    });
    const latency = (d as { value: { service: { latencyMs: number } } }).value.service.latencyMs;
    expect(typeof latency).toBe('number');
    // The service goes away: not reachable, in words, with no latency.
    await new Promise((r) => server.close(r));
    server = createServer();
    const gone = await call('adminDiagnostics');
    expect(gone).toMatchObject({ ok: true, value: { service: { reachable: false, latencyMs: null } } });
    expect((gone as { value: { service: { detail: string } } }).value.service.detail).toMatch(/^not reachable: /);
  });

  it('a local service that answers its health route with an error is not healthy', async () => {
    const sick = createServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await new Promise<void>((r) => sick.listen(0, '127.0.0.1', r));
    try {
      const port = (sick.address() as AddressInfo).port;
      const health = await checkServiceHealth({ ...info, baseUrl: `http://127.0.0.1:${port}/idverify/v1` });
      expect(health).toMatchObject({ reachable: false, detail: 'answered HTTP 503: not healthy' });
      expect(healthUrl({ ...info, baseUrl: `http://127.0.0.1:${port}/idverify/v1` })).toBe(`http://127.0.0.1:${port}/health`);
    } finally {
      await new Promise((r) => sick.close(r));
    }
  });

  it('a scanner test read takes the next MRZ and reports its format, never its text; none in time says so', async () => {
    await call('staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    const pending = call('adminTestScanner', { timeoutSec: 5 });
    await expect.poll(() => scannerTest.offer(MRZ)).toBe(true);
    const r = await pending;
    expect(r).toEqual({
      ok: true,
      value: { read: true, lineCount: 2, format: 'TD3', valid: true, detail: 'read a TD3 MRZ; every check digit holds' },
    });
    expect(JSON.stringify(r)).not.toContain('ERIKSSON');
    // Without a test running, lines go on to the session as usual.
    expect(scannerTest.offer(MRZ)).toBe(false);
    vi.useFakeTimers();
    try {
      const none = scannerTest.start(20_000);
      vi.advanceTimersByTime(20_000);
      expect(await none).toEqual({
        read: false,
        lineCount: 0,
        format: null,
        valid: null,
        detail: 'no scanner read a document within 20 seconds',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a test print goes to the thermal printer file (no personal data) and gives its PDF', async () => {
    await call('staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada Admin', pin: ADMIN_PIN });
    const r = await call('adminTestPrint', { target: 'receipt' });
    expect(r).toMatchObject({ ok: true, value: { printed: true, detail: `sent to the thermal printer at ${path.join(h.dir, 'receipt.bin')}` } });
    const bytes = readFileSync(path.join(h.dir, 'receipt.bin'));
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40])); // ESC @: initialize
    expect(bytes.toString('latin1')).toContain('Kiosk: kiosk-test-1');
    expect(await call('adminTestPrint', { target: 'report' })).toMatchObject({
      ok: true,
      value: { printed: false, detail: 'no printer is set; PDF only' },
    });
  });
});
