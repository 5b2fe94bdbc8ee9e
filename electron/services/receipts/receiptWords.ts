// The customer receipt's words in the person's language (the one they chose at the kiosk): en, es
// and fr; any other language prints in English. The receipt is the one paper the person takes
// away, so it speaks their language; the business report stays in the staff's English.
import type { Decision } from '../../../common/decisions';
import { MORE_RECEIPT_WORDS } from './receiptWordsTranslations';

export interface ReceiptWords {
  lang: string;
  title: string;
  reference: string;
  verification: string;
  date: string;
  kiosk: string;
  decision: string;
  document: string;
  issuedBy: string;
  notGiven: string;
  numberEnds: string;
  decisions: Record<Decision, string>;
  documents: Record<string, string>;
  /** The local service's label: never to pass for a Yoti verification, in any language. */
  localService: string;
}

const en: ReceiptWords = {
  lang: 'en',
  title: 'Identity check receipt',
  reference: 'Reference',
  verification: 'Verification',
  date: 'Date',
  kiosk: 'Kiosk',
  decision: 'Decision',
  document: 'Document',
  issuedBy: 'Issued by',
  notGiven: 'Not given',
  numberEnds: 'Document number ends',
  decisions: { APPROVE: 'Approved', REJECT: 'Rejected', REFER: 'Referred' },
  documents: {
    PASSPORT: 'Passport',
    DRIVING_LICENCE: 'Driving licence',
    NATIONAL_ID: 'National ID card',
    RESIDENCE_PERMIT: 'Residence permit',
  },
  localService: 'Local IDV service — not a Yoti verification',
};

const es: ReceiptWords = {
  lang: 'es',
  title: 'Justificante de verificación de identidad',
  reference: 'Referencia',
  verification: 'Verificación',
  date: 'Fecha',
  kiosk: 'Quiosco',
  decision: 'Decisión',
  document: 'Documento',
  issuedBy: 'Expedido por',
  notGiven: 'No indicado',
  numberEnds: 'El número del documento termina en',
  decisions: { APPROVE: 'Aprobada', REJECT: 'Rechazada', REFER: 'Remitida para revisión' },
  documents: {
    PASSPORT: 'Pasaporte',
    DRIVING_LICENCE: 'Permiso de conducir',
    NATIONAL_ID: 'Documento nacional de identidad',
    RESIDENCE_PERMIT: 'Permiso de residencia',
  },
  localService: 'Servicio IDV local — no es una verificación de Yoti',
};

const fr: ReceiptWords = {
  lang: 'fr',
  title: 'Reçu de vérification d’identité',
  reference: 'Référence',
  verification: 'Vérification',
  date: 'Date',
  kiosk: 'Borne',
  decision: 'Décision',
  document: 'Document',
  issuedBy: 'Délivré par',
  notGiven: 'Non indiqué',
  numberEnds: 'Le numéro du document se termine par',
  decisions: { APPROVE: 'Approuvée', REJECT: 'Refusée', REFER: 'Transmise pour examen' },
  documents: {
    PASSPORT: 'Passeport',
    DRIVING_LICENCE: 'Permis de conduire',
    NATIONAL_ID: 'Carte nationale d’identité',
    RESIDENCE_PERMIT: 'Titre de séjour',
  },
  localService: 'Service IDV local — pas une vérification Yoti',
};

const BY_LANGUAGE: Readonly<Record<string, ReceiptWords>> = { en, es, fr, ...MORE_RECEIPT_WORDS };

/** The words for a locale such as "es" or "fr-CA"; English for any language not offered. */
export function receiptWords(locale: string | undefined): ReceiptWords {
  const lang = (locale ?? 'en').slice(0, 2).toLowerCase();
  return BY_LANGUAGE[lang] ?? en;
}
