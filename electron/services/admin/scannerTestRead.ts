// "Test read" on the diagnostics screen: the next MRZ a document scanner reads is taken for the
// test instead of going to the person's session, and the admin learns what it was (lines, format,
// check digits) but never its text, which is a person's name, birth date and number.
import { normaliseMrzLines, parseMrz } from '../../../vision/mrz/mrzParser';

export interface ScannerTestResult {
  read: boolean;
  lineCount: number;
  format: string | null;
  valid: boolean | null;
  detail: string;
}

export interface ScannerTestRead {
  /** Waits for the next read, or says none came in time. One test at a time. */
  start(timeoutMs: number): Promise<ScannerTestResult>;
  /** A scanner read lines: true when a test took them (they then go nowhere else). */
  offer(lines: readonly string[]): boolean;
  cancel(): void;
}

export function createScannerTestRead(now: () => Date = () => new Date()): ScannerTestRead {
  let pending: { resolve: (r: ScannerTestResult) => void; timer: ReturnType<typeof setTimeout> } | null = null;

  function finish(result: ScannerTestResult): void {
    if (!pending) return;
    clearTimeout(pending.timer);
    const { resolve } = pending;
    pending = null;
    resolve(result);
  }

  return {
    start(timeoutMs) {
      finish({ read: false, lineCount: 0, format: null, valid: null, detail: 'replaced by a newer test' });
      return new Promise((resolve) => {
        const timer = setTimeout(
          () =>
            finish({
              read: false,
              lineCount: 0,
              format: null,
              valid: null,
              detail: `no scanner read a document within ${Math.round(timeoutMs / 1000)} seconds`,
            }),
          timeoutMs,
        );
        pending = { resolve, timer };
      });
    },
    offer(lines) {
      if (!pending) return false;
      const reading = parseMrz(normaliseMrzLines(lines.join('\n')), { now: now() });
      finish(
        reading
          ? {
              read: true,
              lineCount: lines.length,
              format: reading.format,
              valid: reading.valid,
              detail: reading.valid
                ? `read a ${reading.format} MRZ; every check digit holds`
                : `read a ${reading.format} MRZ; check digits fail for ${reading.invalid_fields.join(', ')}`,
            }
          : {
              read: true,
              lineCount: lines.length,
              format: null,
              valid: false,
              detail: `read ${lines.length} lines that are not a machine-readable zone`,
            },
      );
      return true;
    },
    cancel() {
      finish({ read: false, lineCount: 0, format: null, valid: null, detail: 'cancelled' });
    },
  };
}
