// Main's side of the IPC contract, without Electron: every request is validated against the
// contract's schema before a handler sees it, every answer is parsed against the response schema
// (which strips anything the contract does not name: a last guard against leaks), and every
// failure becomes an IpcResult error instead of a throw across the boundary. Events are validated
// the same way before they are sent.
import type { z } from 'zod';
import {
  eventContract,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeHandlers,
  type InvokeResponse,
  type IpcErrorCode,
  type IpcResult,
} from '../../common/ipc/contract';
import { errorDetail, errorMessage } from '../../common/errorMessage';
import type { Logger } from '../../platform/logger';
import { KioskServiceError, RejectedByServiceError } from '../services/serviceErrors';
import { StaffError, type StaffErrorCode } from '../services/staff/staffErrors';
import { UnknownHandleError } from '../services/tokenVault';

export interface IpcDispatcher {
  dispatch<C extends InvokeChannel>(channel: C, rawRequest: unknown): Promise<IpcResult<InvokeResponse<C>>>;
  dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>>;
}

export function formatZodIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}

/**
 * The staff service's codes as the contract names them. Its messages are written for the station
 * (WRONG_PIN says how many attempts are left, LOCKED for how many seconds) and carry no secret.
 */
const STAFF_IPC_CODES: Record<StaffErrorCode, IpcErrorCode> = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  WRONG_PIN: 'WRONG_PIN',
  LOCKED: 'STATION_LOCKED',
  NOT_SIGNED_IN: 'NOT_SIGNED_IN',
  NOT_ALLOWED: 'NOT_ALLOWED',
  FIRST_ADMIN_EXISTS: 'FIRST_ADMIN_EXISTS',
  NAME_TAKEN: 'INVALID_REQUEST',
  UNKNOWN_ACCOUNT: 'INVALID_REQUEST',
  STORE_CORRUPT: 'INTERNAL',
  STORE_IO: 'INTERNAL',
};

/** Maps anything thrown by the services to an error the renderer can show; internals stay in the log. */
export function toIpcError(err: unknown): { code: IpcErrorCode; message: string } {
  if (err instanceof KioskServiceError) return { code: err.code, message: err.message };
  if (err instanceof StaffError) return { code: STAFF_IPC_CODES[err.code], message: err.message };
  if (err instanceof UnknownHandleError) return { code: 'UNKNOWN_SESSION', message: err.message };
  return { code: 'INTERNAL', message: 'The kiosk service hit an unexpected problem.' };
}

const isChannel = (c: string): c is InvokeChannel => Object.prototype.hasOwnProperty.call(invokeContract, c);

export function createIpcDispatcher(
  handlers: InvokeHandlers,
  options: { logger: Logger; isClosed: () => boolean },
): IpcDispatcher {
  const { logger } = options;
  async function dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>> {
    if (options.isClosed())
      return { ok: false, error: { code: 'INTERNAL', message: 'The kiosk service is shutting down.' } };
    if (!isChannel(channel))
      return {
        ok: false,
        error: { code: 'INVALID_REQUEST', message: `unknown channel "${String(channel).slice(0, 40)}"` },
      };
    const parsed = invokeContract[channel].request.safeParse(rawRequest);
    if (!parsed.success)
      return { ok: false, error: { code: 'INVALID_REQUEST', message: formatZodIssues(parsed.error) } };
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const out = invokeContract[channel].response.safeParse(await handler(parsed.data));
      if (!out.success) {
        logger.error('response outside the contract', { channel, issues: formatZodIssues(out.error) });
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'The kiosk service produced an invalid answer.' },
        };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      const e = toIpcError(err);
      if (err instanceof RejectedByServiceError)
        logger.warn('the verification service refused a request', {
          channel,
          status: err.status,
          serviceCode: err.serviceCode,
          serviceMessage: err.serviceMessage,
        });
      if (e.code === 'INTERNAL')
        logger.error('request failed', {
          channel,
          error: errorDetail(err),
        });
      return { ok: false, error: e };
    }
  }
  return { dispatch: dispatch as IpcDispatcher['dispatch'] };
}

export type KioskEventListener = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface KioskEventHub {
  emit: KioskEventListener;
  onEvent(listener: KioskEventListener): () => void;
  clear(): void;
}

export function createKioskEventHub(logger: Logger): KioskEventHub {
  const listeners = new Set<KioskEventListener>();
  return {
    emit(event, payload) {
      // A malformed event is a bug: it is logged, never sent.
      const parsed = eventContract[event].safeParse(payload);
      if (!parsed.success) {
        logger.error('dropped a malformed event', { event, issues: formatZodIssues(parsed.error) });
        return;
      }
      for (const l of listeners) {
        try {
          l(event, parsed.data as EventPayload<typeof event>);
        } catch (err) {
          logger.error('event listener failed', { event, error: errorMessage(err) });
        }
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
