// EF.SOD (ICAO 9303 Part 10 §4.6.2, Part 11 §5.1): a CMS SignedData whose content is the
// LDSSecurityObject, the hash of every data group, signed by the document signer (DSC), whose
// certificate the SignedData carries. Parsed with pkijs/asn1js.
import * as pkijs from 'pkijs';
import { X509Certificate } from '../x509';
import { asInt, asnMalformed, asOctets, asOid, children, parseDer } from '../asn1';
import { HASH_BY_OID, OID } from '../oids';
import { expectTlv } from '../tlv';

export interface Sod {
  signedData: pkijs.SignedData;
  /** node:crypto name of the data-group hash (sha256, …). */
  hashAlgorithm: string;
  hashes: Map<number, Buffer>;
  /** The LDSSecurityObject bytes (eContent). */
  content: Buffer;
  /** The document signer certificate, DER, if the SOD carries it. */
  dscDer: Buffer | null;
  dsc: X509Certificate | null;
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

function schemaError(what: string, err: unknown): Error {
  return asnMalformed(`${what}: ${err instanceof Error ? err.message : String(err)}`);
}

/** The SignedData of a DER ContentInfo (the SOD, a master list). */
export function parseSignedData(der: Buffer, what: string): { signedData: pkijs.SignedData; eContentType: string; content: Buffer } {
  const asn = parseDer(der, what);
  let signedData: pkijs.SignedData;
  try {
    const ci = new pkijs.ContentInfo({ schema: asn });
    if (ci.contentType !== SIGNED_DATA) throw new Error(`content type ${ci.contentType} is not SignedData`);
    signedData = new pkijs.SignedData({ schema: ci.content });
  } catch (err) {
    throw schemaError(`${what} is not a CMS SignedData`, err);
  }
  const e = signedData.encapContentInfo;
  if (!e.eContent) throw asnMalformed(`${what} has no encapsulated content`);
  return { signedData, eContentType: e.eContentType, content: Buffer.from(e.eContent.getValue()) };
}

export function parseSod(bytes: Buffer): Sod {
  const { signedData, eContentType, content } = parseSignedData(Buffer.from(expectTlv(bytes, 0x77, 'EF.SOD').value), 'EF.SOD');
  if (eContentType !== OID.LDS_SECURITY_OBJECT) throw asnMalformed(`EF.SOD content type ${eContentType} is not an LDSSecurityObject`);
  const [version, alg, values] = children(parseDer(content, 'LDSSecurityObject'), 'LDSSecurityObject');
  asInt(version, 'LDSSecurityObject version');
  const hashOid = asOid(children(alg, 'LDSSecurityObject hash algorithm')[0], 'LDSSecurityObject hash algorithm');
  const hashAlgorithm = HASH_BY_OID[hashOid];
  if (!hashAlgorithm) throw asnMalformed(`LDSSecurityObject hash algorithm ${hashOid} is not known`);
  const hashes = new Map<number, Buffer>();
  for (const v of children(values, 'dataGroupHashValues')) {
    const [n, h] = children(v, 'DataGroupHash');
    hashes.set(asInt(n, 'data group number'), asOctets(h, 'data group hash'));
  }
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const dscDer = certs[0] ? Buffer.from(certs[0].toSchema().toBER(false)) : null;
  let dsc: X509Certificate | null = null;
  if (dscDer) {
    try {
      dsc = new X509Certificate(dscDer);
    } catch (err) {
      throw schemaError('the document signer certificate in EF.SOD', err);
    }
  }
  return { signedData, hashAlgorithm, hashes, content, dscDer, dsc };
}
