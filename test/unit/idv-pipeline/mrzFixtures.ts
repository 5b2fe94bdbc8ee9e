// MRZ lines for pipeline tests, with check digits computed here (independently of vision/mrz).
import type { DocumentReading } from '../../../vision/contract';
import { parseMrz } from '../../../vision/mrz/mrzParser';

export function cd(s: string): string {
  const w = [7, 3, 1];
  let sum = 0;
  [...s].forEach((c, i) => {
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * w[i % 3];
  });
  return String(sum % 10);
}

export const SPECIMEN_TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
];

export interface Td3Options {
  code?: string;
  country?: string;
  number?: string;
  birth?: string;
  expiry?: string;
  sex?: string;
  name?: string;
}

/** A TD3 with valid check digits (ICAO specimen person, changeable fields). */
export function td3(o: Td3Options = {}): string[] {
  const code = (o.code ?? 'P<').padEnd(2, '<');
  const country = (o.country ?? 'UTO').padEnd(3, '<');
  const number = (o.number ?? 'L898902C3').padEnd(9, '<');
  const birth = o.birth ?? '740812';
  const expiry = o.expiry ?? '340415';
  const personal = 'ZE184226B<<<<<';
  const line1 = `${code}${country}${o.name ?? 'ERIKSSON<<ANNA<MARIA'}`.padEnd(44, '<');
  let line2 = `${number}${cd(number)}${country}${birth}${cd(birth)}${o.sex ?? 'F'}${expiry}${cd(expiry)}${personal}${cd(personal)}`;
  line2 += cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
  return [line1, line2];
}

export function mrzReading(lines: string[], now: Date): DocumentReading {
  const mrz = parseMrz(lines, { now });
  if (!mrz) throw new Error('test MRZ does not parse');
  return { mrz, barcode: null };
}
