// What the kiosk runtime needs from document scanners, whatever drives them (node-hid here).
import type { DeviceStatus } from '../../common/ipc/contract';

export interface DeviceEvents {
  changed(device: DeviceStatus): void;
  /** A complete, plausible MRZ (2 or 3 lines) read by a keyboard-wedge/HID MRZ reader. */
  mrz(lines: string[]): void;
  /** Something went wrong (unreadable report, device error); the source keeps running. */
  error(message: string): void;
}

export interface DeviceSource {
  list(): DeviceStatus[];
  subscribe(events: DeviceEvents): () => void;
}
