// The flow store: owns the machine state (renderer/flow/flowMachine.ts) and runs the side effects
// around it (calls to main, the result poll, timers). Views read `state` and call the actions.
// Person data lives in the session, capture and report stores; `endSession` wipes all three.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DocumentType } from '../../common/documents';
import type { EventPayload } from '../../common/ipc/contract';
import type { CaptureMode, HostedLimitation } from '../../common/ipc/hostedChannels';
import type { ChipReadError, TypedMrzKey } from '../../common/ipc/chipChannels';
import { errorMessage } from '../../common/errorMessage';
import {
  INITIAL_STATE,
  chipStepApplies,
  kioskTransition,
  type CameraErrorKind,
  type EndReason,
  type FlowErrorKind,
  type KioskFlowEvent,
  type KioskFlowState,
  type ReviewPage,
  type Resume,
  STAFF_STEPS,
} from '../flow/flowMachine';
import { errorCode, invoke, kioskApi } from '../kiosk/kioskApi';
import type { SupportedLocale } from '../i18n';
import { useCameraStore } from './camera';
import { useCaptureStore, type CapturedImage, type GrabbedFrame, type PagePhoto } from './capture';
import { useFlowEnvironment } from './flowEnvironment';
import { useReportStore } from './report';
import { useSessionStore } from './session';
import { useStaffStore } from './staff';
import { useAccessibilityStore } from '../a11y/accessibilityStore';

export type { CapturedImage } from './capture';
export type { FlowStep, KioskFlowStep } from '../flow/flowMachine';

/** The review screen's page: the machine's verdict plus the capture store's pixels. */
export type CurrentPage = ReviewPage & PagePhoto & { side: 'front' | 'back' };

/** What staff typed on the chip screen: the whole zone or the three key fields. */
export type TypedChipKey = { mrzLines: string[] } | { mrzKey: TypedMrzKey };

export const useFlowStore = defineStore('flow', () => {
  const { env } = useFlowEnvironment();
  const session = useSessionStore();
  const capture = useCaptureStore();
  const reports = useReportStore();
  const camera = useCameraStore();
  const staff = useStaffStore();
  const accessibility = useAccessibilityStore();

  const state = shallowRef<KioskFlowState>(INITIAL_STATE);
  /** How this kiosk captures (main's getCaptureMode; re-read for each person: the admin may switch). */
  const captureMode = ref<CaptureMode>('kiosk');
  /** What the hosted page cannot do, said on its strip. */
  const hostedLimitations = shallowRef<readonly HostedLimitation[]>([]);
  /** A chip reader is attached (getChipStatus, then chip:readers). */
  const chipReaderAttached = ref(false);
  /** Ties a readChip answer to the read it belongs to (a retry or a skip makes older ones stale). */
  let chipRead = 0;
  /** A hardware MRZ reader just read a document (a short notice; the MRZ itself is not kept). */
  const scannerNotice = ref(false);
  /** Bumped by anything that shows the kiosk is working for the person (idle timer resets). */
  const activityTick = ref(0);

  let nextToken = 1;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let doneTimer: ReturnType<typeof setTimeout> | null = null;
  let scannerTimer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribers: Array<() => void> = [];

  const step = computed(() => state.value.name);
  const side = computed(() => {
    const s = state.value;
    return s.name === 'capture' || s.name === 'review' ? s.side : null;
  });
  const busy = computed(() => {
    const s = state.value;
    return (s.name === 'consent' && s.starting) || (s.name === 'document' && s.selecting);
  });
  const currentPage = computed<CurrentPage | null>(() => {
    const s = state.value;
    if (s.name !== 'review') return null;
    const photo = capture.pages[s.side];
    return photo && photo.token === s.page.token ? { ...photo, ...s.page, side: s.side } : null;
  });
  /** A staff screen (PIN, review, staff home). */
  const staffStep = computed(() => (STAFF_STEPS as readonly string[]).includes(state.value.name));
  // The customer's idle timer never runs on staff screens: main's staff idle sign-out guards them
  // (so a result staff are reviewing is never wiped under them). Nor while the hosted page is
  // up: the kiosk sees none of the person's activity there, and main holds the session meanwhile
  // (the hosted timeout is the backstop).
  const idleWatched = computed(
    () => state.value.name !== 'attract' && state.value.name !== 'hosted' && !staffStep.value,
  );
  /** Unattended done screen: seconds before it resets on its own (null: no countdown). */
  const doneSecondsLeft = ref<number | null>(null);

  /** Applies an event; false when the machine ignored it (it did not fit the state). */
  function send(event: KioskFlowEvent): boolean {
    const next = kioskTransition(state.value, event);
    if (next === state.value) return false;
    state.value = next;
    return true;
  }

  function fail(kind: FlowErrorKind, err: unknown, resume: Resume): void {
    const detail = err == null ? null : errorMessage(err);
    // Raw exception text is for the console, never for the person's screen.
    if (detail) console.warn(`kiosk flow: ${kind}: ${detail}`);
    send({ type: 'failed', error: { kind, detail }, resume });
  }

  /** Maps a failed call to the right screen. */
  function failFromCall(err: unknown, resume: Resume): void {
    const code = errorCode(err);
    if (code === 'SESSION_EXPIRED' || code === 'UNKNOWN_SESSION')
      fail('sessionExpired', err, { to: 'restart' });
    else if (code === 'SERVICE_UNREACHABLE') fail('serviceUnreachable', err, resume);
    else if (resume.to === 'page' || resume.to === 'face' || resume.to === 'submit')
      fail('uploadFailed', err, resume);
    else fail('unexpected', err, resume);
  }

  // --- events from main ---------------------------------------------------------------------

  function onUploadProgress(p: EventPayload<'upload:progress'>): void {
    if (p.handle !== session.handle) return;
    session.upload = { pending: p.pending, sent: p.sent, lastError: p.lastError };
    activityTick.value++;
  }

  function onSessionState(p: EventPayload<'session:state'>): void {
    if (p.handle !== session.handle) return;
    session.sessionState = p.state;
    activityTick.value++;
    if (p.state === 'COMPLETED') void fetchReport(false);
    else if (p.state === 'EXPIRED') fail('sessionExpired', p.message, { to: 'restart' });
    else if (p.state === 'FAILED') fail('unexpected', p.message, { to: 'report' });
  }

  function onScannerMrz(_read: EventPayload<'scanner:mrz'>): void {
    scannerNotice.value = true;
    activityTick.value++;
    if (scannerTimer) clearTimeout(scannerTimer);
    scannerTimer = setTimeout(clearScannerNotice, env.scannerNoticeMs);
  }

  /** The hosted page ended (main closed and cleared it; the session is kept only on SUCCESS). */
  function onHostedEnded(p: EventPayload<'hosted:ended'>): void {
    const s = state.value;
    if (s.name !== 'hosted' || s.phase !== 'open' || s.handle !== p.handle) return;
    activityTick.value++;
    if (p.outcome === 'VIEW_CLOSED') {
      wipe('cancelled');
      return;
    }
    send({ type: 'hostedEnded', handle: p.handle, outcome: p.outcome, code: p.code, message: p.message });
    // SUCCESS: followed to its result like a kiosk submit (session:state, the poll as fallback).
    if (p.outcome === 'SUCCESS') schedulePoll();
    else session.handle = null; // main has wiped it
  }

  function onChipReaders(p: EventPayload<'chip:readers'>): void {
    chipReaderAttached.value = p.available && p.readers.length > 0;
  }

  function onChipProgress(p: EventPayload<'chip:progress'>): void {
    if (state.value.name !== 'chip') return;
    activityTick.value++;
    send({ type: 'chipProgress', stage: p.stage, fraction: p.fraction, attempt: p.attempt });
  }

  /** Which capture the kiosk runs and whether a chip reader is there (either unknown: the kiosk's own screens, no chip). */
  async function loadCapabilities(): Promise<void> {
    const [mode, chip] = await Promise.allSettled([invoke('getCaptureMode', {}), invoke('getChipStatus', {})]);
    if (mode.status === 'fulfilled') {
      captureMode.value = mode.value.capture;
      hostedLimitations.value = mode.value.limitations;
    } else console.warn(`kiosk flow: capture mode unknown: ${errorMessage(mode.reason)}`);
    if (chip.status === 'fulfilled') onChipReaders(chip.value);
  }

  function clearScannerNotice(): void {
    if (scannerTimer) clearTimeout(scannerTimer);
    scannerTimer = null;
    scannerNotice.value = false;
  }

  async function init(): Promise<void> {
    unsubscribers.forEach((u) => u());
    unsubscribers = [];
    try {
      const api = kioskApi();
      unsubscribers = [
        api.on('upload:progress', onUploadProgress),
        api.on('session:state', onSessionState),
        api.on('scanner:mrz', onScannerMrz),
        api.on('staff:idle-warning', staff.onIdleWarning),
        api.on('staff:signed-out', onStaffSignedOut),
        api.on('hosted:ended', onHostedEnded),
        api.on('chip:readers', onChipReaders),
        api.on('chip:progress', onChipProgress),
      ];
      const [appInfo] = await Promise.all([invoke('getAppInfo', {}), loadCapabilities()]);
      session.appInfo = appInfo;
      session.appInfoError = null;
    } catch (err) {
      session.appInfoError = errorMessage(err);
    }
  }

  function stopTimers(): void {
    if (pollTimer) clearTimeout(pollTimer);
    if (doneTimer) clearInterval(doneTimer);
    pollTimer = null;
    doneTimer = null;
    doneSecondsLeft.value = null;
    clearScannerNotice();
  }

  function dispose(): void {
    unsubscribers.forEach((u) => u());
    unsubscribers = [];
    stopTimers();
    staff.dispose();
  }

  // --- the person's way through -------------------------------------------------------------

  function setDefaultLocale(value: string): void {
    session.setDefaultLocale(value, state.value.name === 'attract');
  }

  function setLocale(value: SupportedLocale): void {
    session.locale = value;
  }

  function begin(): void {
    // The admin may have switched the capture mode since the last person: read it again.
    if (send({ type: 'begin' })) void loadCapabilities();
  }

  async function acceptConsent(): Promise<void> {
    if (captureMode.value === 'hosted') {
      if (send({ type: 'hostedRequested' })) await startHosted();
    } else if (send({ type: 'sessionRequested' })) await startSession();
  }

  /** Main creates the session and opens the service's page in its own view; the kiosk gets a handle. */
  async function startHosted(): Promise<void> {
    const current = session.epochGuard();
    try {
      const started = await invoke('startHostedCapture', { locale: session.locale });
      if (!current()) {
        // The person left while the page was opening: close it at once.
        void invoke('endHostedCapture', { handle: started.handle }).catch(() => undefined);
        return;
      }
      session.handle = started.handle;
      hostedLimitations.value = started.limitations;
      send({ type: 'hostedOpened', handle: started.handle });
    } catch (err) {
      if (!current()) return;
      console.warn(`kiosk flow: the hosted page did not open: ${errorMessage(err)}`);
      send({ type: 'hostedStartFailed', message: errorMessage(err) });
    }
  }

  /** "Try again" on the hosted problem screen: a new session and page. */
  async function retryHosted(): Promise<void> {
    if (send({ type: 'hostedRetry' })) await startHosted();
  }

  async function startSession(): Promise<void> {
    const current = session.epochGuard();
    try {
      const started = await invoke('startSession', { locale: session.locale });
      if (!current()) {
        // The person timed out while the session was being created: end it at once.
        void invoke('discardSession', { handle: started.handle }).catch(() => undefined);
        return;
      }
      session.started(started);
      send({ type: 'sessionStarted' });
    } catch (err) {
      if (current()) failFromCall(err, { to: 'startSession' });
    }
  }

  function chooseCountry(code: string | null): void {
    session.chooseCountry(code);
  }

  async function chooseDocumentType(type: DocumentType): Promise<void> {
    const { handle, country } = session;
    if (!handle || !country || !send({ type: 'documentRequested' })) return;
    const current = session.epochGuard();
    try {
      const selected = await invoke('selectDocument', {
        handle,
        issuingCountry: country,
        documentType: type,
      });
      if (!current()) return;
      session.documentChosen(type, selected.requiredPages);
      send({ type: 'documentSelected', pages: session.requiredPages });
    } catch (err) {
      if (current()) failFromCall(err, { to: 'document' });
    }
  }

  /**
   * The shutter fired: show the review at once from the grabbed frame while the worker crops and
   * encodes the photo. Returns the token `pageCaptured` must bring back (0 when not capturing).
   * The capture store owns the bitmap from here on.
   */
  function pageTaken(preview: GrabbedFrame & { auto: boolean }): number {
    const s = state.value;
    if (s.name !== 'capture') {
      preview.bitmap.close();
      return 0;
    }
    const token = nextToken++;
    capture.startPage(s.side, token, preview, preview);
    send({ type: 'pageTaken', token, auto: preview.auto });
    return token;
  }

  /** The photo for a preview could not be made (camera gone mid-encode): back to the camera. */
  function pageTakeFailed(token: number): void {
    const s = state.value;
    if (s.name === 'review' && send({ type: 'pagePhotoFailed', token })) capture.releasePage(s.side);
  }

  /**
   * The photo of the current side is encoded: show it and ask the service about it. With a token
   * from `pageTaken` it completes that preview (dropped if the person retook meanwhile); without
   * one it is a capture of its own.
   */
  async function pageCaptured(img: CapturedImage, token?: number): Promise<void> {
    let s = state.value;
    if (token === undefined) {
      if (s.name !== 'capture') return;
      token = nextToken++;
      capture.startPage(s.side, token, null, img);
      send({ type: 'pageTaken', token, auto: img.auto });
      s = state.value;
    }
    if (s.name !== 'review' || !capture.setPagePhoto(s.side, token, img)) return;
    if (send({ type: 'pageEncoded', token })) await sendPage();
  }

  /** Sends the page on the review screen (again, after a failure). */
  async function sendPage(): Promise<void> {
    const s = state.value;
    const handle = session.handle;
    if (s.name !== 'review' || !handle) return;
    const img = capture.heldPage(s.side);
    if (!img) return;
    const { token } = s.page;
    const current = session.epochGuard();
    try {
      const res = await invoke('uploadPage', {
        handle,
        side: s.side,
        image: img.bytes,
        mime: img.mime,
        captureMethod: img.method,
      });
      if (!current()) return;
      const status =
        res.status === 'queued'
          ? 'queued'
          : res.feedback && !res.feedback.acceptable
            ? 'rejected'
            : 'accepted';
      send({
        type: 'pageChecked',
        token,
        status,
        feedback: res.feedback,
        // An older main may not say: treat it as "not said".
        attemptsRemaining: res.attemptsRemaining ?? null,
      });
    } catch (err) {
      const now = state.value;
      // Retaken or wiped meanwhile: nobody is waiting for this answer.
      if (!current() || now.name !== 'review' || now.page.token !== token) return;
      failFromCall(err, { to: 'page', review: now });
    }
  }

  function retake(): void {
    const s = state.value;
    if (s.name === 'review' && send({ type: 'retake' })) capture.releasePage(s.side);
  }

  /** The person accepts the page on the review screen. */
  function confirmPage(): void {
    const s = state.value;
    if (s.name !== 'review' || !send({ type: 'confirmPage' })) return;
    capture.pageKept(s.side);
    // The pages are done: the chip comes before the face when there is a reader and the
    // document carries a chip.
    const type = session.documentType;
    if (state.value.name === 'face' && type && chipStepApplies(type, chipReaderAttached.value)) {
      if (send({ type: 'chipRequested' })) void readChip();
    }
  }

  /**
   * Reads the chip (main waits for the card and keys it with the MRZ it has for this document, or
   * with what staff typed: `typed`, which goes to main only here).
   */
  async function readChip(typed?: TypedChipKey, failure: ChipReadError = 'NO_MRZ'): Promise<void> {
    const handle = session.handle;
    if (!handle || state.value.name !== 'chip') return;
    const read = ++chipRead;
    const current = session.epochGuard();
    const stillWanted = () => current() && read === chipRead && state.value.name === 'chip';
    try {
      const res = await invoke('readChip', { handle, ...typed });
      if (!stillWanted()) return;
      if (res.ok) send({ type: 'chipRead' });
      else {
        console.warn(`kiosk flow: chip not read: ${res.error}: ${res.message}`);
        send({ type: 'chipFailed', error: res.error });
      }
    } catch (err) {
      if (!stillWanted()) return;
      // Staff were signed out meanwhile (main's idle time): the screen asks them to sign in again.
      if (typed && errorCode(err) === 'NOT_SIGNED_IN') {
        staff.signedOut();
        send({ type: 'chipFailed', error: failure });
        return;
      }
      console.warn(`kiosk flow: chip read failed: ${errorMessage(err)}`);
      send({ type: 'chipFailed', error: 'UNAVAILABLE' });
    }
  }

  /** Staff typed the MRZ on the chip screen (the key was missing or did not open the chip). */
  async function readChipTyped(typed: TypedChipKey): Promise<void> {
    const s = state.value;
    if (s.name !== 'chip' || !s.failure) return;
    if (send({ type: 'chipKeyTyped' })) await readChip(typed, s.failure);
  }

  /** The chip screen's "try again" (not for a wrong MRZ: that stays wrong). */
  async function retryChip(): Promise<void> {
    if (send({ type: 'chipRetry' })) await readChip();
  }

  /** The fallback: on to the face without the chip; a read in progress stops. */
  function skipChip(): void {
    const s = state.value;
    if (s.name !== 'chip') return;
    const handle = session.handle;
    const reading = s.phase !== 'failed';
    chipRead++;
    if (!send({ type: 'chipSkipped' })) return;
    if (reading && handle) void invoke('cancelChipRead', { handle }).catch(() => undefined);
  }

  async function faceCaptured(img: CapturedImage): Promise<void> {
    if (state.value.name !== 'face') return;
    capture.setFace(img);
    send({ type: 'faceTaken' });
    await sendFace();
  }

  async function sendFace(): Promise<void> {
    const img = capture.heldFace();
    const handle = session.handle;
    if (!handle || !img) return;
    const current = session.epochGuard();
    try {
      await invoke('uploadFace', { handle, image: img.bytes, mime: img.mime });
      if (!current()) return;
      capture.faceSent();
      send({ type: 'faceUploaded' });
      await submit();
    } catch (err) {
      if (current()) failFromCall(err, { to: 'face' });
    }
  }

  async function submit(): Promise<void> {
    const handle = session.handle;
    if (!handle) return;
    const current = session.epochGuard();
    try {
      await invoke('submitSession', { handle });
      // Main marks the kiosk as set up with the first submission; the first-run notes go with it.
      if (session.appInfo?.firstRun) session.appInfo = { ...session.appInfo, firstRun: false };
      if (!current()) return;
      send({ type: 'submitted' });
      schedulePoll();
    } catch (err) {
      if (current()) failFromCall(err, { to: 'submit' });
    }
  }

  function schedulePoll(): void {
    if (pollTimer) clearTimeout(pollTimer);
    const current = session.epochGuard();
    pollTimer = setTimeout(() => {
      pollTimer = null;
      if (current() && state.value.name === 'uploading') void fetchReport(true);
    }, env.reportPollMs);
  }

  /**
   * Learns that the session completed; `polling` means "only move on if it has". Both kinds of
   * kiosk ask only for the state: the staff report is for signed-in staff (main refuses it
   * before a sign-in), so it is fetched after the PIN screen, never for the done screen.
   */
  async function fetchReport(polling: boolean): Promise<void> {
    const handle = session.handle;
    if (!handle) return;
    const current = session.epochGuard();
    const staffed = session.staffMode;
    try {
      const { state } = await invoke('getSessionStatus', { handle });
      if (!current()) return;
      if (state === 'EXPIRED') {
        fail('sessionExpired', null, { to: 'restart' });
        return;
      }
      if (polling && state !== 'COMPLETED') {
        schedulePoll();
        return;
      }
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
      session.sessionState = 'COMPLETED';
      if (!send({ type: 'reportReady', showable: staffed })) return;
      if (!staffed) scheduleDoneReset();
    } catch (err) {
      if (!current()) return;
      if (polling && errorCode(err) === 'SERVICE_UNREACHABLE') schedulePoll();
      else failFromCall(err, { to: 'report' });
    }
  }

  /** "Staff: sign in to review" (staffed done screen): the PIN screen, never the result itself. */
  function showResult(): void {
    const s = state.value;
    if (s.name === 'done' && s.showable) requestStaff();
  }

  /** The PIN screen, from the done screen or the hidden gesture on attract. */
  function requestStaff(): void {
    if (send({ type: 'staffRequested' })) void staff.loadStatus();
  }

  function cancelStaff(): void {
    send({ type: 'staffCancelled' });
  }

  async function staffSignIn(name: string, pin: string): Promise<void> {
    if (state.value.name === 'staffPin' && (await staff.signIn(name, pin))) await openReview();
  }

  async function staffCreateFirstAdmin(
    name: string,
    displayName: string,
    pin: string,
    pinAgain: string,
  ): Promise<void> {
    if (state.value.name !== 'staffPin') return;
    if (await staff.createFirstAdmin(name, displayName, pin, pinAgain)) await openReview();
  }

  /** Signed in: fetch the person's report (main gives it to signed-in staff only), then show it. */
  async function openReview(): Promise<void> {
    const s = state.value;
    const handle = session.handle;
    if (s.name !== 'staffPin') return;
    if (s.back === 'attract' || !handle) {
      send({ type: 'staffSignedIn' });
      return;
    }
    const current = session.epochGuard();
    try {
      const r = await invoke('getReport', { handle });
      if (!current() || state.value.name !== 'staffPin') return;
      reports.show(r);
      send({ type: 'staffSignedIn' });
    } catch (err) {
      if (current()) failFromCall(err, { to: 'report' });
    }
  }

  /** Staff are signed out (main's event or their own button): the review leaves memory with them. */
  function onStaffSignedOut(): void {
    staff.signedOut();
    if (staffStep.value && state.value.name !== 'staffPin')
      void endSession('finished');
  }

  async function staffSignOut(): Promise<void> {
    await staff.signOut().catch(() => undefined);
    onStaffSignedOut();
  }

  /** Unattended: the done screen thanks the person, counts down, then wipes and returns to attract. */
  function scheduleDoneReset(): void {
    if (doneTimer) clearInterval(doneTimer);
    const current = session.epochGuard();
    const endsAt = Date.now() + env.doneResetMs;
    doneSecondsLeft.value = Math.ceil(env.doneResetMs / 1000);
    doneTimer = setInterval(() => {
      const left = endsAt - Date.now();
      doneSecondsLeft.value = Math.max(0, Math.ceil(left / 1000));
      if (left > 0) return;
      if (doneTimer) clearInterval(doneTimer);
      doneTimer = null;
      if (current() && state.value.name === 'done') void endSession('finished');
    }, 250);
  }

  /** The capture screen lost (or never had) its camera. */
  function cameraUnavailable(kind: CameraErrorKind): void {
    send({ type: 'cameraUnavailable', kind });
  }

  /** A camera is available again: back to the capture step the person was on. */
  function cameraRestored(): void {
    send({ type: 'cameraRestored' });
  }

  /** The no-camera screen's demo offer (demo mode only): carry on with the demo camera. */
  function switchToDemoCamera(): void {
    if (!camera.demoAvailable) return;
    camera.pickDemo();
    send({ type: 'cameraRestored' });
  }

  async function tryAgain(): Promise<void> {
    const s = state.value;
    if (s.name !== 'error') return;
    const { resume } = s;
    switch (resume.to) {
      case 'restart':
        await endSession('cancelled');
        return;
      case 'page':
        // Nothing left to resend: take the photo again.
        if (!capture.heldPage(resume.review.side)) retakeAfterError();
        else if (send({ type: 'retry' })) await sendPage();
        return;
      case 'face':
        if (!capture.heldFace()) send({ type: 'retakeAfterError' });
        else if (send({ type: 'retry' })) await sendFace();
        return;
      default:
        if (!send({ type: 'retry' })) return;
        if (resume.to === 'startSession') await startSession();
        else if (resume.to === 'submit') await submit();
        else if (resume.to === 'report') await fetchReport(false);
    }
  }

  /** Error screen "take the photo again" for a failed page or face upload. */
  function retakeAfterError(): void {
    const s = state.value;
    if (s.name !== 'error' || !send({ type: 'retakeAfterError' })) return;
    if (s.resume.to === 'page') capture.releasePage(s.resume.review.side);
    else capture.forgetFace();
  }

  /** Wipes everything of the person from memory (main wipes memory and disk on discardSession). */
  function wipe(reason: EndReason): void {
    stopTimers();
    session.wipe();
    capture.wipe();
    reports.wipe();
    staff.clearReview();
    // The person's spoken-guidance, large-text and contrast choices leave with them.
    accessibility.reset();
    send({ type: 'ended', reason });
  }

  /** Finish, cancel, "start again" or the idle timeout: back to attract with nothing of the person left. */
  async function endSession(reason: EndReason): Promise<void> {
    const handle = session.handle;
    const s = state.value;
    // The hosted page is main's: ending it closes and clears the view and discards the session.
    const hosted = s.name === 'hosted' && s.phase === 'open' ? s.handle : null;
    const chipReading = s.name === 'chip' && s.phase !== 'failed';
    if (chipReading) chipRead++;
    wipe(reason);
    if (hosted) {
      await invoke('endHostedCapture', { handle: hosted }).catch(() => undefined);
      return;
    }
    if (!handle) return;
    if (chipReading) await invoke('cancelChipRead', { handle }).catch(() => undefined);
    try {
      await invoke('discardSession', { handle });
    } catch {
      // Main discards sessions it cannot reach the service for on its own schedule; the renderer
      // side is already wiped, which is what this person's privacy needs here.
    }
  }

  return {
    state,
    captureMode,
    hostedLimitations,
    chipReaderAttached,
    staffStep,
    scannerNotice,
    activityTick,
    step,
    side,
    busy,
    currentPage,
    idleWatched,
    doneSecondsLeft,
    init,
    dispose,
    setDefaultLocale,
    setLocale,
    begin,
    acceptConsent,
    retryHosted,
    retryChip,
    readChipTyped,
    skipChip,
    chooseCountry,
    chooseDocumentType,
    pageTaken,
    pageTakeFailed,
    pageCaptured,
    retake,
    confirmPage,
    faceCaptured,
    showResult,
    requestStaff,
    cancelStaff,
    staffSignIn,
    staffCreateFirstAdmin,
    staffSignOut,
    cameraUnavailable,
    cameraRestored,
    switchToDemoCamera,
    tryAgain,
    retakeAfterError,
    endSession,
  };
});

export type FlowStore = ReturnType<typeof useFlowStore>;
