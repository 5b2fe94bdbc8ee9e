// The kiosk flow as one state machine (DESIGN.md "Kiosk flow"). Views render `step` and call the
// actions; every call to main goes through window.kiosk. Person data (images, object URLs, the
// session handle, the report) lives only here and is wiped by `reset`/`timeout`.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { CaptureMethod, DocumentType, PageSide } from '../../common/documents';
import type {
  CaptureFeedback,
  DeviceStatus,
  DocumentOption,
  EventPayload,
  InvokeResponse,
  StaffReport,
} from '../../common/ipc/contract';
import { errorCode, invoke, kioskApi } from '../kiosk/kioskApi';
import { isSupportedLocale, type SupportedLocale } from '../i18n';

export type FlowStep =
  | 'attract'
  | 'consent'
  | 'document'
  | 'capture'
  | 'review'
  | 'face'
  | 'uploading'
  | 'done'
  | 'result'
  | 'error';

export type FlowErrorKind =
  | 'noCamera'
  | 'cameraDenied'
  | 'cameraLost'
  | 'uploadFailed'
  | 'serviceUnreachable'
  | 'sessionExpired'
  | 'unexpected';

/** What to do on "Try again" from an error screen. */
type RetryAction = 'startSession' | 'page' | 'face' | 'submit' | 'report' | 'camera' | 'none';

export interface FlowError {
  kind: FlowErrorKind;
  message: string | null;
  retry: RetryAction;
  /** Step to go back to when the error clears (camera back, retry succeeded). */
  resumeStep: FlowStep;
}

export interface CapturedImage {
  bytes: Uint8Array<ArrayBuffer>;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  method: CaptureMethod;
  /** Taken automatically by the quality loop rather than by the shutter button. */
  auto: boolean;
}

export interface PageCapture {
  side: PageSide;
  /** Object URL of the encoded photo; null while the capture worker is still encoding it. */
  url: string | null;
  /** The captured frame, shown on the review at once while the photo is encoded (closed on release). */
  preview: ImageBitmap | null;
  /** Ties an encoded photo to the preview it belongs to (a retake meanwhile makes it stale). */
  token: number;
  width: number;
  height: number;
  auto: boolean;
  status: 'checking' | 'accepted' | 'rejected' | 'queued';
  feedback: CaptureFeedback | null;
}

export type AppInfo = InvokeResponse<'getAppInfo'>;

export interface FlowOptions {
  /** Fallback poll for the result when no session:state event arrives (ms). */
  reportPollMs?: number;
  /** Object URL factory (tests pass a fake; the browser's by default). */
  createObjectUrl?: (blob: Blob) => string;
  revokeObjectUrl?: (url: string) => void;
  /** How long the "document read by the scanner" notice stays on screen (ms). */
  scannerNoticeMs?: number;
  /** Unattended mode: how long the done screen shows before the flow wipes and resets (ms). */
  doneResetMs?: number;
}

const CAMERA_ERRORS: FlowErrorKind[] = ['noCamera', 'cameraDenied', 'cameraLost'];

let flowOptions: FlowOptions = {};
/** Set before the store is first used (tests); production uses the defaults. */
export function configureFlow(options: FlowOptions): void {
  flowOptions = options;
}

export const useFlowStore = defineStore('flow', () => {
  const reportPollMs = flowOptions.reportPollMs ?? 4000;
  const createUrl = flowOptions.createObjectUrl ?? ((b: Blob) => URL.createObjectURL(b));
  const revokeUrl = flowOptions.revokeObjectUrl ?? ((u: string) => URL.revokeObjectURL(u));
  const doneResetMs = flowOptions.doneResetMs ?? 8000;
  const scannerNoticeMs = flowOptions.scannerNoticeMs ?? 4000;

  // Kiosk-level state (not person data).
  const appInfo = shallowRef<AppInfo | null>(null);
  const appInfoError = ref<string | null>(null);
  const defaultLocale = ref<SupportedLocale>('en');

  // Person/session state: everything below is wiped by wipe().
  const step = ref<FlowStep>('attract');
  const locale = ref<SupportedLocale>('en');
  const busy = ref(false);
  const handle = ref<string | null>(null);
  const documents = shallowRef<DocumentOption[]>([]);
  const livenessRequired = ref(false);
  const country = ref<string | null>(null);
  const documentType = ref<DocumentType | null>(null);
  const requiredPages = ref<PageSide[]>([]);
  const side = ref<PageSide>('front');
  const pages = ref<Partial<Record<PageSide, PageCapture>>>({});
  const faceUrl = ref<string | null>(null);
  const upload = ref({ pending: 0, sent: 0, lastError: null as string | null });
  const sessionState = ref<EventPayload<'session:state'>['state'] | null>(null);
  const report = shallowRef<StaffReport | null>(null);
  const error = ref<FlowError | null>(null);
  /** A hardware MRZ reader just read a document (a short notice; the MRZ itself is not kept here). */
  const scannerNotice = ref(false);
  let scannerTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by anything that shows the kiosk is working for the person (idle timer resets). */
  const activityTick = ref(0);

  // Raw bytes kept for a retry after a failed upload; not reactive, wiped with the rest.
  const heldImages = new Map<'front' | 'back' | 'face', CapturedImage>();
  const objectUrls = new Set<string>();
  // Each wipe starts a new generation: results of calls begun before it are dropped.
  let generation = 0;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let doneTimer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribers: Array<() => void> = [];

  const countries = computed(() => documents.value.map((d) => d.issuingCountry));
  const documentTypesForCountry = computed(
    () => documents.value.find((d) => d.issuingCountry === country.value)?.documentTypes ?? [],
  );
  const currentPage = computed(() => pages.value[side.value] ?? null);
  const hasBack = computed(() => requiredPages.value.includes('back'));
  const idleWatched = computed(() => step.value !== 'attract');
  // Only a staff-mode kiosk shows the result; unknown (getAppInfo failed) counts as unattended.
  const staffMode = computed(() => appInfo.value?.mode === 'staff');
  const isLocalService = computed(
    () => (report.value?.source.kind ?? appInfo.value?.service.kind) !== 'yoti',
  );

  function track(url: string): string {
    objectUrls.add(url);
    return url;
  }

  function toUrl(img: CapturedImage): string {
    // The Blob takes its own copy of the bytes; no extra copy here.
    return track(createUrl(new Blob([img.bytes], { type: img.mime })));
  }

  let nextToken = 1;

  function fail(
    kind: FlowErrorKind,
    err: unknown,
    retry: RetryAction,
    resumeStep: FlowStep = step.value,
  ): void {
    const message = err instanceof Error ? err.message : err == null ? null : String(err);
    error.value = { kind, message, retry, resumeStep };
    step.value = 'error';
  }

  /** Maps a failed call to the right screen; returns true when it was handled as a flow error. */
  function failFromCall(err: unknown, retry: RetryAction, resumeStep: FlowStep): void {
    const code = errorCode(err);
    if (code === 'SESSION_EXPIRED' || code === 'UNKNOWN_SESSION')
      fail('sessionExpired', err, 'none', 'attract');
    else if (code === 'SERVICE_UNREACHABLE') fail('serviceUnreachable', err, retry, resumeStep);
    else if (retry === 'page' || retry === 'face' || retry === 'submit')
      fail('uploadFailed', err, retry, resumeStep);
    else fail('unexpected', err, retry, resumeStep);
  }

  function onUploadProgress(p: EventPayload<'upload:progress'>): void {
    if (p.handle !== handle.value) return;
    upload.value = { pending: p.pending, sent: p.sent, lastError: p.lastError };
    activityTick.value++;
  }

  function onSessionState(p: EventPayload<'session:state'>): void {
    if (p.handle !== handle.value) return;
    sessionState.value = p.state;
    activityTick.value++;
    if (p.state === 'COMPLETED') void fetchReport();
    else if (p.state === 'EXPIRED') fail('sessionExpired', p.message, 'none', 'attract');
    else if (p.state === 'FAILED') fail('unexpected', p.message, 'report', 'uploading');
  }

  function onScannerMrz(p: EventPayload<'scanner:mrz'>): void {
    if (!p.lines.length) return;
    scannerNotice.value = true;
    activityTick.value++;
    if (scannerTimer) clearTimeout(scannerTimer);
    scannerTimer = setTimeout(() => {
      scannerTimer = null;
      scannerNotice.value = false;
    }, scannerNoticeMs);
  }

  function clearScannerNotice(): void {
    if (scannerTimer) clearTimeout(scannerTimer);
    scannerTimer = null;
    scannerNotice.value = false;
  }

  function onDeviceChanged(d: DeviceStatus): void {
    if (d.kind !== 'camera') return;
    if (!d.connected && (step.value === 'capture' || step.value === 'face')) cameraUnavailable('cameraLost');
    else if (d.connected) cameraRestored();
  }

  async function init(): Promise<void> {
    unsubscribers.forEach((u) => u());
    unsubscribers = [];
    try {
      const api = kioskApi();
      unsubscribers = [
        api.on('upload:progress', onUploadProgress),
        api.on('session:state', onSessionState),
        api.on('device:changed', onDeviceChanged),
        api.on('scanner:mrz', onScannerMrz),
      ];
      appInfo.value = await invoke('getAppInfo', {});
      appInfoError.value = null;
    } catch (err) {
      appInfoError.value = err instanceof Error ? err.message : String(err);
    }
  }

  function dispose(): void {
    unsubscribers.forEach((u) => u());
    unsubscribers = [];
    stopPolling();
    if (doneTimer) clearTimeout(doneTimer);
    doneTimer = null;
    clearScannerNotice();
  }

  function setDefaultLocale(value: string): void {
    const short = value.slice(0, 2).toLowerCase();
    if (isSupportedLocale(short)) {
      defaultLocale.value = short;
      if (step.value === 'attract') locale.value = short;
    }
  }

  function setLocale(value: SupportedLocale): void {
    locale.value = value;
  }

  function begin(): void {
    if (step.value !== 'attract') return;
    step.value = 'consent';
  }

  async function acceptConsent(): Promise<void> {
    if (busy.value) return;
    const gen = generation;
    busy.value = true;
    try {
      const started = await invoke('startSession', { locale: locale.value });
      if (gen !== generation) {
        // The person timed out while the session was being created: end it at once.
        void invoke('discardSession', { handle: started.handle }).catch(() => undefined);
        return;
      }
      handle.value = started.handle;
      documents.value = started.documents;
      livenessRequired.value = started.livenessRequired;
      const only = started.documents.length === 1 ? started.documents[0] : undefined;
      country.value = only ? only.issuingCountry : null;
      error.value = null;
      step.value = 'document';
    } catch (err) {
      if (gen === generation) failFromCall(err, 'startSession', 'consent');
    } finally {
      if (gen === generation) busy.value = false;
    }
  }

  function chooseCountry(code: string | null): void {
    country.value = code;
    documentType.value = null;
  }

  async function chooseDocumentType(type: DocumentType): Promise<void> {
    if (!handle.value || !country.value || busy.value) return;
    const gen = generation;
    busy.value = true;
    try {
      const selected = await invoke('selectDocument', {
        handle: handle.value,
        issuingCountry: country.value,
        documentType: type,
      });
      if (gen !== generation) return;
      documentType.value = type;
      requiredPages.value = selected.requiredPages.length ? selected.requiredPages : ['front'];
      side.value = requiredPages.value[0] ?? 'front';
      step.value = 'capture';
    } catch (err) {
      if (gen === generation) failFromCall(err, 'none', 'document');
    } finally {
      if (gen === generation) busy.value = false;
    }
  }

  /**
   * The shutter fired: show the review at once from the grabbed frame while the worker crops and
   * encodes the photo. Returns the token `pageCaptured` must bring back (0 when not capturing).
   * The store owns the bitmap from here on (closed on release, retake or wipe).
   */
  function pageTaken(preview: { bitmap: ImageBitmap; width: number; height: number; auto: boolean }): number {
    if (step.value !== 'capture') {
      preview.bitmap.close();
      return 0;
    }
    const s = side.value;
    releasePage(s);
    const token = nextToken++;
    pages.value = {
      ...pages.value,
      [s]: {
        side: s,
        url: null,
        preview: markRaw(preview.bitmap),
        token,
        width: preview.width,
        height: preview.height,
        auto: preview.auto,
        status: 'checking',
        feedback: null,
      },
    };
    step.value = 'review';
    return token;
  }

  /** The photo for a preview could not be made (camera gone mid-encode): back to the camera. */
  function pageTakeFailed(token: number): void {
    const page = pages.value[side.value];
    if (!page || page.token !== token || page.url) return;
    releasePage(side.value);
    if (step.value === 'review') step.value = 'capture';
  }

  /**
   * The photo of the current side is encoded: show it and ask the service about it. With a token
   * from `pageTaken` it completes that preview (dropped if the person retook meanwhile); without
   * one it is a capture of its own.
   */
  async function pageCaptured(img: CapturedImage, token?: number): Promise<void> {
    const s = side.value;
    if (token === undefined) {
      if (step.value !== 'capture') return;
      releasePage(s);
    } else {
      const page = pages.value[s];
      if (step.value !== 'review' || !page || page.token !== token || page.url) return;
    }
    const previous = pages.value[s];
    heldImages.set(s, img);
    pages.value = {
      ...pages.value,
      [s]: {
        side: s,
        url: toUrl(img),
        preview: previous?.preview ?? null,
        token: previous?.token ?? nextToken++,
        width: img.width,
        height: img.height,
        auto: img.auto,
        status: 'checking',
        feedback: null,
      },
    };
    step.value = 'review';
    await sendPage(s);
  }

  async function sendPage(s: PageSide): Promise<void> {
    const img = heldImages.get(s);
    if (!handle.value || !img) return;
    const gen = generation;
    try {
      const res = await invoke('uploadPage', {
        handle: handle.value,
        side: s,
        image: img.bytes,
        mime: img.mime,
        captureMethod: img.method,
      });
      const page = pages.value[s];
      if (gen !== generation || !page || heldImages.get(s) !== img) return; // retaken or wiped meanwhile
      const status: PageCapture['status'] =
        res.status === 'queued'
          ? 'queued'
          : res.feedback && !res.feedback.acceptable
            ? 'rejected'
            : 'accepted';
      pages.value = { ...pages.value, [s]: { ...page, status, feedback: res.feedback } };
    } catch (err) {
      if (gen !== generation || heldImages.get(s) !== img) return;
      failFromCall(err, 'page', 'review');
    }
  }

  function releasePage(s: PageSide): void {
    const old = pages.value[s];
    if (old?.url) {
      revokeUrl(old.url);
      objectUrls.delete(old.url);
    }
    old?.preview?.close();
    heldImages.delete(s);
    const next = { ...pages.value };
    delete next[s];
    pages.value = next;
  }

  function retake(): void {
    if (step.value !== 'review' && step.value !== 'error') return;
    releasePage(side.value);
    error.value = null;
    step.value = 'capture';
  }

  /** The person accepts the page on the review screen. */
  function confirmPage(): void {
    const page = currentPage.value;
    if (step.value !== 'review' || !page || page.status === 'checking' || !page.url) return;
    // The bytes are with main now (uploaded or in its outbox); keep only the photo's URL. The
    // grabbed frame (full-size, GPU-backed) is not needed once the review is left.
    heldImages.delete(side.value);
    if (page.preview) {
      page.preview.close();
      pages.value = { ...pages.value, [side.value]: { ...page, preview: null } };
    }
    const next = requiredPages.value[requiredPages.value.indexOf(side.value) + 1];
    if (next) {
      side.value = next;
      step.value = 'capture';
    } else {
      step.value = 'face';
    }
  }

  async function faceCaptured(img: CapturedImage): Promise<void> {
    if (step.value !== 'face') return;
    if (faceUrl.value) {
      revokeUrl(faceUrl.value);
      objectUrls.delete(faceUrl.value);
    }
    heldImages.set('face', img);
    faceUrl.value = toUrl(img);
    step.value = 'uploading';
    await sendFace();
  }

  async function sendFace(): Promise<void> {
    const img = heldImages.get('face');
    if (!handle.value || !img) return;
    const gen = generation;
    try {
      await invoke('uploadFace', { handle: handle.value, image: img.bytes, mime: img.mime });
      if (gen !== generation) return;
      heldImages.delete('face');
      await submit();
    } catch (err) {
      if (gen === generation) failFromCall(err, 'face', 'face');
    }
  }

  async function submit(): Promise<void> {
    if (!handle.value) return;
    const gen = generation;
    try {
      step.value = 'uploading';
      await invoke('submitSession', { handle: handle.value });
      if (gen !== generation) return;
      schedulePoll();
    } catch (err) {
      if (gen === generation) failFromCall(err, 'submit', 'uploading');
    }
  }

  function stopPolling(): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function schedulePoll(): void {
    stopPolling();
    const gen = generation;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      if (gen === generation && step.value === 'uploading') void fetchReport(true);
    }, reportPollMs);
  }

  /** Fetches the staff report; `polling` means "only move on if the session has completed". */
  async function fetchReport(polling = false): Promise<void> {
    if (!handle.value) return;
    const gen = generation;
    try {
      const r = await invoke('getReport', { handle: handle.value });
      if (gen !== generation) return;
      if (polling && r.sessionState !== 'COMPLETED') {
        schedulePoll();
        return;
      }
      stopPolling();
      sessionState.value = 'COMPLETED';
      // Unattended: the person at the kiosk never sees the staff report, so it is not kept here.
      report.value = staffMode.value ? r : null;
      if (step.value === 'uploading' || (step.value === 'error' && error.value?.retry === 'report')) {
        error.value = null;
        step.value = 'done';
        if (!staffMode.value) scheduleDoneReset();
      }
    } catch (err) {
      if (gen !== generation) return;
      if (polling && errorCode(err) === 'SERVICE_UNREACHABLE') schedulePoll();
      else failFromCall(err, 'report', 'uploading');
    }
  }

  function showResult(): void {
    if (step.value === 'done' && report.value && staffMode.value) step.value = 'result';
  }

  /** Unattended: the done screen thanks the person, then the kiosk wipes and returns to attract. */
  function scheduleDoneReset(): void {
    if (doneTimer) clearTimeout(doneTimer);
    const gen = generation;
    doneTimer = setTimeout(() => {
      doneTimer = null;
      if (gen === generation && step.value === 'done') void reset();
    }, doneResetMs);
  }

  /** The capture screen lost (or never had) its camera. */
  function cameraUnavailable(kind: 'noCamera' | 'cameraDenied' | 'cameraLost', detail?: string): void {
    if (step.value === 'error' && error.value && CAMERA_ERRORS.includes(error.value.kind)) return;
    if (step.value !== 'capture' && step.value !== 'face') return;
    fail(kind, detail ?? null, 'camera', step.value);
  }

  /** A camera is available again: go back to the capture step the person was on. */
  function cameraRestored(): void {
    if (step.value !== 'error' || !error.value || !CAMERA_ERRORS.includes(error.value.kind)) return;
    step.value = error.value.resumeStep;
    error.value = null;
  }

  async function tryAgain(): Promise<void> {
    const e = error.value;
    if (!e || step.value !== 'error') return;
    switch (e.retry) {
      case 'startSession':
        error.value = null;
        step.value = 'consent';
        await acceptConsent();
        return;
      case 'page': {
        error.value = null;
        const page = pages.value[side.value];
        if (!page || !heldImages.has(side.value)) {
          step.value = 'capture'; // nothing left to resend: take the photo again
          return;
        }
        step.value = 'review';
        pages.value = { ...pages.value, [side.value]: { ...page, status: 'checking' } };
        await sendPage(side.value);
        return;
      }
      case 'face':
        error.value = null;
        if (heldImages.has('face')) {
          step.value = 'uploading';
          await sendFace();
        } else step.value = 'face';
        return;
      case 'submit':
        error.value = null;
        await submit();
        return;
      case 'report':
        await fetchReport();
        return;
      case 'camera':
        cameraRestored();
        return;
      case 'none':
        await reset();
        return;
    }
  }

  /** Error screen "take the photo again" for a failed page or face upload. */
  function retakeAfterError(): void {
    const e = error.value;
    if (!e || step.value !== 'error') return;
    error.value = null;
    if (e.retry === 'face') {
      heldImages.delete('face');
      step.value = 'face';
    } else {
      releasePage(side.value);
      step.value = 'capture';
    }
  }

  /** Wipes everything of the person from memory (main wipes memory and disk on discardSession). */
  function wipe(): void {
    generation++;
    stopPolling();
    if (doneTimer) clearTimeout(doneTimer);
    doneTimer = null;
    clearScannerNotice();
    for (const url of objectUrls) revokeUrl(url);
    objectUrls.clear();
    heldImages.clear();
    for (const page of Object.values(pages.value)) page?.preview?.close();
    handle.value = null;
    documents.value = [];
    livenessRequired.value = false;
    country.value = null;
    documentType.value = null;
    requiredPages.value = [];
    side.value = 'front';
    pages.value = {};
    faceUrl.value = null;
    upload.value = { pending: 0, sent: 0, lastError: null };
    sessionState.value = null;
    report.value = null;
    error.value = null;
    busy.value = false;
    locale.value = defaultLocale.value;
    step.value = 'attract';
  }

  async function endSession(): Promise<void> {
    const h = handle.value;
    wipe();
    if (h) {
      try {
        await invoke('discardSession', { handle: h });
      } catch {
        // Main discards sessions it cannot reach the service for on its own schedule; the
        // renderer side is already wiped, which is what this person's privacy needs here.
      }
    }
  }

  /** Finish, cancel or "start again": back to attract with nothing of the person left. */
  async function reset(): Promise<void> {
    await endSession();
  }

  /** The idle timer ran out. */
  async function timeout(): Promise<void> {
    await endSession();
  }

  /** True while anything of a person is held here (tests and the wipe assertion use it). */
  function holdsPersonData(): boolean {
    return (
      handle.value !== null ||
      objectUrls.size > 0 ||
      heldImages.size > 0 ||
      Object.keys(pages.value).length > 0 ||
      faceUrl.value !== null ||
      report.value !== null ||
      country.value !== null ||
      documentType.value !== null
    );
  }

  return {
    // state
    appInfo,
    appInfoError,
    step,
    locale,
    busy,
    handle,
    documents,
    livenessRequired,
    country,
    documentType,
    requiredPages,
    side,
    pages,
    faceUrl,
    upload,
    sessionState,
    report,
    error,
    activityTick,
    scannerNotice,
    // getters
    countries,
    documentTypesForCountry,
    currentPage,
    hasBack,
    idleWatched,
    staffMode,
    isLocalService,
    // actions
    init,
    dispose,
    setDefaultLocale,
    setLocale,
    begin,
    acceptConsent,
    chooseCountry,
    chooseDocumentType,
    pageTaken,
    pageTakeFailed,
    pageCaptured,
    retake,
    confirmPage,
    faceCaptured,
    showResult,
    cameraUnavailable,
    cameraRestored,
    tryAgain,
    retakeAfterError,
    reset,
    timeout,
    holdsPersonData,
  };
});

export type FlowStore = ReturnType<typeof useFlowStore>;
