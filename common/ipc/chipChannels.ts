// The chip reader's IPC channels and events (spread into contract.ts). The renderer asks whether
// a reader is attached and starts a read; main keeps the MRZ key, the data groups and the portrait,
// and answers with what the screens show: progress, and the named outcome of each check.
import { z } from 'zod';

export const CHIP_CHECK_STATUSES = ['PASSED', 'FAILED', 'NOT_VERIFIED', 'NOT_SUPPORTED', 'SKIPPED'] as const;
export type ChipCheckStatus = (typeof CHIP_CHECK_STATUSES)[number];

/** Why a chip read did not finish (the flow offers the fallback for each). */
export const CHIP_READ_ERRORS = ['NO_READER', 'NO_CARD', 'WRONG_MRZ', 'CARD_REMOVED', 'NO_MRZ', 'CHIP_ERROR', 'UNAVAILABLE'] as const;
export type ChipReadError = (typeof CHIP_READ_ERRORS)[number];

export const CHIP_STAGES = ['waiting-for-card', 'access', 'files', 'chip-authentication', 'active-authentication', 'passive-authentication', 'card-removed', 'done'] as const;
export type ChipStage = (typeof CHIP_STAGES)[number];

const handle = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a session handle');
const check = z.object({ status: z.enum(CHIP_CHECK_STATUSES), detail: z.string().max(400) });

/** What a read found, without the personal data's bytes (the portrait and DGs stay in main). */
export const ChipReadSummary = z.object({
  reader: z.string().max(200),
  access: z.enum(['PACE', 'BAC']),
  dataGroupsRead: z.array(z.number().int().min(1).max(16)),
  /** DG1 agrees with the MRZ the key was made from (document number, birth and expiry dates). */
  mrzMatches: z.boolean(),
  portrait: z.object({ format: z.enum(['JPEG', 'JPEG2000']), width: z.number().int(), height: z.number().int(), bytes: z.number().int() }).nullable(),
  passiveAuthentication: check.extend({ steps: z.array(check.extend({ name: z.string().max(40) })).max(8) }),
  chipAuthentication: check,
  activeAuthentication: check,
  ms: z.number().nonnegative(),
});
export type ChipReadSummary = z.infer<typeof ChipReadSummary>;

export const ChipReaderStatus = z.object({
  available: z.boolean(),
  /** Why chip reading is off (no PC/SC, disabled in settings), in words. */
  reason: z.string().max(300).nullable(),
  readers: z.array(z.object({ name: z.string().max(200), cardPresent: z.boolean() })).max(16),
});
export type ChipReaderStatus = z.infer<typeof ChipReaderStatus>;

/** Document number, date of birth and date of expiry (YYMMDD), each with its check digit, as typed. */
export const TypedMrzKey = z.object({
  documentNumber: z.string().max(22),
  documentNumberCheckDigit: z.string().max(1),
  dateOfBirth: z.string().max(6),
  dateOfBirthCheckDigit: z.string().max(1),
  dateOfExpiry: z.string().max(6),
  dateOfExpiryCheckDigit: z.string().max(1),
});
export type TypedMrzKey = z.infer<typeof TypedMrzKey>;

export const chipContract = {
  /** Whether a chip can be read here: PC/SC available and a reader attached. */
  getChipStatus: { request: z.object({}), response: ChipReaderStatus },
  /**
   * Reads the chip of this session's document, keyed by the MRZ main has for it (scanner, or the
   * lines given, e.g. typed by staff). Waits for the card, retries when it is taken off mid-read.
   */
  readChip: {
    request: z
      .object({
        handle,
        /** The whole zone typed by signed-in staff (main checks the sign-in and the check digits). */
        mrzLines: z.array(z.string().max(44)).min(2).max(3).optional(),
        /** The shortest form staff can type: the three fields the access key is made of. */
        mrzKey: TypedMrzKey.optional(),
      })
      .refine((r) => !(r.mrzLines && r.mrzKey), 'either the MRZ lines or the three key fields, not both'),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), summary: ChipReadSummary }),
      z.object({ ok: z.literal(false), error: z.enum(CHIP_READ_ERRORS), message: z.string().max(300) }),
    ]),
  },
  /** The person gave up on the chip (the fallback): a read in progress stops. */
  cancelChipRead: { request: z.object({ handle }), response: z.object({ cancelled: z.boolean() }) },
} as const;

export const chipEvents = {
  'chip:readers': ChipReaderStatus,
  'chip:progress': z.object({
    stage: z.enum(CHIP_STAGES),
    /** 0..1 of the files part, where known. */
    fraction: z.number().min(0).max(1).nullable(),
    attempt: z.number().int().min(1),
  }),
} as const;
