// The kiosk flow as a pure state machine (DESIGN.md "Kiosk flow"): every screen is a state that
// holds exactly the data it needs, and `transition` is the one place that decides what may follow
// what. An event that does not fit the current state returns the same state object, so callers can
// tell "ignored" from "accepted" by identity. No IPC, timers or object URLs here: the flow store
// (renderer/stores/flow.ts) runs those and feeds the outcomes back in as events.
import type { PageSide } from '../../common/documents';
import type { CaptureFeedback } from '../../common/ipc/contract';
import type { ChipReadError, ChipStage } from '../../common/ipc/chipChannels';

export type CameraErrorKind = 'noCamera' | 'cameraDenied' | 'cameraLost';
export type FlowErrorKind =
  CameraErrorKind | 'uploadFailed' | 'serviceUnreachable' | 'sessionExpired' | 'unexpected';

export const CAMERA_ERROR_KINDS: readonly CameraErrorKind[] = ['noCamera', 'cameraDenied', 'cameraLost'];
export const isCameraError = (kind: FlowErrorKind): kind is CameraErrorKind =>
  (CAMERA_ERROR_KINDS as readonly string[]).includes(kind);

/** What the service (or its outbox) said about a page. */
export type PageStatus = 'checking' | 'accepted' | 'rejected' | 'queued';

/** The page on the review screen. Its pixels (object URL, grabbed frame) live in the capture store. */
export interface ReviewPage {
  /** Ties the photo to this review: an answer about a retaken page carries an old token. */
  token: number;
  auto: boolean;
  /** False while the worker still encodes the photo (the grabbed frame is shown meanwhile). */
  encoded: boolean;
  status: PageStatus;
  feedback: CaptureFeedback | null;
  /** Retakes the service will still take for this document; 0: none (say what to do instead), null: not said. */
  attemptsRemaining: number | null;
}

export type CaptureState = { name: 'capture'; pages: readonly PageSide[]; side: PageSide };
export type ReviewState = { name: 'review'; pages: readonly PageSide[]; side: PageSide; page: ReviewPage };
export type FaceState = { name: 'face' };

/** Where "try again" on an error screen leads. */
export type Resume =
  | { to: 'startSession' }
  | { to: 'document' }
  | { to: 'camera'; step: CaptureState | FaceState }
  | { to: 'page'; review: ReviewState }
  | { to: 'face' }
  | { to: 'submit' }
  | { to: 'report' }
  /** The session is gone (expired, unknown): only a fresh start helps. */
  | { to: 'restart' };

export interface FlowError {
  kind: FlowErrorKind;
  /** For the console only: raw exception text is never shown to the person. */
  detail: string | null;
}

export type EndReason = 'finished' | 'cancelled' | 'timeout';

export type FlowState =
  | { name: 'attract'; ended: EndReason | null }
  | { name: 'consent'; starting: boolean }
  | { name: 'document'; selecting: boolean }
  | CaptureState
  | ReviewState
  | FaceState
  /** face: the face is being sent; submit: the session is being submitted; waiting: for the result. */
  | { name: 'uploading'; stage: 'face' | 'submit' | 'waiting' }
  /** showable: staff mode with a report to show (unattended kiosks never show it). */
  | { name: 'done'; showable: boolean }
  /**
   * The staff PIN screen (a staff screen: only a sign-in leads past it). back: where Cancel goes,
   * and what a sign-in opens: the done screen's result (review) or, from attract, the staff home.
   */
  | { name: 'staffPin'; back: 'done' | 'attract' }
  /** The review workspace: only reached from the PIN screen by a successful sign-in. */
  | { name: 'result' }
  /** Signed in with no person's result to review (the hidden entry on an unattended kiosk). */
  | { name: 'staffHome' }
  | { name: 'error'; error: FlowError; resume: Resume };

export type FlowStep = FlowState['name'];

export type FlowEvent =
  | { type: 'begin' }
  | { type: 'sessionRequested' }
  | { type: 'sessionStarted' }
  | { type: 'documentRequested' }
  | { type: 'documentSelected'; pages: readonly PageSide[] }
  | { type: 'pageTaken'; token: number; auto: boolean }
  | { type: 'pageEncoded'; token: number }
  | { type: 'pagePhotoFailed'; token: number }
  | {
      type: 'pageChecked';
      token: number;
      status: Exclude<PageStatus, 'checking'>;
      feedback: CaptureFeedback | null;
      attemptsRemaining: number | null;
    }
  | { type: 'retake' }
  | { type: 'confirmPage' }
  | { type: 'faceTaken' }
  | { type: 'faceUploaded' }
  | { type: 'submitted' }
  | { type: 'reportReady'; showable: boolean }
  /** "Staff: sign in to review" on a staffed done screen, or the hidden gesture on attract. */
  | { type: 'staffRequested' }
  | { type: 'staffCancelled' }
  /** Main accepted the PIN (or created the first admin). */
  | { type: 'staffSignedIn' }
  /** Staff signed out (or main signed them out): the review is cleared, back to attract. */
  | { type: 'staffSignedOut' }
  | { type: 'failed'; error: FlowError; resume: Resume }
  | { type: 'cameraUnavailable'; kind: CameraErrorKind }
  | { type: 'cameraRestored' }
  | { type: 'retry' }
  | { type: 'retakeAfterError' }
  | { type: 'ended'; reason: EndReason };

export const INITIAL_STATE: FlowState = { name: 'attract', ended: null };

/** Screens only a signed-in member of staff may see (and the customer's idle timer leaves alone). */
export const SIGNED_IN_STEPS: readonly FlowStep[] = ['result', 'staffHome'];
export const STAFF_STEPS: readonly FlowStep[] = ['staffPin', ...SIGNED_IN_STEPS];

/** The next state, or `state` itself when the event does not apply to it. */
export function transition(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'ended':
      return { name: 'attract', ended: event.reason };
    case 'failed':
      return state.name === 'attract' ? state : { name: 'error', error: event.error, resume: event.resume };
    case 'cameraUnavailable':
      return state.name === 'capture' || state.name === 'face'
        ? { name: 'error', error: { kind: event.kind, detail: null }, resume: { to: 'camera', step: state } }
        : state;
    default:
      return onStep(state, event);
  }
}

function onStep(state: FlowState, event: FlowEvent): FlowState {
  switch (state.name) {
    case 'attract':
      if (event.type === 'staffRequested') return { name: 'staffPin', back: 'attract' };
      return event.type === 'begin' ? { name: 'consent', starting: false } : state;
    case 'consent':
      if (event.type === 'sessionRequested' && !state.starting) return { name: 'consent', starting: true };
      if (event.type === 'sessionStarted' && state.starting) return { name: 'document', selecting: false };
      return state;
    case 'document':
      if (event.type === 'documentRequested' && !state.selecting)
        return { name: 'document', selecting: true };
      if (event.type === 'documentSelected' && state.selecting) {
        const pages: readonly PageSide[] = event.pages.length ? event.pages : ['front'];
        return { name: 'capture', pages, side: pages[0] ?? 'front' };
      }
      return state;
    case 'capture':
      return event.type === 'pageTaken'
        ? {
            name: 'review',
            pages: state.pages,
            side: state.side,
            page: {
              token: event.token,
              auto: event.auto,
              encoded: false,
              status: 'checking',
              feedback: null,
              attemptsRemaining: null,
            },
          }
        : state;
    case 'review':
      return onReview(state, event);
    case 'face':
      return event.type === 'faceTaken' ? { name: 'uploading', stage: 'face' } : state;
    case 'uploading':
      if (event.type === 'faceUploaded' && state.stage === 'face')
        return { name: 'uploading', stage: 'submit' };
      if (event.type === 'submitted' && state.stage === 'submit')
        return { name: 'uploading', stage: 'waiting' };
      // A completion event can overtake the submit call's own answer.
      if (event.type === 'reportReady' && state.stage !== 'face')
        return { name: 'done', showable: event.showable };
      return state;
    case 'done':
      return event.type === 'staffRequested' && state.showable ? { name: 'staffPin', back: 'done' } : state;
    case 'staffPin':
      if (event.type === 'staffCancelled')
        return state.back === 'done' ? { name: 'done', showable: true } : { name: 'attract', ended: null };
      if (event.type === 'staffSignedIn')
        return state.back === 'done' ? { name: 'result' } : { name: 'staffHome' };
      return state;
    case 'result':
    case 'staffHome':
      return event.type === 'staffSignedOut' ? { name: 'attract', ended: null } : state;
    case 'error':
      return onError(state, event);
  }
}

function onReview(state: ReviewState, event: FlowEvent): FlowState {
  const { page } = state;
  const capture: CaptureState = { name: 'capture', pages: state.pages, side: state.side };
  switch (event.type) {
    case 'pageEncoded':
      return event.token === page.token && !page.encoded
        ? { ...state, page: { ...page, encoded: true } }
        : state;
    case 'pagePhotoFailed':
      return event.token === page.token && !page.encoded ? capture : state;
    case 'pageChecked':
      return event.token === page.token && page.encoded
        ? {
            ...state,
            page: {
              ...page,
              status: event.status,
              feedback: event.feedback,
              attemptsRemaining: event.attemptsRemaining,
            },
          }
        : state;
    case 'retake':
      // The service would refuse it: the person keeps this photo or asks staff.
      return page.attemptsRemaining === 0 ? state : capture;
    case 'confirmPage': {
      if (!page.encoded || page.status === 'checking') return state;
      const next = state.pages[state.pages.indexOf(state.side) + 1];
      return next ? { name: 'capture', pages: state.pages, side: next } : { name: 'face' };
    }
    default:
      return state;
  }
}

function onError(state: Extract<FlowState, { name: 'error' }>, event: FlowEvent): FlowState {
  const { resume } = state;
  switch (event.type) {
    case 'cameraRestored':
      return resume.to === 'camera' ? resume.step : state;
    case 'reportReady':
      return resume.to === 'report' ? { name: 'done', showable: event.showable } : state;
    case 'retakeAfterError':
      if (resume.to === 'page')
        return { name: 'capture', pages: resume.review.pages, side: resume.review.side };
      return resume.to === 'face' ? { name: 'face' } : state;
    case 'retry':
      switch (resume.to) {
        case 'startSession':
          return { name: 'consent', starting: true };
        case 'document':
          return { name: 'document', selecting: false };
        case 'camera':
          return resume.step;
        case 'page':
          return {
            ...resume.review,
            page: { ...resume.review.page, status: 'checking', feedback: null, attemptsRemaining: null },
          };
        case 'face':
          return { name: 'uploading', stage: 'face' };
        case 'submit':
          return { name: 'uploading', stage: 'submit' };
        case 'report':
          return { name: 'uploading', stage: 'waiting' };
        case 'restart':
          return state;
      }
      return state;
    default:
      return state;
  }
}

// ---- The chip step (ICAO 9303 chip read, between the document pages and the face) -------------
// "Place your passport on the reader" when a reader is attached and the document has a chip.
// Its own reducer, joined to the rest in `kioskTransition` (below): after the last page, the face
// follows on chipRead / chipSkipped.

/** waiting: for the passport on the reader; reading: with progress; removed: taken off mid-read; failed: the fallback offer. */
export type ChipPhase = 'waiting' | 'reading' | 'removed' | 'failed';

export type ChipState = {
  name: 'chip';
  phase: ChipPhase;
  /** 0..1 of the files, where known. */
  fraction: number | null;
  attempt: number;
  failure: ChipReadError | null;
  /** This read is keyed by what staff typed on the chip screen (absent: main's own key). */
  keyTyped?: true;
};

export type ChipEvent =
  | { type: 'chipProgress'; stage: ChipStage; fraction: number | null; attempt: number }
  | { type: 'chipFailed'; error: ChipReadError }
  | { type: 'chipRetry' }
  /** Staff typed the MRZ (the key was missing or did not open the chip): read again with it. */
  | { type: 'chipKeyTyped' }
  | { type: 'chipRead' }
  | { type: 'chipSkipped' };

export const CHIP_START: ChipState = { name: 'chip', phase: 'waiting', fraction: null, attempt: 1, failure: null };

/** Whether the chip step applies: a reader is attached and the document type carries a chip. */
export function chipStepApplies(documentType: string, readerAttached: boolean): boolean {
  return readerAttached && (documentType === 'PASSPORT' || documentType === 'NATIONAL_ID' || documentType === 'RESIDENCE_PERMIT');
}

/** The next chip state, or the face step once the chip is read or skipped; `state` when the event does not apply. */
export function chipTransition(state: ChipState, event: ChipEvent): ChipState | FaceState {
  switch (event.type) {
    case 'chipProgress':
      if (state.phase === 'failed') return state;
      if (event.stage === 'waiting-for-card') return { ...state, phase: 'waiting', fraction: null, attempt: event.attempt };
      if (event.stage === 'card-removed') return { ...state, phase: 'removed', fraction: null, attempt: event.attempt };
      return { ...state, phase: 'reading', fraction: event.fraction ?? state.fraction, attempt: event.attempt };
    case 'chipFailed':
      return { ...state, phase: 'failed', failure: event.error };
    case 'chipRetry':
      // A wrong MRZ stays wrong: only going on without the chip (or staff typing it) helps.
      return state.phase === 'failed' && state.failure !== 'WRONG_MRZ' ? { ...CHIP_START } : state;
    case 'chipKeyTyped':
      return state.phase === 'failed' ? { ...CHIP_START, keyTyped: true } : state;
    case 'chipRead':
      return state.phase === 'failed' ? state : { name: 'face' };
    case 'chipSkipped':
      return { name: 'face' };
  }
}

// ---- Hosted capture (capture: "hosted": the service's own page in a view main owns) ------------
// consent → hosted (starting: main creates the session and opens the page; open: the person is on
// the page, the kiosk keeps a strip with Cancel and what hosted mode cannot do) → SUCCESS: the
// usual "waiting for the result" → done; ERROR (Yoti's code in words), the page not loading, no
// answer in time: a screen that says so, with "try again" (a new session) or "start again".
// Its own reducer, like the chip step, joined to the rest in `kioskTransition` (below).

export type HostedProblem = 'ERROR' | 'PAGE_FAILED' | 'TIMEOUT' | 'SERVICE_UNREACHABLE';

export type HostedState =
  | { name: 'hosted'; phase: 'starting' }
  | { name: 'hosted'; phase: 'open'; handle: string };

export type HostedProblemState = {
  name: 'hostedProblem';
  problem: HostedProblem;
  /** Yoti's web error code (ERROR only). */
  code: number | null;
  message: string;
};

export type HostedEvent =
  | { type: 'hostedRequested' }
  | { type: 'hostedOpened'; handle: string }
  | { type: 'hostedStartFailed'; message: string }
  | {
      type: 'hostedEnded';
      handle: string;
      outcome: 'SUCCESS' | HostedProblem | 'VIEW_CLOSED';
      code: number | null;
      message: string;
    }
  | { type: 'hostedCancelled' }
  | { type: 'hostedRetry' };

export type HostedFlowState = FlowState | HostedState | HostedProblemState;

export const HOSTED_START: HostedState = { name: 'hosted', phase: 'starting' };

/** The hosted steps' transitions; any other state or event is left as it is (same object). */
export function hostedTransition(state: HostedFlowState, event: HostedEvent): HostedFlowState {
  switch (state.name) {
    case 'consent':
      return event.type === 'hostedRequested' && !state.starting ? HOSTED_START : state;
    case 'hosted':
      if (state.phase === 'starting') {
        if (event.type === 'hostedOpened') return { name: 'hosted', phase: 'open', handle: event.handle };
        if (event.type === 'hostedStartFailed')
          return { name: 'hostedProblem', problem: 'SERVICE_UNREACHABLE', code: null, message: event.message };
        return state;
      }
      if (event.type === 'hostedCancelled') return { name: 'attract', ended: 'cancelled' };
      if (event.type !== 'hostedEnded' || event.handle !== state.handle) return state;
      if (event.outcome === 'SUCCESS') return { name: 'uploading', stage: 'waiting' };
      if (event.outcome === 'VIEW_CLOSED') return { name: 'attract', ended: 'cancelled' };
      return { name: 'hostedProblem', problem: event.outcome, code: event.code, message: event.message };
    case 'hostedProblem':
      if (event.type === 'hostedRetry') return HOSTED_START;
      if (event.type === 'hostedCancelled') return { name: 'attract', ended: 'cancelled' };
      return state;
    default:
      return state;
  }
}

// ---- The whole kiosk flow: the kiosk's own steps with the chip and hosted steps joined in -----
// The flow store runs this one: the chip step comes between the last page and the face (when
// `chipRequested` finds the face step, i.e. the pages are done), the hosted steps after consent.
// Ending (reset, cancel, idle timeout) and failing apply on every step, like `transition`.

export type KioskFlowState = HostedFlowState | ChipState;
export type KioskFlowStep = KioskFlowState['name'];
export type KioskFlowEvent = FlowEvent | HostedEvent | ChipEvent | { type: 'chipRequested' };

const HOSTED_EVENTS: ReadonlySet<string> = new Set<HostedEvent['type']>([
  'hostedRequested',
  'hostedOpened',
  'hostedStartFailed',
  'hostedEnded',
  'hostedCancelled',
  'hostedRetry',
]);
const CHIP_EVENTS: ReadonlySet<string> = new Set<ChipEvent['type']>([
  'chipProgress',
  'chipFailed',
  'chipRetry',
  'chipKeyTyped',
  'chipRead',
  'chipSkipped',
]);
const isHostedEvent = (e: KioskFlowEvent): e is HostedEvent => HOSTED_EVENTS.has(e.type);
const isChipEvent = (e: KioskFlowEvent): e is ChipEvent => CHIP_EVENTS.has(e.type);

/** The next state of the whole flow, or `state` itself when the event does not apply to it. */
export function kioskTransition(state: KioskFlowState, event: KioskFlowEvent): KioskFlowState {
  if (event.type === 'ended') return { name: 'attract', ended: event.reason };
  if (state.name === 'chip') {
    if (event.type === 'failed') return { name: 'error', error: event.error, resume: event.resume };
    return isChipEvent(event) ? chipTransition(state, event) : state;
  }
  if (event.type === 'chipRequested') return state.name === 'face' ? { ...CHIP_START } : state;
  if (isHostedEvent(event)) return hostedTransition(state, event);
  if (isChipEvent(event)) return state;
  if (state.name === 'hosted' || state.name === 'hostedProblem') {
    return event.type === 'failed' ? { name: 'error', error: event.error, resume: event.resume } : state;
  }
  return transition(state, event);
}
