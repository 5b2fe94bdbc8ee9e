// Expert review at the staff station (signed-in staff): the sessions whose checks wait for an
// expert on the local service, the one opened (its report and images, as the review workspace shows
// them), and the outcome being posted. Main calls the review API with the SDK key and records the
// outcome in the audit log; this store only asks and shows. Its images are object URLs revoked on
// close, on sign-out and when another session is opened.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { IpcErrorCode, StaffReport } from '../../common/ipc/contract';
import type { ReviewOutcome, WaitingReview, WaitingReviewCheck } from '../../common/ipc/reviewChannels';
import { errorCode, invoke } from '../kiosk/kioskApi';
import { useFlowEnvironment } from './flowEnvironment';
import { createObjectUrlSet } from './objectUrls';
import type { ReportImages } from './report';

export type ReviewListState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'local'; sessions: WaitingReview[] }
  /** Yoti's own experts review in Yoti's cloud. */
  | { state: 'yoti' }
  | { state: 'failed'; code: IpcErrorCode };

export interface ReviewDraft {
  checkRef: string | null;
  outcome: ReviewOutcome | null;
  reasonCode: string | null;
}

const EMPTY_DRAFT: ReviewDraft = { checkRef: null, outcome: null, reasonCode: null };
const NO_IMAGES: ReportImages = { pages: [], face: null };

export const useExpertReviewStore = defineStore('expertReview', () => {
  const { env } = useFlowEnvironment();
  const urls = createObjectUrlSet(env);
  /** True while the expert review screen is shown (inside the staff home screen). */
  const active = ref(false);
  const list = shallowRef<ReviewListState>({ state: 'idle' });
  const reviewId = ref<string | null>(null);
  const report = shallowRef<StaffReport | null>(null);
  const images = shallowRef<ReportImages>(NO_IMAGES);
  const waiting = shallowRef<WaitingReviewCheck[]>([]);
  const draft = shallowRef<ReviewDraft>(EMPTY_DRAFT);
  const posting = ref(false);
  const error = ref<IpcErrorCode | null>(null);
  /** The last outcome posted here (for the confirmation line). */
  const posted = shallowRef<{ outcome: ReviewOutcome; type: string; sessionState: string } | null>(null);

  function showReport(value: StaffReport): void {
    urls.revokeAll();
    report.value = value;
    images.value = {
      pages: value.pages.map((p) => ({ side: p.side, url: urls.create(p.image.bytes, p.image.mime) })),
      face: value.face ? urls.create(value.face.bytes, value.face.mime) : null,
    };
  }

  function closeSession(): void {
    urls.revokeAll();
    reviewId.value = null;
    report.value = null;
    images.value = NO_IMAGES;
    waiting.value = [];
    draft.value = EMPTY_DRAFT;
    error.value = null;
    posted.value = null;
  }

  async function refresh(): Promise<void> {
    list.value = { state: 'loading' };
    try {
      const r = await invoke('reviewList', {});
      list.value = r.service === 'yoti' ? { state: 'yoti' } : { state: 'local', sessions: r.sessions };
    } catch (err) {
      list.value = { state: 'failed', code: errorCode(err) };
    }
  }

  async function open(): Promise<void> {
    active.value = true;
    closeSession();
    await refresh();
  }

  async function openSession(id: string): Promise<void> {
    closeSession();
    error.value = null;
    try {
      const r = await invoke('reviewOpen', { reviewId: id });
      reviewId.value = id;
      showReport(r.report);
      waiting.value = r.checks;
      draft.value = { ...EMPTY_DRAFT, checkRef: r.checks[0]?.checkRef ?? null };
    } catch (err) {
      error.value = errorCode(err);
    }
  }

  function setDraft(change: Partial<ReviewDraft>): void {
    if (!posting.value) draft.value = { ...draft.value, ...change };
  }

  /** A REJECT needs a reason (main and the service check it too). */
  function canPost(): boolean {
    const d = draft.value;
    return !posting.value && d.checkRef !== null && d.outcome !== null && (d.outcome === 'APPROVE' || d.reasonCode !== null);
  }

  async function post(): Promise<void> {
    const d = draft.value;
    if (!canPost() || !reviewId.value || !d.checkRef || !d.outcome) return;
    posting.value = true;
    error.value = null;
    const type = waiting.value.find((c) => c.checkRef === d.checkRef)?.type ?? '';
    try {
      const r = await invoke('reviewDecide', {
        reviewId: reviewId.value,
        checkRef: d.checkRef,
        outcome: d.outcome,
        ...(d.reasonCode ? { reasonCode: d.reasonCode } : {}),
      });
      showReport(r.report);
      waiting.value = r.checks;
      posted.value = { outcome: d.outcome, type, sessionState: r.sessionState };
      draft.value = { ...EMPTY_DRAFT, checkRef: r.checks[0]?.checkRef ?? null };
    } catch (err) {
      error.value = errorCode(err);
    } finally {
      posting.value = false;
    }
  }

  /** Back to the list (it is asked for again: what was decided is no longer in it). */
  async function backToList(): Promise<void> {
    closeSession();
    await refresh();
  }

  /** Leaves the screen (or staff signed out): nothing of a person stays. */
  function reset(): void {
    closeSession();
    active.value = false;
    list.value = { state: 'idle' };
  }

  return {
    active,
    list,
    reviewId,
    report,
    images,
    waiting,
    draft,
    posting,
    error,
    posted,
    open,
    refresh,
    openSession,
    setDraft,
    canPost,
    post,
    backToList,
    reset,
  };
});

export type ExpertReviewStore = ReturnType<typeof useExpertReviewStore>;
