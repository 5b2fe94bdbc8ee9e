// The card side of secure messaging, for the software chip: checks and decrypts protected
// commands and protects responses (ICAO 9303 Part 11 §9.8), the mirror of chip/sm.
import type { CommandApdu } from '../../../chip/apdu';
import { decodeCommand, encodeResponse } from '../../../chip/apdu';
import type { SmCipher } from '../../../chip/crypto/smCipher';
import { pad, unpad } from '../../../chip/crypto/padding';
import { incrementSsc } from '../../../chip/sm/secureMessaging';
import { encodeTlv, findTlv, readTlvs } from '../../../chip/tlv';

export class SmCommandError extends Error {}

export class CardSecureChannel {
  constructor(
    readonly cipher: SmCipher,
    readonly ssc: Buffer,
  ) {}

  unwrapCommand(raw: Buffer): CommandApdu {
    const cmd = decodeCommand(raw);
    incrementSsc(this.ssc);
    if ((cmd.cla & 0x0c) !== 0x0c || !cmd.data) throw new SmCommandError('command is not protected');
    const tlvs = readTlvs(cmd.data);
    const do87 = findTlv(tlvs, 0x87);
    const do97 = findTlv(tlvs, 0x97);
    const do8e = findTlv(tlvs, 0x8e);
    if (!do8e) throw new SmCommandError('no MAC');
    const header = Buffer.from([cmd.cla, cmd.ins, cmd.p1, cmd.p2]);
    const objects = tlvs.filter((t) => t.tag !== 0x8e).map((t) => cmd.data!.subarray(t.start, t.end));
    const mac = this.cipher.mac(Buffer.concat([this.ssc, pad(header, this.cipher.blockSize), ...objects]));
    if (!mac.equals(do8e.value)) throw new SmCommandError('MAC does not verify');
    const plain: CommandApdu = { cla: cmd.cla & ~0x0c, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2 };
    if (do87) plain.data = unpad(this.cipher.decrypt(do87.value.subarray(1), this.ssc));
    if (do97) {
      const v = do97.value;
      plain.le = v.length === 1 ? v[0] || 256 : v.readUInt16BE(0) || 65536;
    }
    return plain;
  }

  wrapResponse(data: Buffer, sw: number): Buffer {
    incrementSsc(this.ssc);
    const parts: Buffer[] = [];
    if (data.length > 0) parts.push(encodeTlv(0x87, Buffer.from([0x01]), this.cipher.encrypt(pad(data, this.cipher.blockSize), this.ssc)));
    const swBytes = Buffer.alloc(2);
    swBytes.writeUInt16BE(sw);
    parts.push(encodeTlv(0x99, swBytes));
    const mac = this.cipher.mac(Buffer.concat([this.ssc, ...parts]));
    return encodeResponse({ data: Buffer.concat([...parts, encodeTlv(0x8e, mac)]), sw });
  }
}
