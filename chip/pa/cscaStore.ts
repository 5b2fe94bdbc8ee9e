// The trust store for passive authentication: CSCA certificates from a folder (single
// certificates in DER or PEM, ICAO master lists .ml, CRLs .crl). Each file's outcome is kept, so
// a bad file is reported and skipped rather than failing the whole store.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate, X509Crl, PemConverter } from '../x509';
import { children, parseDer } from '../asn1';
import { OID } from '../oids';
import { parseSignedData } from '../lds/sod';
import { verifyCmsSignature } from './cmsSignature';
import { publicKeyFromSpki, signedParts, verifySignature } from './signatures';
import { errorMessage } from '../../common/errorMessage';

export interface CscaEntry {
  cert: X509Certificate;
  der: Buffer;
  source: string;
}

export interface StoreFileResult {
  file: string;
  kind: 'certificate' | 'master-list' | 'crl' | 'unknown';
  /** Certificates or CRLs taken from it. */
  loaded: number;
  error?: string;
}

export interface CscaStore {
  cscas: CscaEntry[];
  crls: { crl: X509Crl; der: Buffer; source: string }[];
  files: StoreFileResult[];
}

export function emptyStore(): CscaStore {
  return { cscas: [], crls: [], files: [] };
}

/** DER blobs in a file: PEM (one or more blocks) or raw DER. */
function derBlobs(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) return PemConverter.decode(text).map((b) => Buffer.from(b));
  return [bytes];
}

/** Adds one certificate (DER) to the store. */
export function addCertificate(store: CscaStore, der: Buffer, source: string): void {
  store.cscas.push({ cert: new X509Certificate(der), der, source });
}

/**
 * A master list (ICAO 9303 Part 12 §9): SignedData over CscaMasterList { version, SET OF
 * Certificate }, signed by a master list signer issued by one of the listed CSCAs. Its CMS
 * signature and the signer's chain to a listed CSCA are checked before its certificates count.
 */
export function addMasterList(store: CscaStore, bytes: Buffer, source: string): number {
  const { signedData, eContentType, content } = parseSignedData(bytes, `master list ${source}`);
  if (eContentType !== OID.CSCA_MASTER_LIST) throw new Error(`content type ${eContentType} is not a CSCA master list`);
  const signerDer = (signedData.certificates ?? [])[0];
  if (!signerDer) throw new Error('the master list carries no signer certificate');
  const signerBytes = Buffer.from(signerDer.toSchema().toBER(false));
  // The signature first: nothing of an unsigned list is parsed further or trusted.
  const cms = verifyCmsSignature(signedData, content, signerBytes);
  if (!cms.ok) throw new Error(`the master list signature does not verify: ${cms.reason}`);
  const [, certSet] = children(parseDer(content, 'CscaMasterList'), 'CscaMasterList');
  const certs = children(certSet, 'CscaMasterList certList').map((c) => Buffer.from(c.toBER(false)));
  const signer = new X509Certificate(signerBytes);
  const parts = signedParts(signerBytes, 'master list signer');
  const issuer = certs.map((d) => new X509Certificate(d)).find((c) => c.subject === signer.issuer && verifySignature(parts.alg, publicKeyFromSpki(Buffer.from(c.publicKey.rawData)), parts.tbs, parts.signature));
  if (!issuer) throw new Error('the master list signer is not issued by a CSCA in the list');
  for (const d of certs) addCertificate(store, d, source);
  return certs.length;
}

export function loadCscaStore(dir: string): CscaStore {
  const store = emptyStore();
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const ext = path.extname(name).toLowerCase();
    const result: StoreFileResult = { file: name, kind: 'unknown', loaded: 0 };
    try {
      const bytes = readFileSync(file);
      if (ext === '.ml') {
        result.kind = 'master-list';
        result.loaded = addMasterList(store, bytes, name);
      } else if (ext === '.crl') {
        result.kind = 'crl';
        for (const der of derBlobs(bytes)) {
          store.crls.push({ crl: new X509Crl(der), der, source: name });
          result.loaded++;
        }
      } else if (['.cer', '.crt', '.der', '.pem'].includes(ext)) {
        result.kind = 'certificate';
        for (const der of derBlobs(bytes)) {
          addCertificate(store, der, name);
          result.loaded++;
        }
      } else {
        continue;
      }
    } catch (err) {
      result.error = errorMessage(err);
    }
    store.files.push(result);
  }
  return store;
}
