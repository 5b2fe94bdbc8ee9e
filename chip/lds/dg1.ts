// DG1 (ICAO 9303 Part 10 §4.7.1): the MRZ as the chip holds it, split into lines by its length.
import { ChipError } from '../errors';
import { expectTlv, readTlvs, requireTlv } from '../tlv';

const LAYOUTS: Record<number, [number, number]> = { 90: [3, 30], 72: [2, 36], 88: [2, 44] };

export function parseDg1(bytes: Buffer): string[] {
  const mrz = requireTlv(readTlvs(expectTlv(bytes, 0x61, 'DG1').value), 0x5f1f, 'DG1 MRZ').value.toString('latin1');
  const layout = LAYOUTS[mrz.length];
  if (!layout || !/^[A-Z0-9<]+$/.test(mrz)) {
    throw new ChipError('TLV_MALFORMED', `DG1 holds ${mrz.length} characters that are not an MRZ (TD1 90, TD2 72, TD3 88)`);
  }
  const [n, len] = layout;
  return Array.from({ length: n }, (_, i) => mrz.slice(i * len, (i + 1) * len));
}
