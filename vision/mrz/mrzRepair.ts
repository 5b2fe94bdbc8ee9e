// Repairs of the usual OCR confusions in an MRZ (0/O/D, 1/I, 5/S, 8/B, 2/Z), made only where the
// field's type or its check digits prove them: a letter in a numeric field, a digit in a name or
// country code, or the single substitution in a document number that makes its check digit pass.
// The check digit itself is never altered to make a field pass. Platform-neutral.
import { checkDigitMatches } from './checkDigit';

/** Letters OCR confuses with digits, and the digit they stand for in a numeric field. */
const DIGIT_FOR_LETTER: Readonly<Record<string, string>> = {
  O: '0',
  D: '0',
  Q: '0',
  I: '1',
  S: '5',
  B: '8',
  Z: '2',
};
/** Digits OCR confuses with letters, and the letter they stand for in an alphabetic field. */
const LETTER_FOR_DIGIT: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '5': 'S',
  '8': 'B',
  '2': 'Z',
};

/** Groups of characters that read alike; a document number character may be any of its group. */
const AMBIGUOUS_GROUPS: readonly string[][] = [
  ['0', 'O', 'D'],
  ['1', 'I'],
  ['5', 'S'],
  ['8', 'B'],
  ['2', 'Z'],
];
const ALTERNATIVES = new Map<string, string[]>();
for (const group of AMBIGUOUS_GROUPS) {
  for (const ch of group)
    ALTERNATIVES.set(
      ch,
      group.filter((other) => other !== ch),
    );
}

function describe(field: string, from: string, to: string, at: number): string {
  return `${field}: ${from}→${to} at ${at}`;
}

/** Replaces every character `map` has a stand-in for, noting each replacement in `repairs`. */
function replaceLookAlikes(
  value: string,
  field: string,
  map: Readonly<Record<string, string>>,
  repairs: string[],
): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const to = map[ch];
    if (to !== undefined) {
      repairs.push(describe(field, ch, to, i));
      out += to;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Maps look-alike letters to digits in a field that can only hold digits (or '<'). */
export function repairNumeric(value: string, field: string, repairs: string[]): string {
  return replaceLookAlikes(value, field, DIGIT_FOR_LETTER, repairs);
}

/** Maps look-alike digits to letters in a field that can only hold letters (or '<'). */
export function repairAlphabetic(value: string, field: string, repairs: string[]): string {
  return replaceLookAlikes(value, field, LETTER_FOR_DIGIT, repairs);
}

export type RepairOutcome = 'valid' | 'repaired' | 'ambiguous' | 'failed';

export interface CheckedRepair {
  value: string;
  outcome: RepairOutcome;
  repairs: string[];
  /** How many candidates passed at the level that decided (for diagnostics and tests). */
  candidates: number;
}

export interface CheckedRepairOptions {
  /**
   * A further check every accepted candidate must pass, e.g. the composite check digit with this
   * candidate in place. Return null when it cannot be evaluated (other composite fields invalid).
   */
  alsoRequire?: (candidate: string) => boolean | null;
  /**
   * Most characters changed at once (default 1, what the parser uses). 2 is only tried when
   * alsoRequire can be evaluated, and even then one check digit (1 in 10) lets a wrong
   * two-character candidate through far too often to be worth it on real documents.
   */
  maxChanges?: 0 | 1 | 2;
  /** Repair only when alsoRequire can be evaluated (the rest of the zone checks out). */
  requireWitness?: boolean;
}

/**
 * Repairs an alphanumeric field (document number, optional data) against its check digit: when it
 * fails, tries the look-alike substitutions, fewest changes first, and accepts a repair only when
 * exactly one candidate passes (its check digit and, where given, alsoRequire). Never touches the
 * check digit.
 */
export function repairWithCheckDigit(
  value: string,
  checkChar: string,
  field: string,
  options: CheckedRepairOptions = {},
): CheckedRepair {
  if (checkDigitMatches(value, checkChar)) return { value, outcome: 'valid', repairs: [], candidates: 1 };
  // A check digit that is not a digit cannot confirm anything: no guessing.
  if (!/^[0-9]$/.test(checkChar)) return { value, outcome: 'failed', repairs: [], candidates: 0 };

  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) if (ALTERNATIVES.has(value[i])) positions.push(i);

  const strongFilter = options.alsoRequire !== undefined && options.alsoRequire(value) !== null;
  if (options.requireWitness && !strongFilter)
    return { value, outcome: 'failed', repairs: [], candidates: 0 };
  const maxChanges = Math.min(options.maxChanges ?? 1, strongFilter ? 2 : 1);

  const passes = (candidate: string): boolean => {
    if (!checkDigitMatches(candidate, checkChar)) return false;
    if (!options.alsoRequire) return true;
    return options.alsoRequire(candidate) !== false;
  };

  for (let changes = 1; changes <= maxChanges; changes++) {
    const found: Array<{ value: string; repairs: string[] }> = [];
    const visit = (start: number, chars: string[], repairs: string[], left: number): void => {
      if (left === 0) {
        const candidate = chars.join('');
        if (passes(candidate)) found.push({ value: candidate, repairs: [...repairs] });
        return;
      }
      for (let p = start; p < positions.length; p++) {
        const at = positions[p];
        const original = chars[at];
        for (const alt of ALTERNATIVES.get(original) ?? []) {
          chars[at] = alt;
          repairs.push(describe(field, original, alt, at));
          visit(p + 1, chars, repairs, left - 1);
          repairs.pop();
        }
        chars[at] = original;
      }
    };
    visit(0, value.split(''), [], changes);
    if (found.length === 1) {
      return { value: found[0].value, outcome: 'repaired', repairs: found[0].repairs, candidates: 1 };
    }
    if (found.length > 1) return { value, outcome: 'ambiguous', repairs: [], candidates: found.length };
  }
  return { value, outcome: 'failed', repairs: [], candidates: 0 };
}
