// The branch station in main: a code that is not a letter's is refused before any call; each
// branch API refusal becomes the station's refusal with its words; a frame without a QR asks to
// keep scanning; the visual review's three points decide APPROVE or REJECT with the reason;
// submit needs the review and the pages; nothing works signed out; a visit ends for good.
import QRCode from 'qrcode';
import { describe, expect, it, vi } from 'vitest';
import { BranchApiError, type BranchClient } from '../../../idv/ibv/branchClient';
import { createBranchVisits } from '../../../electron/services/branch/branchVisits';
import { refusalOf } from '../../../electron/services/branch/letterRefusals';
import type { ClientAuth } from '../../../electron/services/clientSessionApi';
import { silentLogger } from '../../../platform/logger';

import { CODE, LETTER, SESSION, fakeBranchClient as fakeClient } from './branchLetterFixture';

function fakeClientApi() {
  return {
    createLiveness: vi.fn(async (_auth: ClientAuth, _key: string) => ({ value: { resourceId: 'live-1' as string | null }, duplicate: false })),
    uploadLivenessFrame: vi.fn(
      async (_auth: ClientAuth, _resourceId: string, _image: Uint8Array, _mime: string, _key: string, _frameIndex: number) => ({
        value: { mediaId: 'f1' as string | null },
        duplicate: false,
      }),
    ),
  };
}

function visits(client: BranchClient | null, signedIn = { name: 'Clerk 12' as string | null }, clientApi = fakeClientApi()) {
  return createBranchVisits({
    client,
    clientApi,
    audit: { recordBranchReview: vi.fn() },
    staffAccountId: () => 'acct-clerk-12',
    broker: {
      getSession: vi.fn(async () => ({ getState: () => 'COMPLETED', getChecks: () => [] }) as never),
      getMediaContent: vi.fn(async () => null),
    },
    serviceInfo: { kind: 'embedded', label: 'Local IDV service', baseUrl: 'http://127.0.0.1:1' },
    staffName: () => {
      if (!signedIn.name) throw Object.assign(new Error('Sign in first.'), { code: 'NOT_SIGNED_IN' });
      return signedIn.name;
    },
    print: null,
    kioskId: () => 'k1',
    logger: silentLogger,
  });
}

describe('branch visits (main)', () => {
  it('refuses a code that is not a letter’s before calling the service', async () => {
    const client = fakeClient();
    const v = visits(client);
    for (const code of ['hello', `${CODE}x`, CODE.replace('IBV:1', 'IBV:2'), `IDVLOCAL-IBV:1:${SESSION}:short`]) {
      expect(await v.handlers.branchOpenLetter({ kind: 'code', code })).toEqual({
        outcome: 'REFUSED',
        refusal: 'NOT_A_LETTER_CODE',
        message:
          'This is not the code of an In-Branch Verification letter. Check that it is the customer’s letter, or type the letter’s code as printed.',
      });
    }
    expect(client.openLetter).not.toHaveBeenCalled();
  });

  it('maps each branch API refusal to the station’s, in words, and opens no visit', async () => {
    const cases: Array<[number, string, string, string]> = [
      [404, 'LETTER_NOT_FOUND', 'LETTER_NOT_FOUND', 'This letter is not known. A newer letter may have replaced it: ask the customer for their latest letter.'],
      [403, 'LETTER_OTHER_BUSINESS', 'LETTER_OTHER_BUSINESS', 'This letter is for another organisation. This station cannot open it.'],
      [410, 'LETTER_EXPIRED', 'LETTER_EXPIRED', 'This letter has expired. The customer needs a new letter from their organisation.'],
      [409, 'LETTER_USED', 'LETTER_USED', 'This letter was already used at a branch. The customer needs a new letter.'],
      [401, 'UNKNOWN_SDK_ID', 'STATION_NOT_REGISTERED', 'This kiosk is not registered as a branch station with the service. Ask IT to register it.'],
      [0, 'BRANCH_API_ERROR', 'SERVICE_UNREACHABLE', 'The verification service cannot be reached. Try again in a moment; the letter was not used.'],
      [400, 'SOMETHING_NEW', 'REFUSED', 'The service refused this letter.'],
    ];
    for (const [status, code, refusal, message] of cases) {
      const client = fakeClient({
        openLetter: vi.fn(async () => {
          throw new BranchApiError(status, code, 'from the service');
        }),
      });
      const v = visits(client);
      expect(await v.handlers.branchOpenLetter({ kind: 'code', code: CODE })).toEqual({ outcome: 'REFUSED', refusal, message });
    }
    expect(refusalOf(503, 'WHATEVER')).toBe('SERVICE_UNREACHABLE');
  });

  it('reads the QR from a frame: none found asks to keep scanning; found opens the visit', async () => {
    const client = fakeClient();
    const v = visits(client);
    const noQr = new Uint8Array(
      // A PNG with no QR code in it: a plain white QR-less picture made by drawing nothing.
      await (await import('sharp')).default({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).png().toBuffer(),
    );
    expect(await v.handlers.branchOpenLetter({ kind: 'frame', image: noQr, mime: 'image/png' })).toEqual({ outcome: 'NO_CODE' });
    const withQr = new Uint8Array(await QRCode.toBuffer(CODE, { margin: 4, scale: 6 }));
    const opened = await v.handlers.branchOpenLetter({ kind: 'frame', image: withQr, mime: 'image/png' });
    expect(client.openLetter).toHaveBeenCalledWith(CODE);
    expect(opened).toMatchObject({
      outcome: 'OPENED',
      profile: { firstName: 'Anna', lastName: 'Eriksson', email: 'anna@example.com', document: { issuingCountry: 'UTO', documentType: 'PASSPORT' }, branchName: 'High Street' },
      requiredPages: ['front'],
    });
    // Nothing the renderer gets holds the token or the letter's code.
    expect(JSON.stringify(opened)).not.toContain('secret-capture-token');
    expect(JSON.stringify(opened)).not.toContain('a'.repeat(32));
  });

  it('a letter without instructions is refused in words', async () => {
    const v = visits(fakeClient({ openLetter: vi.fn(async () => ({ ...LETTER, instructions: null })) }));
    expect(await v.handlers.branchOpenLetter({ kind: 'code', code: CODE })).toMatchObject({ outcome: 'REFUSED', refusal: 'NO_INSTRUCTIONS' });
  });

  it('captures, reviews (three points decide), submits; submit needs the review; a finished visit is gone', async () => {
    const client = fakeClient();
    const v = visits(client);
    const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: ` ${CODE} ` });
    if (opened.outcome !== 'OPENED') throw new Error('not opened');
    const visit = opened.visit;
    await expect(v.handlers.branchSubmit({ visit })).rejects.toMatchObject({ code: 'NOT_DECIDED', message: 'Record the visual review before submitting.' });
    expect(await v.handlers.branchCapturePage({ visit, side: 'front', image: new Uint8Array([1, 2, 3]), mime: 'image/jpeg' })).toEqual({
      acceptable: false,
      issues: ['BLURRED'],
    });
    expect(client.createDocument).toHaveBeenCalledWith(LETTER, 'UTO', 'PASSPORT');
    expect(
      await v.handlers.branchRecordReview({ visit, documentInHand: true, photoMatchesPerson: false, detailsMatchProfile: true, note: 'older photo' }),
    ).toEqual({ decision: 'REJECT' });
    expect(client.postVisualReview).toHaveBeenLastCalledWith(SESSION, {
      decision: 'REJECT',
      reviewer: 'Clerk 12',
      reason: 'photo does not match the person — older photo',
    });
    expect(await v.handlers.branchRecordReview({ visit, documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true })).toEqual({
      decision: 'APPROVE',
    });
    expect(client.postVisualReview).toHaveBeenLastCalledWith(SESSION, { decision: 'APPROVE', reviewer: 'Clerk 12' });
    const submitted = await v.handlers.branchSubmit({ visit });
    expect(submitted).toMatchObject({ state: 'COMPLETED', checks: [] });
    expect(submitted.reference).toMatch(/^V-/);
    expect(client.submit).toHaveBeenCalledTimes(1);
    expect(await v.handlers.branchEndVisit({ visit })).toEqual({ ended: true });
    await expect(v.handlers.branchCapturePage({ visit, side: 'front', image: new Uint8Array([1]), mime: 'image/jpeg' })).rejects.toMatchObject({
      code: 'UNKNOWN_SESSION',
    });
  });

  it('refuses everything signed out, and says so when the kiosk is no branch station', async () => {
    const who = { name: null as string | null };
    await expect(visits(fakeClient(), who).handlers.branchOpenLetter({ kind: 'code', code: CODE })).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    await expect(visits(null).handlers.branchOpenLetter({ kind: 'code', code: CODE })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'This kiosk is not set up as a branch station (settings: branch).',
    });
  });

  it("a capture the service refuses is said in the kiosk's words, without the token or the service's message", async () => {
    const client = fakeClient({
      uploadPage: vi.fn(async () => {
        throw new BranchApiError(403, 'UPLOAD_NOT_ALLOWED', 'uploads are not allowed for session 3f2a9c44-1d2e-4b6f-8a7c-0e5d9b8c7a61');
      }),
    });
    const v = visits(client);
    const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
    if (opened.outcome !== 'OPENED') throw new Error('not opened');
    await expect(
      v.handlers.branchCapturePage({ visit: opened.visit, side: 'front', image: new Uint8Array([1]), mime: 'image/jpeg' }),
    ).rejects.toMatchObject({
      code: 'REJECTED_BY_SERVICE',
      message: 'Could not take this page. The verification service refused the request (UPLOAD_NOT_ALLOWED).',
    });
  });

  it('takes the face when the session asks for one: uploaded with the capture token as liveness frame 0, needed before submit', async () => {
    const withFace = { ...LETTER, configuration: { capture: { required_resources: [{ type: 'ID_DOCUMENT' }, { type: 'LIVENESS' }] } } };
    const client = fakeClient({ openLetter: vi.fn(async () => withFace) });
    const api = fakeClientApi();
    const v = visits(client, { name: 'Clerk 12' }, api);
    const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
    if (opened.outcome !== 'OPENED') throw new Error('not opened');
    expect(opened.faceRequired).toBe(true);
    const visit = opened.visit;
    await v.handlers.branchCapturePage({ visit, side: 'front', image: new Uint8Array([1]), mime: 'image/jpeg' });
    await v.handlers.branchRecordReview({ visit, documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true });
    await expect(v.handlers.branchSubmit({ visit })).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: "Take the customer's photo first." });
    expect(await v.handlers.branchCaptureFace({ visit, image: new Uint8Array([9, 9]), mime: 'image/png' })).toEqual({ taken: true });
    // A retake replaces frame 0 of the same liveness resource.
    await v.handlers.branchCaptureFace({ visit, image: new Uint8Array([8]), mime: 'image/jpeg' });
    const auth = { sessionId: SESSION, clientSessionToken: 'secret-capture-token' };
    expect(api.createLiveness).toHaveBeenCalledTimes(1);
    expect(api.createLiveness).toHaveBeenCalledWith(auth, expect.stringMatching(/^[A-Za-z0-9_-]{16}$/));
    expect(api.uploadLivenessFrame.mock.calls.map((c) => [c[0], c[1], [...c[2]], c[3], c[5]])).toEqual([
      [auth, 'live-1', [9, 9], 'image/png', 0],
      [auth, 'live-1', [8], 'image/jpeg', 0],
    ]);
    expect(await v.handlers.branchSubmit({ visit })).toMatchObject({ state: 'COMPLETED' });
  });

  it('a session that asks for no face refuses a face, and a face the service refuses is said in words', async () => {
    const plain = visits(fakeClient());
    const opened = await plain.handlers.branchOpenLetter({ kind: 'code', code: CODE });
    if (opened.outcome !== 'OPENED') throw new Error('not opened');
    expect(opened.faceRequired).toBe(false);
    await expect(plain.handlers.branchCaptureFace({ visit: opened.visit, image: new Uint8Array([1]), mime: 'image/jpeg' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: "This verification does not ask for the customer's face.",
    });
    const api = fakeClientApi();
    api.uploadLivenessFrame.mockRejectedValueOnce(new BranchApiError(0, 'UNREACHABLE', 'socket hang up'));
    const v = visits(fakeClient({ openLetter: vi.fn(async () => ({ ...LETTER, configuration: { capture: { required_resources: [{ type: 'FACE_CAPTURE' }] } } })) }), { name: 'Clerk 12' }, api);
    const o = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
    if (o.outcome !== 'OPENED') throw new Error('not opened');
    await expect(v.handlers.branchCaptureFace({ visit: o.visit, image: new Uint8Array([1]), mime: 'image/jpeg' })).rejects.toMatchObject({
      code: 'SERVICE_UNREACHABLE',
      message: "The verification service could not be reached to take the customer's photo.",
    });
  });
});
