// Passive authentication (ICAO 9303 Part 11 §5.1): the SOD's CMS signature by the document
// signer, the hash of every data group read against the SOD, and the document signer
// certificate chained to a CSCA from the store (with its CRLs). Each step names its result:
// PASSED, FAILED (evidence of tampering or an invalid chain) or NOT_VERIFIED (could not be
// decided, e.g. no CSCA for this issuer in the store). SKIPPED steps do not count.
import { createHash } from 'node:crypto';
import type { X509Certificate } from '../x509';
import { parseSod, type Sod } from '../lds/sod';
import { isChipError } from '../errors';
import { errorMessage } from '../../common/errorMessage';
import { verifyCmsSignature } from './cmsSignature';
import { publicKeyFromSpki, signedParts, verifySignature } from './signatures';
import type { CscaEntry, CscaStore } from './cscaStore';

export type PaStatus = 'PASSED' | 'FAILED' | 'NOT_VERIFIED';
export type PaStepName = 'SOD_SIGNATURE' | 'DATA_GROUP_HASHES' | 'DSC_CHAIN' | 'DSC_REVOCATION';

export interface PaStep {
  name: PaStepName;
  status: PaStatus | 'SKIPPED';
  detail: string;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
}

export interface PassiveAuthResult {
  status: PaStatus;
  steps: PaStep[];
  dataGroups: { number: number; status: 'PASSED' | 'FAILED' | 'NOT_IN_SOD' }[];
  documentSigner: CertSummary | null;
  csca: (CertSummary & { source: string }) | null;
}

function summary(c: X509Certificate): CertSummary {
  return { subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() };
}

function overall(steps: PaStep[]): PaStatus {
  if (steps.some((s) => s.status === 'FAILED')) return 'FAILED';
  if (steps.some((s) => s.status === 'NOT_VERIFIED')) return 'NOT_VERIFIED';
  return 'PASSED';
}

function hexId(c: X509Certificate, oid: string): string | null {
  const ext = c.extensions.find((e) => e.type === oid) as { keyId?: string } | undefined;
  return ext?.keyId ?? null;
}

function cscaCandidates(dsc: X509Certificate, store: CscaStore): CscaEntry[] {
  const aki = hexId(dsc, '2.5.29.35');
  return store.cscas.filter((e) => e.cert.subject === dsc.issuer && (!aki || !hexId(e.cert, '2.5.29.14') || hexId(e.cert, '2.5.29.14') === aki));
}

function chainStep(sod: Sod, store: CscaStore, now: Date): { step: PaStep; csca: CscaEntry | null } {
  const dsc = sod.dsc as X509Certificate;
  const candidates = cscaCandidates(dsc, store);
  if (candidates.length === 0) {
    return { step: { name: 'DSC_CHAIN', status: 'NOT_VERIFIED', detail: `no CSCA for "${dsc.issuer}" in the store` }, csca: null };
  }
  const parts = signedParts(sod.dscDer as Buffer, 'document signer certificate');
  let csca: CscaEntry | null = null;
  for (const c of candidates) {
    try {
      if (verifySignature(parts.alg, publicKeyFromSpki(Buffer.from(c.cert.publicKey.rawData)), parts.tbs, parts.signature)) {
        csca = c;
        break;
      }
    } catch (err) {
      return { step: { name: 'DSC_CHAIN', status: 'NOT_VERIFIED', detail: errorMessage(err) }, csca: null };
    }
  }
  if (!csca) return { step: { name: 'DSC_CHAIN', status: 'FAILED', detail: `the document signer certificate is not signed by the CSCA "${dsc.issuer}"` }, csca: null };
  if (now < dsc.notBefore) return { step: { name: 'DSC_CHAIN', status: 'FAILED', detail: `the document signer certificate is not valid before ${dsc.notBefore.toISOString()}` }, csca };
  if (now > dsc.notAfter) return { step: { name: 'DSC_CHAIN', status: 'FAILED', detail: `the document signer certificate expired on ${dsc.notAfter.toISOString()}` }, csca };
  // The CSCA must have been valid when it issued the DSC (it may have expired since).
  if (dsc.notBefore < csca.cert.notBefore || dsc.notBefore > csca.cert.notAfter) {
    return { step: { name: 'DSC_CHAIN', status: 'FAILED', detail: 'the document signer certificate was issued outside the CSCA validity' }, csca };
  }
  return { step: { name: 'DSC_CHAIN', status: 'PASSED', detail: `signed by the CSCA "${csca.cert.subject}" (${csca.source})` }, csca };
}

function revocationStep(dsc: X509Certificate, csca: CscaEntry, store: CscaStore): PaStep {
  const crls = store.crls.filter((c) => c.crl.issuer === csca.cert.subject);
  if (crls.length === 0) return { name: 'DSC_REVOCATION', status: 'SKIPPED', detail: 'no CRL from this CSCA in the store' };
  for (const c of crls) {
    const parts = signedParts(c.der, 'CRL');
    if (!verifySignature(parts.alg, publicKeyFromSpki(Buffer.from(csca.cert.publicKey.rawData)), parts.tbs, parts.signature)) {
      return { name: 'DSC_REVOCATION', status: 'NOT_VERIFIED', detail: `the CRL ${c.source} is not signed by the CSCA` };
    }
    const hit = c.crl.entries.find((e) => e.serialNumber === dsc.serialNumber);
    if (hit) return { name: 'DSC_REVOCATION', status: 'FAILED', detail: `the document signer certificate is revoked (${c.source}, ${hit.revocationDate.toISOString()})` };
  }
  return { name: 'DSC_REVOCATION', status: 'PASSED', detail: `not on the CSCA's CRL (${crls.map((c) => c.source).join(', ')})` };
}

export interface PaInput {
  sod: Buffer;
  /** The raw bytes of each data group read, by number. */
  dataGroups: ReadonlyMap<number, Buffer>;
  store: CscaStore;
  now?: Date;
}

export function passiveAuthentication(input: PaInput): PassiveAuthResult {
  const now = input.now ?? new Date();
  let sod: Sod;
  try {
    sod = parseSod(input.sod);
  } catch (err) {
    const detail = isChipError(err) ? err.message : `EF.SOD does not parse: ${errorMessage(err)}`;
    return { status: 'FAILED', steps: [{ name: 'SOD_SIGNATURE', status: 'FAILED', detail }], dataGroups: [], documentSigner: null, csca: null };
  }
  const steps: PaStep[] = [];
  if (!sod.dsc || !sod.dscDer) {
    steps.push({ name: 'SOD_SIGNATURE', status: 'NOT_VERIFIED', detail: 'EF.SOD carries no document signer certificate' });
  } else {
    const cms = verifyCmsSignature(sod.signedData, sod.content, sod.dscDer);
    steps.push(cms.ok ? { name: 'SOD_SIGNATURE', status: 'PASSED', detail: 'signed by the document signer' } : { name: 'SOD_SIGNATURE', status: 'FAILED', detail: cms.reason });
  }
  const dataGroups: PassiveAuthResult['dataGroups'] = [];
  for (const [n, bytes] of [...input.dataGroups].sort((a, b) => a[0] - b[0])) {
    const expected = sod.hashes.get(n);
    if (!expected) dataGroups.push({ number: n, status: 'NOT_IN_SOD' });
    else dataGroups.push({ number: n, status: createHash(sod.hashAlgorithm).update(bytes).digest().equals(expected) ? 'PASSED' : 'FAILED' });
  }
  const bad = dataGroups.filter((d) => d.status !== 'PASSED');
  steps.push(
    bad.length === 0
      ? { name: 'DATA_GROUP_HASHES', status: 'PASSED', detail: `${dataGroups.map((d) => `DG${d.number}`).join(', ')} match the SOD (${sod.hashAlgorithm})` }
      : { name: 'DATA_GROUP_HASHES', status: 'FAILED', detail: bad.map((d) => `DG${d.number} ${d.status === 'FAILED' ? 'does not match its hash in the SOD' : 'is not in the SOD'}`).join('; ') },
  );
  let csca: CscaEntry | null = null;
  if (sod.dsc) {
    const chain = chainStep(sod, input.store, now);
    steps.push(chain.step);
    csca = chain.csca;
    if (csca && chain.step.status === 'PASSED') steps.push(revocationStep(sod.dsc, csca, input.store));
  } else {
    steps.push({ name: 'DSC_CHAIN', status: 'NOT_VERIFIED', detail: 'no document signer certificate to chain' });
  }
  return {
    status: overall(steps),
    steps,
    dataGroups,
    documentSigner: sod.dsc ? summary(sod.dsc) : null,
    csca: csca ? { ...summary(csca.cert), source: csca.source } : null,
  };
}
