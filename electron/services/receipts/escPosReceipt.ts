// The customer receipt for a thermal printer: ESC/POS bytes from a maintained encoder
// (@point-of-sale/receipt-printer-encoder), written to the printer's device (e.g. /dev/usb/lp0)
// or to a file. The same facts as the paper receipt (receiptFacts).
import { writeFile } from 'node:fs/promises';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { receiptFacts, type ReceiptInput } from './receiptFacts';

export interface EscPosOptions {
  /** Characters per line: 42 on most 80 mm printers (font A), 32 on 58 mm ones. */
  columns?: number;
}

/**
 * Thermal printers' code pages hold Latin, Cyrillic and Greek letters; a receipt in another script
 * (Arabic, Hebrew, Chinese) would print as question marks, so it prints in English there.
 */
export function thermalLocale(locale: string | undefined): string {
  if (!locale) return 'en';
  try {
    const script = new Intl.Locale(locale).maximize().script;
    return script === 'Latn' || script === 'Cyrl' || script === 'Grek' ? locale : 'en';
  } catch {
    return 'en';
  }
}

export function escPosReceipt(input: ReceiptInput, options: EscPosOptions = {}): Uint8Array {
  const facts = receiptFacts({ ...input, locale: thermalLocale(input.locale) });
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: options.columns ?? 42 });
  encoder.initialize().align('center').bold(true).line(facts.title).bold(false).newline();
  encoder.line(`${facts.referenceLabel}:`).bold(true).size(2, 2).line(facts.reference).size(1, 1).bold(false).newline();
  encoder.align('left');
  for (const [term, value] of facts.rows) encoder.line(`${term}: ${value}`);
  encoder.newline().line(facts.serviceLabel).newline().cut();
  return encoder.encode();
}

/** Writes the bytes to the printer's device or a file (a device ignores truncation). */
export async function writeEscPos(devicePath: string, bytes: Uint8Array): Promise<void> {
  await writeFile(devicePath, bytes);
}
