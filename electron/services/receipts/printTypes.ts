// What the print pages are built from and what they become: the decision staff recorded (beside
// the StaffReport from the IPC contract), a page ready to render, and the renderer interfaces the
// Electron and Chromium adapters implement.
import { z } from 'zod';
import { DECISIONS, type StaffReport } from '../../../common/ipc/contract';

/** The decision as recorded (recordDecision's answer, plus who made it and where). */
export const DecisionRecord = z.strictObject({
  /** The reference the person can quote (recordDecision's `reference`). */
  reference: z.string().min(1).max(40),
  decision: z.enum(DECISIONS),
  reasonCode: z.string().min(1).max(64),
  /** The reason in words, when the caller has it (else the code is printed). */
  reasonLabel: z.string().max(200).nullable(),
  note: z.string().max(500).nullable(),
  staffDisplayName: z.string().min(1).max(80),
  /** UTC ISO 8601 (recordDecision's `recordedAt`). */
  recordedAt: z.iso.datetime({ offset: true }),
  kioskId: z.string().min(1).max(128),
  /**
   * What the audit log kept of the document number: its last 4 characters when the audit policy
   * `personalData: documentNumberLast4` allowed it, else null. The receipt prints only this, so
   * the policy is decided in one place (the audit log).
   */
  documentNumberLast4: z.string().min(1).max(4).nullable(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;

/** What both print pages are built from: the report staff reviewed and their decision on it. */
export interface PrintInput {
  report: StaffReport;
  decision: DecisionRecord;
  /** The person's language for the receipt (receiptWords: en, es, fr; others print in English). */
  locale?: string;
}

export type PageSize = 'A4' | { widthMm: number; heightMm: number };

/** The customer receipt's paper: an 80 mm roll, cut at a fixed length (PDF needs a height). */
export const RECEIPT_PAGE: PageSize = { widthMm: 80, heightMm: 200 };
export const REPORT_PAGE: PageSize = 'A4';

export type PrintKind = 'receipt' | 'report';

/** A self-contained print page: no scripts, no external resources, images as data: URLs. */
export interface PrintPage {
  kind: PrintKind;
  html: string;
  pageSize: PageSize;
}

export interface PdfRenderer {
  render(html: string, options: { pageSize: PageSize }): Promise<Uint8Array>;
}

export interface PrinterInfo {
  /** The system's printer name (what `deviceName` takes). */
  name: string;
  displayName: string;
  description: string;
}

/** The system printer (Electron's webContents.print); the Chromium host has none. */
export interface SystemPrinter {
  printers(): Promise<PrinterInfo[]>;
  print(html: string, options: { pageSize: PageSize; deviceName: string }): Promise<void>;
}

export const MM_PER_INCH = 25.4;
