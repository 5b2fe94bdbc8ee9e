// Recommendation reasons. REJECT reasons and quality reasons are codes, Yoti's where Yoti has one
// (EXPIRED_DOCUMENT, MRZ_VALIDATION, PHOTO_TOO_BLURRY, ...); a NOT_AVAILABLE that no Yoti code
// describes says why in words (e.g. "document reading is not available in this build").
export const REASONS = {
  EXPIRED_DOCUMENT: 'EXPIRED_DOCUMENT',
  MRZ_VALIDATION: 'MRZ_VALIDATION',
  IMPLAUSIBLE_DATES: 'IMPLAUSIBLE_DATES',
  ISSUING_COUNTRY_MISMATCH: 'ISSUING_COUNTRY_MISMATCH',
  DOCUMENT_TYPE_MISMATCH: 'DOCUMENT_TYPE_MISMATCH',
  DATA_MISMATCH: 'DATA_MISMATCH',
  PHOTO_TOO_BLURRY: 'PHOTO_TOO_BLURRY',
  PHOTO_GLARE: 'PHOTO_GLARE',
  PHOTO_TOO_DARK: 'PHOTO_TOO_DARK',
  PHOTO_OVEREXPOSED: 'PHOTO_OVEREXPOSED',
  FACE_MISMATCH: 'FACE_MISMATCH',
  LIVENESS_FAILED: 'LIVENESS_FAILED',
  MULTIPLE_FACES: 'MULTIPLE_FACES',
} as const;

export const RECOVERY = {
  RECAPTURE_DOCUMENT: 'RECAPTURE_DOCUMENT',
  CHOOSE_MATCHING_DOCUMENT: 'CHOOSE_MATCHING_DOCUMENT',
  USE_VALID_DOCUMENT: 'USE_VALID_DOCUMENT',
  RECAPTURE_FACE: 'RECAPTURE_FACE',
} as const;

export const NOT_AVAILABLE = {
  visionMissing: (what: string): string => `${what} is not available in this build`,
  noDocument: 'no ID document was uploaded',
  unsupportedCheck: (type: string): string => `${type} is not supported by the local IDV service`,
} as const;
