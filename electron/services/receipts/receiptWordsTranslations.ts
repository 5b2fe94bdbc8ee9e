// The customer receipt's words in the kiosk's other languages (renderer/i18n/locales.ts), written
// by the languages work next to the en/es/fr words in receiptWords.ts, which offers them. Arabic
// and Hebrew are right-to-left: a page printing them sets dir="rtl" (directionOf in
// renderer/i18n/locales.ts says which).
import type { ReceiptWords } from './receiptWords';

const de: ReceiptWords = {
  lang: 'de',
  title: 'Beleg der Identitätsprüfung',
  reference: 'Referenz',
  verification: 'Prüfung',
  date: 'Datum',
  kiosk: 'Kiosk',
  decision: 'Entscheidung',
  document: 'Dokument',
  issuedBy: 'Ausgestellt von',
  notGiven: 'Nicht angegeben',
  numberEnds: 'Dokumentnummer endet auf',
  decisions: { APPROVE: 'Angenommen', REJECT: 'Abgelehnt', REFER: 'Zur Prüfung weitergeleitet' },
  documents: {
    PASSPORT: 'Reisepass',
    DRIVING_LICENCE: 'Führerschein',
    NATIONAL_ID: 'Personalausweis',
    RESIDENCE_PERMIT: 'Aufenthaltstitel',
  },
  localService: 'Lokaler IDV-Dienst — keine Yoti-Prüfung',
};

const it: ReceiptWords = {
  lang: 'it',
  title: 'Ricevuta della verifica d’identità',
  reference: 'Riferimento',
  verification: 'Verifica',
  date: 'Data',
  kiosk: 'Chiosco',
  decision: 'Decisione',
  document: 'Documento',
  issuedBy: 'Rilasciato da',
  notGiven: 'Non indicato',
  numberEnds: 'Il numero del documento termina con',
  decisions: { APPROVE: 'Approvata', REJECT: 'Respinta', REFER: 'Inoltrata per un esame' },
  documents: {
    PASSPORT: 'Passaporto',
    DRIVING_LICENCE: 'Patente di guida',
    NATIONAL_ID: 'Carta d’identità',
    RESIDENCE_PERMIT: 'Permesso di soggiorno',
  },
  localService: 'Servizio IDV locale — non è una verifica Yoti',
};

const pt: ReceiptWords = {
  lang: 'pt-PT',
  title: 'Recibo da verificação de identidade',
  reference: 'Referência',
  verification: 'Verificação',
  date: 'Data',
  kiosk: 'Quiosque',
  decision: 'Decisão',
  document: 'Documento',
  issuedBy: 'Emitido por',
  notGiven: 'Não indicado',
  numberEnds: 'O número do documento termina em',
  decisions: { APPROVE: 'Aprovada', REJECT: 'Rejeitada', REFER: 'Encaminhada para análise' },
  documents: {
    PASSPORT: 'Passaporte',
    DRIVING_LICENCE: 'Carta de condução',
    NATIONAL_ID: 'Cartão de identificação',
    RESIDENCE_PERMIT: 'Autorização de residência',
  },
  localService: 'Serviço IDV local — não é uma verificação Yoti',
};

const nl: ReceiptWords = {
  lang: 'nl',
  title: 'Bewijs van identiteitscontrole',
  reference: 'Referentie',
  verification: 'Controle',
  date: 'Datum',
  kiosk: 'Kiosk',
  decision: 'Beslissing',
  document: 'Document',
  issuedBy: 'Afgegeven door',
  notGiven: 'Niet vermeld',
  numberEnds: 'Documentnummer eindigt op',
  decisions: { APPROVE: 'Goedgekeurd', REJECT: 'Afgewezen', REFER: 'Doorverwezen voor beoordeling' },
  documents: {
    PASSPORT: 'Paspoort',
    DRIVING_LICENCE: 'Rijbewijs',
    NATIONAL_ID: 'Identiteitskaart',
    RESIDENCE_PERMIT: 'Verblijfsvergunning',
  },
  localService: 'Lokale IDV-dienst — geen Yoti-verificatie',
};

const pl: ReceiptWords = {
  lang: 'pl',
  title: 'Potwierdzenie weryfikacji tożsamości',
  reference: 'Numer referencyjny',
  verification: 'Weryfikacja',
  date: 'Data',
  kiosk: 'Kiosk',
  decision: 'Decyzja',
  document: 'Dokument',
  issuedBy: 'Wydany przez',
  notGiven: 'Nie podano',
  numberEnds: 'Numer dokumentu kończy się na',
  decisions: { APPROVE: 'Zatwierdzona', REJECT: 'Odrzucona', REFER: 'Przekazana do sprawdzenia' },
  documents: {
    PASSPORT: 'Paszport',
    DRIVING_LICENCE: 'Prawo jazdy',
    NATIONAL_ID: 'Dowód osobisty',
    RESIDENCE_PERMIT: 'Karta pobytu',
  },
  localService: 'Lokalna usługa IDV — to nie jest weryfikacja Yoti',
};

const tr: ReceiptWords = {
  lang: 'tr',
  title: 'Kimlik doğrulama fişi',
  reference: 'Referans',
  verification: 'Doğrulama',
  date: 'Tarih',
  kiosk: 'Kiosk',
  decision: 'Karar',
  document: 'Belge',
  issuedBy: 'Veren',
  notGiven: 'Belirtilmemiş',
  numberEnds: 'Belge numarasının sonu',
  decisions: { APPROVE: 'Onaylandı', REJECT: 'Reddedildi', REFER: 'İncelemeye yönlendirildi' },
  documents: {
    PASSPORT: 'Pasaport',
    DRIVING_LICENCE: 'Sürücü belgesi',
    NATIONAL_ID: 'Kimlik kartı',
    RESIDENCE_PERMIT: 'İkamet izni',
  },
  localService: 'Yerel IDV hizmeti — Yoti doğrulaması değildir',
};

const uk: ReceiptWords = {
  lang: 'uk',
  title: 'Квитанція про перевірку особи',
  reference: 'Номер',
  verification: 'Перевірка',
  date: 'Дата',
  kiosk: 'Кіоск',
  decision: 'Рішення',
  document: 'Документ',
  issuedBy: 'Виданий',
  notGiven: 'Не вказано',
  numberEnds: 'Номер документа закінчується на',
  decisions: { APPROVE: 'Схвалено', REJECT: 'Відхилено', REFER: 'Передано на перевірку' },
  documents: {
    PASSPORT: 'Паспорт',
    DRIVING_LICENCE: 'Посвідчення водія',
    NATIONAL_ID: 'ID-картка',
    RESIDENCE_PERMIT: 'Посвідка на проживання',
  },
  localService: 'Локальна служба IDV — це не перевірка Yoti',
};

const ar: ReceiptWords = {
  lang: 'ar',
  title: 'إيصال التحقق من الهوية',
  reference: 'المرجع',
  verification: 'التحقق',
  date: 'التاريخ',
  kiosk: 'الكشك',
  decision: 'القرار',
  document: 'الوثيقة',
  issuedBy: 'جهة الإصدار',
  notGiven: 'غير مذكور',
  numberEnds: 'ينتهي رقم الوثيقة بـ',
  decisions: { APPROVE: 'مقبول', REJECT: 'مرفوض', REFER: 'محال للمراجعة' },
  documents: {
    PASSPORT: 'جواز سفر',
    DRIVING_LICENCE: 'رخصة قيادة',
    NATIONAL_ID: 'بطاقة هوية وطنية',
    RESIDENCE_PERMIT: 'تصريح إقامة',
  },
  localService: 'خدمة IDV محلية — ليست تحققًا من Yoti',
};

const he: ReceiptWords = {
  lang: 'he',
  title: 'קבלה על אימות זהות',
  reference: 'אסמכתה',
  verification: 'אימות',
  date: 'תאריך',
  kiosk: 'עמדה',
  decision: 'החלטה',
  document: 'מסמך',
  issuedBy: 'הונפק על ידי',
  notGiven: 'לא צוין',
  numberEnds: 'מספר המסמך מסתיים ב',
  decisions: { APPROVE: 'אושר', REJECT: 'נדחה', REFER: 'הועבר לבדיקה' },
  documents: {
    PASSPORT: 'דרכון',
    DRIVING_LICENCE: 'רישיון נהיגה',
    NATIONAL_ID: 'תעודת זהות',
    RESIDENCE_PERMIT: 'אישור שהייה',
  },
  localService: 'שירות IDV מקומי — זה אינו אימות של Yoti',
};

const zh: ReceiptWords = {
  lang: 'zh-Hans',
  title: '身份核验回执',
  reference: '参考编号',
  verification: '核验',
  date: '日期',
  kiosk: '自助机',
  decision: '决定',
  document: '证件',
  issuedBy: '签发方',
  notGiven: '未提供',
  numberEnds: '证件号码末尾',
  decisions: { APPROVE: '已通过', REJECT: '已拒绝', REFER: '已转交审核' },
  documents: {
    PASSPORT: '护照',
    DRIVING_LICENCE: '驾驶证',
    NATIONAL_ID: '身份证',
    RESIDENCE_PERMIT: '居留许可',
  },
  localService: '本地 IDV 服务 — 并非 Yoti 核验',
};

/** By the language's two-letter code, as receiptWords looks languages up. */
export const MORE_RECEIPT_WORDS: Readonly<Record<string, ReceiptWords>> = {
  de,
  it,
  pt,
  nl,
  pl,
  tr,
  uk,
  ar,
  he,
  zh,
};
