// DG2 (ICAO 9303 Part 10 §4.7.2): the biometric information template around an ISO/IEC 19794-5
// facial record, of which the kiosk needs the first face image (JPEG or JPEG 2000).
import { ChipError } from '../errors';
import { expectTlv, findTlv, readTlvs, requireTlv } from '../tlv';

export type PortraitFormat = 'JPEG' | 'JPEG2000';

export interface Dg2Portrait {
  format: PortraitFormat;
  width: number;
  height: number;
  image: Buffer;
}

function bad(what: string): never {
  throw new ChipError('TLV_MALFORMED', `DG2: ${what}`);
}

/** Parses the ISO 19794-5 facial record data (the biometric data block). */
export function parseFacialRecord(bdb: Buffer): Dg2Portrait {
  if (bdb.length < 14 || bdb.toString('latin1', 0, 4) !== 'FAC\0') bad('the biometric data block is not an ISO 19794-5 facial record');
  const faces = bdb.readUInt16BE(12);
  if (faces < 1) bad('the facial record holds no face');
  let p = 14;
  if (p + 20 > bdb.length) bad('the facial information block is cut short');
  const blockLen = bdb.readUInt32BE(p);
  const featurePoints = bdb.readUInt16BE(p + 4);
  const blockEnd = p + blockLen;
  if (blockEnd > bdb.length || blockLen < 32) bad(`the facial record block says ${blockLen} bytes, ${bdb.length - p} remain`);
  p += 20 + featurePoints * 8;
  if (p + 12 > blockEnd) bad('the image information is cut short');
  const dataType = bdb[p + 1];
  const width = bdb.readUInt16BE(p + 2);
  const height = bdb.readUInt16BE(p + 4);
  p += 12;
  const image = bdb.subarray(p, blockEnd);
  const format: PortraitFormat | null = dataType === 0 ? 'JPEG' : dataType === 1 ? 'JPEG2000' : null;
  if (!format) bad(`image data type ${dataType} is neither JPEG (0) nor JPEG 2000 (1)`);
  if (image.length === 0) bad('the face image is empty');
  return { format, width, height, image };
}

export function parseDg2(bytes: Buffer): Dg2Portrait {
  const group = requireTlv(readTlvs(expectTlv(bytes, 0x75, 'DG2').value), 0x7f61, 'DG2 biometric information group template');
  const kids = readTlvs(group.value);
  const bit = requireTlv(kids, 0x7f60, 'DG2 biometric information template');
  const inner = readTlvs(bit.value);
  const bdb = findTlv(inner, 0x5f2e) ?? findTlv(inner, 0x7f2e);
  if (!bdb) bad('no biometric data block (5F2E or 7F2E)');
  return parseFacialRecord(bdb.value);
}
