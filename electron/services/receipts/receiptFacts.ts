// What a customer receipt says, once, for both the paper page and the thermal printer, in the
// person's language (receiptWords). Only the reference, the date, the kiosk, the decision and the
// document's kind and issuer (and the last 4 characters of its number when the audit policy kept
// them): the StaffReport's fields and media are deliberately never read here, so no name, birth
// date, full number or image can leak.
import { formatUtc } from './printPage';
import { DecisionRecord, type PrintInput } from './printTypes';
import { receiptWords } from './receiptWords';
import { serviceLabelOf } from './serviceLabelOf';

export type ReceiptInput = PrintInput;

export interface ReceiptFacts {
  lang: string;
  title: string;
  referenceLabel: string;
  reference: string;
  rows: ReadonlyArray<readonly [term: string, value: string]>;
  serviceLabel: string;
}

export function receiptFacts(input: ReceiptInput): ReceiptFacts {
  const decision = DecisionRecord.parse(input.decision);
  const { report } = input;
  const w = receiptWords(input.locale);
  const documentType = report.documentType;
  return {
    lang: w.lang,
    title: w.title,
    referenceLabel: w.reference,
    reference: decision.reference,
    rows: [
      ...(report.reference ? ([[w.verification, report.reference]] as const) : []),
      [w.date, formatUtc(decision.recordedAt)],
      [w.kiosk, decision.kioskId],
      [w.decision, w.decisions[decision.decision]],
      [w.document, documentType === null ? w.notGiven : (w.documents[documentType] ?? documentType)],
      [w.issuedBy, report.issuingCountry ?? w.notGiven],
      ...(decision.documentNumberLast4 ? ([[w.numberEnds, decision.documentNumberLast4]] as const) : []),
    ],
    serviceLabel: report.source.kind === 'yoti' ? serviceLabelOf(report.source) : w.localService,
  };
}
