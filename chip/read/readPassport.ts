// Reads an eMRTD end to end: access control (PACE when EF.CardAccess offers a supported
// variant, else BAC), EF.COM, DG14 and chip authentication, the other data groups and EF.SOD,
// active authentication, then passive authentication. Protocol errors surface as ChipErrors
// (ACCESS_DENIED for a wrong MRZ, CARD_REMOVED when the card goes away); verification outcomes
// are results, not errors.
import { performance } from 'node:perf_hooks';
import type { KeyObject } from 'node:crypto';
import { parseMrz } from '../../vision/mrz/mrzParser';
import type { MrzFields } from '../../vision/contract';
import { ChipError, isChipError } from '../errors';
import { SW_OK } from '../apdu';
import { CardSession } from '../session';
import type { ApduTransport } from '../transport';
import type { MrzKey } from '../access/mrzKey';
import { performBac } from '../access/bac';
import { choosePaceInfo, performPace } from '../access/pace';
import { parseSecurityInfos, type SecurityInfos } from '../lds/securityInfos';
import { EMRTD_AID, FID, dgFid } from '../lds/files';
import { parseEfCom } from '../lds/efCom';
import { parseDg1 } from '../lds/dg1';
import { parseDg2, type Dg2Portrait } from '../lds/dg2';
import { parseDg14 } from '../lds/dg14';
import { parseDg15 } from '../lds/dg15';
import { readFile, SHORT_CHUNK } from './fileReader';
import { passiveAuthentication, type PassiveAuthResult } from '../pa/passiveAuthentication';
import { emptyStore, type CscaStore } from '../pa/cscaStore';
import { chipAuthenticationFailed, performChipAuthentication } from '../auth/chipAuthentication';
import { performActiveAuthentication } from '../auth/activeAuthentication';
import type { AuthResult } from '../results';
import { readTlvs, readTlv } from '../tlv';

export type ReadStage = 'access' | 'files' | 'chip-authentication' | 'active-authentication' | 'passive-authentication';

export interface ReadProgress {
  stage: ReadStage;
  /** The file being read (EF.COM, DG2, …). */
  file?: string;
  bytes?: number;
  total?: number;
}

export interface ReadPassportOptions {
  key: MrzKey;
  store?: CscaStore;
  /** 'auto' (PACE if offered, else BAC), or force one. */
  access?: 'auto' | 'bac' | 'pace';
  /** Extended length READ BINARY when EF.ATR/INFO allows it ('auto'), or never ('off'). */
  extendedLength?: 'auto' | 'off';
  onProgress?: (p: ReadProgress) => void;
  now?: Date;
}

export interface ChipRead {
  access: { protocol: 'PACE' | 'BAC'; detail: string };
  ldsVersion: string;
  dataGroupsPresent: number[];
  dataGroupsRead: number[];
  mrz: { lines: string[]; fields: MrzFields | null; valid: boolean };
  portrait: Dg2Portrait | null;
  passiveAuthentication: PassiveAuthResult;
  chipAuthentication: AuthResult;
  activeAuthentication: AuthResult;
  /** Bytes per READ BINARY used. */
  chunk: number;
  raw: { sod: Buffer; dataGroups: Map<number, Buffer> };
  /** Milliseconds per stage (the bench reports these). */
  timings: Record<string, number>;
}

const fileName = (fid: number): string => (fid === FID.COM ? 'EF.COM' : fid === FID.SOD ? 'EF.SOD' : `DG${fid - 0x100}`);

async function readPlainOptional(session: CardSession, fid: number): Promise<Buffer | null> {
  try {
    return await readFile(session, fid);
  } catch (err) {
    // A card that does not have the file may answer anything from 6A82 to 6982 here.
    if (isChipError(err, 'CARD_STATUS') || isChipError(err, 'TLV_MALFORMED')) return null;
    throw err;
  }
}

/** Bytes per READ BINARY from EF.ATR/INFO's extended length information, or the short default. */
function chunkFromAtrInfo(atrInfo: Buffer | null): number {
  if (!atrInfo) return SHORT_CHUNK;
  try {
    const info = readTlv(atrInfo);
    if (info.tag !== 0x7f66) return SHORT_CHUNK;
    const [, resp] = readTlvs(info.value).filter((t) => t.tag === 0x02);
    const maxResponse = resp ? resp.value.readUIntBE(0, resp.value.length) : 0;
    // Room for the secure messaging around the data: DO87 header and padding, DO99, DO8E, SW.
    return maxResponse > 256 ? Math.min(maxResponse - 48, 0x7f00) : SHORT_CHUNK;
  } catch {
    return SHORT_CHUNK;
  }
}

async function openAccess(session: CardSession, opts: ReadPassportOptions, cardAccess: SecurityInfos | null): Promise<ChipRead['access']> {
  const info = cardAccess ? choosePaceInfo(cardAccess.pace) : null;
  if (opts.access === 'pace' && !info) throw new ChipError('UNSUPPORTED', 'the chip offers no PACE variant this reader supports');
  if (info && opts.access !== 'bac') {
    await performPace(session, opts.key, info);
    const sel = await session.send({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
    if (sel.sw !== SW_OK) throw new ChipError('CARD_STATUS', 'the chip has no ePassport application', sel.sw);
    return { protocol: 'PACE', detail: `PACE ${info.protocol} with parameters ${info.parameterId}` };
  }
  const sel = await session.sendPlain({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
  if (sel.sw !== SW_OK) throw new ChipError('CARD_STATUS', 'the chip has no ePassport application', sel.sw);
  await performBac(session, opts.key);
  return { protocol: 'BAC', detail: 'BAC (3DES)' };
}

export async function readPassport(transport: ApduTransport, opts: ReadPassportOptions): Promise<ChipRead> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round((performance.now() - t0) * 100) / 100;
    }
  };
  const progress = opts.onProgress ?? (() => undefined);
  let session = new CardSession(transport);

  progress({ stage: 'access' });
  const cardAccessBytes = opts.access === 'bac' ? null : await readPlainOptional(session, FID.CARD_ACCESS);
  const cardAccess = cardAccessBytes ? parseSecurityInfos(cardAccessBytes, 'EF.CardAccess') : null;
  const chunk = opts.extendedLength === 'off' ? SHORT_CHUNK : chunkFromAtrInfo(await readPlainOptional(session, FID.ATR_INFO));
  const access = await timed('access', () => openAccess(session, opts, cardAccess));

  const read = async (fid: number): Promise<Buffer | null> =>
    timed(fileName(fid), () => readFile(session, fid, { chunk, onProgress: (bytes, total) => progress({ stage: 'files', file: fileName(fid), bytes, total }) }));

  const comBytes = await read(FID.COM);
  if (!comBytes) throw new ChipError('CARD_STATUS', 'the chip has no EF.COM');
  const com = parseEfCom(comBytes);
  const raw = new Map<number, Buffer>();

  let chipAuthentication: AuthResult = { status: 'NOT_SUPPORTED', detail: 'the chip has no DG14' };
  let dg14: SecurityInfos | undefined;
  if (com.dataGroups.includes(14)) {
    const bytes = await read(dgFid(14));
    if (bytes) {
      raw.set(14, bytes);
      dg14 = parseDg14(bytes);
      progress({ stage: 'chip-authentication' });
      const attempt = await timed('chipAuthentication', () => performChipAuthentication(session, dg14 as SecurityInfos));
      if (!attempt.started) chipAuthentication = attempt.result;
      else {
        // The chip proves its key by answering the next protected command under the new keys.
        try {
          const confirmed = await readFile(session, FID.COM, { chunk });
          chipAuthentication =
            confirmed && confirmed.equals(comBytes)
              ? { status: 'PASSED', detail: 'the chip holds the DG14 private key (secure messaging continued under the new keys)' }
              : chipAuthenticationFailed('EF.COM read back differently');
        } catch (err) {
          if (isChipError(err, 'CARD_REMOVED')) throw err;
          chipAuthentication = chipAuthenticationFailed(err);
          // Start over without CA so the rest of the chip can still be read and checked.
          session = new CardSession(transport);
          await openAccess(session, opts, cardAccess);
        }
      }
    }
  }

  for (const n of [1, 2, 15]) {
    if (!com.dataGroups.includes(n)) continue;
    const bytes = await read(dgFid(n));
    if (bytes) raw.set(n, bytes);
  }
  const sod = await read(FID.SOD);
  if (!sod) throw new ChipError('CARD_STATUS', 'the chip has no EF.SOD');

  let activeAuthentication: AuthResult = { status: 'NOT_SUPPORTED', detail: 'the chip has no DG15' };
  const dg15 = raw.get(15);
  if (dg15) {
    progress({ stage: 'active-authentication' });
    let key: KeyObject | null = null;
    try {
      key = parseDg15(dg15);
    } catch (err) {
      activeAuthentication = { status: 'FAILED', detail: (err as Error).message };
    }
    if (key) {
      const k = key;
      activeAuthentication = await timed('activeAuthentication', () => performActiveAuthentication(session, k, dg14));
    }
  }

  progress({ stage: 'passive-authentication' });
  const t0 = performance.now();
  const pa = passiveAuthentication({ sod, dataGroups: raw, store: opts.store ?? emptyStore(), now: opts.now });
  timings.passiveAuthentication = Math.round((performance.now() - t0) * 100) / 100;

  const dg1 = raw.get(1);
  const lines = dg1 ? parseDg1(dg1) : [];
  const reading = lines.length ? parseMrz(lines, { now: opts.now }) : null;
  const dg2 = raw.get(2);
  return {
    access,
    ldsVersion: com.ldsVersion,
    dataGroupsPresent: com.dataGroups,
    dataGroupsRead: [...raw.keys()].sort((a, b) => a - b),
    mrz: { lines, fields: reading?.fields ?? null, valid: reading?.valid ?? false },
    portrait: dg2 ? parseDg2(dg2) : null,
    passiveAuthentication: pa,
    chipAuthentication,
    activeAuthentication,
    chunk,
    raw: { sod, dataGroups: raw },
    timings,
  };
}
