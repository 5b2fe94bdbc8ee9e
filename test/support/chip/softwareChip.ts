// A software ePassport (ICAO 9303 LDS 1.7 application) for tests and the virtual card: BAC and
// PACE ECDH-GM (3DES/AES) with secure messaging, SELECT / READ BINARY with short and extended
// lengths, chip authentication (ECDH, AES) with the DG14 key, active authentication (RSA,
// ISO 9796-2 scheme 1, SHA-1) with the DG15 key. It answers APDUs; it does not know the reader.
import { createECDH, createHash, privateEncrypt, randomBytes, constants, type KeyObject, createPublicKey } from 'node:crypto';
import type { CommandApdu } from '../../../chip/apdu';
import { decodeCommand, encodeResponse } from '../../../chip/apdu';
import { ChipError } from '../../../chip/errors';
import type { ApduTransport } from '../../../chip/transport';
import { bacKeys } from '../../../chip/access/bac';
import { mrzSha1, type MrzKey } from '../../../chip/access/mrzKey';
import { paceCipher, paceToken } from '../../../chip/access/pace';
import { deriveKey, KDF_ENC, KDF_MAC, KDF_PACE, type CipherAlg } from '../../../chip/crypto/keyDerivation';
import { retailMac } from '../../../chip/crypto/retailMac';
import { aesCbcZeroIv, aesCipher, tripleDesCbc, tripleDesCipher } from '../../../chip/crypto/smCipher';
import { EC_DOMAINS, bigIntToBytes, bytesToBigInt, encodePoint, type EcPoint } from '../../../chip/crypto/ecCurves';
import { EMRTD_AID, FID } from '../../../chip/lds/files';
import { OID } from '../../../chip/oids';
import { encodeTlv, findTlv, readTlv, readTlvs } from '../../../chip/tlv';
import { CardSecureChannel, SmCommandError } from './cardSecureChannel';

export interface SoftwareChipOptions {
  mrz: MrzKey;
  /** LDS files by FID (EF.COM, EF.SOD, DGs); EF.CardAccess goes in cardAccess. */
  files: Map<number, Buffer>;
  /** EF.CardAccess with a PACEInfo; without it the chip does BAC only. */
  cardAccess?: Buffer;
  /** PACE protocol and parameter id the chip uses (must match cardAccess). */
  pace?: { protocol: string; parameterId: number };
  bac?: boolean;
  /** The static chip authentication key (private, ECDH) whose public part is in DG14. */
  caPrivateKey?: KeyObject;
  /** The active authentication key (RSA private) whose public part is DG15. */
  aaPrivateKey?: KeyObject;
  /** Whether the chip takes extended length APDUs (EF.ATR/INFO says so). */
  extendedLength?: boolean;
}

const SW = { OK: 0x9000, EOF: 0x6282, AUTH_FAILED: 0x6300, WRONG_LENGTH: 0x6700, SM_MISSING: 0x6987, SM_WRONG: 0x6988, NOT_SATISFIED: 0x6982, CONDITIONS: 0x6985, NOT_FOUND: 0x6a82, WRONG_P1P2: 0x6b00, INS: 0x6d00, DATA: 0x6a80 };

type PaceState =
  | { step: 'none' }
  | { step: 'set'; alg: CipherAlg }
  | { step: 'nonce'; alg: CipherAlg; s: bigint }
  | { step: 'mapped'; alg: CipherAlg; g: EcPoint }
  | { step: 'agreed'; alg: CipherAlg; kEnc: Buffer; kMac: Buffer; pkIc: Buffer; pkPcd: Buffer };

export class SoftwareChip implements ApduTransport {
  private appSelected = false;
  /** The selected file and whether it may be read without secure messaging. */
  private selected: { data: Buffer; open: boolean } | null = null;
  private challenge: Buffer | null = null;
  private sm: CardSecureChannel | null = null;
  private pace: PaceState = { step: 'none' };
  private caRequested = false;
  /** Commands seen (tests look at what the reader sent). */
  readonly log: CommandApdu[] = [];
  /** Throws CARD_REMOVED when this many more commands have arrived (tests of a card pulled away). */
  removeAfter: number | null = null;

  constructor(readonly options: SoftwareChipOptions) {}

  /** Power cycle: everything of the session is forgotten. */
  reset(): void {
    this.appSelected = false;
    this.selected = null;
    this.challenge = null;
    this.sm = null;
    this.pace = { step: 'none' };
    this.caRequested = false;
  }

  get atr(): Buffer {
    // A contactless ISO 14443-4 card's ATR as PC/SC builds it (no historical bytes).
    return Buffer.from('3B8080018080', 'hex');
  }

  async transmit(apdu: Buffer): Promise<Buffer> {
    return this.process(apdu);
  }

  /** Synchronous core, shared by the in-process transport and the vpcd card. */
  process(apdu: Buffer): Buffer {
    if (this.removeAfter !== null) {
      if (this.removeAfter <= 0) throw new ChipError('CARD_REMOVED', 'the card was removed');
      this.removeAfter--;
    }
    let cmd: CommandApdu;
    try {
      cmd = decodeCommand(apdu);
    } catch {
      return status(SW.WRONG_LENGTH);
    }
    const sm = this.sm;
    if (sm && (cmd.cla & 0x0c) === 0x0c) {
      let plain: CommandApdu;
      try {
        plain = sm.unwrapCommand(apdu);
      } catch (err) {
        if (!(err instanceof SmCommandError)) throw err;
        this.sm = null; // ICAO 9303-11 §9.8.4: an SM error ends the session.
        return status(SW.SM_WRONG);
      }
      this.log.push(plain);
      const [data, sw] = this.handle(plain, true);
      const out = sm.wrapResponse(data, sw);
      // Chip authentication switches keys after its answer went out under the old ones.
      if (this.pendingSm) {
        this.sm = this.pendingSm;
        this.pendingSm = null;
      }
      return out;
    }
    this.log.push(cmd);
    if (sm) this.sm = null; // a plain command ends secure messaging
    const [data, sw] = this.handle(cmd, false);
    return encodeResponse({ data, sw });
  }

  private pendingSm: CardSecureChannel | null = null;

  private handle(cmd: CommandApdu, secure: boolean): [Buffer, number] {
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd, secure);
      case 0xb0:
        return this.readBinary(cmd, secure);
      case 0x84:
        this.challenge = randomBytes(8);
        return [this.challenge, SW.OK];
      case 0x82:
        return this.externalAuthenticate(cmd);
      case 0x22:
        return this.manageSecurityEnvironment(cmd, secure);
      case 0x86:
        return secure ? this.chipAuthentication(cmd) : this.generalAuthenticate(cmd);
      case 0x88:
        return this.internalAuthenticate(cmd, secure);
      default:
        return [Buffer.alloc(0), SW.INS];
    }
  }

  private select(cmd: CommandApdu, secure: boolean): [Buffer, number] {
    const data = cmd.data ?? Buffer.alloc(0);
    if (cmd.p1 === 0x04) {
      if (!data.equals(EMRTD_AID)) return [Buffer.alloc(0), SW.NOT_FOUND];
      this.appSelected = true;
      this.selected = null;
      return [Buffer.alloc(0), SW.OK];
    }
    if (cmd.p1 !== 0x02 || data.length !== 2) return [Buffer.alloc(0), SW.WRONG_P1P2];
    const fid = data.readUInt16BE(0);
    if (fid === FID.CARD_ACCESS && this.options.cardAccess) {
      this.selected = { data: this.options.cardAccess, open: true };
      return [Buffer.alloc(0), SW.OK];
    }
    if (fid === FID.ATR_INFO && this.options.extendedLength) {
      this.selected = { data: atrInfo(), open: true };
      return [Buffer.alloc(0), SW.OK];
    }
    if (!this.appSelected) return [Buffer.alloc(0), SW.NOT_FOUND];
    if (!secure) return [Buffer.alloc(0), SW.NOT_SATISFIED];
    const file = this.options.files.get(fid);
    if (!file) return [Buffer.alloc(0), SW.NOT_FOUND];
    this.selected = { data: file, open: false };
    return [Buffer.alloc(0), SW.OK];
  }

  private readBinary(cmd: CommandApdu, secure: boolean): [Buffer, number] {
    if (!this.selected) return [Buffer.alloc(0), SW.CONDITIONS];
    const file = this.selected.data;
    if (!secure && !this.selected.open) return [Buffer.alloc(0), SW.NOT_SATISFIED];
    const le = cmd.le ?? 256;
    if (le > 256 && !this.options.extendedLength) return [Buffer.alloc(0), SW.WRONG_LENGTH];
    const offset = (cmd.p1 << 8) | cmd.p2;
    if (offset >= file.length) return [Buffer.alloc(0), SW.WRONG_P1P2];
    const out = file.subarray(offset, offset + le);
    return [out, out.length < le ? SW.EOF : SW.OK];
  }

  private externalAuthenticate(cmd: CommandApdu): [Buffer, number] {
    const data = cmd.data ?? Buffer.alloc(0);
    if (this.options.bac === false || !this.challenge || data.length !== 40) return [Buffer.alloc(0), SW.CONDITIONS];
    const { kEnc, kMac } = bacKeys(this.options.mrz);
    const rndIc = this.challenge;
    this.challenge = null;
    if (!retailMac(kMac, data.subarray(0, 32)).equals(data.subarray(32))) return [Buffer.alloc(0), SW.AUTH_FAILED];
    const s = tripleDesCbc('dec', kEnc, data.subarray(0, 32));
    if (!s.subarray(8, 16).equals(rndIc)) return [Buffer.alloc(0), SW.AUTH_FAILED];
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = randomBytes(16);
    const eIc = tripleDesCbc('enc', kEnc, Buffer.concat([rndIc, rndIfd, kIc]));
    const seed = Buffer.from(kIfd.map((v, i) => v ^ kIc[i]));
    this.sm = new CardSecureChannel(tripleDesCipher(deriveKey(seed, KDF_ENC, '3DES'), deriveKey(seed, KDF_MAC, '3DES')), Buffer.concat([rndIc.subarray(4), rndIfd.subarray(4)]));
    return [Buffer.concat([eIc, retailMac(kMac, eIc)]), SW.OK];
  }

  private paceDomain() {
    const p = this.options.pace;
    if (!p) return null;
    const alg = ({ [OID.PACE_ECDH_GM_3DES]: '3DES', [OID.PACE_ECDH_GM_AES128]: 'AES-128', [OID.PACE_ECDH_GM_AES192]: 'AES-192', [OID.PACE_ECDH_GM_AES256]: 'AES-256' } as Record<string, CipherAlg>)[p.protocol];
    return alg ? { alg, d: EC_DOMAINS[p.parameterId], protocol: p.protocol } : null;
  }

  private manageSecurityEnvironment(cmd: CommandApdu, secure: boolean): [Buffer, number] {
    const tlvs = readTlvs(cmd.data ?? Buffer.alloc(0));
    const oid = findTlv(tlvs, 0x80)?.value;
    if (cmd.p1 === 0xc1 && cmd.p2 === 0xa4 && !secure) {
      const p = this.paceDomain();
      if (!p || !oid) return [Buffer.alloc(0), SW.DATA];
      this.pace = { step: 'set', alg: p.alg };
      return [Buffer.alloc(0), SW.OK];
    }
    if (cmd.p1 === 0x41 && cmd.p2 === 0xa4 && secure && this.options.caPrivateKey) {
      this.caRequested = true;
      return [Buffer.alloc(0), SW.OK];
    }
    return [Buffer.alloc(0), SW.CONDITIONS];
  }

  private generalAuthenticate(cmd: CommandApdu): [Buffer, number] {
    const p = this.paceDomain();
    if (!p || this.pace.step === 'none') return [Buffer.alloc(0), SW.CONDITIONS];
    const outer = readTlv(cmd.data ?? Buffer.alloc(0));
    const inner = readTlvs(outer.value);
    const st = this.pace;
    const fail = (): [Buffer, number] => {
      this.pace = { step: 'none' };
      return [Buffer.alloc(0), SW.AUTH_FAILED];
    };
    if (st.step === 'set') {
      const s = randomBytes(16);
      const kPi = deriveKey(mrzSha1(this.options.mrz), KDF_PACE, st.alg);
      const z = st.alg === '3DES' ? tripleDesCbc('enc', kPi, s) : aesCbcZeroIv('enc', kPi, s);
      this.pace = { step: 'nonce', alg: st.alg, s: bytesToBigInt(s) };
      return [encodeTlv(0x7c, encodeTlv(0x80, z)), SW.OK];
    }
    if (st.step === 'nonce') {
      const pkMap = findTlv(inner, 0x81)?.value;
      if (!pkMap) return fail();
      const sk = p.d.randomScalar();
      const H = p.d.Point.fromBytes(pkMap).multiply(sk);
      this.pace = { step: 'mapped', alg: st.alg, g: p.d.Point.BASE.multiply(st.s).add(H) };
      return [encodeTlv(0x7c, encodeTlv(0x82, encodePoint(p.d.Point.BASE.multiply(sk)))), SW.OK];
    }
    if (st.step === 'mapped') {
      const pkPcd = findTlv(inner, 0x83)?.value;
      if (!pkPcd) return fail();
      const sk = p.d.randomScalar();
      const pkIc = encodePoint(st.g.multiply(sk));
      const k = bigIntToBytes(p.d.Point.fromBytes(pkPcd).multiply(sk).x, p.d.size);
      this.pace = { step: 'agreed', alg: st.alg, kEnc: deriveKey(k, KDF_ENC, st.alg), kMac: deriveKey(k, KDF_MAC, st.alg), pkIc, pkPcd: Buffer.from(pkPcd) };
      return [encodeTlv(0x7c, encodeTlv(0x84, pkIc)), SW.OK];
    }
    if (st.step === 'agreed') {
      const t = findTlv(inner, 0x85)?.value;
      if (!t || !t.equals(paceToken(st.alg, st.kMac, p.protocol, st.pkIc))) return fail();
      this.sm = new CardSecureChannel(paceCipher(st.alg, st.kEnc, st.kMac), Buffer.alloc(st.alg === '3DES' ? 8 : 16));
      this.pace = { step: 'none' };
      return [encodeTlv(0x7c, encodeTlv(0x86, paceToken(st.alg, st.kMac, p.protocol, st.pkPcd))), SW.OK];
    }
    return fail();
  }

  private chipAuthentication(cmd: CommandApdu): [Buffer, number] {
    const key = this.options.caPrivateKey;
    if (!key || !this.caRequested) return [Buffer.alloc(0), SW.CONDITIONS];
    const pkPcd = findTlv(readTlvs(readTlv(cmd.data ?? Buffer.alloc(0)).value), 0x80)?.value;
    if (!pkPcd) return [Buffer.alloc(0), SW.DATA];
    const jwk = key.export({ format: 'jwk' });
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'prime256v1';
    const ecdh = createECDH(curve);
    ecdh.setPrivateKey(Buffer.from(jwk.d as string, 'base64url'));
    const k = ecdh.computeSecret(pkPcd);
    this.pendingSm = new CardSecureChannel(aesCipher('AES-128', deriveKey(k, KDF_ENC, 'AES-128'), deriveKey(k, KDF_MAC, 'AES-128')), Buffer.alloc(16));
    this.caRequested = false;
    return [encodeTlv(0x7c, Buffer.alloc(0)), SW.OK];
  }

  private internalAuthenticate(cmd: CommandApdu, secure: boolean): [Buffer, number] {
    const key = this.options.aaPrivateKey;
    const rnd = cmd.data ?? Buffer.alloc(0);
    if (!key || !secure) return [Buffer.alloc(0), SW.CONDITIONS];
    if (rnd.length !== 8) return [Buffer.alloc(0), SW.WRONG_LENGTH];
    // ISO/IEC 9796-2 scheme 1, partial recovery: 6A || M1 || SHA-1(M1 || M2) || BC.
    const k = (createPublicKey(key).asymmetricKeyDetails?.modulusLength ?? 1024) / 8;
    const m1 = randomBytes(k - 20 - 2);
    const f = Buffer.concat([Buffer.from([0x6a]), m1, createHash('sha1').update(m1).update(rnd).digest(), Buffer.from([0xbc])]);
    return [privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, f), SW.OK];
  }
}

function status(sw: number): Buffer {
  return encodeResponse({ data: Buffer.alloc(0), sw });
}

/** EF.ATR/INFO with the extended length information (ISO 7816-4 §12.7.1, tag 7F66). */
function atrInfo(): Buffer {
  return encodeTlv(0x7f66, encodeTlv(0x02, Buffer.from([0x10, 0x00])), encodeTlv(0x02, Buffer.from([0x10, 0x00])));
}
