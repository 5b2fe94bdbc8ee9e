// The kiosk's main-process runtime without Electron: validates every request against the IPC
// contract, runs it on the kiosk service, and returns an IpcResult (never throws across the
// boundary). Electron's IPC handlers (electron/main/ipcHandlers.ts), the browser host used by the
// e2e tests and `npm start`'s Chromium fallback all drive this same object.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import {
  eventContract,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type IpcErrorCode,
  type IpcResult,
  type ServiceInfo,
} from '../../common/ipc/contract';
import { createClientSessionApi } from './clientSessionApi';
import { createKioskService, type KioskService } from './kioskService';
import { startNotificationReceiver, type NotificationReceiver } from './notificationReceiver';
import { serviceInfoFor } from './reportBuilder';
import { newSealKey } from './sealedBox';
import { KioskServiceError } from './serviceErrors';
import { createSessionBroker, type RequiredDocumentFilter } from './sessionBroker';
import { UnknownHandleError } from './tokenVault';
import type { DeviceSource } from '../devices/deviceSource';
import { createIdvServer, type IdvServer } from '../../idv/server';
import type { VisionPort } from '../../vision/contract';

export interface EmbeddedApp {
  sdkId: string;
  privateKeyPem: string;
}

export interface RemoteService {
  /** RP API base URL, e.g. https://api.yoti.com/idverify/v1 or http://host:port/idverify/v1 */
  apiBaseUrl: string;
  sdkId: string;
  privateKeyPem: string;
  /** 'yoti' for Yoti's cloud; 'standalone' for a local service run with `npm run idv -- serve`. */
  kind?: 'standalone' | 'yoti';
}

export interface KioskRuntimeOptions {
  /** 'embedded' starts the IDV service in-process on 127.0.0.1 (the default of a fresh install). */
  service: 'embedded' | RemoteService;
  /** The kiosk's data folder: outbox/ and, when embedded, idv/ (the local service's store). */
  dataDir: string;
  /** 32-byte key sealing the outbox. Without it a random one is used and a restart cannot resume. */
  outboxKey?: Uint8Array;
  /** Embedded only: the local store's 32-byte master key (default: the store manages its own key file). */
  embeddedMasterKey?: Buffer;
  /** Embedded only: the kiosk's app from a previous run; absent = a new key pair is made and registered. */
  embeddedApp?: EmbeddedApp | null;
  /** Embedded only: called once with a newly registered app so the caller can keep it (encrypted). */
  onEmbeddedAppCreated?: (app: EmbeddedApp) => void | Promise<void>;
  /** Embedded only: document reading and face analysis for the checks; 'node' loads vision/node. */
  vision?: 'node' | 'none';
  mode?: 'unattended' | 'staff';
  /** Default UI language reported by getAppInfo (the kiosk's language setting). */
  locale?: string;
  idleTimeoutMs?: number;
  version?: string;
  /** Ask the service to notify the kiosk (127.0.0.1 receiver) as well as polling. Default: not for Yoti's cloud. */
  notifications?: boolean;
  requiredDocument?: RequiredDocumentFilter;
  clientSessionTokenTtlSec?: number;
  /** Document scanners (electron/devices); absent = none. */
  devices?: DeviceSource;
  outboxTiming?: { baseDelayMs?: number; maxDelayMs?: number };
  followerTiming?: { initialDelayMs?: number; maxDelayMs?: number; deadlineMs?: number };
  reportRetentionMs?: number;
  /** Main's own idle wipe fires this long after the renderer's timer should have (default 30 s). */
  idleGraceMs?: number;
  sweepIntervalMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type KioskEventListener = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface KioskRuntime {
  dispatch<C extends InvokeChannel>(channel: C, rawRequest: unknown): Promise<IpcResult<InvokeResponse<C>>>;
  dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>>;
  onEvent(listener: KioskEventListener): () => void;
  readonly service: ServiceInfo;
  /** Wipes every person's session from memory, disk and the service (e.g. the renderer crashed). */
  discardAllSessions(why: string): Promise<number>;
  close(): Promise<void>;
}

async function startEmbeddedServer(
  dataDir: string,
  masterKey: Buffer | undefined,
  vision: 'node' | 'none',
  log: (level: 'info' | 'warn' | 'error', message: string) => void,
): Promise<IdvServer> {
  let visionPort: VisionPort | null = null;
  if (vision === 'node') {
    // Loaded only when asked for: vision/node pulls in heavy WASM/N-API modules, and a build where
    // they fail to load must still start (the checks then say NOT_AVAILABLE and why). A literal
    // specifier, so the main-process bundle includes it.
    try {
      const mod = await import('../../vision/node/index');
      visionPort = await mod.createNodeVision();
    } catch (err) {
      log(
        'warn',
        `image analysis is not available (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); checks will say NOT_AVAILABLE`,
      );
    }
  }
  return createIdvServer({
    dataDir,
    masterKey,
    port: 0,
    host: '127.0.0.1',
    vision: visionPort,
    log: (line) => log('info', `idv: ${line}`),
  });
}

function formatZodIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}

/** Maps anything thrown by the services to an error the renderer can show; internals stay in the log. */
export function toIpcError(err: unknown): { code: IpcErrorCode; message: string } {
  if (err instanceof KioskServiceError) return { code: err.code, message: err.message };
  if (err instanceof UnknownHandleError) return { code: 'UNKNOWN_SESSION', message: err.message };
  return { code: 'INTERNAL', message: 'The kiosk service hit an unexpected problem.' };
}

export async function createKioskRuntime(opts: KioskRuntimeOptions): Promise<KioskRuntime> {
  const log =
    opts.log ?? ((level, message) => console[level === 'info' ? 'log' : level](`[kiosk] ${message}`));
  const listeners = new Set<KioskEventListener>();
  const disposers: Array<() => Promise<void> | void> = [];
  const emit: KioskEventListener = (event, payload) => {
    // Events are validated like requests: a malformed event is a bug, never sent.
    const parsed = eventContract[event].safeParse(payload);
    if (!parsed.success) {
      log('error', `dropped malformed ${event} event: ${formatZodIssues(parsed.error)}`);
      return;
    }
    for (const l of listeners) {
      try {
        l(event, parsed.data as EventPayload<typeof event>);
      } catch (err) {
        log('error', `event listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  let service: KioskService | null = null;
  try {
    let apiBaseUrl: string;
    let sdkId: string;
    let privateKeyPem: string;
    let info: ServiceInfo;
    if (opts.service === 'embedded') {
      const server = await startEmbeddedServer(
        path.join(opts.dataDir, 'idv'),
        opts.embeddedMasterKey,
        opts.vision ?? 'none',
        log,
      );
      disposers.push(() => server.close());
      apiBaseUrl = server.rpApiUrl;
      let app = opts.embeddedApp ?? null;
      if (!app) {
        const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        const id = await server.apps.register(
          'Doc Scan Kiosk',
          pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        );
        app = { sdkId: id, privateKeyPem: pem };
        await opts.onEmbeddedAppCreated?.(app);
      }
      sdkId = app.sdkId;
      privateKeyPem = app.privateKeyPem;
      info = serviceInfoFor('embedded', server.url);
    } else {
      apiBaseUrl = opts.service.apiBaseUrl;
      sdkId = opts.service.sdkId;
      privateKeyPem = opts.service.privateKeyPem;
      info = serviceInfoFor(opts.service.kind ?? 'standalone', new URL(apiBaseUrl).origin);
    }

    let receiver: NotificationReceiver | null = null;
    const wantNotifications = opts.notifications ?? info.kind !== 'yoti';
    if (wantNotifications) {
      receiver = await startNotificationReceiver((n) => service?.notify(n.session_id));
      const r = receiver;
      disposers.push(() => r.close());
    }

    const broker = createSessionBroker({
      apiBaseUrl,
      sdkId,
      privateKeyPem,
      notifications: receiver ? { endpoint: receiver.endpoint, authToken: receiver.authToken } : undefined,
      requiredDocument: opts.requiredDocument,
      clientSessionTokenTtlSec: opts.clientSessionTokenTtlSec,
    });
    const clientApi = createClientSessionApi({ apiBaseUrl });
    const idleTimeoutMs = opts.idleTimeoutMs ?? 90_000;
    service = await createKioskService({
      broker,
      clientApi,
      serviceInfo: info,
      outboxDir: path.join(opts.dataDir, 'outbox'),
      outboxKey: opts.outboxKey ?? newSealKey(),
      emit,
      // The renderer's own timer fires first; this backstop catches a renderer that died.
      idleTimeoutMs: idleTimeoutMs + (opts.idleGraceMs ?? 30_000),
      reportRetentionMs: opts.reportRetentionMs,
      outboxTiming: opts.outboxTiming,
      followerTiming: opts.followerTiming,
      sweepIntervalMs: opts.sweepIntervalMs,
      log,
    });
    const svc = service;
    disposers.push(() => svc.close());

    const devices = opts.devices;
    if (devices) {
      const unsubscribe = devices.subscribe({
        changed: (d) => emit('device:changed', d),
        mrz: (lines) => {
          emit('scanner:mrz', { lines });
          void svc
            .scannerMrz(lines)
            .catch((err) => log('warn', `scanner MRZ not sent: ${err instanceof Error ? err.message : err}`));
        },
        error: (message) => log('warn', `scanner: ${message}`),
      });
      disposers.push(unsubscribe);
    }

    const appInfo: InvokeResponse<'getAppInfo'> = {
      version: opts.version ?? '0.0.0',
      mode: opts.mode ?? 'unattended',
      service: info,
      idleTimeoutMs,
      ...(opts.locale ? { locale: opts.locale } : {}),
    };

    const handlers: {
      [C in InvokeChannel]: (
        req: z.infer<(typeof invokeContract)[C]['request']>,
      ) => Promise<InvokeResponse<C>>;
    } = {
      getAppInfo: async () => appInfo,
      startSession: (r) => svc.startSession(r),
      selectDocument: (r) => svc.selectDocument(r),
      uploadPage: (r) => svc.uploadPage(r),
      uploadFace: (r) => svc.uploadFace(r),
      submitSession: (r) => svc.submitSession(r),
      getReport: (r) => svc.getReport(r),
      discardSession: (r) => svc.discardSession(r),
      listDevices: async () => (devices ? devices.list() : []),
    };

    let closed = false;
    async function dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>> {
      if (closed)
        return { ok: false, error: { code: 'INTERNAL', message: 'The kiosk service is shutting down.' } };
      if (!Object.prototype.hasOwnProperty.call(invokeContract, channel)) {
        return {
          ok: false,
          error: { code: 'INVALID_REQUEST', message: `unknown channel "${String(channel).slice(0, 40)}"` },
        };
      }
      const c = channel as InvokeChannel;
      const parsed = invokeContract[c].request.safeParse(rawRequest);
      if (!parsed.success)
        return { ok: false, error: { code: 'INVALID_REQUEST', message: formatZodIssues(parsed.error) } };
      try {
        const value = await (handlers[c] as (r: unknown) => Promise<unknown>)(parsed.data);
        // Parsing the response strips anything the contract does not name: a last guard against leaks.
        const out = invokeContract[c].response.safeParse(value);
        if (!out.success) {
          log('error', `${c} produced a response outside the contract: ${formatZodIssues(out.error)}`);
          return {
            ok: false,
            error: { code: 'INTERNAL', message: 'The kiosk service produced an invalid answer.' },
          };
        }
        return { ok: true, value: out.data };
      } catch (err) {
        const e = toIpcError(err);
        if (e.code === 'INTERNAL')
          log('error', `${c} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { ok: false, error: e };
      }
    }

    return {
      dispatch: dispatch as KioskRuntime['dispatch'],
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      service: info,
      discardAllSessions: (why) => svc.discardAll(why),
      async close() {
        if (closed) return;
        closed = true;
        listeners.clear();
        // Dispose in reverse order of creation.
        for (const d of disposers.reverse()) {
          try {
            await d();
          } catch (err) {
            log('warn', `shutdown step failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      },
    };
  } catch (err) {
    for (const d of disposers.reverse()) await Promise.resolve(d()).catch(() => undefined);
    throw err;
  }
}

/** A fresh random outbox key, for callers that keep it themselves (Electron: safeStorage). */
export const newOutboxKey = (): Buffer => newSealKey();
export const randomToken = (): string => randomBytes(24).toString('base64url');
