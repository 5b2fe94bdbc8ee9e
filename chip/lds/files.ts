// The eMRTD application's files (ICAO 9303 Part 10 §4): identifiers, and the tags that open each
// data group (EF.COM lists data groups by these tags).
export const EMRTD_AID = Buffer.from('A0000002471001', 'hex');

export const FID = {
  CARD_ACCESS: 0x011c,
  ATR_INFO: 0x2f01,
  COM: 0x011e,
  SOD: 0x011d,
} as const;

/** File identifier of data group n (1..16). */
export const dgFid = (n: number): number => 0x0100 + n;

const DG_TAGS = [0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70];

export const dgTag = (n: number): number => DG_TAGS[n - 1];

/** Data group number of a tag from EF.COM, or null for one this code does not know. */
export function dgNumberOfTag(tag: number): number | null {
  const i = DG_TAGS.indexOf(tag);
  return i < 0 ? null : i + 1;
}
