// ICAO 9303 part 3 §4.9 check digits: characters valued 0-9 (digits), 10-35 (A-Z), 0 ('<'),
// weighted 7, 3, 1 repeating, summed, modulo 10. Platform-neutral.

const WEIGHTS = [7, 3, 1] as const;

/** The MRZ value of one character, or -1 for a character the MRZ alphabet does not have. */
export function mrzCharValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (ch.length !== 1) return -1;
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z → 10..35
  if (ch === '<') return 0;
  return -1;
}

/** The check digit of `text`, or null when it holds a character outside [0-9A-Z<]. */
export function computeCheckDigit(text: string): number | null {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const v = mrzCharValue(text[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i % 3];
  }
  return sum % 10;
}

/**
 * Whether `checkChar` is the right check digit for `text`. A '<' check digit is accepted only
 * where ICAO allows it: when the field itself is all fillers (e.g. an empty TD3 personal number).
 */
export function checkDigitMatches(text: string, checkChar: string): boolean {
  const expected = computeCheckDigit(text);
  if (expected === null) return false;
  if (checkChar === '<') return /^<*$/.test(text);
  const v = checkChar.charCodeAt(0) - 48;
  return checkChar.length === 1 && v >= 0 && v <= 9 && v === expected;
}
