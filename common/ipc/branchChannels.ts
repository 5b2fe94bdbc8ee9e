// The in-branch station's IPC channels (spread into contract.ts). Staff open a customer's IBV
// letter (its QR code from a camera frame, or its code typed), capture the document, record their
// visual review and submit. The QR's text, the station key and the capture token stay in main:
// the renderer holds an opaque visit handle and what staff may see.
import { z } from 'zod';
import { DOCUMENT_TYPES, PAGE_SIDES, RECOMMENDATIONS } from '../documents';

const visit = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a branch visit handle');
const image = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0, 'image is empty')
  .refine((b) => b.byteLength <= 15 * 1024 * 1024, 'image is larger than 15 MB');
const mime = z.enum(['image/jpeg', 'image/png']);

/** Why a letter was not opened (each is said in words on the screen; nothing was changed). */
export const LETTER_REFUSALS = [
  'NOT_A_LETTER_CODE',
  'LETTER_NOT_FOUND',
  'LETTER_OTHER_BUSINESS',
  'LETTER_EXPIRED',
  'LETTER_USED',
  'SESSION_SUBMITTED',
  'STATION_NOT_REGISTERED',
  'NO_INSTRUCTIONS',
  'SERVICE_UNREACHABLE',
  'REFUSED',
] as const;
export type LetterRefusal = (typeof LETTER_REFUSALS)[number];

/** What staff see of the applicant: the letter's contact profile and what they were asked to bring. */
export const BranchProfile = z.object({
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  email: z.string().max(254).nullable(),
  document: z.object({ issuingCountry: z.string().max(3), documentType: z.enum(DOCUMENT_TYPES) }),
  branchName: z.string().max(200).nullable(),
});
export type BranchProfile = z.infer<typeof BranchProfile>;

export const branchContract = {
  /** A camera frame holding the letter's QR code, or its code as typed. Signed-in staff only. */
  branchOpenLetter: {
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('frame'), image, mime }),
      z.object({ kind: z.literal('code'), code: z.string().min(1).max(300) }),
    ]),
    response: z.discriminatedUnion('outcome', [
      /** The frame holds no QR code (yet): keep scanning. */
      z.object({ outcome: z.literal('NO_CODE') }),
      z.object({ outcome: z.literal('REFUSED'), refusal: z.enum(LETTER_REFUSALS), message: z.string().max(300) }),
      z.object({
        outcome: z.literal('OPENED'),
        visit,
        profile: BranchProfile,
        requiredPages: z.array(z.enum(PAGE_SIDES)).min(1),
        /** The session asks for the person's face (liveness or a face match): staff take it too. */
        faceRequired: z.boolean(),
      }),
    ]),
  },
  /** A page of the applicant's document, uploaded to the session with the letter's capture token. */
  branchCapturePage: {
    request: z.object({ visit, side: z.enum(PAGE_SIDES), image, mime }),
    response: z.object({ acceptable: z.boolean().nullable(), issues: z.array(z.string().max(40)) }),
  },
  /** The customer's face, taken at the station and uploaded as the session's (static) liveness frame. */
  branchCaptureFace: {
    request: z.object({ visit, image, mime }),
    response: z.object({ taken: z.literal(true) }),
  },
  /** The staff's visual review: all three confirmed approves; anything else rejects, with the reason. */
  branchRecordReview: {
    request: z.object({
      visit,
      documentInHand: z.boolean(),
      photoMatchesPerson: z.boolean(),
      detailsMatchProfile: z.boolean(),
      note: z.string().max(400).optional(),
    }),
    response: z.object({ decision: z.enum(['APPROVE', 'REJECT']) }),
  },
  /** Submits and waits for the result (the session's own checks, including IBV_VISUAL_REVIEW_CHECK). */
  branchSubmit: {
    request: z.object({ visit }),
    response: z.object({
      state: z.enum(['COMPLETED', 'PROCESSING']),
      reference: z.string().max(40),
      checks: z.array(z.object({ type: z.string().max(64), recommendation: z.enum(RECOMMENDATIONS) })),
    }),
  },
  /** The customer's receipt for a completed visit, as a PDF (and to the printer when one is set). */
  branchPrintReceipt: {
    request: z.object({ visit, locale: z.string().max(16).optional() }),
    response: z.object({ pdf: z.instanceof(Uint8Array), printed: z.boolean() }),
  },
  /** The visit is over (done, cancelled, signed out): main forgets everything it held of it. */
  branchEndVisit: {
    request: z.object({ visit }),
    response: z.object({ ended: z.boolean() }),
  },
} as const;
