// Signature verification for certificates, CRLs and CMS with node:crypto (OpenSSL), which, unlike
// WebCrypto, knows the brainpool curves many passports are signed with. asn1js/pkijs parse the
// structures; this maps their AlgorithmIdentifier to OpenSSL's parameters.
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { asInt, asOid, children, parseDer } from '../asn1';
import { HASH_BY_OID } from '../oids';

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA_DER: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const ECDSA_PLAIN: Record<string, string> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};
const RSA_PSS = '1.2.840.113549.1.1.10';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export interface SignatureAlgorithm {
  oid: string;
  /** DER of the parameters where there are any (RSASSA-PSS). */
  params?: asn1js.AsnType;
}

export class UnsupportedAlgorithm extends Error {
  override readonly name = 'UnsupportedAlgorithm';
}

function pssOptions(params: asn1js.AsnType | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  if (params instanceof asn1js.Sequence) {
    for (const field of params.valueBlock.value) {
      const tag = field.idBlock.tagNumber;
      const inner = (field as asn1js.Constructed).valueBlock.value?.[0];
      if (tag === 0 && inner) hash = HASH_BY_OID[asOid(children(inner, 'PSS hash')[0], 'PSS hash')] ?? hash;
      if (tag === 2 && inner) saltLength = asInt(inner, 'PSS salt length');
    }
  }
  return { hash, saltLength };
}

export function publicKeyFromSpki(spki: Buffer): KeyObject {
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/**
 * Verifies `signature` over `data`. `digestOid` serves CMS signers whose signature algorithm is
 * the bare key type (rsaEncryption, id-ecPublicKey) with the hash named apart.
 */
export function verifySignature(alg: SignatureAlgorithm, key: KeyObject, data: Buffer, signature: Buffer, digestOid?: string): boolean {
  const digest = digestOid ? HASH_BY_OID[digestOid] : undefined;
  if (RSA_PKCS1[alg.oid]) return verify(RSA_PKCS1[alg.oid], data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (alg.oid === RSA_ENCRYPTION && digest) return verify(digest, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (alg.oid === RSA_PSS) {
    const { hash, saltLength } = pssOptions(alg.params);
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  }
  if (ECDSA_DER[alg.oid]) return verify(ECDSA_DER[alg.oid], data, { key, dsaEncoding: 'der' }, signature);
  if (alg.oid === EC_PUBLIC_KEY && digest) return verify(digest, data, { key, dsaEncoding: 'der' }, signature);
  if (ECDSA_PLAIN[alg.oid]) return verify(ECDSA_PLAIN[alg.oid], data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  throw new UnsupportedAlgorithm(`signature algorithm ${alg.oid} is not supported`);
}

export interface SignedParts {
  /** The signed bytes exactly as encoded (tbsCertificate / tbsCertList). */
  tbs: Buffer;
  alg: SignatureAlgorithm;
  signature: Buffer;
}

/** Splits a certificate or CRL (SEQUENCE { tbs, algorithm, BIT STRING }) into its signed parts. */
export function signedParts(der: Buffer, what: string): SignedParts {
  const [tbs, algSeq, sig] = children(parseDer(der, what), what);
  if (!tbs || !(sig instanceof asn1js.BitString)) throw new UnsupportedAlgorithm(`${what} lacks its signature`);
  const [oid, params] = children(algSeq, `${what} signature algorithm`);
  return {
    tbs: Buffer.from(tbs.valueBeforeDecodeView),
    alg: { oid: asOid(oid, `${what} signature algorithm`), params },
    signature: Buffer.from(sig.valueBlock.valueHexView),
  };
}
