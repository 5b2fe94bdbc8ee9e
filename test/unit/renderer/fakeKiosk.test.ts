// The renderer tests' fake main keeps to the IPC contract: its default answers parse, a scripted
// answer or event outside the contract is refused (and recorded), and so is an invalid request.
import { describe, expect, it } from 'vitest';
import { invokeContract, type InvokeChannel } from '../../../common/ipc/contract';
import { createFakeKiosk, FakeOutsideContractError, HANDLE, ok, report } from './fakeKiosk';

const REQUESTS: { [C in InvokeChannel]: unknown } = {
  getAppInfo: {},
  getDemoCamera: {},
  startSession: { locale: 'en' },
  selectDocument: { handle: HANDLE, issuingCountry: 'UTO', documentType: 'PASSPORT' },
  uploadPage: {
    handle: HANDLE,
    side: 'front',
    image: new Uint8Array([1]),
    mime: 'image/jpeg',
    captureMethod: 'CAMERA',
  },
  uploadFace: { handle: HANDLE, image: new Uint8Array([1]), mime: 'image/jpeg' },
  submitSession: { handle: HANDLE },
  getSessionStatus: { handle: HANDLE },
  staffStatus: {},
  staffCreateFirstAdmin: { name: 'ada', displayName: 'Ada', pin: '123456' },
  staffSignIn: { name: 'ada', pin: '123456' },
  staffSignOut: {},
  staffActivity: {},
  getDecisionReasons: {},
  recordDecision: { handle: HANDLE, decision: 'APPROVE', reasonCode: 'DOCUMENT_OK' },
  printDocument: { handle: HANDLE, kind: 'receipt' },
  getReport: { handle: HANDLE },
  discardSession: { handle: HANDLE },
  listDevices: {},
  adminGetSettings: {},
  adminSaveSettings: { changes: { language: 'es' } },
  adminListAccounts: {},
  adminCreateAccount: { name: 'bo', displayName: 'Bo', role: 'staff', pin: '135792' },
  adminUpdateAccount: { accountId: '00000000-0000-4000-8000-000000000001', disabled: false },
  adminResetPin: { accountId: '00000000-0000-4000-8000-000000000001', pin: '135792' },
  adminDiagnostics: {},
  adminTestScanner: { timeoutSec: 1 },
  adminTestPrint: { target: 'receipt' },
  getCaptureMode: {},
  startHostedCapture: { locale: 'en' },
  endHostedCapture: { handle: HANDLE },
  getChipStatus: {},
  readChip: { handle: HANDLE },
  cancelChipRead: { handle: HANDLE },
  branchOpenLetter: { kind: 'code', code: 'LETTER-0001' },
  branchCapturePage: { visit: HANDLE, side: 'front', image: new Uint8Array([1]), mime: 'image/jpeg' },
  branchCaptureFace: { visit: HANDLE, image: new Uint8Array([1]), mime: 'image/jpeg' },
  branchRecordReview: { visit: HANDLE, documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true },
  branchSubmit: { visit: HANDLE },
  branchPrintReceipt: { visit: HANDLE },
  branchEndVisit: { visit: HANDLE },
  reviewList: {},
  reviewOpen: { reviewId: HANDLE },
  reviewDecide: { reviewId: HANDLE, checkRef: HANDLE, outcome: 'APPROVE' },
  getStaffGesture: {},
  adminExportAuditKey: { file: '/media/usb/audit.key' },
};

describe('fake kiosk', () => {
  it('answers every channel within the contract (demo mode on, so getDemoCamera answers too)', async () => {
    const kiosk = createFakeKiosk({ demo: { useDemoCamera: true }, firstRun: true, staff: [] });
    // The first admin is created (and signed in) first: getReport and the decision need a
    // sign-in; the decision is recorded before it is printed; sign-out comes last.
    const first: InvokeChannel[] = ['staffCreateFirstAdmin', 'recordDecision'];
    const rest = (Object.keys(invokeContract) as InvokeChannel[]).filter(
      (c) => !first.includes(c) && c !== 'staffSignOut',
    );
    for (const channel of [...first, ...rest]) {
      const call = kiosk.api[channel] as (r: unknown) => Promise<{ ok: boolean }>;
      expect(await call(REQUESTS[channel]), channel).toMatchObject({ ok: true });
    }
    expect(await kiosk.api.staffSignOut({})).toEqual({ ok: true, value: { signedOut: true } });
    expect(kiosk.violations).toEqual([]);
  });

  it('refuses getDemoCamera without demo mode, as main does', async () => {
    const kiosk = createFakeKiosk();
    expect(await kiosk.api.getDemoCamera({})).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_DEMO_MODE' },
    });
  });

  it('refuses a scripted answer outside the contract and records it', async () => {
    const kiosk = createFakeKiosk();
    // The old shape: page images as data: URLs.
    const stale = { ...report(), pages: [{ side: 'front', image: 'data:image/jpeg;base64,AAAA' }] };
    kiosk.calls.getReport.mockResolvedValueOnce(ok(stale as unknown as ReturnType<typeof report>));
    await expect(kiosk.api.getReport({ handle: HANDLE })).rejects.toBeInstanceOf(FakeOutsideContractError);
    expect(kiosk.violations).toEqual([
      expect.stringContaining('the getReport answer is outside the IPC contract'),
    ]);
  });

  it('refuses an event outside the contract', () => {
    const kiosk = createFakeKiosk();
    expect(() =>
      kiosk.emit('device:changed', { kind: 'camera', id: 'c', label: 'USB', connected: false } as unknown as {
        kind: 'scanner';
        id: string;
        label: string;
        connected: boolean;
      }),
    ).toThrow(FakeOutsideContractError);
  });

  it('answers an invalid request with INVALID_REQUEST, as main does', async () => {
    const kiosk = createFakeKiosk();
    expect(await kiosk.api.getReport({ handle: 'not a handle' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(kiosk.calls.getReport).not.toHaveBeenCalled();
  });
});
