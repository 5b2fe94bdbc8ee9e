// The JSON a chip read is reported as (the CLI's --json, the bench): fields, data groups read and
// the PA/CA/AA results. Plain data, no Buffers; the portrait is described, not included.
import type { ChipRead } from './readPassport';

export interface ChipReport {
  access: ChipRead['access'];
  lds_version: string;
  data_groups_present: number[];
  data_groups_read: number[];
  mrz: { lines: string[]; valid: boolean };
  fields: ChipRead['mrz']['fields'];
  portrait: { format: string; width: number; height: number; bytes: number } | null;
  passive_authentication: ChipRead['passiveAuthentication'];
  chip_authentication: ChipRead['chipAuthentication'];
  active_authentication: ChipRead['activeAuthentication'];
  read_chunk: number;
  timings_ms: Record<string, number>;
}

export function chipReport(r: ChipRead): ChipReport {
  return {
    access: r.access,
    lds_version: r.ldsVersion,
    data_groups_present: r.dataGroupsPresent,
    data_groups_read: r.dataGroupsRead,
    mrz: { lines: r.mrz.lines, valid: r.mrz.valid },
    fields: r.mrz.fields,
    portrait: r.portrait ? { format: r.portrait.format, width: r.portrait.width, height: r.portrait.height, bytes: r.portrait.image.length } : null,
    passive_authentication: r.passiveAuthentication,
    chip_authentication: r.chipAuthentication,
    active_authentication: r.activeAuthentication,
    read_chunk: r.chunk,
    timings_ms: r.timings,
  };
}
