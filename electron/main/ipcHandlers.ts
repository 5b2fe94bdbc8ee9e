// Registers one ipcMain handler per invoke channel of the contract. Each checks the sender frame
// (only the app's own top-level frame may call) and hands the raw payload to the kiosk runtime,
// which validates it with the contract's schema. Events go only to the kiosk window's main frame.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  eventChannelName,
  invokeChannelName,
  invokeContract,
  type InvokeChannel,
  type IpcResult,
} from '../../common/ipc/contract';
import type { Logger } from '../../platform/logger';
import type { Kiosk } from '../host/composeKiosk';
import { isAppUrl } from './appOrigin';

interface FrameLike {
  url: string;
  parent: unknown;
}

/** Only the top-level frame of the app's own origin, in the web contents we created, may call. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  trusted: () => WebContents | null,
): boolean {
  const frame = event.senderFrame as FrameLike | null;
  if (!frame || frame.parent !== null) return false;
  if (!isAppUrl(frame.url)) return false;
  const wc = trusted();
  return wc !== null && event.sender === wc;
}

export const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'This caller is not the kiosk app.' },
};

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  kiosk: Pick<Kiosk, 'dispatch' | 'onEvent'>,
  trusted: () => WebContents | null,
  logger?: Logger,
): () => void {
  const channels = Object.keys(invokeContract) as InvokeChannel[];
  for (const c of channels) {
    ipcMain.handle(invokeChannelName(c), async (event, payload: unknown) => {
      if (!isTrustedSender(event, trusted)) {
        logger?.warn('refused a call from an untrusted frame', { channel: c });
        return FORBIDDEN;
      }
      return kiosk.dispatch(c, payload);
    });
  }
  const off = kiosk.onEvent((event, payload) => {
    const wc = trusted();
    if (wc && !wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(eventChannelName(event), payload);
  });
  return () => {
    off();
    for (const c of channels) ipcMain.removeHandler(invokeChannelName(c));
  };
}
