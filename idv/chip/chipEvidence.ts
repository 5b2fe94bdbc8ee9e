// What a document's chip data adds to the pipeline's evidence, read once per run: the
// authenticity sub-checks (chipSubChecks), DG1 as an MRZ reading for the fields, and the DG2
// portrait decoded for the face match. Chip data that cannot be used (malformed body, SOD or DG1
// that do not parse) is an outcome with the reason in words, never an exception.
import type { MrzReading, RgbaImage } from '../../vision/contract';
import { parseDg1 } from '../../chip/lds/dg1';
import { parseDg2 } from '../../chip/lds/dg2';
import { parseSod } from '../../chip/lds/sod';
import { emptyStore, type CscaStore } from '../../chip/pa/cscaStore';
import { errorFirstLine } from '../../common/errorMessage';
import { chipSubChecks, type ChipCheckResult } from './chipChecks';
import { decodePortrait } from './chipPortrait';
import { parseChipResource } from './chipResource';

export interface ChipPortrait {
  format: 'JPEG' | 'JPEG2000';
  image: RgbaImage;
  /** The portrait re-encoded as JPEG: the document id photo. */
  jpeg: Uint8Array;
}

export type ChipEvidence =
  | { usable: false; reason: string }
  | {
      usable: true;
      checks: ChipCheckResult;
      /** DG1, when it parsed and passive authentication did not find it tampered. */
      fields: MrzReading | null;
      portrait: ChipPortrait | null;
      /** Why there is no portrait to use, when there is none. */
      portraitReason: string | null;
    };

export interface ChipEvidenceInput {
  /** The stored chip resource body (idv/chip/chipResource), or null when none was sent. */
  body: unknown;
  imageMrz: MrzReading | null;
  scannerMrz: MrzReading | null;
  store: CscaStore | null | undefined;
  now: Date;
}

function rgba(width: number, height: number, rgb: Buffer): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    data[j] = rgb[i];
    data[j + 1] = rgb[i + 1];
    data[j + 2] = rgb[i + 2];
    data[j + 3] = 255;
  }
  return { width, height, data };
}

export async function gatherChipEvidence(input: ChipEvidenceInput): Promise<ChipEvidence | null> {
  if (input.body === null || input.body === undefined) return null;
  let checks: ChipCheckResult;
  try {
    const chip = parseChipResource(input.body);
    // Files that are not an SOD or a DG1 at all say nothing either way about the document (a
    // broken read or client); a signature or hash that does not verify is evidence (PA FAILED).
    parseSod(chip.sod);
    parseDg1(chip.dataGroups.get(1) as Buffer);
    checks = chipSubChecks({
      chip,
      imageMrz: input.imageMrz,
      scannerMrz: input.scannerMrz,
      store: input.store ?? emptyStore(),
      now: input.now,
    });
  } catch (err) {
    return { usable: false, reason: `the chip data could not be used: ${errorFirstLine(err)}` };
  }
  // A tampered chip gives no fields and no portrait: its data is evidence against it.
  const trusted = checks.passiveAuthentication.status !== 'FAILED';
  let portrait: ChipPortrait | null = null;
  let portraitReason: string | null = null;
  if (!trusted) portraitReason = "the chip's data failed passive authentication";
  else if (!checks.portrait) portraitReason = dg2Problem(input.body);
  else {
    try {
      const d = await decodePortrait(checks.portrait);
      portrait = { format: checks.portrait.format, image: rgba(d.width, d.height, d.rgb), jpeg: new Uint8Array(d.jpeg) };
    } catch (err) {
      portraitReason = errorFirstLine(err);
    }
  }
  return { usable: true, checks, fields: trusted ? checks.dg1 : null, portrait, portraitReason };
}

/** Why DG2 gave no portrait: absent, or what is wrong with it. */
function dg2Problem(body: unknown): string {
  const dg2 = parseChipResource(body).dataGroups.get(2);
  if (!dg2) return 'the chip data has no portrait (DG2)';
  try {
    parseDg2(dg2);
    return 'the chip portrait could not be read';
  } catch (err) {
    return `the chip portrait could not be read: ${errorFirstLine(err)}`;
  }
}
