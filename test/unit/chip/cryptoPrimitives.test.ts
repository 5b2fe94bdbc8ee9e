// AES-CMAC against RFC 4493's test vectors, and the padding and APDU encodings the secure
// channel relies on.
import { describe, expect, it } from 'vitest';
import { aesCmac } from '../../../chip/crypto/aesCmac';
import { pad, unpad } from '../../../chip/crypto/padding';
import { aesCipher } from '../../../chip/crypto/smCipher';
import { decodeCommand, encodeCommand } from '../../../chip/apdu';
import { SecureChannel } from '../../../chip/sm/secureMessaging';

const h = (s: string): Buffer => Buffer.from(s, 'hex');
const K = h('2b7e151628aed2a6abf7158809cf4f3c');
const M = h(
  '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
);

describe('AES-CMAC (RFC 4493 §4)', () => {
  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('message of %i bytes', (len, mac) => {
    expect(aesCmac(K, M.subarray(0, len)).toString('hex')).toBe(mac);
  });
});

describe('ISO 9797-1 padding method 2', () => {
  it('pads to the block and back', () => {
    expect(pad(h('011e'), 8).toString('hex')).toBe('011e800000000000');
    expect(pad(h('0102030405060708'), 8).toString('hex')).toBe('01020304050607088000000000000000');
    expect(unpad(h('011e800000000000')).toString('hex')).toBe('011e');
  });
  it('refuses data without the 80 marker', () => {
    expect(() => unpad(h('0000000000000000'))).toThrow('secure messaging: decrypted data has no ISO 9797-1 padding');
  });
});

describe('APDU encoding', () => {
  it('uses the extended form for long Le and decodes it back', () => {
    const cmd = { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4096 };
    expect(encodeCommand(cmd).toString('hex')).toBe('00b00000001000');
    expect(decodeCommand(encodeCommand(cmd))).toEqual(cmd);
    const withData = { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Buffer.alloc(300, 1), le: 65536 };
    expect(decodeCommand(encodeCommand(withData))).toEqual(withData);
  });
  it('refuses an Lc that does not fit', () => {
    expect(() => decodeCommand(h('00a4020c05011e'))).toThrow('command APDU: Lc 5 does not fit 2 bytes');
  });
});

describe('AES secure messaging', () => {
  it('wraps with a 16-byte SSC, IV from the SSC, and a card using the same keys reads it', () => {
    const kEnc = h('f5f0e35c0d7161ee6724ee513a0d9a7f');
    const kMac = h('fe251c7858b356b24514b3bd5f4297d1');
    const terminal = new SecureChannel(aesCipher('AES-128', kEnc, kMac), Buffer.alloc(16));
    const apdu = terminal.wrap({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('0101') });
    expect(terminal.ssc.toString('hex')).toBe('00000000000000000000000000000001');
    // The card decrypts DO87 with IV = E(K_enc, SSC=1).
    const do87 = apdu.subarray(5 + 3, 5 + 3 + 16);
    const card = aesCipher('AES-128', kEnc, kMac);
    expect(unpad(card.decrypt(do87, terminal.ssc)).toString('hex')).toBe('0101');
  });
});
