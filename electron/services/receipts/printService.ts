// What the printDocument channel needs: the page for the kind asked, its PDF (always: staff can
// save or hand it on), and the copy on the configured printer. A printer that fails does not lose
// the PDF: the answer says `printed: false` and the log says why.
import { errorFirstLine } from '../../../common/errorMessage';
import type { Logger } from '../../../platform/logger';
import { escPosReceipt, writeEscPos } from './escPosReceipt';
import type { PrinterSettings } from './printerSettings';
import type { PdfRenderer, PrintInput, PrintKind, PrintPage, SystemPrinter } from './printTypes';
import { receiptPage } from './receiptPage';
import { reportPage } from './reportPage';
import { escPosTestPage, testPrintPage, type TestPrintFacts } from './testPrintPage';

export interface PrintServiceDeps {
  pdf: PdfRenderer;
  /** Electron's system printing; absent in the Chromium host (a 'system' setting then prints nothing). */
  systemPrinter?: SystemPrinter;
  /** Read at each print, so a settings change applies at once. */
  settings: () => PrinterSettings;
  logger: Logger;
  /** Where ESC/POS bytes go (default: written to the configured device or file). */
  writeDevice?: (devicePath: string, bytes: Uint8Array) => Promise<void>;
}

export interface PrintResult {
  pdf: Uint8Array;
  printed: boolean;
}

export interface PrintService {
  page(kind: PrintKind, input: PrintInput): PrintPage;
  print(kind: PrintKind, input: PrintInput): Promise<PrintResult>;
  /** The diagnostics test page: its PDF, and to the configured printer (`detail` says what happened). */
  printTest(facts: TestPrintFacts): Promise<PrintResult & { detail: string }>;
}

export function createPrintService(deps: PrintServiceDeps): PrintService {
  const writeDevice = deps.writeDevice ?? writeEscPos;
  const page = (kind: PrintKind, input: PrintInput): PrintPage =>
    kind === 'receipt' ? receiptPage(input) : reportPage(input);

  async function toPrinter(kind: PrintKind, input: PrintInput, built: PrintPage): Promise<boolean> {
    const target = deps.settings()[kind];
    try {
      if (target.kind === 'escpos') {
        await writeDevice(target.devicePath, escPosReceipt(input, { columns: target.columns }));
        return true;
      }
      if (target.kind === 'system') {
        if (!deps.systemPrinter) {
          deps.logger.warn('a system printer is set but this host cannot print', { kind });
          return false;
        }
        await deps.systemPrinter.print(built.html, { pageSize: built.pageSize, deviceName: target.deviceName });
        return true;
      }
      return false;
    } catch (err) {
      deps.logger.warn('printing failed; the PDF is still given', { kind, printer: target.kind, error: errorFirstLine(err) });
      return false;
    }
  }

  return {
    page,
    async printTest(facts) {
      const built = testPrintPage(facts);
      const pdf = await deps.pdf.render(built.html, { pageSize: built.pageSize });
      const target = deps.settings()[facts.kind];
      try {
        if (target.kind === 'escpos') {
          await writeDevice(target.devicePath, escPosTestPage(facts, target.columns));
          return { pdf, printed: true, detail: `sent to the thermal printer at ${target.devicePath}` };
        }
        if (target.kind === 'system') {
          if (!deps.systemPrinter)
            return { pdf, printed: false, detail: 'this host cannot print to a system printer; PDF only' };
          await deps.systemPrinter.print(built.html, { pageSize: built.pageSize, deviceName: target.deviceName });
          return { pdf, printed: true, detail: `sent to ${target.deviceName}` };
        }
        return { pdf, printed: false, detail: 'no printer is set; PDF only' };
      } catch (err) {
        return { pdf, printed: false, detail: `the printer failed: ${errorFirstLine(err)}`.slice(0, 300) };
      }
    },
    async print(kind, input) {
      const built = page(kind, input);
      const pdf = await deps.pdf.render(built.html, { pageSize: built.pageSize });
      const printed = await toPrinter(kind, input, built);
      return { pdf, printed };
    },
  };
}
