// Builds AAMVA DL/ID payloads (header with correct subfile offsets) for the tests.
const BASE: Record<string, string | undefined> = {
  DAQ: 'D1234562',
  DCS: 'SAMPLE',
  DDE: 'N',
  DAC: 'JOHN',
  DDF: 'N',
  DAD: 'QUINCY',
  DDG: 'N',
  DCA: 'C',
  DCB: 'NONE',
  DCD: 'NONE',
  DBD: '08312013',
  DBB: '08311977',
  DBA: '08312028',
  DBC: '1',
  DAU: '070 IN',
  DAY: 'BRO',
  DAG: '123 MAIN STREET',
  DAI: 'ANYTOWN',
  DAJ: 'CA',
  DAK: '000000000  ',
  DCF: '83D9BN217QO983B1',
  DCG: 'USA',
  DDB: '02142014',
};

export interface PayloadSpec {
  iin?: string;
  version?: number;
  subfile?: 'DL' | 'ID';
  /** Overrides; undefined removes the element. */
  elements?: Record<string, string | undefined>;
  /** Shifts the declared offsets to mimic issuers that get them wrong. */
  offsetShift?: number;
}

export function aamvaPayload(spec: PayloadSpec = {}): string {
  const els = { ...BASE, ...(spec.elements ?? {}) };
  const type = spec.subfile ?? 'DL';
  const main =
    type +
    Object.entries(els)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}${v}`)
      .join('\n') +
    '\r';
  const juris = 'ZCZCABLUE\nZCBFOO\r';
  const version = String(spec.version ?? 9).padStart(2, '0');
  const prefix = `@\n\x1e\rANSI ${spec.iin ?? '636014'}${version}0102`;
  const headerLength = prefix.length + 2 * 10;
  const shift = spec.offsetShift ?? 0;
  const d = (t: string, offset: number, length: number) =>
    `${t}${String(offset + shift).padStart(4, '0')}${String(length).padStart(4, '0')}`;
  const header =
    prefix + d(type, headerLength, main.length) + d('ZC', headerLength + main.length, juris.length);
  return header + main + juris;
}
