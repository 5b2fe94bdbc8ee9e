// SELECT and READ BINARY (ISO 7816-4) for the LDS files: the TLV header tells the file's length,
// the rest comes in chunks that fit a short APDU through secure messaging (0xDF bytes) or, when
// the card and reader take extended lengths, much bigger ones.
import { ChipError, swHex } from '../errors';
import { SW_OK } from '../apdu';
import type { CardSession } from '../session';
import { readTlvHeader } from '../tlv';

const SW_END_OF_FILE = 0x6282;
const SW_FILE_NOT_FOUND = 0x6a82;

/** Largest READ BINARY whose protected answer still fits a short response APDU. */
export const SHORT_CHUNK = 0xdf;

export interface ReadOptions {
  /** Bytes per READ BINARY (default SHORT_CHUNK); above 256 needs extended length support. */
  chunk?: number;
  /** Told after every chunk (the kiosk's progress bar). */
  onProgress?: (read: number, total: number) => void;
}

export async function selectFile(session: CardSession, fid: number): Promise<boolean> {
  const r = await session.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from([fid >> 8, fid & 0xff]) });
  if (r.sw === SW_FILE_NOT_FOUND) return false;
  if (r.sw !== SW_OK) throw new ChipError('CARD_STATUS', `SELECT ${fid.toString(16).padStart(4, '0')}: the card answered ${swHex(r.sw)}`, r.sw);
  return true;
}

async function readBinary(session: CardSession, offset: number, length: number, fid: number): Promise<Buffer> {
  if (offset > 0x7fff) throw new ChipError('UNSUPPORTED', `file ${fid.toString(16)} is longer than READ BINARY's 32 KB offset`);
  const r = await session.send({ cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: length });
  if (r.sw !== SW_OK && r.sw !== SW_END_OF_FILE) {
    throw new ChipError('CARD_STATUS', `READ BINARY of ${fid.toString(16).padStart(4, '0')} at ${offset}: the card answered ${swHex(r.sw)}`, r.sw);
  }
  if (r.data.length === 0) throw new ChipError('CARD_STATUS', `READ BINARY of ${fid.toString(16).padStart(4, '0')} at ${offset} returned no data`);
  return r.data;
}

/** Selects and reads a whole TLV-structured file; null when the card has no such file. */
export async function readFile(session: CardSession, fid: number, options: ReadOptions = {}): Promise<Buffer | null> {
  if (!(await selectFile(session, fid))) return null;
  const chunk = options.chunk ?? SHORT_CHUNK;
  const head = await readBinary(session, 0, 8, fid);
  let total: number;
  try {
    const h = readTlvHeader(head, 0);
    total = h.headerLength + h.length;
  } catch {
    throw new ChipError('TLV_MALFORMED', `file ${fid.toString(16).padStart(4, '0')} does not start with a TLV header`);
  }
  const parts = [head.subarray(0, Math.min(head.length, total))];
  let have = parts[0].length;
  options.onProgress?.(have, total);
  while (have < total) {
    const data = await readBinary(session, have, Math.min(chunk, total - have), fid);
    parts.push(data.subarray(0, total - have));
    have += Math.min(data.length, total - have);
    options.onProgress?.(have, total);
  }
  return Buffer.concat(parts);
}
