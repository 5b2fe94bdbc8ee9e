// Document scanners on USB HID: which are attached (polled, since hidapi has no hot-plug events),
// and the MRZ lines a keyboard-wedge/HID MRZ reader types. node-hid is imported lazily: its
// prebuilt binding needs libusb, and a kiosk without scanners must start without it.
import { createHash } from 'node:crypto';
import { errorFirstLine, errorMessage } from '../../common/errorMessage';
import type { DeviceStatus } from '../../common/ipc/contract';
import type { DeviceEvents, DeviceSource } from './deviceSource';
import { createHidKeyboardDecoder } from './hidKeyboardReport';
import { createMrzLineAssembler } from './mrzLineAssembler';

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
}

export interface HidHandle {
  on(event: 'data', cb: (data: Buffer) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void | Promise<void>;
}

/** The part of node-hid used here (injectable so the logic is testable without hardware). */
export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

export interface ScannerMatch {
  vendorId: number;
  productId?: number;
}

export interface HidScannerOptions {
  /** Which HID devices are MRZ readers; also any device whose product name says so (MRZ, passport, document reader). */
  match?: ScannerMatch[];
  pollIntervalMs?: number;
  backend?: HidBackend;
  now?: () => number;
}

const NAME_HINT = /\b(mrz|passport|document reader|id reader|ocr)\b/i;

export async function loadNodeHidBackend(): Promise<HidBackend> {
  const mod = (await import('node-hid')) as unknown as {
    default?: typeof import('node-hid');
  } & typeof import('node-hid');
  const hid = mod.default ?? mod;
  return {
    devices: () => hid.devicesAsync() as Promise<HidDeviceInfo[]>,
    open: async (p) => (await hid.HIDAsync.open(p, { nonExclusive: true })) as unknown as HidHandle,
  };
}

export function isScanner(d: HidDeviceInfo, match: ScannerMatch[]): boolean {
  if (
    match.some((m) => m.vendorId === d.vendorId && (m.productId === undefined || m.productId === d.productId))
  )
    return true;
  return NAME_HINT.test(`${d.manufacturer ?? ''} ${d.product ?? ''}`);
}

/** A stable id that does not reveal the OS device path or serial number to the renderer. */
export function scannerId(d: HidDeviceInfo): string {
  const h = createHash('sha256')
    .update(`${d.vendorId}:${d.productId}:${d.serialNumber ?? d.path ?? ''}`)
    .digest('base64url')
    .slice(0, 16);
  return `scanner-${h}`;
}

export interface HidScannerSource extends DeviceSource {
  /** Looks for attached/detached scanners now (also runs every pollIntervalMs). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

interface Attached {
  status: DeviceStatus;
  info: HidDeviceInfo;
  handle: HidHandle | null;
}

export function createHidScannerSource(opts: HidScannerOptions = {}): HidScannerSource {
  const match = opts.match ?? [];
  const now = opts.now ?? Date.now;
  const attached = new Map<string, Attached>();
  const subscribers = new Set<DeviceEvents>();
  let backend: HidBackend | null = opts.backend ?? null;
  let backendError: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let refreshing: Promise<void> | null = null;

  const each = (f: (s: DeviceEvents) => void) => subscribers.forEach((s) => f(s));

  async function attach(info: HidDeviceInfo, id: string): Promise<void> {
    const status: DeviceStatus = {
      kind: 'scanner',
      id,
      label: info.product?.trim() || 'Document scanner',
      connected: true,
    };
    const entry: Attached = { status, info, handle: null };
    attached.set(id, entry);
    each((s) => s.changed(status));
    if (!info.path || !backend) return;
    try {
      const handle = await backend.open(info.path);
      entry.handle = handle;
      const decoder = createHidKeyboardDecoder();
      const assembler = createMrzLineAssembler();
      handle.on('data', (data) => {
        try {
          const lines = assembler.push(decoder.push(new Uint8Array(data)), now());
          if (lines) each((s) => s.mrz(lines));
        } catch (err) {
          assembler.reset();
          each((s) => s.error(`${status.label}: ${errorMessage(err)}`));
        }
      });
      handle.on('error', (err) => each((s) => s.error(`${status.label}: ${err.message}`)));
    } catch (err) {
      each((s) =>
        s.error(
          `${status.label} is attached but cannot be read (${errorMessage(err)})`,
        ),
      );
    }
  }

  async function detach(id: string): Promise<void> {
    const entry = attached.get(id);
    if (!entry) return;
    attached.delete(id);
    await Promise.resolve(entry.handle?.close()).catch(() => undefined);
    each((s) => s.changed({ ...entry.status, connected: false }));
  }

  async function doRefresh(): Promise<void> {
    if (!backend) {
      try {
        backend = await loadNodeHidBackend();
      } catch (err) {
        const why = `node-hid could not be loaded (${errorFirstLine(err)}); scanners are unavailable`;
        if (backendError !== why) each((s) => s.error(why));
        backendError = why;
        return;
      }
    }
    let list: HidDeviceInfo[];
    try {
      list = await backend.devices();
    } catch (err) {
      each((s) =>
        s.error(`listing USB HID devices failed: ${errorMessage(err)}`),
      );
      return;
    }
    const seen = new Map<string, HidDeviceInfo>();
    for (const d of list) if (isScanner(d, match)) seen.set(scannerId(d), d);
    for (const id of [...attached.keys()]) if (!seen.has(id)) await detach(id);
    for (const [id, d] of seen) if (!attached.has(id) && !closed) await attach(d, id);
  }

  const source: HidScannerSource = {
    list: () => [...attached.values()].map((a) => a.status),
    subscribe(events) {
      subscribers.add(events);
      if (!timer && !closed) {
        void source.refresh();
        timer = setInterval(() => void source.refresh(), opts.pollIntervalMs ?? 2000);
        timer.unref?.();
      }
      return () => {
        subscribers.delete(events);
      };
    },
    refresh() {
      refreshing ??= doRefresh().finally(() => (refreshing = null));
      return refreshing;
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await refreshing;
      for (const a of attached.values()) await Promise.resolve(a.handle?.close()).catch(() => undefined);
      attached.clear();
      subscribers.clear();
    },
  };
  return source;
}
