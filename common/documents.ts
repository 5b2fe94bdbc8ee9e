// Domain vocabulary shared by every process: the kinds of ID document and their pages.
export const DOCUMENT_TYPES = ['PASSPORT', 'DRIVING_LICENCE', 'NATIONAL_ID', 'RESIDENCE_PERMIT'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const PAGE_SIDES = ['front', 'back'] as const;
export type PageSide = (typeof PAGE_SIDES)[number];

export const CAPTURE_METHODS = ['CAMERA', 'SCANNER', 'UPLOAD'] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

export const RECOMMENDATIONS = ['APPROVE', 'REJECT', 'NOT_AVAILABLE'] as const;
export type RecommendationValue = (typeof RECOMMENDATIONS)[number];

/** Session states as the IDV API reports them. */
export const SESSION_STATES = ['ONGOING', 'COMPLETED', 'EXPIRED'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

const PASSPORT_PAGES: readonly PageSide[] = ['front'];
const CARD_PAGES: readonly PageSide[] = ['front', 'back'];

/** The pages a document of this type has: a passport's data page only, a card front and back. */
export function pagesOf(type: DocumentType): readonly PageSide[] {
  return type === 'PASSPORT' ? PASSPORT_PAGES : CARD_PAGES;
}

/**
 * ICAO 9303's fictional specimen issuer (Utopia). The specimen documents carry it; no real
 * document does, so it is offered (first, marked as a specimen) only when the service runs in
 * demo mode, and is an unknown country otherwise.
 */
export const SPECIMEN_COUNTRY = 'UTO';
