// DG14 (ICAO 9303 Part 11 §9.2): SecurityInfos for chip authentication (and the AA algorithm).
import { expectTlv } from '../tlv';
import { parseSecurityInfos, type SecurityInfos } from './securityInfos';

export function parseDg14(bytes: Buffer): SecurityInfos {
  return parseSecurityInfos(Buffer.from(expectTlv(bytes, 0x6e, 'DG14').value), 'DG14');
}
