// The staff station's side of the renderer: who is signed in (a name and a role; the session
// token stays in main), what the PIN screen must say (attempts left, the lockout countdown, the
// first admin), main's idle warning, and the decision being made on the review. Main decides
// everything (PINs, lockout, idle sign-out); this store only asks and shows. `clearReview` is called
// by the flow store whenever the person's data is wiped.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  DecisionReason,
  EventPayload,
  IpcErrorCode,
  StaffSession,
  StaffStatus,
} from '../../common/ipc/contract';
import { DECISIONS, type Decision } from '../../common/decisions';
import { errorCode, invoke } from '../kiosk/kioskApi';

export type { Decision };

/** The decisions staff choose from (common/decisions.ts). */
export const DECISION_CHOICES = DECISIONS;

/** What the PIN screen says after a failed try. */
export type PinProblem =
  | { kind: 'wrongPin'; attemptsLeft: number }
  | { kind: 'locked' }
  | { kind: 'pinsDiffer' }
  /** Main does not offer the staff station (NOT_ALLOWED) or cannot read the accounts. */
  | { kind: 'unavailable' }
  | { kind: 'failed'; code: IpcErrorCode };

export type DecisionStage = 'choose' | 'confirm' | 'recording' | 'recorded';

export interface DecisionDraft {
  decision: Decision | null;
  reasonCode: string | null;
  note: string;
}

export type PrintKind = 'receipt' | 'report';
export type PrintOutcome =
  | { state: 'printing' }
  | { state: 'printed' }
  /** Printed to a PDF only (no printer set): its size tells staff it was made. */
  | { state: 'pdf'; bytes: number }
  | { state: 'notSetUp' }
  | { state: 'failed'; code: IpcErrorCode };

const EMPTY_DRAFT: DecisionDraft = { decision: null, reasonCode: null, note: '' };

export const useStaffStore = defineStore('staff', () => {
  const status = shallowRef<StaffStatus | null>(null);
  const member = shallowRef<StaffSession | null>(null);
  const problem = shallowRef<PinProblem | null>(null);
  const lockSecondsLeft = ref(0);
  const busy = ref(false);
  /** Seconds before main signs the member of staff out for inactivity; null: no warning. */
  const idleWarning = ref<number | null>(null);

  const reasons = shallowRef<DecisionReason[]>([]);
  const draft = shallowRef<DecisionDraft>(EMPTY_DRAFT);
  const stage = ref<DecisionStage>('choose');
  const decisionError = ref<IpcErrorCode | null>(null);
  const reference = ref<string | null>(null);
  const prints = shallowRef<Partial<Record<PrintKind, PrintOutcome>>>({});

  let lockTimer: ReturnType<typeof setInterval> | null = null;
  let idleTimer: ReturnType<typeof setInterval> | null = null;

  function startLockCountdown(seconds: number): void {
    if (lockTimer) clearInterval(lockTimer);
    lockTimer = null;
    lockSecondsLeft.value = seconds;
    if (seconds <= 0) return;
    lockTimer = setInterval(() => {
      lockSecondsLeft.value = Math.max(0, lockSecondsLeft.value - 1);
      if (lockSecondsLeft.value === 0 && lockTimer) {
        clearInterval(lockTimer);
        lockTimer = null;
        if (problem.value?.kind === 'locked') problem.value = null;
      }
    }, 1000);
  }

  /** Asks main how the station stands (first admin needed, locked, who is signed in). */
  async function loadStatus(): Promise<StaffStatus | null> {
    try {
      const s = await invoke('staffStatus', {});
      status.value = s;
      member.value = s.session;
      if (s.unavailable) problem.value = { kind: 'unavailable' };
      startLockCountdown(s.lockedForSeconds);
      if (s.lockedForSeconds > 0) problem.value = { kind: 'locked' };
      return s;
    } catch (err) {
      status.value = null;
      problem.value =
        errorCode(err) === 'NOT_ALLOWED' ? { kind: 'unavailable' } : { kind: 'failed', code: errorCode(err) };
      return null;
    }
  }

  /** After a refused PIN main's status carries the attempts left or the lockout's length. */
  async function explainRefusal(code: IpcErrorCode): Promise<void> {
    const s = await loadStatus();
    if (code === 'STATION_LOCKED' || (s && s.lockedForSeconds > 0)) problem.value = { kind: 'locked' };
    else if (code === 'WRONG_PIN') problem.value = { kind: 'wrongPin', attemptsLeft: s?.attemptsLeft ?? 0 };
    else problem.value = code === 'NOT_ALLOWED' ? { kind: 'unavailable' } : { kind: 'failed', code };
  }

  async function signedIn(session: StaffSession): Promise<void> {
    member.value = session;
    problem.value = null;
    try {
      reasons.value = (await invoke('getDecisionReasons', {})).reasons;
    } catch {
      reasons.value = [];
    }
  }

  /** True when main accepted the PIN. */
  async function signIn(name: string, pin: string): Promise<boolean> {
    if (busy.value || lockSecondsLeft.value > 0) return false;
    busy.value = true;
    try {
      await signedIn(await invoke('staffSignIn', { name, pin }));
      return true;
    } catch (err) {
      await explainRefusal(errorCode(err));
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function createFirstAdmin(
    name: string,
    displayName: string,
    pin: string,
    pinAgain: string,
  ): Promise<boolean> {
    if (pin !== pinAgain) {
      problem.value = { kind: 'pinsDiffer' };
      return false;
    }
    if (busy.value) return false;
    busy.value = true;
    try {
      await signedIn(await invoke('staffCreateFirstAdmin', { name, displayName, pin }));
      return true;
    } catch (err) {
      await explainRefusal(errorCode(err));
      return false;
    } finally {
      busy.value = false;
    }
  }

  function stopIdleWarning(): void {
    if (idleTimer) clearInterval(idleTimer);
    idleTimer = null;
    idleWarning.value = null;
  }

  function onIdleWarning(p: EventPayload<'staff:idle-warning'>): void {
    if (!member.value) return;
    stopIdleWarning();
    idleWarning.value = p.secondsLeft;
    // Main signs out on its own clock; the countdown here is only what staff read.
    idleTimer = setInterval(() => {
      if (idleWarning.value !== null && idleWarning.value > 0) idleWarning.value--;
    }, 1000);
  }

  /** "Still there?": main restarts the staff idle time. */
  async function activity(): Promise<void> {
    stopIdleWarning();
    try {
      const r = await invoke('staffActivity', {});
      member.value = r.session;
    } catch {
      // A refused poke means the session is gone; main's staff:signed-out says so.
    }
  }

  /** Forgets the decision and prints of the review (the person's data is wiped elsewhere). */
  function clearReview(): void {
    draft.value = EMPTY_DRAFT;
    stage.value = 'choose';
    decisionError.value = null;
    reference.value = null;
    prints.value = {};
  }

  /** Main signed the member of staff out (or they did): nothing of theirs stays on screen. */
  function signedOut(): void {
    member.value = null;
    reasons.value = [];
    problem.value = null;
    stopIdleWarning();
    clearReview();
  }

  async function signOut(): Promise<void> {
    try {
      await invoke('staffSignOut', {});
    } finally {
      signedOut();
    }
  }

  function reasonsFor(decision: Decision | null): DecisionReason[] {
    return decision ? reasons.value.filter((r) => r.decisions.includes(decision)) : [];
  }

  function choose(decision: Decision): void {
    if (stage.value !== 'choose') return;
    const keep =
      draft.value.reasonCode && reasonsFor(decision).some((r) => r.code === draft.value.reasonCode);
    draft.value = { ...draft.value, decision, reasonCode: keep ? draft.value.reasonCode : null };
  }

  function setReason(code: string): void {
    if (stage.value === 'choose') draft.value = { ...draft.value, reasonCode: code };
  }

  function setNote(note: string): void {
    if (stage.value === 'choose') draft.value = { ...draft.value, note: note.slice(0, 500) };
  }

  /** The decision is chosen with a reason: ask staff to confirm it. */
  function askConfirm(): void {
    if (stage.value === 'choose' && draft.value.decision && draft.value.reasonCode) stage.value = 'confirm';
  }

  function backToChoose(): void {
    if (stage.value === 'confirm') stage.value = 'choose';
  }

  async function confirmDecision(handle: string): Promise<void> {
    const { decision, reasonCode, note } = draft.value;
    if (stage.value !== 'confirm' || !decision || !reasonCode) return;
    stage.value = 'recording';
    decisionError.value = null;
    try {
      const r = await invoke('recordDecision', {
        handle,
        decision,
        reasonCode,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      reference.value = r.reference;
      stage.value = 'recorded';
    } catch (err) {
      decisionError.value = errorCode(err);
      stage.value = errorCode(err) === 'ALREADY_DECIDED' ? 'recorded' : 'confirm';
    }
  }

  /** `locale`: the person's language, which the receipt is printed in. */
  async function print(handle: string, kind: PrintKind, locale?: string): Promise<void> {
    prints.value = { ...prints.value, [kind]: { state: 'printing' } };
    let outcome: PrintOutcome;
    try {
      const r = await invoke('printDocument', { handle, kind, ...(locale ? { locale } : {}) });
      outcome = r.printed ? { state: 'printed' } : { state: 'pdf', bytes: r.pdf.byteLength };
    } catch (err) {
      const code = errorCode(err);
      outcome = code === 'NOT_ALLOWED' ? { state: 'notSetUp' } : { state: 'failed', code };
    }
    prints.value = { ...prints.value, [kind]: outcome };
  }

  function dispose(): void {
    if (lockTimer) clearInterval(lockTimer);
    lockTimer = null;
    stopIdleWarning();
  }

  return {
    status,
    member,
    problem,
    lockSecondsLeft,
    busy,
    idleWarning,
    reasons,
    draft,
    stage,
    decisionError,
    reference,
    prints,
    loadStatus,
    signIn,
    createFirstAdmin,
    onIdleWarning,
    activity,
    signOut,
    signedOut,
    clearReview,
    reasonsFor,
    choose,
    setReason,
    setNote,
    askConfirm,
    backToChoose,
    confirmDecision,
    print,
    dispose,
  };
});

export type StaffStore = ReturnType<typeof useStaffStore>;
