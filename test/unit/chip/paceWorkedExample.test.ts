// ICAO 9303 Part 11, Appendix G.1: PACE ECDH generic mapping on brainpoolP256r1 with AES-128.
// The terminal's two ephemeral scalars are the example's; every command must match the example
// byte for byte, and the chip's answers are the example's.
import { describe, expect, it } from 'vitest';
import { performPace, decryptNonce } from '../../../chip/access/pace';
import { mrzInformation, mrzSha1 } from '../../../chip/access/mrzKey';
import { deriveKey, KDF_PACE } from '../../../chip/crypto/keyDerivation';
import { CardSession } from '../../../chip/session';
import { OID } from '../../../chip/oids';
import { ChipError } from '../../../chip/errors';

const h = (s: string): Buffer => Buffer.from(s, 'hex');
const key = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };
const script: [string, string][] = [
  ['0022C1A412800A04007F0007020204020283010184010D', '9000'],
  ['10860000027C0000', '7C12801095A3A016522EE98D01E76CB6B98B42C39000'],
  [
    '10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00',
    '7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000',
  ],
  [
    '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200',
    '7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000',
  ],
  ['008600000C7C0A8508C2B0BD78D94BA86600', '7C0A86083ABB9674BCE93C089000'],
];
const scalars = [
  0x7f4ef07b9ea82fd78ad689b38d0bc78cf21f249d953bc46f4c6e19259c010f99n,
  0xa73fb703ac1436a18e0cfa5abb3f7bec7a070e7a6788486bee230c4a22762595n,
];

function scripted(steps: [string, string][]): { session: CardSession; sent: string[] } {
  const sent: string[] = [];
  let i = 0;
  const session = new CardSession({
    transmit: async (apdu) => {
      sent.push(apdu.toString('hex').toUpperCase());
      return h(steps[i++][1]);
    },
  });
  return { session, sent };
}

describe('ICAO 9303-11 Appendix G.1: PACE ECDH-GM AES-128', () => {
  it('derives K_pi and decrypts the nonce', () => {
    expect(mrzInformation(key)).toBe('T22000129364081251010318');
    const kPi = deriveKey(mrzSha1(key), KDF_PACE, 'AES-128');
    expect(kPi.toString('hex').toUpperCase()).toBe('89DED1B26624EC1E634C1989302849DD');
    expect(decryptNonce('AES-128', kPi, h('95A3A016522EE98D01E76CB6B98B42C3')).toString('hex').toUpperCase()).toBe('3F00C4D39D153F2B2A214A078D899B22');
  });

  it('sends exactly the example commands, checks the chip token and starts AES SM with SSC 0', async () => {
    const { session, sent } = scripted(script);
    const s = [...scalars];
    const channel = await performPace(session, key, { protocol: OID.PACE_ECDH_GM_AES128, version: 2, parameterId: 13 }, { scalar: () => s.shift() as bigint });
    expect(sent).toEqual(script.map(([c]) => c));
    expect(channel.cipher.alg).toBe('AES-128');
    expect(channel.ssc.equals(Buffer.alloc(16))).toBe(true);
  });

  it('refuses a chip token that does not verify', async () => {
    const bad = script.map(([c, r]) => [c, r] as [string, string]);
    bad[4] = [bad[4][0], '7C0A86083ABB9674BCE93C099000'];
    const { session } = scripted(bad);
    const s = [...scalars];
    const err = await performPace(session, key, { protocol: OID.PACE_ECDH_GM_AES128, version: 2, parameterId: 13 }, { scalar: () => s.shift() as bigint }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChipError);
    expect((err as ChipError).code).toBe('ACCESS_DENIED');
    expect((err as ChipError).message).toBe('this MRZ does not open this chip');
  });
});
