// A staff report and a decision as main would have them after a decision, with a name, a birth
// date and a document number the receipt must leave out, and hostile text for the escaping.
import sharp from 'sharp';
import type { MediaImage, StaffReport } from '../../../common/ipc/contract';
import { LOCAL_SERVICE_LABEL } from '../../../common/serviceLabel';
import type { DecisionRecord } from '../../../electron/services/receipts';

export const PERSON = {
  fullName: 'Zoë <script>alert("x")</script> O\'Brien & Sons',
  givenNames: 'Zoë',
  familyName: 'Quixote-Marlowe',
  dateOfBirth: '1987-03-14',
  documentNumber: 'X9Q4TR7720',
};

async function solidImage(rgb: [number, number, number], mime: MediaImage['mime'], w = 320, h = 200): Promise<MediaImage> {
  const base = sharp({ create: { width: w, height: h, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  const buf = mime === 'image/png' ? await base.png().toBuffer() : await base.jpeg().toBuffer();
  return { bytes: new Uint8Array(buf), mime };
}

export async function sampleReport(): Promise<StaffReport> {
  return {
    handle: 'h_abcdefghijklmnop',
    source: { kind: 'embedded', label: LOCAL_SERVICE_LABEL, baseUrl: 'http://127.0.0.1:1/idverify/v1' },
    sessionState: 'COMPLETED',
    documentType: 'PASSPORT',
    issuingCountry: 'FRA',
    checks: [
      {
        type: 'ID_DOCUMENT_AUTHENTICITY',
        state: 'DONE',
        recommendation: { value: 'APPROVE' },
        breakdown: [
          { subCheck: 'mrz_checksums', result: 'PASS', details: [{ name: 'lines', value: '2' }] },
          { subCheck: 'document_in_date', result: 'PASS', details: [] },
        ],
      },
      {
        type: 'ID_DOCUMENT_FACE_MATCH',
        state: 'DONE',
        recommendation: { value: 'REJECT', reason: 'FACE_NOT_MATCHING', recoverySuggestion: 'Retake the selfie' },
        breakdown: [
          {
            subCheck: 'ai_face_match',
            result: 'FAIL',
            details: [
              { name: 'score', value: '0.31' },
              { name: 'threshold', value: '0.55' },
            ],
          },
        ],
      },
      {
        type: 'LIVENESS',
        state: 'DONE',
        recommendation: { value: 'NOT_AVAILABLE', reason: 'Model <b>missing</b>' },
        breakdown: [{ subCheck: 'static_liveness_pattern', result: 'NOT_AVAILABLE', details: [] }],
      },
    ],
    documentFields: {
      full_name: PERSON.fullName,
      given_names: PERSON.givenNames,
      family_name: PERSON.familyName,
      date_of_birth: PERSON.dateOfBirth,
      document_number: PERSON.documentNumber,
      nationality: 'FRA',
    },
    pages: [{ side: 'front', image: await solidImage([200, 30, 30], 'image/jpeg') }],
    portrait: await solidImage([30, 200, 30], 'image/png', 120, 160),
    face: await solidImage([30, 30, 200], 'image/jpeg', 160, 200),
    completedAt: '2026-12-01T10:40:00.000Z',
  };
}

export function sampleDecision(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    reference: 'DSK-7Q2M-4K9P',
    decision: 'APPROVE',
    reasonCode: 'DOCUMENT_CHECKED_BY_HAND',
    reasonLabel: 'Checked the document by hand',
    note: 'Customer\'s "selfie" was dark & <blurry>',
    staffDisplayName: 'Ana <i>Lopez</i>',
    recordedAt: '2026-12-01T10:45:30.000Z',
    kioskId: 'kiosk-lobby-2',
    documentNumberLast4: null,
    ...over,
  };
}
