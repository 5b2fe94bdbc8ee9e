// What one audit log entry is. Two kinds: a staff decision, and the record a retention purge
// leaves behind (which entries it removed and the hash of the last one, so the chain still
// verifies from there). Entries hold no images and, by default, no personal data: the IDV session
// id lets IT find the rest in the service, where it is protected and expires on its own.
import { z } from 'zod';
import { RECOMMENDATIONS } from '../../../common/documents';

export const AUDIT_DECISIONS = ['approve', 'reject', 'refer'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** What an entry may keep about the person: nothing, or the last 4 characters of the document number. */
export const PERSONAL_DATA_POLICIES = ['none', 'documentNumberLast4'] as const;
export type PersonalDataPolicy = (typeof PERSONAL_DATA_POLICIES)[number];

/** The settings the log reads each time it records or purges (an admin change applies at once). */
export const AuditPolicy = z.object({
  retentionDays: z
    .number()
    .int()
    .min(1, 'audit retention must be at least 1 day')
    .max(3650, 'audit retention must be at most 3650 days (10 years)'),
  personalData: z.enum(PERSONAL_DATA_POLICIES),
});
export type AuditPolicy = z.infer<typeof AuditPolicy>;

export const DEFAULT_AUDIT_POLICY: AuditPolicy = { retentionDays: 365, personalData: 'none' };

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');
const id = z.string().min(1).max(128);
/** Times are UTC ISO 8601 with milliseconds, as Date#toISOString writes them. */
const isoTime = z.iso.datetime({ precision: 3 });

export const ReasonCode = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a reason code is 1-64 letters, digits, "_", "." or "-"');
export const DecisionNote = z.string().max(500, 'the note is at most 500 characters');

export const CheckRecommendation = z.strictObject({
  type: z.string().min(1).max(64),
  recommendation: z.enum(RECOMMENDATIONS),
});
export type CheckRecommendation = z.infer<typeof CheckRecommendation>;

const entryBase = {
  /** 1, 2, 3… with no gaps; a purge removes a prefix and records where the kept part starts. */
  seq: z.number().int().positive(),
  at: isoTime,
  /** The previous entry's hash (GENESIS_HASH for entry 1). */
  prevHash: sha256Hex,
  kioskId: id,
};

// Each kind's input is what its handler passes in; the entry is that with the log's own fields
// (entryBase) and what the log adds. An optional note in the input is a null note in the entry.

/** What staff decided. */
const decisionInput = {
  decision: z.enum(AUDIT_DECISIONS),
  reasonCode: ReasonCode,
  note: DecisionNote.optional(),
  staffAccountId: id,
  /** The IDV session id: IT may see it; the renderer never does (it has an opaque handle). */
  sessionId: id,
};

export const DecisionEntry = z.strictObject({
  ...entryBase,
  kind: z.literal('decision'),
  ...decisionInput,
  note: DecisionNote.nullable(),
  checks: z.array(CheckRecommendation).max(32),
  /** SHA-256 of the staff report as reviewed (reportHash.ts says how it is computed). */
  reportHash: sha256Hex,
  /** Present only when the policy allowed it at the time. */
  documentNumberLast4: z.string().min(1).max(4).nullable(),
});
export type DecisionEntry = z.infer<typeof DecisionEntry>;

export const PurgeEntry = z.strictObject({
  ...entryBase,
  kind: z.literal('purge'),
  /** Entries up to and including this one were removed… */
  purgedThroughSeq: z.number().int().positive(),
  purgedCount: z.number().int().positive(),
  /** …and this was the hash of that last removed entry: the chain's new starting point. */
  lastPurgedHash: sha256Hex,
  /** Entries recorded before this time were due. */
  cutoff: isoTime,
  retentionDays: z.number().int().positive(),
});
export type PurgeEntry = z.infer<typeof PurgeEntry>;

/** An expert's outcome on one check waiting in the local service (manual_check ALWAYS/FALLBACK). */
const expertReviewInput = {
  staffAccountId: id,
  sessionId: id,
  checkId: id,
  checkType: z.string().min(1).max(64),
  outcome: z.enum(['approve', 'reject']),
  reasonCode: ReasonCode.nullable(),
};

export const ExpertReviewEntry = z.strictObject({
  ...entryBase,
  kind: z.literal('expertReview'),
  ...expertReviewInput,
});
export type ExpertReviewEntry = z.infer<typeof ExpertReviewEntry>;

/** An admin exported the log's verification key (to a file, for `audit verify --key-file`). */
export const KeyExportEntry = z.strictObject({
  ...entryBase,
  kind: z.literal('keyExport'),
  staffAccountId: id,
  /** The key's id (auditChain.ts auditKeyId), never the key. */
  keyId: z.string().min(1).max(128),
  /** Where it was written, as the admin named it. */
  file: z.string().min(1).max(4096),
});
export type KeyExportEntry = z.infer<typeof KeyExportEntry>;

/** The three points of an in-branch visual review, as staff ticked them. */
export const BranchReviewPoints = z.strictObject({
  documentInHand: z.boolean(),
  photoMatchesPerson: z.boolean(),
  detailsMatchProfile: z.boolean(),
});

/**
 * The in-branch station: staff recorded their visual review of a customer's letter visit
 * (`stage: review`), or submitted it (`stage: submit`, with the checks of the result).
 */
const branchReviewInput = {
  stage: z.enum(['review', 'submit']),
  staffAccountId: id,
  sessionId: id,
  decision: z.enum(['approve', 'reject']),
  points: BranchReviewPoints,
  note: DecisionNote.optional(),
  checks: z.array(CheckRecommendation).max(32),
  /** SHA-256 of what staff reviewed (the branch report: profile, image hashes, points; the result at submit). */
  reportHash: sha256Hex,
};

export const BranchReviewEntry = z.strictObject({
  ...entryBase,
  kind: z.literal('branchReview'),
  ...branchReviewInput,
  note: DecisionNote.nullable(),
});
export type BranchReviewEntry = z.infer<typeof BranchReviewEntry>;

export const AuditEntry = z.discriminatedUnion('kind', [
  DecisionEntry,
  PurgeEntry,
  ExpertReviewEntry,
  KeyExportEntry,
  BranchReviewEntry,
]);
export type AuditEntry = z.infer<typeof AuditEntry>;

export const DecisionInput = z.strictObject(decisionInput);
export type DecisionInput = z.infer<typeof DecisionInput>;

export const ExpertReviewInput = z.strictObject(expertReviewInput);
export type ExpertReviewInput = z.infer<typeof ExpertReviewInput>;

export const BranchReviewInput = z.strictObject(branchReviewInput);
export type BranchReviewInput = z.infer<typeof BranchReviewInput>;

export const KeyExportInput = z.strictObject({
  staffAccountId: id,
  file: z.string().min(1).max(4096),
});
export type KeyExportInput = z.infer<typeof KeyExportInput>;
