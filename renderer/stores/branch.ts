// The in-branch station's state at the staff station: the visit main opened from a customer's
// letter (an opaque handle; the QR's text, the station key and the capture token stay in main),
// the applicant's profile, the pages taken, the staff's review and the result. `finish` ends the
// visit in main and drops every picture and name from here.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BranchProfile, LetterRefusal } from '../../common/ipc/branchChannels';
import type { InvokeResponse } from '../../common/ipc/contract';
import type { PageSide } from '../../common/documents';
import { errorMessage } from '../../common/errorMessage';
import { invoke } from '../kiosk/kioskApi';

export type BranchStage = 'idle' | 'scan' | 'capture' | 'review' | 'submitting' | 'done';

export interface TakenPage {
  url: string;
  acceptable: boolean | null;
  issues: string[];
}

export const useBranchStore = defineStore('branch', () => {
  const stage = ref<BranchStage>('idle');
  const visit = ref<string | null>(null);
  const profile = ref<BranchProfile | null>(null);
  const requiredPages = ref<PageSide[]>([]);
  const pages = ref<Partial<Record<PageSide, TakenPage>>>({});
  /** The session asks for the customer's face; `face` is the photo staff took of them. */
  const faceRequired = ref(false);
  const face = ref<{ url: string } | null>(null);
  const refusal = ref<{ code: LetterRefusal; message: string } | null>(null);
  const problem = ref<string | null>(null);
  const busy = ref(false);
  const decision = ref<'APPROVE' | 'REJECT' | null>(null);
  const result = shallowRef<InvokeResponse<'branchSubmit'> | null>(null);
  const receipt = ref<{ printed: boolean; pdfUrl: string } | null>(null);

  function dropPictures(): void {
    for (const p of Object.values(pages.value)) if (p) URL.revokeObjectURL(p.url);
    if (receipt.value) URL.revokeObjectURL(receipt.value.pdfUrl);
    if (face.value) URL.revokeObjectURL(face.value.url);
    pages.value = {};
    face.value = null;
    receipt.value = null;
  }

  function reset(): void {
    dropPictures();
    stage.value = 'idle';
    visit.value = null;
    profile.value = null;
    requiredPages.value = [];
    faceRequired.value = false;
    refusal.value = null;
    problem.value = null;
    busy.value = false;
    decision.value = null;
    result.value = null;
  }

  function begin(): void {
    reset();
    stage.value = 'scan';
  }

  async function opened(answer: InvokeResponse<'branchOpenLetter'>): Promise<boolean> {
    if (answer.outcome === 'NO_CODE') return false;
    if (answer.outcome === 'REFUSED') {
      refusal.value = { code: answer.refusal, message: answer.message };
      return true;
    }
    refusal.value = null;
    visit.value = answer.visit;
    profile.value = answer.profile;
    requiredPages.value = [...answer.requiredPages];
    faceRequired.value = answer.faceRequired;
    stage.value = 'capture';
    return true;
  }

  /** A camera frame: true when it held a code (opened, or refused in words), false to keep scanning. */
  async function scanFrame(image: Uint8Array, mime: 'image/jpeg' | 'image/png'): Promise<boolean> {
    if (stage.value !== 'scan' || busy.value) return false;
    busy.value = true;
    try {
      return await opened(await invoke('branchOpenLetter', { kind: 'frame', image: new Uint8Array(image), mime }));
    } catch (err) {
      problem.value = errorMessage(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function openCode(code: string): Promise<void> {
    busy.value = true;
    problem.value = null;
    try {
      await opened(await invoke('branchOpenLetter', { kind: 'code', code }));
    } catch (err) {
      problem.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  async function capture(side: PageSide, image: Uint8Array, mime: 'image/jpeg' | 'image/png'): Promise<void> {
    if (!visit.value) return;
    busy.value = true;
    problem.value = null;
    try {
      const answer = await invoke('branchCapturePage', { visit: visit.value, side, image: new Uint8Array(image), mime });
      const old = pages.value[side];
      if (old) URL.revokeObjectURL(old.url);
      const url = URL.createObjectURL(new Blob([new Uint8Array(image)], { type: mime }));
      pages.value = { ...pages.value, [side]: { url, acceptable: answer.acceptable, issues: answer.issues } };
    } catch (err) {
      problem.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  async function captureFace(image: Uint8Array, mime: 'image/jpeg' | 'image/png'): Promise<void> {
    if (!visit.value) return;
    busy.value = true;
    problem.value = null;
    try {
      await invoke('branchCaptureFace', { visit: visit.value, image: new Uint8Array(image), mime });
      if (face.value) URL.revokeObjectURL(face.value.url);
      face.value = { url: URL.createObjectURL(new Blob([new Uint8Array(image)], { type: mime })) };
    } catch (err) {
      problem.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  function toReview(): void {
    if (requiredPages.value.every((s) => pages.value[s]) && (!faceRequired.value || face.value)) stage.value = 'review';
  }

  async function review(input: {
    documentInHand: boolean;
    photoMatchesPerson: boolean;
    detailsMatchProfile: boolean;
    note?: string;
  }): Promise<void> {
    if (!visit.value) return;
    busy.value = true;
    problem.value = null;
    try {
      decision.value = (await invoke('branchRecordReview', { visit: visit.value, ...input })).decision;
      stage.value = 'submitting';
      result.value = await invoke('branchSubmit', { visit: visit.value });
      stage.value = 'done';
    } catch (err) {
      problem.value = errorMessage(err);
      if (stage.value === 'submitting' && decision.value) stage.value = 'review';
    } finally {
      busy.value = false;
    }
  }

  async function printReceipt(locale: string): Promise<void> {
    if (!visit.value) return;
    busy.value = true;
    problem.value = null;
    try {
      const out = await invoke('branchPrintReceipt', { visit: visit.value, locale });
      if (receipt.value) URL.revokeObjectURL(receipt.value.pdfUrl);
      receipt.value = {
        printed: out.printed,
        pdfUrl: URL.createObjectURL(new Blob([new Uint8Array(out.pdf)], { type: 'application/pdf' })),
      };
    } catch (err) {
      problem.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  /** The visit is over (finished, cancelled, the staff station left): main forgets it too. */
  async function finish(): Promise<void> {
    const handle = visit.value;
    reset();
    if (handle) await invoke('branchEndVisit', { visit: handle }).catch(() => undefined);
  }

  return {
    stage,
    visit,
    profile,
    requiredPages,
    pages,
    faceRequired,
    face,
    refusal,
    problem,
    busy,
    decision,
    result,
    receipt,
    begin,
    scanFrame,
    openCode,
    capture,
    captureFace,
    toReview,
    review,
    printReceipt,
    finish,
  };
});
