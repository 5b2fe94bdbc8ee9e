// The composition root of the kiosk's main-process side: the one place that builds every service
// with explicit dependencies (the embedded IDV service or a remote one, the notification receiver,
// the session broker, the kiosk service with its outbox and follower, the scanners' events) and
// owns them for disposal. Every host uses it: Electron main (electron/main/kioskApp.ts), the
// Chromium fallback behind `npm start` (scripts/chromiumKiosk.ts) and the e2e harness. Hosts only
// bring what differs between them: where data lives, the keys, the devices, the logger.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DisposableStore } from '../../common/disposable';
import { errorFirstLine, errorMessage } from '../../common/errorMessage';
import type { DecisionReason, InvokeHandlers, InvokeResponse, ServiceInfo } from '../../common/ipc/contract';
import { DEFAULT_KIOSK_MODE, type KioskMode } from '../../common/kioskMode';
import { newEnvelopeKey } from '../../platform/aesGcmEnvelope';
import type { Logger } from '../../platform/logger';
import { createIdvServer, type IdvServer } from '../../idv/server';
import { chipAwarePipeline, serviceCscaStore } from '../../idv/chip/chipPipeline';
import { chipResourceBody } from '../../idv/chip/chipResource';
import type { VisionPort } from '../../vision/contract';
import type { DeviceSource } from '../devices/deviceSource';
import { DEFAULT_AUDIT_POLICY, type AuditPolicy } from '../services/audit/auditEntry';
import { loadOrCreateAuditKeyFile } from '../services/audit/auditKeyFile';
import { openAuditLog, type AuditLog } from '../services/audit/auditLog';
import { exportAuditKey } from '../services/audit/auditKeyExport';
import { DEFAULT_STAFF_GESTURE, type StaffGesture } from '../../common/ipc/adminChannels';
import { createPrintService } from '../services/receipts/printService';
import { DEFAULT_PRINTER_SETTINGS, type PrinterSettings } from '../services/receipts/printerSettings';
import type { PdfRenderer, SystemPrinter } from '../services/receipts/printTypes';
import { DEFAULT_STAFF_IDLE, openStaffService, type StaffServiceOptions } from '../services/staff';
import { createClientSessionApi } from '../services/clientSessionApi';
import { createKioskService } from '../services/kioskService';
import { createHostedCapture, type HostedViewPort } from '../services/hostedCapture';
import { createChipFeature, DEFAULT_CHIP_SETTINGS, type ChipSettings } from '../services/chip/chipFeature';
import { createBranchVisits } from '../services/branch/branchVisits';
import {
  kioskStationOf,
  loadStationCredentials,
  stationClient,
  stationStillKnown,
  type StationCredentials,
} from '../services/branch/kioskStation';
import type { CardSource } from '../services/chip/cardSource';
import { captureModeOf } from './kioskSettings';
import type { MrzKey } from '../../chip/access/mrzKey';
import type { CaptureMode } from '../../common/ipc/hostedChannels';
import { startNotificationReceiver } from '../services/notificationReceiver';
import { serviceInfoFor } from '../services/serviceInfo';
import { KioskServiceError } from '../services/serviceErrors';
import { createSessionBroker, type RequiredDocumentFilter } from '../services/sessionBroker';
import { loadDemoCameraPictures } from './demoCamera';
import { DEFAULT_DECISION_REASONS, type KioskSettings } from './kioskSettings';
import { createAdminHandlers } from '../services/admin/adminHandlers';
import { createScannerTestRead } from '../services/admin/scannerTestRead';
import { createSettingsAdmin, type SettingsPort } from '../services/admin/settingsAdmin';
import { createStaffStation } from './staffStation';
import { createExpertReview } from '../services/expertReview/expertReviewService';
import { createReviewClient } from '../../idv/review/reviewClient';
import {
  createIpcDispatcher,
  createKioskEventHub,
  type IpcDispatcher,
  type KioskEventListener,
} from './ipcDispatcher';

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

/** The demo/ folder of this checkout or installed app (the demo camera's pictures). */
export const DEFAULT_DEMO_DIR = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'demo',
);

export interface KioskDeps {
  /** 'embedded' starts the IDV service in-process on 127.0.0.1 (the default of a fresh install). */
  service: 'embedded' | RemoteService;
  /** The kiosk's data folder: outbox/ and, when embedded, idv/ (the local service's store). */
  dataDir: string;
  logger: Logger;
  /** 32-byte key sealing the outbox. Without it a random one is used and a restart cannot resume. */
  outboxKey?: Uint8Array;
  /** Embedded only: the local store's 32-byte master key (default: the store manages its own key file). */
  embeddedMasterKey?: Buffer;
  /** Embedded only: the kiosk's app from a previous run; absent = a new key pair is made and registered. */
  embeddedApp?: EmbeddedApp | null;
  /** Embedded only: called once with a newly registered app so the caller can keep it (encrypted). */
  onEmbeddedAppCreated?: (app: EmbeddedApp) => void | Promise<void>;
  /** Embedded only: demo mode (the ICAO specimen issuer and the demo camera). Default true. */
  demo?: boolean;
  /** Demo mode only: use the demo camera from the start (`npm start -- --demo`). */
  useDemoCamera?: boolean;
  /** Where the demo camera's pictures are (default demo/ of the app). */
  demoDir?: string;
  /** Embedded only: document reading and face analysis for the checks; 'node' loads vision/node. */
  vision?: 'node' | 'none';
  mode?: KioskMode;
  /** Default UI language reported by getAppInfo (the kiosk's language setting). */
  locale?: string;
  /** Alpha-3 codes the document screen lists first (settings.likelyCountries), reported by getAppInfo. */
  likelyCountries?: readonly string[];
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
  /** Names the kiosk in the audit log (settings: kioskId; default the host name). */
  kioskId?: string;
  /** The reasons staff pick from (settings: decisionReasons). */
  decisionReasons?: DecisionReason[];
  /** Audit retention and personal data (settings: audit). */
  auditPolicy?: AuditPolicy;
  /** The audit log's 32-byte HMAC key from the OS key store; absent = a 0600 key file beside the log. */
  auditKey?: Uint8Array;
  /** The hidden staff entry (settings: staffGesture); absent = the settings file's, else top-right, 5 taps. */
  staffGesture?: StaffGesture;
  /** Staff are signed out after this long idle (settings: staffIdleTimeoutSec). */
  staffIdleTimeoutSec?: number;
  /**
   * The host's printing: the PDF renderer (Electron's printToPDF, or Chromium in the browser host)
   * and the system printer where there is one. Absent = printDocument answers NOT_ALLOWED.
   */
  printing?: { pdf: PdfRenderer; systemPrinter?: SystemPrinter };
  /** Where the receipt and the report print besides the PDF (settings: printers). */
  printers?: PrinterSettings;
  /** Tests: cheaper PIN hashing, another lockout or clock. */
  staffOptions?: Pick<StaffServiceOptions, 'scrypt' | 'lockout' | 'clock'>;
  /**
   * The settings file, for the admin screens (openKioskSettings' current/saveSettings). Absent:
   * the admin settings screen says this host keeps none. Language, printers, reasons and audit
   * policy saved there apply at once; the rest after a restart.
   */
  settings?: SettingsPort;
  /** Capture mode, fixed (tests); absent = settings.capture, or by the service (kiosk locally, hosted for Yoti). */
  capture?: CaptureMode;
  /** Hosted capture: the page has this long to say SUCCESS or ERROR (default 15 min). */
  hostedTimeoutMs?: number;
  /**
   * The chip reader (ICAO 9303 over PC/SC): settings.chip. Absent = deps.settings' chip, else off
   * (so hosts and tests that do not ask for it never open PC/SC). `source` replaces PC/SC in tests.
   */
  chip?: ChipSettings & { source?: CardSource };
  /**
   * In-branch station (IBV): the station IT registered on the site's server (`idv station create`).
   * Embedded: absent = the kiosk registers itself as a station of its own app at start.
   */
  branchStation?: StationCredentials;
}

export interface Kiosk extends IpcDispatcher {
  onEvent(listener: KioskEventListener): () => void;
  readonly service: ServiceInfo;
  /** Wipes every person's session from memory, disk and the service (e.g. the renderer crashed). */
  discardAllSessions(why: string): Promise<number>;
  /** The host's view for hosted capture (Electron's WebContentsView, the fallback's page). */
  attachHostedView(view: HostedViewPort): () => void;
  /** Disposes everything it built, in reverse order. */
  dispose(): Promise<void>;
}

/** A marker in the data folder: a verification has been submitted on this kiosk (first-run hints end). */
const FIRST_VERIFICATION_MARKER = 'first-verification.done';

const AUDIT_PURGE_INTERVAL_MS = 24 * 60 * 60_000;

/** Opens the audit log, or null (logged as an error) so the kiosk still runs and refuses decisions. */
async function openKioskAuditLog(
  deps: KioskDeps,
  logger: Logger,
  policy: () => AuditPolicy = () => deps.auditPolicy ?? DEFAULT_AUDIT_POLICY,
  /** Given the key of the log that opened (the admin's key export writes it). */
  onKey?: (key: Uint8Array) => void,
): Promise<AuditLog | null> {
  try {
    const key = deps.auditKey ?? (await loadOrCreateAuditKeyFile(deps.dataDir, logger));
    onKey?.(key);
    return await openAuditLog({
      dataDir: deps.dataDir,
      key,
      kioskId: deps.kioskId ?? (os.hostname() || 'kiosk'),
      policy,
      logger,
    });
  } catch (err) {
    logger.error('the audit log cannot be opened; staff decisions cannot be recorded', {
      error: errorMessage(err),
    });
    return null;
  }
}

async function loadVision(
  kind: 'node' | 'none',
  owned: DisposableStore,
  logger: Logger,
): Promise<VisionPort | null> {
  if (kind !== 'node') return null;
  // Loaded only when asked for: vision/node pulls in heavy WASM/N-API modules, and a build where
  // they fail to load must still start (the checks then say NOT_AVAILABLE and why). A literal
  // specifier, so the main-process bundle includes it.
  try {
    const mod = await import('../../vision/node/index');
    // The face engine's worker threads are shared by the process: stopped once the service is.
    owned.defer('face engine', () => mod.closeNodeFaceEngine());
    return await mod.createNodeVision();
  } catch (err) {
    logger.warn('image analysis is not available; checks will say NOT_AVAILABLE', {
      error: errorFirstLine(err),
    });
    return null;
  }
}

async function registerEmbeddedApp(server: IdvServer): Promise<EmbeddedApp> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sdkId = await server.apps.register(
    'Doc Scan Kiosk',
    pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  return { sdkId, privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export async function composeKiosk(deps: KioskDeps): Promise<Kiosk> {
  const logger = deps.logger;
  const owned = new DisposableStore((what, err) =>
    logger.warn('shutdown step failed', { what, error: errorMessage(err) }),
  );
  const events = createKioskEventHub(logger);
  owned.defer('event listeners', () => events.clear());
  await mkdir(deps.dataDir, { recursive: true, mode: 0o700 });
  try {
    const embedded = deps.service === 'embedded';
    const demo = embedded && (deps.demo ?? true);
    let connection: { apiBaseUrl: string; sdkId: string; privateKeyPem: string };
    let branchStation = deps.branchStation ?? null;
    let info: ServiceInfo;
    if (deps.service === 'embedded') {
      const server = await createIdvServer({
        dataDir: path.join(deps.dataDir, 'idv'),
        masterKey: deps.embeddedMasterKey,
        port: 0,
        host: '127.0.0.1',
        vision: await loadVision(deps.vision ?? 'none', owned, logger),
        demo,
        // A real person's session: no sandbox response-config may decide its outcome.
        sandbox: false,
        logger: logger.child({ component: 'idv' }),
        // The chip's passive authentication trusts the same CSCA folder as the kiosk's reader.
        pipeline: chipAwarePipeline(
          serviceCscaStore(
            (deps.chip ?? deps.settings?.current().chip)?.cscaDir ?? path.join(deps.dataDir, 'csca'),
            logger.child({ component: 'idv' }),
          ),
        ),
      });
      owned.defer('embedded IDV service', () => server.close());
      let app = deps.embeddedApp ?? null;
      if (!app) {
        app = await registerEmbeddedApp(server);
        await deps.onEmbeddedAppCreated?.(app);
      }
      connection = { apiBaseUrl: server.rpApiUrl, ...app };
      // One station per kiosk: its key is the app's own (sealed with the kiosk's secrets), its id kept.
      branchStation ??= await kioskStationOf({
        stations: server.branchStations,
        app,
        name: deps.kioskId ?? (os.hostname() || 'kiosk'),
        dataDir: deps.dataDir,
        stillKnown: (credentials) => stationStillKnown(stationClient(server.rpApiUrl, credentials)),
        logger: logger.child({ component: 'branch' }),
      });
      info = serviceInfoFor('embedded', server.url);
    } else {
      connection = deps.service;
      info = serviceInfoFor(deps.service.kind ?? 'standalone', new URL(deps.service.apiBaseUrl).origin);
    }

    // A site's server: the station IT registered (settings.branch), when the host passed none.
    const branchSetting = deps.settings?.current().branch;
    if (!branchStation && branchSetting) {
      const loaded = await loadStationCredentials(branchSetting);
      if ('problem' in loaded) logger.warn('this kiosk is no branch station', { problem: loaded.problem });
      else branchStation = loaded;
    }
    let notify: ((sessionId: string) => void) | null = null;
    const receiver =
      (deps.notifications ?? info.kind !== 'yoti')
        ? await startNotificationReceiver((n) => notify?.(n.session_id))
        : null;
    if (receiver) owned.defer('notification receiver', () => receiver.close());

    const broker = createSessionBroker({
      ...connection,
      notifications: receiver ? { endpoint: receiver.endpoint, authToken: receiver.authToken } : undefined,
      requiredDocument: deps.requiredDocument,
      clientSessionTokenTtlSec: deps.clientSessionTokenTtlSec,
      logger: logger.child({ component: 'session-broker' }),
    });
    const idleTimeoutMs = deps.idleTimeoutMs ?? 90_000;
    const markerFile = path.join(deps.dataDir, FIRST_VERIFICATION_MARKER);
    // The chip key the service read from a page: to the chip feature (made below), main only.
    let onPageAccessKey: ((handle: string, key: MrzKey) => void) | null = null;
    const service = await createKioskService({
      onPageAccessKey: (handle, key) => onPageAccessKey?.(handle, key),
      broker,
      clientApi: createClientSessionApi({ apiBaseUrl: connection.apiBaseUrl }),
      serviceInfo: info,
      outboxDir: path.join(deps.dataDir, 'outbox'),
      // Sessions not yet handed over for deletion: a crash or quit mid-flow cannot leave them alive.
      unfinishedDir: path.join(deps.dataDir, 'unfinished'),
      outboxKey: deps.outboxKey ?? newEnvelopeKey(),
      emit: events.emit,
      // The renderer's own timer fires first; this backstop catches a renderer that died.
      idleTimeoutMs: idleTimeoutMs + (deps.idleGraceMs ?? 30_000),
      reportRetentionMs: deps.reportRetentionMs,
      outboxTiming: deps.outboxTiming,
      followerTiming: deps.followerTiming,
      sweepIntervalMs: deps.sweepIntervalMs,
      logger: logger.child({ component: 'kiosk-service' }),
    });
    owned.defer('kiosk service', () => service.close());
    notify = (sessionId) => service.notify(sessionId);
    // Hosted capture: the service's web page in a view the host owns, the session from here.
    const hosted = createHostedCapture({
      kiosk: service,
      apiBaseUrl: connection.apiBaseUrl,
      captureMode: () =>
        deps.capture ??
        (deps.settings
          ? captureModeOf(deps.settings.current())
          : info.kind === 'yoti'
            ? 'hosted'
            : 'kiosk'),
      emit: events.emit,
      timeoutMs: deps.hostedTimeoutMs ?? 15 * 60_000,
      logger: logger.child({ component: 'hosted-capture' }),
    });
    owned.defer('hosted capture', () => hosted.dispose());

    const staff = await openStaffService({
      dataDir: deps.dataDir,
      logger,
      idle: {
        timeoutSeconds: deps.staffIdleTimeoutSec ?? DEFAULT_STAFF_IDLE.timeoutSeconds,
        warningSeconds: DEFAULT_STAFF_IDLE.warningSeconds,
      },
      ...deps.staffOptions,
    });
    owned.defer('staff service', () => staff.close());
    // What the admin screen can change while the kiosk runs (read at each use).
    const live = {
      reasons: deps.decisionReasons ?? DEFAULT_DECISION_REASONS,
      printers: deps.printers ?? DEFAULT_PRINTER_SETTINGS,
      auditPolicy: deps.auditPolicy ?? DEFAULT_AUDIT_POLICY,
      locale: deps.locale,
      staffGesture: deps.staffGesture ?? deps.settings?.current().staffGesture ?? DEFAULT_STAFF_GESTURE,
    };
    let auditKey: Uint8Array | null = null;
    const audit = await openKioskAuditLog(
      deps,
      logger.child({ component: 'audit' }),
      () => live.auditPolicy,
      (key) => (auditKey = key),
    );
    if (audit) {
      owned.defer('audit log', () => audit.close());
      const purge = () => {
        try {
          audit.purgeExpired();
        } catch (err) {
          logger.error('the audit log was not purged', { error: errorMessage(err) });
        }
      };
      purge();
      const purger = setInterval(purge, AUDIT_PURGE_INTERVAL_MS);
      purger.unref?.();
      owned.defer('audit purge timer', () => clearInterval(purger));
    }
    const printing = deps.printing;
    const print = printing
      ? createPrintService({
          pdf: printing.pdf,
          systemPrinter: printing.systemPrinter,
          settings: () => live.printers,
          logger: logger.child({ component: 'print' }),
        })
      : null;
    const station = createStaffStation({
      staff,
      audit,
      service,
      print,
      reasons: () => live.reasons,
      emit: events.emit,
      logger: logger.child({ component: 'staff-station' }),
    });
    // Before the staff service closes: its last "signed out" is not sent to a closing window.
    owned.defer('staff station', () => station.dispose());
    // In-branch visits: staff open a customer's letter, capture, review, submit (signed in only).
    const branch = createBranchVisits({
      client: branchStation ? stationClient(connection.apiBaseUrl, branchStation) : null,
      clientApi: createClientSessionApi({ apiBaseUrl: connection.apiBaseUrl }),
      audit,
      staffAccountId: () => {
        const who = staff.status().session;
        if (!who) throw new KioskServiceError('NOT_SIGNED_IN', 'Sign in first.');
        return who.accountId;
      },
      broker,
      serviceInfo: info,
      staffName: () => {
        const who = staff.status().session;
        if (!who) throw new KioskServiceError('NOT_SIGNED_IN', 'Sign in first.');
        return who.displayName;
      },
      print,
      kioskId: () => deps.kioskId ?? (os.hostname() || 'kiosk'),
      logger: logger.child({ component: 'branch' }),
    });
    owned.defer(
      'branch visits on sign-out',
      staff.onEvent((e) => {
        if (e.type === 'signed-out') branch.forgetAll();
      }),
    );
    owned.defer('branch visits', () => branch.forgetAll());
    // Expert review (manual_check ALWAYS/FALLBACK) on the local service's review API, signed with
    // the SDK key here in main; against Yoti's cloud the screen says Yoti's experts review there.
    const expertReview = createExpertReview({
      client: info.kind === 'yoti' ? null : createReviewClient({ apiUrl: connection.apiBaseUrl, ...connection }),
      broker,
      serviceInfo: info,
      signedIn: () => station.requireStaff(),
      audit,
      reasons: () => live.reasons,
      logger: logger.child({ component: 'expert-review' }),
    });
    owned.defer(
      'expert review on sign-out',
      staff.onEvent((e) => {
        if (e.type === 'signed-out') expertReview.forgetAll();
      }),
    );

    const devices = deps.devices;
    const scannerTest = devices ? createScannerTestRead() : null;
    if (scannerTest) owned.defer('scanner test read', () => scannerTest.cancel());
    const settingsPort = deps.settings;
    const adminHandlers = createAdminHandlers({
      requireAdmin: () => station.requireAdmin(),
      staff,
      settings: settingsPort
        ? createSettingsAdmin({
            port: settingsPort,
            startedWith: settingsPort.current(),
            apply: (next: KioskSettings, changed) => {
              live.reasons = next.decisionReasons;
              live.printers = next.printers;
              live.auditPolicy = next.audit;
              live.locale = next.language;
              live.staffGesture = next.staffGesture ?? DEFAULT_STAFF_GESTURE;
              // A shorter retention applies now, not at the next daily purge.
              if (audit && changed.includes('audit')) audit.purgeExpired();
            },
          })
        : null,
      serviceInfo: info,
      scanners: () => (devices ? devices.list() : []),
      scannerTest,
      print,
      systemPrinter: printing?.systemPrinter,
      kioskId: () => deps.kioskId ?? (os.hostname() || 'kiosk'),
      staffGesture: () => live.staffGesture,
      exportAuditKey:
        audit && auditKey
          ? (file) =>
              exportAuditKey({ key: auditKey as Uint8Array, audit, file, staffAccountId: station.requireStaff().accountId })
          : null,
      logger: logger.child({ component: 'admin' }),
    });
    // A kiosk with a settings file reads chips unless switched off there (chip.enabled).
    const chipSettings = deps.chip ?? (deps.settings ? { ...DEFAULT_CHIP_SETTINGS, ...deps.settings.current().chip } : undefined);
    const chip = createChipFeature({
      settings: chipSettings,
      source: deps.chip?.source,
      dataDir: deps.dataDir,
      logger: logger.child({ component: 'chip' }),
      onReaders: (s) => events.emit('chip:readers', s),
      onProgress: (p) => events.emit('chip:progress', p),
    });
    owned.defer('chip reader', () => chip.dispose());
    onPageAccessKey = (handle, key) => chip.rememberImageKey(handle, key);

    if (devices) {
      owned.defer(
        'scanner events',
        devices.subscribe({
          changed: (d) => events.emit('device:changed', d),
          mrz: (lines) => {
            // An admin's test read takes the lines: they go to no person's session.
            if (scannerTest?.offer(lines)) return;
            events.emit('scanner:mrz', { lineCount: lines.length });
            chip.rememberScannerMrz(lines);
            service
              .scannerMrz(lines)
              .catch((err) => logger.warn('scanner MRZ not sent', { error: errorMessage(err) }));
          },
          error: (message) => logger.warn('scanner problem', { message }),
        }),
      );
    }

    const appInfo = (): InvokeResponse<'getAppInfo'> => ({
      version: deps.version ?? '0.0.0',
      mode: deps.mode ?? DEFAULT_KIOSK_MODE,
      service: info,
      idleTimeoutMs,
      ...(live.locale ? { locale: live.locale } : {}),
      ...(deps.likelyCountries?.length ? { likelyCountries: [...deps.likelyCountries] } : {}),
      demo: demo ? { useDemoCamera: deps.useDemoCamera ?? false } : null,
      firstRun: !existsSync(markerFile),
    });

    const handlers = {
      getAppInfo: async () => appInfo(),
      getDemoCamera: async () => {
        if (!demo)
          throw new KioskServiceError(
            'NOT_IN_DEMO_MODE',
            'The demo camera is only available with the local service in demo mode.',
          );
        return loadDemoCameraPictures(deps.demoDir ?? DEFAULT_DEMO_DIR);
      },
      ...service.handlers,
      submitSession: async (r) => {
        const submitted = await service.handlers.submitSession(r);
        if (!existsSync(markerFile)) await writeFile(markerFile, '', { mode: 0o600 });
        return submitted;
      },
      discardSession: async (r) => {
        station.forget(r.handle);
        chip.forget(r.handle);
        return service.handlers.discardSession(r);
      },
      listDevices: async () => (devices ? devices.list() : []),
      // getReport (signed-in staff only, on either kind of kiosk), sign-in, the decision, printing.
      ...station.handlers,
      ...hosted.handlers,
      ...chip.handlers,
      // A chip read goes to the local service as the document's chip resource, through the
      // outbox (Yoti's own API takes no chip resource from a kiosk: there it stays in main).
      readChip: async (r) => {
        // MRZ lines or key fields from the screen are typed by staff (checked with their check digits in main).
        if (r.mrzLines || r.mrzKey) station.requireStaff();
        const out = await chip.handlers.readChip(r);
        const read = out.ok && info.kind !== 'yoti' ? chip.readFor(r.handle) : null;
        if (read) await service.chipRead(r.handle, chipResourceBody(read));
        return out;
      },
      ...branch.handlers,
      ...expertReview.handlers,
      // Admin role only (main checks it): settings, accounts, diagnostics.
      ...adminHandlers,
    } satisfies InvokeHandlers;

    const dispatcher = createIpcDispatcher(handlers, { logger, isClosed: () => owned.isDisposed });
    return {
      dispatch: dispatcher.dispatch,
      onEvent: events.onEvent,
      service: info,
      discardAllSessions: async (why) => {
        station.forget();
        chip.forget();
        branch.forgetAll();
        // Whoever is on the hosted page goes too: the view is closed and cleared first.
        await hosted.endCurrent(why);
        return service.discardAll(why);
      },
      attachHostedView: (view) => hosted.attachView(view),
      dispose: () => owned.dispose(),
    };
  } catch (err) {
    await owned.dispose();
    throw err;
  }
}
