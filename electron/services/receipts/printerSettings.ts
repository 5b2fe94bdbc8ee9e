// Where each printed document goes (the admin's printer settings): nowhere but the PDF, a system
// printer by name, or, for the receipt, an ESC/POS thermal printer's device or a file.
import { z } from 'zod';

const none = z.strictObject({ kind: z.literal('none') });
const system = z.strictObject({
  kind: z.literal('system'),
  deviceName: z.string().trim().min(1, 'choose a printer').max(200, 'a printer name is at most 200 characters'),
});
const escpos = z.strictObject({
  kind: z.literal('escpos'),
  /** e.g. /dev/usb/lp0 on Linux, or a file to collect the bytes. */
  devicePath: z.string().trim().min(1, 'give the thermal printer’s device or file').max(500),
  columns: z.number().int().min(24, 'at least 24 characters a line').max(64, 'at most 64 characters a line'),
});

export const PrinterSettings = z.strictObject({
  receipt: z.discriminatedUnion('kind', [none, system, escpos]),
  report: z.discriminatedUnion('kind', [none, system]),
});
export type PrinterSettings = z.infer<typeof PrinterSettings>;

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = { receipt: { kind: 'none' }, report: { kind: 'none' } };
