import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../common/ipc/contract';
import { createHidKeyboardDecoder, HidReportError } from '../../../electron/devices/hidKeyboardReport';
import {
  createHidScannerSource,
  isScanner,
  loadNodeHidBackend,
  scannerId,
  type HidBackend,
  type HidDeviceInfo,
} from '../../../electron/devices/hidScanners';
import { createMrzLineAssembler, MrzScanError } from '../../../electron/devices/mrzLineAssembler';

function loadReports(name: string): Buffer[] {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => Buffer.from(l.replace(/\s+/g, ''), 'hex'));
}

function decodeAll(reports: Buffer[]): { mrz: string[][]; errors: string[] } {
  const decoder = createHidKeyboardDecoder();
  const assembler = createMrzLineAssembler();
  const mrz: string[][] = [];
  const errors: string[] = [];
  let t = 0;
  for (const r of reports) {
    try {
      const done = assembler.push(decoder.push(r), (t += 2));
      if (done) mrz.push(done);
    } catch (err) {
      assembler.reset();
      errors.push((err as Error).message);
    }
  }
  return { mrz, errors };
}

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];

describe('MRZ from recorded HID keyboard reports', () => {
  it('decodes a TD3 passport MRZ (report id, US layout)', () => {
    expect(decodeAll(loadReports('mrz-reader-td3.hidreports.txt'))).toEqual({ mrz: [TD3], errors: [] });
  });

  it('decodes a TD1 card MRZ (no report id, ISO "<" key)', () => {
    expect(decodeAll(loadReports('mrz-reader-td1-iso.hidreports.txt'))).toEqual({ mrz: [TD1], errors: [] });
  });

  it('counts a key once while it is held across reports (rollover)', () => {
    const d = createHidKeyboardDecoder();
    expect(d.push(Buffer.from('0000270000000000', 'hex'))).toEqual(['0']);
    expect(d.push(Buffer.from('0000271e00000000', 'hex'))).toEqual(['1']);
    expect(d.push(Buffer.from('00001e0000000000', 'hex'))).toEqual([]);
    expect(d.push(Buffer.from('0000000000000000', 'hex'))).toEqual([]);
    expect(d.push(Buffer.from('00001e0000000000', 'hex'))).toEqual(['1']);
  });

  it('rejects garbage reports with clear errors and recovers for the next scan', () => {
    const good = loadReports('mrz-reader-td3.hidreports.txt');
    const garbage = [
      Buffer.from('01020304', 'hex'), // too short
      Buffer.from('0100000100000000', 'hex'), // rollover error code
      Buffer.from('0000390000000000', 'hex'), // caps lock: not an MRZ key
      Buffer.from('00002d0000000000', 'hex'), // '-'
    ];
    const { mrz, errors } = decodeAll([...good.slice(0, 40), ...garbage, ...good]);
    expect(errors).toEqual([
      'a keyboard report has 8 bytes (9 with a report id), this one has 4',
      'the reader reported a rollover/phantom-key error; the characters of this scan are unreliable',
      'key code 0x39 cannot appear in an MRZ',
      'key code 0x2d cannot appear in an MRZ',
    ]);
    expect(mrz).toEqual([TD3]);
  });

  it('rejects lines that cannot be an MRZ', () => {
    const a = createMrzLineAssembler();
    expect(() => a.push([...'ABC', '\n'])).toThrow(MrzScanError);
    expect(() => a.push([...'ABC', '\n'])).toThrow(
      'an MRZ line has 30, 36 or 44 characters; the scanned line 1 has 3',
    );
    a.reset();
    a.push([...TD3[0], '\n']);
    expect(() => a.push([...TD1[1], '\n'])).toThrow(/same length/);
    a.reset();
    expect(() => a.push([...'X'.repeat(45)])).toThrow(/longer than any MRZ line/);
    expect(() => a.push([...'P<UTO a', '\n'])).toThrow(/characters an MRZ cannot have/);
  });

  it('starts over after a long pause between keys', () => {
    const a = createMrzLineAssembler({ gapMs: 100 });
    expect(a.push([...TD3[0], '\n'], 0)).toBeNull();
    expect(a.push([...TD3[1], '\n'], 5000)).toBeNull(); // taken as the first line of a new scan
    expect(a.push([...TD3[1], '\n'], 5010)).toEqual([TD3[1], TD3[1]]);
  });

  it('throws HidReportError (not a crash) for an empty report', () => {
    expect(() => createHidKeyboardDecoder().push(new Uint8Array(0))).toThrow(HidReportError);
  });
});

class FakeHidDevice extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe('HID scanner source', () => {
  const reader: HidDeviceInfo = {
    vendorId: 0x0db5,
    productId: 0x0150,
    path: '/dev/hidraw7',
    product: 'ACME MRZ Reader',
    serialNumber: 'S1',
  };
  const keyboard: HidDeviceInfo = {
    vendorId: 0x046d,
    productId: 0xc31c,
    path: '/dev/hidraw1',
    product: 'USB Keyboard',
  };

  it('recognises scanners by configured ids or by name', () => {
    expect(isScanner(reader, [])).toBe(true);
    expect(isScanner(keyboard, [])).toBe(false);
    expect(isScanner(keyboard, [{ vendorId: 0x046d }])).toBe(true);
    expect(isScanner(keyboard, [{ vendorId: 0x046d, productId: 1 }])).toBe(false);
    expect(scannerId(reader)).toMatch(/^scanner-[A-Za-z0-9_-]{16}$/);
    expect(scannerId(reader)).not.toContain('hidraw');
  });

  it('reports hot-plug as changed events and emits MRZ lines read from the device', async () => {
    let attachedList: HidDeviceInfo[] = [keyboard];
    const opened: FakeHidDevice[] = [];
    const backend: HidBackend = {
      devices: async () => attachedList,
      open: async () => {
        const d = new FakeHidDevice();
        opened.push(d);
        return d;
      },
    };
    const source = createHidScannerSource({ backend, pollIntervalMs: 60_000 });
    const changes: DeviceStatus[] = [];
    const mrz: string[][] = [];
    const errors: string[] = [];
    source.subscribe({
      changed: (d) => changes.push(d),
      mrz: (l) => mrz.push(l),
      error: (e) => errors.push(e),
    });
    await source.refresh();
    expect(source.list()).toEqual([]);

    attachedList = [keyboard, reader];
    await source.refresh();
    expect(source.list()).toEqual([
      { kind: 'scanner', id: scannerId(reader), label: 'ACME MRZ Reader', connected: true },
    ]);
    expect(opened).toHaveLength(1);

    opened[0].emit('data', Buffer.from('00ff', 'hex'));
    for (const r of loadReports('mrz-reader-td3.hidreports.txt')) opened[0].emit('data', r);
    expect(mrz).toEqual([TD3]);
    expect(errors).toEqual([
      'ACME MRZ Reader: a keyboard report has 8 bytes (9 with a report id), this one has 2',
    ]);

    attachedList = [keyboard];
    await source.refresh();
    expect(changes.map((c) => c.connected)).toEqual([true, false]);
    expect(opened[0].closed).toBe(true);
    expect(source.list()).toEqual([]);
    await source.close();
  });

  it('keeps running and says why when a scanner cannot be opened', async () => {
    const backend: HidBackend = {
      devices: async () => [reader],
      open: async () => {
        throw new Error('cannot open device with path /dev/hidraw7');
      },
    };
    const source = createHidScannerSource({ backend, pollIntervalMs: 60_000 });
    const errors: string[] = [];
    source.subscribe({ changed: () => undefined, mrz: () => undefined, error: (e) => errors.push(e) });
    await source.refresh();
    expect(errors).toEqual([
      'ACME MRZ Reader is attached but cannot be read (cannot open device with path /dev/hidraw7)',
    ]);
    expect(source.list()).toEqual([
      { kind: 'scanner', id: scannerId(reader), label: 'ACME MRZ Reader', connected: true },
    ]);
    await source.close();
  });

  it('loads the real node-hid binding lazily and lists devices', async () => {
    const backend = await loadNodeHidBackend();
    const list = await backend.devices();
    expect(Array.isArray(list)).toBe(true);
  });
});
