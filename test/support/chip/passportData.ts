// Generated ePassport content for the software chip: the data groups (DG1 from MRZ lines, DG2 a
// portrait in an ISO 19794-5 record, DG14 the chip authentication key, DG15 the active
// authentication key), EF.COM, EF.CardAccess, and the SOD signed by a test DSC. No real person.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import sharp from 'sharp';
import { encodeTlv } from '../../../chip/tlv';
import { FID, dgFid, dgTag } from '../../../chip/lds/files';
import { OID } from '../../../chip/oids';
import { mrzKeyFromLines, type MrzKey } from '../../../chip/access/mrzKey';
import type { SoftwareChipOptions } from './softwareChip';
import { createSod, type Issued } from './testPki';

/** ICAO 9303 Part 4's specimen (Utopia, a state that does not exist). */
export const SPECIMEN_MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

export function dg1(lines: readonly string[]): Buffer {
  return encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(lines.join(''), 'latin1')));
}

/** A portrait of about `bytes` bytes: a smooth gradient with noise, JPEG, 320×400. */
export async function portraitJpeg(bytes = 20_000): Promise<Buffer> {
  const w = 320;
  const h = 400;
  const raw = Buffer.alloc(w * h * 3);
  let seed = 7;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = ((i / 3) % w) / 2 + (seed % 40);
  }
  let best: Buffer | null = null;
  for (let q = 95; q >= 10; q -= 5) {
    const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: q }).toBuffer();
    if (!best || Math.abs(jpeg.length - bytes) < Math.abs(best.length - bytes)) best = jpeg;
  }
  return best as Buffer;
}

/** DG2: biometric information group template around an ISO 19794-5 record holding `image`. */
export function dg2(image: Buffer, width: number, height: number, format: 'JPEG' | 'JPEG2000' = 'JPEG'): Buffer {
  const facialInfo = Buffer.alloc(20);
  const imageInfo = Buffer.alloc(12);
  imageInfo[0] = 1; // full frontal
  imageInfo[1] = format === 'JPEG' ? 0 : 1;
  imageInfo.writeUInt16BE(width, 2);
  imageInfo.writeUInt16BE(height, 4);
  const blockLen = 20 + 12 + image.length;
  facialInfo.writeUInt32BE(blockLen, 0);
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1');
  header.writeUInt32BE(14 + blockLen, 8);
  header.writeUInt16BE(1, 12);
  const record = Buffer.concat([header, facialInfo, imageInfo, image]);
  const bhdt = encodeTlv(0xa1, encodeTlv(0x80, Buffer.from([0x01, 0x01])), encodeTlv(0x87, Buffer.from([0x01, 0x01])), encodeTlv(0x88, Buffer.from([0x00, 0x08])));
  return encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Buffer.from([1])), encodeTlv(0x7f60, bhdt, encodeTlv(0x5f2e, record))));
}

function spki(key: KeyObject): asn1js.AsnType {
  return asn1js.fromBER(new Uint8Array(key.export({ format: 'der', type: 'spki' })).buffer).result;
}

export function dg14(caPublicKey: KeyObject): Buffer {
  const set = new asn1js.Set({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.CA_ECDH_AES128 }), new asn1js.Integer({ value: 1 })] }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.PK_ECDH }), spki(caPublicKey)] }),
    ],
  });
  return encodeTlv(0x6e, Buffer.from(set.toBER(false)));
}

export function dg15(aaPublicKey: KeyObject): Buffer {
  return encodeTlv(0x6f, aaPublicKey.export({ format: 'der', type: 'spki' }));
}

export function efCom(dataGroups: number[]): Buffer {
  return encodeTlv(0x60, encodeTlv(0x5f01, Buffer.from('0107')), encodeTlv(0x5f36, Buffer.from('040000')), encodeTlv(0x5c, Buffer.from(dataGroups.map(dgTag))));
}

export function cardAccess(protocol: string, parameterId: number): Buffer {
  const set = new asn1js.Set({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: protocol }), new asn1js.Integer({ value: 2 }), new asn1js.Integer({ value: parameterId })] })],
  });
  return Buffer.from(set.toBER(false));
}

export interface PassportOptions {
  mrz?: readonly string[];
  pace?: boolean;
  bac?: boolean;
  chipAuthentication?: boolean;
  activeAuthentication?: boolean;
  extendedLength?: boolean;
  portrait?: { image: Buffer; width: number; height: number; format?: 'JPEG' | 'JPEG2000' };
  /** Changes a data group after the SOD was signed (a tampered chip). */
  tamper?: (dataGroups: Map<number, Buffer>) => void;
}

export interface Passport {
  chip: SoftwareChipOptions;
  mrzLines: readonly string[];
  key: MrzKey;
  dataGroups: Map<number, Buffer>;
  sod: Buffer;
}

/** A whole ePassport's content, signed by `dsc`. */
export async function createPassport(dsc: Issued, options: PassportOptions = {}): Promise<Passport> {
  const lines = options.mrz ?? SPECIMEN_MRZ;
  const key = mrzKeyFromLines(lines);
  const portrait = options.portrait ?? { image: await portraitJpeg(), width: 320, height: 400 };
  const dataGroups = new Map<number, Buffer>([
    [1, dg1(lines)],
    [2, dg2(portrait.image, portrait.width, portrait.height, portrait.format)],
  ]);
  const ca = options.chipAuthentication !== false ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : null;
  const aa = options.activeAuthentication !== false ? generateKeyPairSync('rsa', { modulusLength: 1024 }) : null;
  if (ca) dataGroups.set(14, dg14(ca.publicKey));
  if (aa) dataGroups.set(15, dg15(aa.publicKey));
  const sod = await createSod(dsc, dataGroups);
  options.tamper?.(dataGroups);
  const files = new Map<number, Buffer>([
    [FID.COM, efCom([...dataGroups.keys()])],
    [FID.SOD, sod],
  ]);
  for (const [n, bytes] of dataGroups) files.set(dgFid(n), bytes);
  const pace = options.pace !== false;
  return {
    chip: {
      mrz: key,
      files,
      bac: options.bac !== false,
      cardAccess: pace ? cardAccess(OID.PACE_ECDH_GM_AES128, 12) : undefined,
      pace: pace ? { protocol: OID.PACE_ECDH_GM_AES128, parameterId: 12 } : undefined,
      caPrivateKey: ca?.privateKey,
      aaPrivateKey: aa?.privateKey,
      extendedLength: options.extendedLength,
    },
    mrzLines: lines,
    key,
    dataGroups,
    sod,
  };
}
