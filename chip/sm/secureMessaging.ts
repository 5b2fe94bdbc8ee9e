// Secure messaging (ICAO 9303 Part 11 §9.8): a protected command carries its data encrypted in
// DO'87', its Le in DO'97' and a MAC over the SSC, the masked header and those objects in
// DO'8E'; the response carries DO'87', the status in DO'99' and a MAC. The SSC goes up by one
// for every command and every response.
import { ChipError, swHex } from '../errors';
import type { CommandApdu, ResponseApdu } from '../apdu';
import { encodeCommand, decodeResponse } from '../apdu';
import type { SmCipher } from '../crypto/smCipher';
import { pad, unpad } from '../crypto/padding';
import { encodeTlv, readTlvs, findTlv } from '../tlv';

export function incrementSsc(ssc: Buffer): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = (ssc[i] + 1) & 0xff;
    if (ssc[i] !== 0) break;
  }
}

function leBytes(le: number, extended: boolean): Buffer {
  if (!extended) return Buffer.from([le === 256 ? 0 : le]);
  const v = le === 65536 ? 0 : le;
  return Buffer.from([v >> 8, v & 0xff]);
}

export class SecureChannel {
  constructor(
    readonly cipher: SmCipher,
    /** The send sequence counter (mutated in place). */
    readonly ssc: Buffer,
  ) {}

  /** The protected APDU for `cmd`. Extended lengths when the command needs them. */
  wrap(cmd: CommandApdu): Buffer {
    const bs = this.cipher.blockSize;
    const extended = (cmd.data?.length ?? 0) > 223 || (cmd.le ?? 0) > 256;
    const header = Buffer.from([cmd.cla | 0x0c, cmd.ins, cmd.p1, cmd.p2]);
    const objects: Buffer[] = [];
    // The SSC goes up first: AES takes its IV from the command's own SSC.
    incrementSsc(this.ssc);
    if (cmd.data && cmd.data.length > 0) {
      const enc = this.cipher.encrypt(pad(cmd.data, bs), this.ssc);
      objects.push(encodeTlv(0x87, Buffer.from([0x01]), enc));
    }
    if (cmd.le !== undefined) objects.push(encodeTlv(0x97, leBytes(cmd.le, extended)));
    const macInput = Buffer.concat([this.ssc, pad(header, bs), ...objects]);
    const mac = this.cipher.mac(macInput);
    const body = Buffer.concat([...objects, encodeTlv(0x8e, mac)]);
    return encodeCommand({ cla: header[0], ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, le: extended ? 65536 : 256 }, extended);
  }

  /** Checks and decrypts a protected response. */
  unwrap(raw: Buffer): ResponseApdu {
    const outer = decodeResponse(raw);
    incrementSsc(this.ssc);
    if (outer.data.length === 0) {
      // A card that refuses a command may answer with a plain status word and end the session.
      throw new ChipError('SM_FAILED', `secure messaging: the card answered ${swHex(outer.sw)} without protection`, outer.sw);
    }
    const tlvs = readTlvs(outer.data);
    const do87 = findTlv(tlvs, 0x87);
    const do99 = findTlv(tlvs, 0x99);
    const do8e = findTlv(tlvs, 0x8e);
    if (!do8e) throw new ChipError('SM_FAILED', 'secure messaging: the response has no MAC (DO 8E)');
    const macInput = Buffer.concat(tlvs.filter((t) => t.tag !== 0x8e).map((t) => outer.data.subarray(t.start, t.end)));
    const expected = this.cipher.mac(Buffer.concat([this.ssc, macInput]));
    if (!expected.equals(do8e.value)) throw new ChipError('SM_FAILED', 'secure messaging: the response MAC does not verify');
    const sw = do99 && do99.value.length === 2 ? do99.value.readUInt16BE(0) : outer.sw;
    let data: Buffer = Buffer.alloc(0);
    if (do87) {
      if (do87.value[0] !== 0x01) throw new ChipError('SM_FAILED', 'secure messaging: DO 87 without the padding indicator 01');
      data = unpad(this.cipher.decrypt(do87.value.subarray(1), this.ssc));
    }
    return { data, sw };
  }
}
