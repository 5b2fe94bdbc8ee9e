// Command and response APDUs (ISO 7816-4 §5.1), short and extended forms.
import { ChipError, swHex } from './errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Buffer;
  /** Expected response length, 1..65536; undefined for no Le field. 256 (short) or 65536 (extended) encode as zeros. */
  le?: number;
}

export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

export const SW_OK = 0x9000;

/** Whether the command needs the extended length form. */
export function needsExtended(cmd: CommandApdu): boolean {
  return (cmd.data?.length ?? 0) > 255 || (cmd.le ?? 0) > 256;
}

export function encodeCommand(cmd: CommandApdu, forceExtended = false): Buffer {
  const ext = forceExtended || needsExtended(cmd);
  const parts: Buffer[] = [Buffer.from([cmd.cla, cmd.ins, cmd.p1, cmd.p2])];
  const data = cmd.data ?? Buffer.alloc(0);
  if (data.length > 0) {
    parts.push(ext ? Buffer.from([0, data.length >> 8, data.length & 0xff]) : Buffer.from([data.length]));
    parts.push(data);
  }
  if (cmd.le !== undefined) {
    if (ext) {
      const le = cmd.le === 65536 ? 0 : cmd.le;
      parts.push(data.length > 0 ? Buffer.from([le >> 8, le & 0xff]) : Buffer.from([0, le >> 8, le & 0xff]));
    } else {
      parts.push(Buffer.from([cmd.le === 256 ? 0 : cmd.le]));
    }
  }
  return Buffer.concat(parts);
}

/** Parses a command APDU (the card side: the software chip). */
export function decodeCommand(buf: Buffer): CommandApdu {
  if (buf.length < 4) throw new ChipError('TLV_MALFORMED', `command APDU of ${buf.length} bytes (needs at least 4)`);
  const [cla, ins, p1, p2] = buf;
  const body = buf.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, le: body[0] || 256 };
  if (body[0] === 0 && body.length >= 3) {
    // Extended form.
    if (body.length === 3) return { cla, ins, p1, p2, le: (body.readUInt16BE(1) || 65536) };
    const lc = body.readUInt16BE(1);
    const rest = body.subarray(3);
    if (rest.length === lc) return { cla, ins, p1, p2, data: rest };
    if (rest.length === lc + 2) return { cla, ins, p1, p2, data: rest.subarray(0, lc), le: rest.readUInt16BE(lc) || 65536 };
    throw new ChipError('TLV_MALFORMED', `extended command APDU: Lc ${lc} does not fit ${rest.length} bytes`);
  }
  const lc = body[0];
  const rest = body.subarray(1);
  if (rest.length === lc) return { cla, ins, p1, p2, data: rest };
  if (rest.length === lc + 1) return { cla, ins, p1, p2, data: rest.subarray(0, lc), le: rest[lc] || 256 };
  throw new ChipError('TLV_MALFORMED', `command APDU: Lc ${lc} does not fit ${rest.length} bytes`);
}

export function decodeResponse(buf: Buffer): ResponseApdu {
  if (buf.length < 2) throw new ChipError('CARD_STATUS', `response APDU of ${buf.length} bytes (needs a status word)`);
  return { data: buf.subarray(0, buf.length - 2), sw: buf.readUInt16BE(buf.length - 2) };
}

export function encodeResponse(r: ResponseApdu): Buffer {
  const sw = Buffer.alloc(2);
  sw.writeUInt16BE(r.sw);
  return Buffer.concat([r.data, sw]);
}

/** Throws CARD_STATUS unless the response is 9000. */
export function expectOk(r: ResponseApdu, what: string): Buffer {
  if (r.sw !== SW_OK) throw new ChipError('CARD_STATUS', `${what}: the card answered ${swHex(r.sw)}`, r.sw);
  return r.data;
}
