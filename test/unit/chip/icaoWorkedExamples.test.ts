// ICAO 9303 Part 11, Appendix D (BAC and 3DES secure messaging worked example): every value below
// is copied from the specification, so key derivation, the retail MAC, the SSC and the protected
// APDUs are checked against the standard rather than against this code's own output.
import { describe, expect, it } from 'vitest';
import { mrzInformation, mrzKeyFromLines, mrzSha1 } from '../../../chip/access/mrzKey';
import { bacKeys, performBac } from '../../../chip/access/bac';
import { deriveKey, KDF_ENC, KDF_MAC } from '../../../chip/crypto/keyDerivation';
import { retailMac } from '../../../chip/crypto/retailMac';
import { tripleDesCbc, tripleDesCipher } from '../../../chip/crypto/smCipher';
import { SecureChannel } from '../../../chip/sm/secureMessaging';
import { CardSession } from '../../../chip/session';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const key = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };

describe('ICAO 9303-11 Appendix D: BAC key derivation', () => {
  it('builds the MRZ information with recomputed check digits', () => {
    expect(mrzInformation(key)).toBe('L898902C<369080619406236');
  });

  it('reads the key fields from TD3 lines', () => {
    expect(
      mrzKeyFromLines(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']),
    ).toEqual({ documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' });
  });

  it('derives K_seed, K_enc and K_mac (parity adjusted)', () => {
    expect(mrzSha1(key).toString('hex').toUpperCase()).toBe('239AB9CB282DAF66231DC5A4DF6BFBAEDF477565');
    const k = bacKeys(key);
    expect(k.kEnc.toString('hex').toUpperCase()).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(k.kMac.toString('hex').toUpperCase()).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('computes E.IFD and M.IFD (3DES-CBC and the retail MAC)', () => {
    const k = bacKeys(key);
    const s = h('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const e = tripleDesCbc('enc', k.kEnc, s);
    expect(e.toString('hex').toUpperCase()).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    expect(retailMac(k.kMac, e).toString('hex').toUpperCase()).toBe('5F1448EEA8AD90A7');
  });

  it('runs BAC against the example chip answers and gets the session keys and SSC', async () => {
    const sent: string[] = [];
    const answers = [h('4608F919887022129000'), h('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000')];
    const session = new CardSession({
      transmit: async (apdu) => {
        sent.push(apdu.toString('hex').toUpperCase());
        return answers.shift() as Buffer;
      },
    });
    const randoms = [h('781723860C06C226'), h('0B795240CB7049B01C19B33E32804F0B')];
    const channel = await performBac(session, key, { random: () => randoms.shift() as Buffer });
    expect(sent[1]).toBe('008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728');
    expect(channel.ssc.toString('hex').toUpperCase()).toBe('887022120C06C226');
    // K_seed = K.IFD xor K.IC = 0036D272F5C350ACAC50C3F572D23600
    const seed = h('0036D272F5C350ACAC50C3F572D23600');
    expect(deriveKey(seed, KDF_ENC, '3DES').toString('hex').toUpperCase()).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(deriveKey(seed, KDF_MAC, '3DES').toString('hex').toUpperCase()).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
  });
});

describe('ICAO 9303-11 Appendix D: 3DES secure messaging', () => {
  const channel = (): SecureChannel =>
    new SecureChannel(tripleDesCipher(h('979EC13B1CBFE9DCD01AB0FED307EAE5'), h('F1CB1F1FB5ADF208806B89DC579DC1F8')), h('887022120C06C226'));

  it('protects SELECT EF.COM, checks the response and moves the SSC', () => {
    const c = channel();
    const apdu = c.wrap({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') });
    expect(apdu.toString('hex').toUpperCase()).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(c.ssc.toString('hex').toUpperCase()).toBe('887022120C06C227');
    const r = c.unwrap(h('990290008E08FA855A5D4C50A8ED9000'));
    expect(r).toEqual({ data: Buffer.alloc(0), sw: 0x9000 });
    expect(c.ssc.toString('hex').toUpperCase()).toBe('887022120C06C228');
  });

  it('protects READ BINARY (DO97) and decrypts DO87 of the responses', () => {
    const c = channel();
    c.ssc.set(h('887022120C06C228'));
    expect(c.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }).toString('hex').toUpperCase()).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    expect(c.unwrap(h('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'))).toEqual({ data: h('60145F01'), sw: 0x9000 });
    expect(c.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 4, le: 0x12 }).toString('hex').toUpperCase()).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    expect(
      c.unwrap(h('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000')),
    ).toEqual({ data: h('04303130365F36063034303030305C026175'), sw: 0x9000 });
  });

  it('refuses a response whose MAC was altered', () => {
    const c = channel();
    c.ssc.set(h('887022120C06C227'));
    expect(() => c.unwrap(h('990290008E08FA855A5D4C50A8EE9000'))).toThrow('secure messaging: the response MAC does not verify');
  });
});
