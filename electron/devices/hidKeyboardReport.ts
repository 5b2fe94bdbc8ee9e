// Decodes HID boot-keyboard input reports (what keyboard-wedge MRZ readers send) into characters.
// A report is [modifiers, reserved, key1..key6], optionally preceded by a report id byte. A key
// counts when it appears in a report and was not held in the previous one (n-key rollover).
// Only what an MRZ needs is mapped: A–Z, 0–9, '<' and line ends; anything else is an error
// that names the problem, and decoding goes on with the next report.

export class HidReportError extends Error {
  override name = 'HidReportError';
}

const SHIFT = 0x02 | 0x20; // left or right shift
const ENTER = new Set([0x28, 0x58]);
const ROLLOVER_ERRORS = new Set([0x01, 0x02, 0x03]);

/** One decoded key press: a character, or '\n' for a line end. */
export type DecodedKey = string;

function keyToChar(code: number, shifted: boolean): DecodedKey | null {
  if (code >= 0x04 && code <= 0x1d) return String.fromCharCode(0x41 + code - 0x04); // letters; MRZ is upper case either way
  if (code >= 0x1e && code <= 0x26) return shifted ? null : String.fromCharCode(0x31 + code - 0x1e);
  if (code === 0x27) return shifted ? null : '0';
  if (code === 0x36 && shifted) return '<'; // US layout: shift + comma
  if (code === 0x64) return '<'; // ISO layouts: the extra key left of Z
  if (ENTER.has(code)) return '\n';
  return null;
}

export interface HidKeyboardDecoder {
  /** Returns the keys newly pressed in this report. Throws HidReportError for a report that cannot be a keyboard report. */
  push(report: Uint8Array): DecodedKey[];
  reset(): void;
}

export function createHidKeyboardDecoder(): HidKeyboardDecoder {
  let held = new Set<number>();
  return {
    push(report) {
      let r = report;
      if (r.length === 9) r = r.subarray(1); // leading report id
      if (r.length !== 8) {
        held = new Set();
        throw new HidReportError(
          `a keyboard report has 8 bytes (9 with a report id), this one has ${report.length}`,
        );
      }
      const modifiers = r[0];
      const keys = [...r.subarray(2)].filter((k) => k !== 0);
      if (keys.some((k) => ROLLOVER_ERRORS.has(k))) {
        held = new Set();
        throw new HidReportError(
          'the reader reported a rollover/phantom-key error; the characters of this scan are unreliable',
        );
      }
      const out: DecodedKey[] = [];
      const unknown: number[] = [];
      for (const k of keys) {
        if (held.has(k)) continue;
        const c = keyToChar(k, (modifiers & SHIFT) !== 0);
        if (c === null) unknown.push(k);
        else out.push(c);
      }
      held = new Set(keys);
      if (unknown.length) {
        throw new HidReportError(
          `key code${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => '0x' + k.toString(16).padStart(2, '0')).join(', ')} cannot appear in an MRZ`,
        );
      }
      return out;
    },
    reset() {
      held = new Set();
    },
  };
}
