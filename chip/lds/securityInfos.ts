// SecurityInfos (ICAO 9303 Part 11 §9.2): EF.CardAccess holds PACEInfo; DG14 holds
// ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo and ActiveAuthenticationInfo.
// Unknown protocols are kept by OID and otherwise ignored, as the standard asks.
import * as asn1js from 'asn1js';
import { asInt, asnMalformed, asOid, children, derOf, parseDer } from '../asn1';
import { OID } from '../oids';

export interface PaceInfo {
  protocol: string;
  version: number;
  /** Standardized domain parameter id (Part 11 §9.5.1), e.g. 12 = NIST P-256, 13 = brainpoolP256r1. */
  parameterId?: number;
}

export interface ChipAuthenticationInfo {
  protocol: string;
  version: number;
  keyId?: number;
}

export interface ChipAuthenticationPublicKeyInfo {
  protocol: string;
  /** DER SubjectPublicKeyInfo of the chip's static key. */
  subjectPublicKeyInfo: Buffer;
  keyId?: number;
}

export interface ActiveAuthenticationInfo {
  version: number;
  signatureAlgorithm: string;
}

export interface SecurityInfos {
  pace: PaceInfo[];
  chipAuthentication: ChipAuthenticationInfo[];
  chipAuthenticationPublicKeys: ChipAuthenticationPublicKeyInfo[];
  activeAuthentication: ActiveAuthenticationInfo[];
  /** Protocols present but not used here. */
  other: string[];
}

const optInt = (v: asn1js.AsnType | undefined, what: string): number | undefined => (v === undefined ? undefined : asInt(v, what));

export function parseSecurityInfos(der: Buffer, what: string): SecurityInfos {
  const out: SecurityInfos = { pace: [], chipAuthentication: [], chipAuthenticationPublicKeys: [], activeAuthentication: [], other: [] };
  for (const info of children(parseDer(der, what), what)) {
    const [p, a, b] = children(info, `${what}: a SecurityInfo`);
    const protocol = asOid(p, `${what}: a SecurityInfo's protocol`);
    if (protocol.startsWith(`${OID.PACE}.`)) {
      out.pace.push({ protocol, version: asInt(a, `${what}: PACEInfo version`), parameterId: optInt(b, `${what}: PACEInfo parameterId`) });
    } else if (protocol.startsWith(`${OID.CA}.`)) {
      out.chipAuthentication.push({ protocol, version: asInt(a, `${what}: ChipAuthenticationInfo version`), keyId: optInt(b, `${what}: keyId`) });
    } else if (protocol === OID.PK_ECDH || protocol === OID.PK_DH) {
      if (!(a instanceof asn1js.Sequence)) throw asnMalformed(`${what}: ChipAuthenticationPublicKeyInfo without a SubjectPublicKeyInfo`);
      out.chipAuthenticationPublicKeys.push({ protocol, subjectPublicKeyInfo: derOf(a), keyId: optInt(b, `${what}: keyId`) });
    } else if (protocol === OID.AA_INFO) {
      out.activeAuthentication.push({ version: asInt(a, `${what}: ActiveAuthenticationInfo version`), signatureAlgorithm: asOid(b, `${what}: AA signature algorithm`) });
    } else {
      out.other.push(protocol);
    }
  }
  return out;
}
