// Receipt and report printing (issue 9): the pages, their PDF and printer output, without Electron.
export { escapeHtml } from './htmlEscape';
export { DecisionRecord, RECEIPT_PAGE, REPORT_PAGE, MM_PER_INCH } from './printTypes';
export type { PageSize, PdfRenderer, PrinterInfo, PrintInput, PrintKind, PrintPage, SystemPrinter } from './printTypes';
export { receiptFacts } from './receiptFacts';
export { receiptPage } from './receiptPage';
export { reportPage } from './reportPage';
export { escPosReceipt, writeEscPos } from './escPosReceipt';
export { PrinterSettings, DEFAULT_PRINTER_SETTINGS } from './printerSettings';
export { createPrintService, type PrintService, type PrintServiceDeps, type PrintResult } from './printService';
