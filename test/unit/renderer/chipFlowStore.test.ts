// @vitest-environment happy-dom
// The flow store's chip step: with a reader attached and a document that carries a chip, the
// pages are followed by "Place your passport on the reader" (readChip, chip:progress), then the
// face; a failed read offers try again or going on without the chip; a reset cancels the read.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChipReadSummary } from '../../../common/ipc/chipChannels';
import { deferred, fail, HANDLE, ok } from './fakeKiosk';
import { useStaffStore } from '../../../renderer/stores/staff';
import { SPECIMEN_TD3, SPECIMEN_TYPED_KEY } from './chipKeyFixtures';
import { image, personDataLeft, setUpFlow, toCapture, type FlowHarness } from './flowHarness';

let h: FlowHarness;
type ReadAnswer = Awaited<ReturnType<FlowHarness['kiosk']['calls']['readChip']>>;

const SUMMARY: ChipReadSummary = {
  reader: 'Virtual PCD 00 00',
  access: 'BAC',
  dataGroupsRead: [1, 2],
  mrzMatches: true,
  portrait: { format: 'JPEG', width: 240, height: 320, bytes: 20_000 },
  passiveAuthentication: { status: 'PASSED', detail: 'chains to a CSCA in the store', steps: [] },
  chipAuthentication: { status: 'NOT_SUPPORTED', detail: 'no DG14' },
  activeAuthentication: { status: 'NOT_SUPPORTED', detail: 'no DG15' },
  ms: 812,
};
const TYPED_LINES = SPECIMEN_TD3;
const TYPED_KEY = SPECIMEN_TYPED_KEY;
const READER = { available: true, reason: null, readers: [{ name: 'Virtual PCD 00 00', cardPresent: false }] };

beforeEach(() => {
  h = setUpFlow();
  h.kiosk.calls.getChipStatus.mockResolvedValue(ok(READER));
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  delete window.kiosk;
});

/** The passport's page taken and kept: the chip step starts (its read left pending). */
async function toChip(read: Promise<ReadAnswer>, type: 'PASSPORT' | 'NATIONAL_ID' = 'PASSPORT'): Promise<void> {
  h.kiosk.calls.readChip.mockReturnValueOnce(read);
  await toCapture(h, type);
  await h.flow.pageCaptured(image(1));
  h.flow.confirmPage();
}

describe('flow store: the chip step', () => {
  it('pages → chip (progress shown) → read → face', async () => {
    const read = deferred<ReadAnswer>();
    await toChip(read.promise);
    expect(h.flow.state).toEqual({ name: 'chip', phase: 'waiting', fraction: null, attempt: 1, failure: null });
    expect(h.kiosk.calls.readChip).toHaveBeenCalledWith({ handle: HANDLE });
    const tick = h.flow.activityTick;
    h.kiosk.emit('chip:progress', { stage: 'files', fraction: 0.5, attempt: 1 });
    expect(h.flow.state).toEqual({ name: 'chip', phase: 'reading', fraction: 0.5, attempt: 1, failure: null });
    expect(h.flow.activityTick).toBe(tick + 1); // a read in progress keeps the idle timer back
    h.kiosk.emit('chip:progress', { stage: 'card-removed', fraction: null, attempt: 2 });
    expect(h.flow.state).toMatchObject({ phase: 'removed', attempt: 2 });
    read.resolve(ok({ ok: true, summary: SUMMARY }));
    await vi.waitFor(() => expect(h.flow.step).toBe('face'));
    expect(h.kiosk.calls.cancelChipRead).not.toHaveBeenCalled();
  });

  it('no reader attached: the face follows the pages, no read is tried', async () => {
    h.kiosk.calls.getChipStatus.mockResolvedValue(ok({ available: false, reason: 'no chip reader is attached', readers: [] }));
    await toCapture(h);
    await h.flow.pageCaptured(image(1));
    h.flow.confirmPage();
    expect(h.flow.step).toBe('face');
    expect(h.kiosk.calls.readChip).not.toHaveBeenCalled();
  });

  it('a reader plugged in later (chip:readers) turns the step on; unplugged turns it off', async () => {
    h.kiosk.calls.getChipStatus.mockResolvedValue(ok({ available: false, reason: 'no chip reader is attached', readers: [] }));
    await h.flow.init();
    expect(h.flow.chipReaderAttached).toBe(false);
    h.kiosk.emit('chip:readers', READER);
    expect(h.flow.chipReaderAttached).toBe(true);
    h.kiosk.emit('chip:readers', { available: false, reason: 'no chip reader is attached', readers: [] });
    expect(h.flow.chipReaderAttached).toBe(false);
  });

  it('the chip step waits for the last page (an ID card’s back first)', async () => {
    h.kiosk.calls.selectDocument.mockResolvedValue(ok({ requiredPages: ['front', 'back'] }));
    await toChip(deferred<ReadAnswer>().promise, 'NATIONAL_ID');
    expect(h.flow.state).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'back' });
    expect(h.kiosk.calls.readChip).not.toHaveBeenCalled();
    await h.flow.pageCaptured(image(2));
    h.flow.confirmPage();
    expect(h.flow.step).toBe('chip');
    expect(h.kiosk.calls.readChip).toHaveBeenCalledTimes(1);
  });

  it('a failed read offers try again (a new read) and going on without the chip', async () => {
    await toChip(Promise.resolve(ok({ ok: false as const, error: 'NO_CARD' as const, message: 'no card on the reader' })));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ name: 'chip', phase: 'failed', failure: 'NO_CARD' }));
    h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: true, summary: SUMMARY }));
    await h.flow.retryChip();
    expect(h.kiosk.calls.readChip).toHaveBeenCalledTimes(2);
    expect(h.flow.step).toBe('face');
  });

  it('a wrong MRZ cannot be retried; the fallback goes on to the face without cancelling (nothing is reading)', async () => {
    await toChip(Promise.resolve(ok({ ok: false as const, error: 'WRONG_MRZ' as const, message: 'this MRZ does not open this chip' })));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'WRONG_MRZ' }));
    await h.flow.retryChip();
    expect(h.kiosk.calls.readChip).toHaveBeenCalledTimes(1);
    h.flow.skipChip();
    expect(h.flow.step).toBe('face');
    expect(h.kiosk.calls.cancelChipRead).not.toHaveBeenCalled();
  });

  it('staff type the MRZ after a wrong key: a new read keyed by the lines, progress as before, then the face', async () => {
    await toChip(Promise.resolve(ok({ ok: false as const, error: 'WRONG_MRZ' as const, message: 'this MRZ does not open this chip' })));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'WRONG_MRZ' }));
    const read = deferred<ReadAnswer>();
    h.kiosk.calls.readChip.mockReturnValueOnce(read.promise);
    const typed = h.flow.readChipTyped({ mrzLines: TYPED_LINES });
    expect(h.flow.state).toEqual({ name: 'chip', phase: 'waiting', fraction: null, attempt: 1, failure: null, keyTyped: true });
    expect(h.kiosk.calls.readChip).toHaveBeenLastCalledWith({ handle: HANDLE, mrzLines: TYPED_LINES });
    h.kiosk.emit('chip:progress', { stage: 'files', fraction: 0.25, attempt: 1 });
    expect(h.flow.state).toMatchObject({ phase: 'reading', fraction: 0.25, keyTyped: true });
    read.resolve(ok({ ok: true, summary: SUMMARY }));
    await typed;
    expect(h.flow.step).toBe('face');
  });

  it('typed but wrong: the failure is said again (WRONG_MRZ) for correction; the short form goes as mrzKey', async () => {
    await toChip(Promise.resolve(ok({ ok: false as const, error: 'NO_MRZ' as const, message: 'no MRZ is known for this document: scan it or type it' })));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'NO_MRZ' }));
    h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: false as const, error: 'WRONG_MRZ' as const, message: 'this MRZ does not open this chip' }));
    await h.flow.readChipTyped({ mrzKey: TYPED_KEY });
    expect(h.kiosk.calls.readChip).toHaveBeenLastCalledWith({ handle: HANDLE, mrzKey: TYPED_KEY });
    expect(h.flow.state).toEqual({ name: 'chip', phase: 'failed', fraction: null, attempt: 1, failure: 'WRONG_MRZ', keyTyped: true });
  });

  it('main says staff are no longer signed in: the failure stays as it was and the staff store is signed out', async () => {
    await toChip(Promise.resolve(ok({ ok: false as const, error: 'WRONG_MRZ' as const, message: 'this MRZ does not open this chip' })));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'WRONG_MRZ' }));
    const staff = useStaffStore(h.pinia);
    staff.member = { displayName: 'Ada', role: 'staff', idleTimeoutSeconds: 120, warningSeconds: 20 };
    h.kiosk.calls.readChip.mockResolvedValueOnce(fail('NOT_SIGNED_IN', 'Sign in first.'));
    await h.flow.readChipTyped({ mrzLines: TYPED_LINES });
    expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'WRONG_MRZ' });
    expect(staff.member).toBeNull();
  });

  it('a call that fails in main is a failed read with the fallback (UNAVAILABLE), not an error screen', async () => {
    await toChip(Promise.resolve(fail('INTERNAL', 'pcscd went away')));
    await vi.waitFor(() => expect(h.flow.state).toMatchObject({ name: 'chip', phase: 'failed', failure: 'UNAVAILABLE' }));
  });

  it('skipping mid-read cancels the read in main and goes on to the face', async () => {
    await toChip(deferred<ReadAnswer>().promise);
    h.flow.skipChip();
    expect(h.kiosk.calls.cancelChipRead).toHaveBeenCalledWith({ handle: HANDLE });
    expect(h.flow.step).toBe('face');
  });

  it('a reset mid-read cancels the read before the session is discarded and leaves nothing', async () => {
    await toChip(deferred<ReadAnswer>().promise);
    await h.flow.endSession('timeout');
    expect(h.kiosk.calls.cancelChipRead).toHaveBeenCalledWith({ handle: HANDLE });
    expect(h.kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(h.kiosk.calls.cancelChipRead.mock.invocationCallOrder[0]!).toBeLessThan(
      h.kiosk.calls.discardSession.mock.invocationCallOrder[0]!,
    );
    expect(h.flow.state).toEqual({ name: 'attract', ended: 'timeout' });
    expect(personDataLeft(h)).toEqual([]);
  });
});
