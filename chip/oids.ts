// Object identifiers of ICAO 9303 Part 11 §9.2 and Part 10 (BSI TR-03110 arcs under bsi-de).
import * as asn1js from 'asn1js';

const BSI = '0.4.0.127.0.7.2.2';
export const OID = {
  PACE: `${BSI}.4`,
  PACE_ECDH_GM: `${BSI}.4.2`,
  PACE_ECDH_GM_3DES: `${BSI}.4.2.1`,
  PACE_ECDH_GM_AES128: `${BSI}.4.2.2`,
  PACE_ECDH_GM_AES192: `${BSI}.4.2.3`,
  PACE_ECDH_GM_AES256: `${BSI}.4.2.4`,
  CA: `${BSI}.3`,
  CA_ECDH: `${BSI}.3.2`,
  CA_ECDH_3DES: `${BSI}.3.2.1`,
  CA_ECDH_AES128: `${BSI}.3.2.2`,
  CA_ECDH_AES192: `${BSI}.3.2.3`,
  CA_ECDH_AES256: `${BSI}.3.2.4`,
  PK_ECDH: `${BSI}.1.2`,
  PK_DH: `${BSI}.1.1`,
  /** ActiveAuthenticationInfo (ICAO 9303 Part 11 §9.2.11). */
  AA_INFO: '2.23.136.1.1.5',
  /** LDSSecurityObject content type in the SOD. */
  LDS_SECURITY_OBJECT: '2.23.136.1.1.1',
  /** CscaMasterList content type (ICAO 9303 Part 12 §9). */
  CSCA_MASTER_LIST: '2.23.136.1.1.2',
  ECDSA_PLAIN_SHA1: '0.4.0.127.0.7.1.1.4.1.1',
  ECDSA_PLAIN_SHA224: '0.4.0.127.0.7.1.1.4.1.2',
  ECDSA_PLAIN_SHA256: '0.4.0.127.0.7.1.1.4.1.3',
  ECDSA_PLAIN_SHA384: '0.4.0.127.0.7.1.1.4.1.4',
  ECDSA_PLAIN_SHA512: '0.4.0.127.0.7.1.1.4.1.5',
} as const;

/** Hash algorithm OIDs (SOD, CMS) to node:crypto names. */
export const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** The DER TLV (06 L ...) of an OID. */
export function oidTlv(oid: string): Buffer {
  return Buffer.from(new asn1js.ObjectIdentifier({ value: oid }).toBER(false));
}
