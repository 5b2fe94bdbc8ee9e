// The MRZ-derived access key (ICAO 9303 Part 11 §9.7.2 / §4.3): document number, date of birth
// and date of expiry, each with its check digit. The check digits are recomputed, not copied,
// so a mis-read MRZ fails here with words rather than at the chip as a refused key.
import { createHash } from 'node:crypto';
import { computeCheckDigit } from '../../vision/mrz/checkDigit';
import { ChipError } from '../errors';

export interface MrzKey {
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

function digit(text: string, what: string): string {
  const d = computeCheckDigit(text);
  if (d === null) throw new ChipError('BAD_MRZ', `the ${what} "${text}" has characters an MRZ cannot hold`);
  return String(d);
}

/** The MRZ information string: docNo + cd + DOB + cd + DOE + cd. */
export function mrzInformation(key: MrzKey): string {
  let doc = key.documentNumber.toUpperCase();
  if (!/^[0-9A-Z<]{1,}$/.test(doc)) throw new ChipError('BAD_MRZ', `the document number "${key.documentNumber}" is not MRZ text`);
  // A number shorter than the 9-character field is filled with '<' (ICAO 9303 Part 11 §9.7.2).
  while (doc.length < 9) doc += '<';
  for (const [v, what] of [
    [key.dateOfBirth, 'date of birth'],
    [key.dateOfExpiry, 'date of expiry'],
  ] as const) {
    if (!/^\d{6}$/.test(v)) throw new ChipError('BAD_MRZ', `the ${what} "${v}" is not YYMMDD`);
  }
  return `${doc}${digit(doc, 'document number')}${key.dateOfBirth}${digit(key.dateOfBirth, 'date of birth')}${key.dateOfExpiry}${digit(key.dateOfExpiry, 'date of expiry')}`;
}

/** K_seed = the first 16 bytes of SHA-1(MRZ information) (BAC); PACE uses the whole SHA-1. */
export function mrzSha1(key: MrzKey): Buffer {
  return createHash('sha1').update(mrzInformation(key), 'ascii').digest();
}

/**
 * The access key fields from MRZ lines (TD1: 3×30, TD2: 2×36, TD3: 2×44), including TD1's
 * long document numbers that continue in the optional data.
 */
export function mrzKeyFromLines(lines: readonly string[]): MrzKey {
  const l = lines.map((s) => s.trim().toUpperCase());
  if (l.length === 3 && l.every((s) => s.length === 30)) {
    let doc = l[0].slice(5, 14);
    if (l[0][14] === '<') {
      // ICAO 9303 Part 5 §4.2.4: the rest of the number and its check digit sit in the optional data.
      const ext = l[0].slice(15, 30).replace(/<+$/, '');
      doc = (doc + ext.slice(0, -1)).replace(/</g, '');
    }
    return { documentNumber: doc.replace(/<+$/, ''), dateOfBirth: l[1].slice(0, 6), dateOfExpiry: l[1].slice(8, 14) };
  }
  if (l.length === 2 && (l.every((s) => s.length === 44) || l.every((s) => s.length === 36))) {
    return { documentNumber: l[1].slice(0, 9).replace(/<+$/, ''), dateOfBirth: l[1].slice(13, 19), dateOfExpiry: l[1].slice(21, 27) };
  }
  throw new ChipError('BAD_MRZ', `MRZ lines of lengths ${l.map((s) => s.length).join('/')} are not TD1 (3×30), TD2 (2×36) or TD3 (2×44)`);
}
