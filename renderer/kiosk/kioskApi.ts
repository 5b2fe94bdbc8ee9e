// The renderer's only door to the main process: `window.kiosk` (the preload bridge, or the
// Playwright bridge in tests). Calls return IpcResult; `invoke` turns a failure into a typed
// error so the flow store can branch on its code.
import { errorMessage } from '../../common/errorMessage';
import type {
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  IpcErrorCode,
  IpcResult,
  KioskApi,
} from '../../common/ipc/contract';

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

export class KioskCallError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KioskCallError';
  }
}

export function kioskApi(): KioskApi {
  const api = window.kiosk;
  if (!api) throw new KioskCallError('INTERNAL', 'The kiosk bridge (window.kiosk) is not installed');
  return api;
}

export async function invoke<C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
): Promise<InvokeResponse<C>> {
  const call = kioskApi()[channel] as unknown as (
    r: InvokeRequest<C>,
  ) => Promise<IpcResult<InvokeResponse<C>>>;
  let result: IpcResult<InvokeResponse<C>>;
  try {
    result = await call(request);
  } catch (err) {
    // The bridge itself failed (not a handled error from main): treat as internal.
    throw new KioskCallError('INTERNAL', errorMessage(err));
  }
  if (!result.ok) throw new KioskCallError(result.error.code, result.error.message);
  return result.value;
}

export function errorCode(err: unknown): IpcErrorCode {
  return err instanceof KioskCallError ? err.code : 'INTERNAL';
}
