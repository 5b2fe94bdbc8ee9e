// The CMS signature of a SignedData (RFC 5652 §5.4): the messageDigest signed attribute must be
// the hash of the content, and the signature is over the DER SET of the signed attributes.
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { HASH_BY_OID } from '../oids';
import { publicKeyFromSpki, verifySignature } from './signatures';

const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export type CmsCheck = { ok: true } | { ok: false; reason: string };

export function verifyCmsSignature(signedData: pkijs.SignedData, content: Buffer, signerCertDer: Buffer): CmsCheck {
  const signer = signedData.signerInfos[0];
  if (!signer) return { ok: false, reason: 'the SignedData has no signer' };
  const digestOid = signer.digestAlgorithm.algorithmId;
  const hash = HASH_BY_OID[digestOid];
  if (!hash) return { ok: false, reason: `digest algorithm ${digestOid} is not known` };
  let signedBytes: Buffer;
  if (signer.signedAttrs) {
    const md = signer.signedAttrs.attributes.find((a) => a.type === MESSAGE_DIGEST)?.values[0];
    if (!(md instanceof asn1js.OctetString)) return { ok: false, reason: 'the signer has no messageDigest attribute' };
    const expected = createHash(hash).update(content).digest();
    if (!expected.equals(Buffer.from(md.valueBlock.valueHexView))) return { ok: false, reason: 'the messageDigest attribute is not the hash of the content' };
    // Signed as a SET (tag 31), stored with the implicit [0] tag (A0).
    signedBytes = Buffer.from(signer.signedAttrs.encodedValue);
    signedBytes = Buffer.concat([Buffer.from([0x31]), signedBytes.subarray(1)]);
  } else {
    signedBytes = content;
  }
  const spki = Buffer.from(new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(signerCertDer).buffer).result }).subjectPublicKeyInfo.toSchema().toBER(false));
  const alg = { oid: signer.signatureAlgorithm.algorithmId, params: signer.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined };
  try {
    const ok = verifySignature(alg, publicKeyFromSpki(spki), signedBytes, Buffer.from(signer.signature.valueBlock.valueHexView), digestOid);
    return ok ? { ok: true } : { ok: false, reason: 'the signature does not verify with the signer certificate' };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
