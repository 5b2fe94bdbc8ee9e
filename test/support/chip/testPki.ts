// The project's own test PKI for passive authentication, generated in the tests: a CSCA, a
// document signer (DSC) it issues, SODs the DSC signs over generated data groups, CRLs and an
// ICAO master list. ECDSA P-256 with SHA-256 throughout (WebCrypto keys, @peculiar/x509, pkijs).
import { webcrypto, createHash } from 'node:crypto';
import { x509 } from '../../../chip/x509';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { OID } from '../../../chip/oids';
import { encodeTlv } from '../../../chip/tlv';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;
const crypto = webcrypto;
// Both libraries take the WebCrypto object; their typings name the DOM's Crypto, which is the same thing.
x509.cryptoProvider.set(crypto as never);
pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: crypto as never }));

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface Issued {
  cert: x509.X509Certificate;
  der: Buffer;
  keys: CryptoKeyPair;
}

const DAY = 86_400_000;

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;
const nextSerial = (): string => (serial++).toString(16).padStart(4, '0');

export async function createCsca(name = 'C=UT, O=Utopia, CN=Utopia CSCA', validity: Validity = {}): Promise<Issued> {
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name,
    notBefore: validity.notBefore ?? new Date(Date.now() - 365 * DAY),
    notAfter: validity.notAfter ?? new Date(Date.now() + 10 * 365 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, der: Buffer.from(cert.rawData), keys };
}

export interface IssueOptions extends Validity {
  ca?: boolean;
  /** Sign with this key instead of the CSCA's while naming the CSCA as issuer (a forged certificate). */
  forgeWith?: CryptoKey;
}

export async function issue(csca: Issued, name: string, options: IssueOptions = {}): Promise<Issued> {
  const validity = options;
  const ca = options.ca ?? false;
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: name,
    issuer: csca.cert.subject,
    notBefore: validity.notBefore ?? new Date(Date.now() - 30 * DAY),
    notAfter: validity.notAfter ?? new Date(Date.now() + 5 * 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: options.forgeWith ?? csca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true),
      await x509.AuthorityKeyIdentifierExtension.create(csca.keys.publicKey),
    ],
  });
  return { cert, der: Buffer.from(cert.rawData), keys };
}

export const createDsc = (csca: Issued, options: IssueOptions = {}): Promise<Issued> => issue(csca, 'C=UT, O=Utopia, CN=Utopia Document Signer', options);

/** A CMS SignedData (DER ContentInfo) over `content` of `contentType`, signed by `signer` with signed attributes. */
export async function signCms(signer: Issued, contentType: string, content: Buffer): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(signer.der);
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: contentType, eContent: new asn1js.OctetString({ valueHex: content }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: contentType })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() })] }),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signedData.sign(signer.keys.privateKey, 0, 'SHA-256');
  const ci = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER(false));
}

/** LDSSecurityObject over the data groups' SHA-256 hashes. */
export function ldsSecurityObject(dataGroups: ReadonlyMap<number, Buffer>): Buffer {
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' })] }),
      new asn1js.Sequence({
        value: [...dataGroups].sort((a, b) => a[0] - b[0]).map(([n, bytes]) =>
          new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: createHash('sha256').update(bytes).digest() })] }),
        ),
      }),
    ],
  });
  return Buffer.from(seq.toBER(false));
}

/** EF.SOD (tag 77) over the data groups, signed by the DSC. */
export async function createSod(dsc: Issued, dataGroups: ReadonlyMap<number, Buffer>): Promise<Buffer> {
  return encodeTlv(0x77, await signCms(dsc, OID.LDS_SECURITY_OBJECT, ldsSecurityObject(dataGroups)));
}

export async function createCrl(csca: Issued, revokedSerials: string[]): Promise<Buffer> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: csca.cert.subject,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: new Date(Date.now() + 30 * DAY),
    entries: revokedSerials.map((s) => ({ serialNumber: s, revocationDate: new Date(Date.now() - DAY) })),
    signingKey: csca.keys.privateKey,
    signingAlgorithm: ALG,
  });
  return Buffer.from(crl.rawData);
}

/** An ICAO master list (.ml) holding `cscas`, signed by a master list signer issued by `signerCsca`. */
export async function createMasterList(cscas: Issued[], signerCsca: Issued): Promise<Buffer> {
  const signer = await issue(signerCsca, 'C=UT, O=Utopia, CN=Utopia Master List Signer');
  const list = new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: cscas.map((c) => asn1js.fromBER(new Uint8Array(c.der).buffer).result) })],
  });
  return signCms(signer, OID.CSCA_MASTER_LIST, Buffer.from(list.toBER(false)));
}
