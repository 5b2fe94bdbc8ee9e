// What the printDocument channel gets: the page for the kind asked, always its PDF, and the copy
// on the printer the settings name (read at each print); a failing printer keeps the PDF.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffReport } from '../../../common/ipc/contract';
import type { Logger } from '../../../platform/logger';
import {
  createPrintService,
  DEFAULT_PRINTER_SETTINGS,
  PrinterSettings,
  type PageSize,
  type SystemPrinter,
} from '../../../electron/services/receipts';
import { sampleDecision, sampleReport } from './printFixtures';

function recordingLogger(lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }>): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

function fakePdf() {
  const calls: Array<{ html: string; pageSize: PageSize }> = [];
  return {
    calls,
    render: async (html: string, options: { pageSize: PageSize }) => {
      calls.push({ html, pageSize: options.pageSize });
      return new Uint8Array([0x25, 0x50, 0x44, 0x46, calls.length]);
    },
  };
}

function fakeSystemPrinter(fail?: string) {
  const jobs: Array<{ html: string; deviceName: string; pageSize: PageSize }> = [];
  const printer: SystemPrinter = {
    printers: async () => [],
    print: async (html, { deviceName, pageSize }) => {
      if (fail) throw new Error(fail);
      jobs.push({ html, deviceName, pageSize });
    },
  };
  return { printer, jobs };
}

let report: StaffReport;
let dir: string;
beforeAll(async () => {
  report = await sampleReport();
  dir = mkdtempSync(path.join(tmpdir(), 'print-service-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('print service', () => {
  it('with no printer set: the PDF of the page asked for, not printed', async () => {
    const pdf = fakePdf();
    const service = createPrintService({ pdf, settings: () => DEFAULT_PRINTER_SETTINGS, logger: recordingLogger([]) });
    const receipt = await service.print('receipt', { report, decision: sampleDecision() });
    const rep = await service.print('report', { report, decision: sampleDecision() });
    expect(receipt).toEqual({ pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46, 1]), printed: false });
    expect(rep.printed).toBe(false);
    expect(pdf.calls.map((c) => c.pageSize)).toEqual([{ widthMm: 80, heightMm: 200 }, 'A4']);
    expect(pdf.calls[0]!.html).toContain('Identity check receipt');
    expect(pdf.calls[1]!.html).toContain('Identity verification report');
  });

  it('sends the receipt to the ESC/POS device and the report to the system printer named in the settings', async () => {
    const device = path.join(dir, 'lp0');
    const { printer, jobs } = fakeSystemPrinter();
    let settings: PrinterSettings = {
      receipt: { kind: 'escpos', devicePath: device, columns: 42 },
      report: { kind: 'system', deviceName: 'Office' },
    };
    const service = createPrintService({ pdf: fakePdf(), systemPrinter: printer, settings: () => settings, logger: recordingLogger([]) });
    expect((await service.print('receipt', { report, decision: sampleDecision() })).printed).toBe(true);
    const bytes = readFileSync(device);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(bytes.toString('latin1')).toContain('DSK-7Q2M-4K9P');
    expect((await service.print('report', { report, decision: sampleDecision() })).printed).toBe(true);
    expect(jobs.map((j) => [j.deviceName, j.pageSize])).toEqual([['Office', 'A4']]);
    expect(jobs[0]!.html).toContain('Identity verification report');

    // A settings change applies to the next print.
    settings = { ...settings, receipt: { kind: 'system', deviceName: 'Counter' } };
    await service.print('receipt', { report, decision: sampleDecision() });
    expect(jobs.map((j) => [j.deviceName, j.pageSize])).toEqual([
      ['Office', 'A4'],
      ['Counter', { widthMm: 80, heightMm: 200 }],
    ]);
  });

  it('a failing printer keeps the PDF, answers printed: false and logs why', async () => {
    const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    const { printer } = fakeSystemPrinter('Printer is offline');
    const service = createPrintService({
      pdf: fakePdf(),
      systemPrinter: printer,
      settings: () => ({ receipt: { kind: 'none' }, report: { kind: 'system', deviceName: 'Office' } }),
      logger: recordingLogger(lines),
    });
    const result = await service.print('report', { report, decision: sampleDecision() });
    expect(result).toEqual({ pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46, 1]), printed: false });
    expect(lines).toEqual([
      { level: 'warn', message: 'printing failed; the PDF is still given', fields: { kind: 'report', printer: 'system', error: 'Printer is offline' } },
    ]);
  });

  it('a system printer setting on a host without one prints nothing and says so', async () => {
    const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    const service = createPrintService({
      pdf: fakePdf(),
      settings: () => ({ receipt: { kind: 'system', deviceName: 'Counter' }, report: { kind: 'none' } }),
      logger: recordingLogger(lines),
    });
    expect((await service.print('receipt', { report, decision: sampleDecision() })).printed).toBe(false);
    expect(lines.map((l) => l.message)).toEqual(['a system printer is set but this host cannot print']);
  });
});

describe('printer settings', () => {
  it('accept the three receipt targets and refuse ESC/POS for the report, with words', () => {
    expect(PrinterSettings.safeParse(DEFAULT_PRINTER_SETTINGS).success).toBe(true);
    const bad = PrinterSettings.safeParse({
      receipt: { kind: 'escpos', devicePath: '', columns: 10 },
      report: { kind: 'escpos', devicePath: '/dev/usb/lp0', columns: 42 },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toContain('receipt.devicePath: give the thermal printer’s device or file');
    expect(messages).toContain('receipt.columns: at least 24 characters a line');
    expect(messages.some((m) => m.startsWith('report.kind:'))).toBe(true);
  });
});
