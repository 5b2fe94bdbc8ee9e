// Collects the characters an MRZ reader types into lines and recognises a complete MRZ by its
// shape (ICAO 9303: TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44). Check digits are verified by the
// IDV service when the lines are sent to it; here only the shape is checked, so an obviously
// broken scan gets a clear message at the kiosk instead of a round trip.
import { MRZ_SIZES } from '../../vision/mrz/mrzLayout';

export class MrzScanError extends Error {
  override name = 'MrzScanError';
}

// The zone sizes come from vision's one MRZ geometry (TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44).
const SIZE_LIST = [...new Set(MRZ_SIZES.map((s) => s.length))]
  .sort((a, b) => a - b)
  .join(', ')
  .replace(/, (\d+)$/, ' or $1');
const MRZ_CHARS = /^[A-Z0-9<]+$/;

export interface MrzLineAssembler {
  /** Feeds decoded keys; returns a complete MRZ's lines when one is finished, else null. Throws MrzScanError. */
  push(keys: string[], at?: number): string[] | null;
  reset(): void;
}

/** A gap longer than `gapMs` between keys starts a new scan (a reader types a whole MRZ in well under a second). */
export function createMrzLineAssembler(opts: { gapMs?: number } = {}): MrzLineAssembler {
  const gapMs = opts.gapMs ?? 1500;
  let lines: string[] = [];
  let current = '';
  let lastAt = -Infinity;

  const reset = () => {
    lines = [];
    current = '';
  };

  function finishLine(): string[] | null {
    const line = current;
    current = '';
    if (line.length === 0) return null; // blank line: readers often end with an extra Enter
    if (!MRZ_CHARS.test(line)) {
      reset();
      throw new MrzScanError('the scanned line contains characters an MRZ cannot have');
    }
    lines.push(line);
    const len = lines[0].length;
    const shape = MRZ_SIZES.find((s) => s.length === len);
    if (!shape) {
      const got = lines.length;
      reset();
      throw new MrzScanError(`an MRZ line has ${SIZE_LIST} characters; the scanned line ${got} has ${len}`);
    }
    if (lines.some((l) => l.length !== len)) {
      reset();
      throw new MrzScanError(
        `the lines of one MRZ have the same length (${shape.lines}×${len}); this scan mixes lengths`,
      );
    }
    if (lines.length === shape.lines) {
      const done = lines;
      reset();
      return done;
    }
    return null;
  }

  return {
    push(keys, at = Date.now()) {
      if (at - lastAt > gapMs && (lines.length || current)) reset();
      lastAt = at;
      let done: string[] | null = null;
      for (const k of keys) {
        if (k === '\n') {
          const r = finishLine();
          if (r) done = r;
        } else {
          current += k;
          if (current.length > 44) {
            reset();
            throw new MrzScanError('the scanned line is longer than any MRZ line (44 characters)');
          }
        }
      }
      return done;
    },
    reset,
  };
}
