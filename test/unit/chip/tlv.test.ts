// Bounds-checked BER-TLV: every malformed input is a TLV_MALFORMED ChipError with words, never a
// short read or a crash.
import { describe, expect, it } from 'vitest';
import { encodeTlv, readTlv, readTlvs } from '../../../chip/tlv';
import { ChipError } from '../../../chip/errors';

const h = (s: string): Buffer => Buffer.from(s, 'hex');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof ChipError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return 'no error';
}

describe('BER-TLV', () => {
  it('reads two-byte tags and long lengths', () => {
    const t = readTlv(h('5f1f820003414243'));
    expect(t.tag).toBe(0x5f1f);
    expect(t.value.toString('ascii')).toBe('ABC');
    expect(t.end).toBe(8);
    const big = encodeTlv(0x75, Buffer.alloc(70000, 7));
    expect(readTlv(big).value.length).toBe(70000);
  });

  it('reads sibling objects and skips filler bytes', () => {
    expect(readTlvs(h('0101aa00ff0201bb')).map((t) => t.tag)).toEqual([1, 2]);
  });

  it.each([
    ['a length past the end', '5f1f05414243', 'TLV_MALFORMED: malformed TLV: tag 5f1f says 5 bytes but only 3 remain'],
    ['an indefinite length', '618000', 'TLV_MALFORMED: malformed TLV: indefinite length for tag 61'],
    ['a length field cut short', '6182ff', 'TLV_MALFORMED: malformed TLV: length field cut short for tag 61'],
    ['a five-byte length field', '61850000000001', 'TLV_MALFORMED: malformed TLV: length field of 5 bytes for tag 61'],
    ['a tag cut short', '5f', 'TLV_MALFORMED: malformed TLV: tag cut short at offset 0'],
    ['a tag of four bytes', '5f818181010100', 'TLV_MALFORMED: malformed TLV: tag longer than 3 bytes at offset 0'],
    ['no data', '', 'TLV_MALFORMED: malformed TLV: no tag at offset 0 (data is 0 bytes)'],
  ])('refuses %s', (_what, hex, expected) => {
    expect(codeOf(() => readTlv(h(hex)))).toBe(expected);
  });
});
