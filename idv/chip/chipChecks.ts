// The chip's sub-checks of ID_DOCUMENT_AUTHENTICITY: passive authentication recomputed here
// against the service's CSCA store, the chip's DG1 compared with the MRZ read from the image and
// sent by the scanner, and chip/active authentication as the kiosk's reader reported them.
import type { MrzReading } from '../../vision/contract';
import { parseMrz } from '../../vision/mrz/mrzParser';
import { parseDg1 } from '../../chip/lds/dg1';
import { parseDg2, type Dg2Portrait } from '../../chip/lds/dg2';
import { passiveAuthentication, type PassiveAuthResult } from '../../chip/pa/passiveAuthentication';
import type { CscaStore } from '../../chip/pa/cscaStore';
import { errorFirstLine } from '../../common/errorMessage';
import { details } from '../pipeline/reportJson';
import type { BreakdownJson } from '../pipeline/types';
import { PROCESS_LOCAL } from '../pipeline/types';
import type { ChipData } from './chipResource';

/** Reason codes of a chip-based REJECT. */
export const CHIP_REASONS = {
  CHIP_DATA_INVALID: 'CHIP_DATA_INVALID',
  CHIP_DATA_MISMATCH: 'CHIP_DATA_MISMATCH',
  CHIP_CLONED: 'CHIP_CLONED',
} as const;

const COMPARED = ['document_number', 'date_of_birth', 'expiration_date', 'family_name', 'given_names', 'nationality', 'issuing_country'] as const;

export interface ChipCheckInput {
  chip: ChipData;
  imageMrz: MrzReading | null;
  scannerMrz: MrzReading | null;
  store: CscaStore;
  now: Date;
}

export interface ChipCheckResult {
  breakdown: BreakdownJson[];
  /** A REJECT reason when the chip is evidence against the document. */
  reject: string | null;
  /** Why the chip could not settle it (e.g. no CSCA for the issuer), when that is the case. */
  notAvailable: string | null;
  passiveAuthentication: PassiveAuthResult;
  dg1: MrzReading | null;
  portrait: Dg2Portrait | null;
}

function sub(name: string, result: 'PASS' | 'FAIL', d: Record<string, string | number | boolean | null | undefined>): BreakdownJson {
  return { sub_check: name, result, process: PROCESS_LOCAL, details: details(d) };
}

export function chipSubChecks(input: ChipCheckInput): ChipCheckResult {
  const { chip } = input;
  const breakdown: BreakdownJson[] = [];
  let reject: string | null = null;
  let notAvailable: string | null = null;

  const pa = passiveAuthentication({ sod: chip.sod, dataGroups: chip.dataGroups, store: input.store, now: input.now });
  const steps = pa.steps.map((s) => `${s.name}=${s.status}`).join(',');
  const why = pa.steps.find((s) => s.status === pa.status)?.detail;
  breakdown.push(sub('chip_passive_authentication', pa.status === 'PASSED' ? 'PASS' : 'FAIL', { status: pa.status, steps, reason: pa.status === 'PASSED' ? undefined : why, csca: pa.csca?.subject }));
  if (pa.status === 'FAILED') reject = CHIP_REASONS.CHIP_DATA_INVALID;
  else if (pa.status === 'NOT_VERIFIED') notAvailable = `the chip's signature could not be verified: ${why}`;

  let dg1: MrzReading | null = null;
  try {
    dg1 = parseMrz(parseDg1(chip.dataGroups.get(1) as Buffer), { now: input.now });
  } catch (err) {
    breakdown.push(sub('chip_data_mrz_comparison', 'FAIL', { reason: `DG1 does not parse: ${errorFirstLine(err)}` }));
    reject ??= CHIP_REASONS.CHIP_DATA_INVALID;
  }
  if (dg1) {
    const sources: [string, MrzReading | null][] = [
      ['IMAGE_MRZ', input.imageMrz],
      ['SCANNER_MRZ', input.scannerMrz],
    ];
    const against = sources.filter((x): x is [string, MrzReading] => x[1] !== null && x[1].valid);
    if (against.length === 0) {
      breakdown.push(sub('chip_data_mrz_comparison', 'FAIL', { reason: 'no valid MRZ from the image or a scanner to compare the chip with' }));
      notAvailable ??= 'the chip could not be compared with the printed MRZ: none was read';
    } else {
      const differing = new Set<string>();
      for (const [, m] of against) for (const f of COMPARED) if ((m.fields[f] ?? '') !== (dg1.fields[f] ?? '')) differing.add(f);
      breakdown.push(
        sub('chip_data_mrz_comparison', differing.size === 0 ? 'PASS' : 'FAIL', {
          compared_with: against.map(([s]) => s).join(','),
          differing_fields: [...differing].join(','),
        }),
      );
      if (differing.size > 0) reject ??= CHIP_REASONS.CHIP_DATA_MISMATCH;
    }
  }

  const ca = chip.chipAuthentication.status;
  const aa = chip.activeAuthentication.status;
  if (ca !== 'NOT_SUPPORTED' || aa !== 'NOT_SUPPORTED') {
    const failed = ca === 'FAILED' || aa === 'FAILED';
    breakdown.push(sub('chip_authentication', failed ? 'FAIL' : 'PASS', {
      chip_authentication: ca,
      active_authentication: aa,
      reason: failed ? (ca === 'FAILED' ? chip.chipAuthentication.detail : chip.activeAuthentication.detail) : undefined,
      reported_by: 'the kiosk chip reader',
    }));
    // Copied chip data passes PA; only CA/AA show the chip holds the state's private key.
    if (failed) reject ??= CHIP_REASONS.CHIP_CLONED;
  }

  let portrait: Dg2Portrait | null = null;
  const dg2 = chip.dataGroups.get(2);
  if (dg2) {
    try {
      portrait = parseDg2(dg2);
    } catch {
      portrait = null;
    }
  }
  return { breakdown, reject, notAvailable, passiveAuthentication: pa, dg1, portrait };
}
