// What a customer receipt says, once, for both the paper page and the thermal printer. Only the
// reference, the date, the kiosk, the decision and the document's kind and issuer (and the last 4
// characters of its number when the audit policy kept them): the StaffReport's fields and media
// are deliberately never read here, so no name, birth date, full number or image can leak.
import { decisionWords, documentWords, formatUtc } from './printPage';
import { DecisionRecord, type PrintInput } from './printTypes';
import { serviceLabelOf } from './serviceLabelOf';

export type ReceiptInput = PrintInput;

export interface ReceiptFacts {
  title: string;
  reference: string;
  rows: ReadonlyArray<readonly [term: string, value: string]>;
  serviceLabel: string;
}

export function receiptFacts(input: ReceiptInput): ReceiptFacts {
  const decision = DecisionRecord.parse(input.decision);
  const { report } = input;
  return {
    title: 'Identity check receipt',
    reference: decision.reference,
    rows: [
      ['Date', formatUtc(decision.recordedAt)],
      ['Kiosk', decision.kioskId],
      ['Decision', decisionWords(decision.decision)],
      ['Document', documentWords(report.documentType)],
      ['Issued by', report.issuingCountry ?? 'Not given'],
      ...(decision.documentNumberLast4
        ? ([['Document number ends', decision.documentNumberLast4]] as const)
        : []),
    ],
    serviceLabel: serviceLabelOf(report.source),
  };
}
