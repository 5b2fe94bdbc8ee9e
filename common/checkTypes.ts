// Check and task types of Yoti's IDV API as this project uses them: what a relying party may
// request in a session specification, and the checks a session's result carries.

/** Checks a session specification may request (`requested_checks[].type`). */
export const REQUESTABLE_CHECK_TYPES = [
  'ID_DOCUMENT_AUTHENTICITY',
  'ID_DOCUMENT_FACE_MATCH',
  'LIVENESS',
  // In-Branch Verification: the branch staff's visual review, and the documents against the
  // relying party's applicant profile.
  'IBV_VISUAL_REVIEW_CHECK',
  'PROFILE_DOCUMENT_MATCH',
] as const;
export type RequestableCheckType = (typeof REQUESTABLE_CHECK_TYPES)[number];

/** Tasks a session specification may request (`requested_tasks[].type`). */
export const TASK_TYPES = ['ID_DOCUMENT_TEXT_DATA_EXTRACTION'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Not requested directly: each text extraction task yields one, as at Yoti. */
export const TEXT_DATA_CHECK = 'ID_DOCUMENT_TEXT_DATA_CHECK';

/** Every check type a session's result may carry. */
export const CHECK_TYPES = [...REQUESTABLE_CHECK_TYPES, TEXT_DATA_CHECK] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

/** The checks that read the ID document (they need its pages). */
export const DOCUMENT_CHECK_TYPES: readonly CheckType[] = [
  'ID_DOCUMENT_AUTHENTICITY',
  TEXT_DATA_CHECK,
  'ID_DOCUMENT_FACE_MATCH',
];

/** Yoti's breakdown `process` when a person decided (expert review, a branch's staff). */
export const PROCESS_EXPERT_REVIEW = 'EXPERT_REVIEW';
