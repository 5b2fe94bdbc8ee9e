// The bridge: exposes exactly one object, `window.kiosk` (KioskApi), with one function per invoke
// channel of the contract and a typed `on(event, listener)`. ipcRenderer itself, and the IPC event
// objects (which carry it), never reach the page.
import { contextBridge, ipcRenderer } from 'electron';
import {
  eventChannelName,
  eventContract,
  invokeChannelName,
  invokeContract,
  type EventChannel,
  type InvokeChannel,
  type KioskApi,
} from '../../common/ipc/contract';

export function buildKioskApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): KioskApi {
  const api: Record<string, unknown> = {};
  for (const c of Object.keys(invokeContract) as InvokeChannel[]) {
    api[c] = (request: unknown) => ipc.invoke(invokeChannelName(c), request);
  }
  api.on = (event: EventChannel, listener: (payload: unknown) => void) => {
    if (!Object.prototype.hasOwnProperty.call(eventContract, event))
      throw new Error(`unknown kiosk event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipc.on(eventChannelName(event), wrapped);
    return () => {
      ipc.removeListener(eventChannelName(event), wrapped);
    };
  };
  return Object.freeze(api) as KioskApi;
}

contextBridge.exposeInMainWorld('kiosk', buildKioskApi(ipcRenderer));
