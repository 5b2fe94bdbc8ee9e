// EF.COM (ICAO 9303 Part 10 §4.6.1): LDS version, Unicode version and the data groups present.
import { ChipError } from '../errors';
import { expectTlv, findTlv, readTlvs, requireTlv } from '../tlv';
import { dgNumberOfTag } from './files';

export interface EfCom {
  ldsVersion: string;
  unicodeVersion: string;
  dataGroups: number[];
}

export function parseEfCom(bytes: Buffer): EfCom {
  const kids = readTlvs(expectTlv(bytes, 0x60, 'EF.COM').value);
  const list = requireTlv(kids, 0x5c, 'EF.COM tag list').value;
  const dataGroups: number[] = [];
  for (const tag of list) {
    const n = dgNumberOfTag(tag);
    if (n === null) throw new ChipError('TLV_MALFORMED', `EF.COM lists an unknown data group tag ${tag.toString(16)}`);
    dataGroups.push(n);
  }
  return {
    ldsVersion: findTlv(kids, 0x5f01)?.value.toString('latin1') ?? '',
    unicodeVersion: findTlv(kids, 0x5f36)?.value.toString('latin1') ?? '',
    dataGroups: dataGroups.sort((a, b) => a - b),
  };
}
