// The chip data a capture client sends for an ID document (the local service's counterpart of
// Yoti's chip_data): the raw EF.SOD and data groups as the chip gave them, so the service runs
// passive authentication itself against its own CSCA store, and the chip and active
// authentication outcomes, which only the reader that talked to the chip can know (reported as such).
import { z } from 'zod';

const MAX_FILE_BYTES = 96 * 1024;
const base64 = z
  .string()
  .max(Math.ceil(MAX_FILE_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const reported = z.object({ status: z.enum(['PASSED', 'FAILED', 'NOT_SUPPORTED']), detail: z.string().max(400) });

export const ChipResourceBody = z.object({
  access: z.enum(['PACE', 'BAC']),
  sod: base64,
  /** Data group number ("1".."16") → the file's bytes. DG1 is required. */
  data_groups: z
    .record(z.string().regex(/^(?:[1-9]|1[0-6])$/, 'data group numbers are 1 to 16'), base64)
    .refine((d) => d['1'] !== undefined, 'DG1 is required'),
  chip_authentication: reported,
  active_authentication: reported,
});
export type ChipResourceBody = z.infer<typeof ChipResourceBody>;

export interface ChipData {
  access: 'PACE' | 'BAC';
  sod: Buffer;
  dataGroups: Map<number, Buffer>;
  chipAuthentication: z.infer<typeof reported>;
  activeAuthentication: z.infer<typeof reported>;
}

export class ChipResourceError extends Error {
  override readonly name = 'ChipResourceError';
}

/** The body checked against the schema (unknown keys dropped); a bad one is a ChipResourceError. */
export function validChipBody(body: unknown): ChipResourceBody {
  const parsed = ChipResourceBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChipResourceError(`chip data: ${issue.path.join('.') || 'body'} ${issue.message}`);
  }
  return parsed.data;
}

/** Validates a client's chip body; a bad one is a ChipResourceError saying what is wrong. */
export function parseChipResource(body: unknown): ChipData {
  const b = validChipBody(body);
  return {
    access: b.access,
    sod: Buffer.from(b.sod, 'base64'),
    dataGroups: new Map(Object.entries(b.data_groups).map(([n, v]) => [Number(n), Buffer.from(v, 'base64')])),
    chipAuthentication: b.chip_authentication,
    activeAuthentication: b.active_authentication,
  };
}

/** The body a kiosk sends for what it read (chip/read/readPassport's ChipRead). */
export function chipResourceBody(read: {
  access: { protocol: 'PACE' | 'BAC' };
  raw: { sod: Buffer; dataGroups: ReadonlyMap<number, Buffer> };
  chipAuthentication: ChipData['chipAuthentication'];
  activeAuthentication: ChipData['activeAuthentication'];
}): ChipResourceBody {
  return {
    access: read.access.protocol,
    sod: read.raw.sod.toString('base64'),
    data_groups: Object.fromEntries([...read.raw.dataGroups].map(([n, b]) => [String(n), b.toString('base64')])),
    chip_authentication: read.chipAuthentication,
    active_authentication: read.activeAuthentication,
  };
}
