// AAMVA DL/ID card design standard payloads (the PDF417 on the back of North American driving
// licences and ID cards): header, subfiles, data elements, and a mapping to the MRZ field
// vocabulary so the IDV checks treat both sources alike.
import type { MrzFields } from '../contract';

export interface AamvaHeader {
  /** Issuer Identification Number (6 digits, identifies the jurisdiction). */
  iin: string;
  /** AAMVA standard version (0 = pre-2000 "AAMVA" files, 1 = 2000, … 10 = 2020). */
  version: number;
  jurisdictionVersion: number | null;
  /** Subfile types present: DL (driving licence), ID (identification card), or jurisdiction ones (Zx). */
  subfiles: string[];
}

export interface AamvaRecord {
  header: AamvaHeader;
  /** Data elements by their three-letter id (DCS, DAC, DBB, …), values trimmed. */
  elements: Record<string, string>;
  /** ISO 3166 alpha-3 country of issue (USA, CAN, MEX) when it can be told. */
  country: string | null;
  /** Which subfile the person's data came from. */
  documentSubfile: 'DL' | 'ID' | null;
}

const CANADIAN_PROVINCES = new Set([
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'NT',
  'NU',
  'ON',
  'PE',
  'QC',
  'SK',
  'YT',
]);
const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'
  ).split(' '),
);
/** Canadian and Mexican issuers' IINs (the fallback when neither DCG nor DAJ names the country);
 * every other 636xxx/604xxx IIN in the AAMVA registry is a US jurisdiction. */
const IIN_COUNTRY: Record<string, string> = {
  '636012': 'CAN', // Ontario
  '636013': 'CAN', // Nova Scotia
  '636016': 'CAN', // Newfoundland and Labrador
  '636017': 'CAN', // New Brunswick
  '636028': 'CAN', // British Columbia
  '636044': 'CAN', // Saskatchewan
  '636048': 'CAN', // Manitoba
  '604426': 'CAN', // Prince Edward Island
  '604428': 'CAN', // Quebec
  '604429': 'CAN', // Yukon
  '604432': 'CAN', // Alberta
  '636056': 'MEX', // Coahuila
  '636057': 'MEX', // Hidalgo
};

function parseHeader(text: string): {
  header: AamvaHeader;
  bodyStart: number;
  designators: { type: string; offset: number; length: number }[];
} | null {
  const m = /(ANSI ?|AAMVA)(\d{6})(\d{2})(\d{2})?(\d{2})?/.exec(text.slice(0, 40));
  if (!m || m.index > 6) return null;
  const iin = m[2];
  const version = Number(m[3]);
  // Version 1 and later: IIN, version, jurisdiction version, entry count; pre-2000 files lack the
  // jurisdiction version.
  let jurisdictionVersion: number | null = null;
  let entries: number;
  let pos = m.index + m[1].length + 6 + 2;
  if (version >= 2) {
    jurisdictionVersion = Number(text.slice(pos, pos + 2));
    pos += 2;
  } else if (version === 1) {
    // AAMVA 2000 files may or may not carry the jurisdiction version; the entry count follows.
    const maybe = text.slice(pos, pos + 4);
    if (/^\d{4}(DL|ID)/.test(text.slice(pos, pos + 6))) {
      jurisdictionVersion = Number(maybe.slice(0, 2));
      pos += 2;
    }
  }
  entries = Number(text.slice(pos, pos + 2));
  pos += 2;
  if (!Number.isFinite(entries) || entries < 1 || entries > 20) entries = 0;
  const designators: { type: string; offset: number; length: number }[] = [];
  for (let i = 0; i < entries; i++) {
    const d = /^([A-Z]{2})(\d{4})(\d{4})/.exec(text.slice(pos, pos + 10));
    if (!d) break;
    designators.push({ type: d[1], offset: Number(d[2]), length: Number(d[3]) });
    pos += 10;
  }
  return {
    header: { iin, version, jurisdictionVersion, subfiles: designators.map((d) => d.type) },
    bodyStart: pos,
    designators,
  };
}

/** Splits one subfile's body ("DLDAQ123\nDCSSMITH\n…\r") into elements. */
function parseElements(body: string, into: Record<string, string>): void {
  // Elements end with LF; subfiles with CR; RS separates records in some issuers' files.
  // eslint-disable-next-line no-control-regex
  for (const raw of body.split(/[\n\r\x1e]+/)) {
    const line = raw.replace(/^\s+/, '');
    const m = /^([A-Z]{3})(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2].trim();
    // The first subfile wins when jurisdiction subfiles repeat an id.
    if (!(m[1] in into)) into[m[1]] = value;
  }
}

/** Parses an AAMVA payload; null when the text is not one. */
export function parseAamva(text: string): AamvaRecord | null {
  if (typeof text !== 'string' || !text.startsWith('@')) return null;
  const parsed = parseHeader(text);
  if (!parsed) return null;
  const { header, bodyStart, designators } = parsed;
  const elements: Record<string, string> = {};
  let documentSubfile: AamvaRecord['documentSubfile'] = null;
  let usedOffsets = false;
  for (const d of designators) {
    // Offsets count from the start of the file; check they land on the subfile type.
    const chunk = text.slice(d.offset, d.offset + d.length);
    if (chunk.startsWith(d.type)) {
      usedOffsets = true;
      if (!documentSubfile && (d.type === 'DL' || d.type === 'ID')) documentSubfile = d.type;
      parseElements(chunk.slice(2), elements);
    }
  }
  if (!usedOffsets) {
    // Many issuers get the offsets wrong: fall back to the first DL/ID subfile marker after the header.
    const rest = text.slice(bodyStart);
    const m = /(DL|ID)(?=[A-Z]{3})/.exec(rest);
    if (!m) return null;
    documentSubfile = m[1] as 'DL' | 'ID';
    parseElements(rest.slice(m.index + 2), elements);
  }
  if (Object.keys(elements).length === 0) return null;
  return { header, elements, country: countryOf(header, elements), documentSubfile };
}

function countryOf(header: AamvaHeader, el: Record<string, string>): string | null {
  const dcg = (el.DCG ?? '').toUpperCase();
  if (dcg === 'USA' || dcg === 'CAN' || dcg === 'MEX') return dcg;
  const state = (el.DAJ ?? '').toUpperCase();
  if (CANADIAN_PROVINCES.has(state)) return 'CAN';
  if (US_STATES.has(state)) return 'USA';
  if (IIN_COUNTRY[header.iin]) return IIN_COUNTRY[header.iin];
  if (/^(636|604)\d{3}$/.test(header.iin)) return 'USA';
  return null;
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * AAMVA dates are MMDDCCYY in the USA and CCYYMMDD in Canada (and in AAMVA 2000 files); returns
 * ISO YYYY-MM-DD, or null when the value is not a valid date in either order.
 */
export function aamvaDateToIso(
  value: string | undefined,
  country: string | null,
  version = 10,
): string | null {
  if (!value) return null;
  const v = value.replace(/[^0-9]/g, '');
  if (v.length !== 8) return null;
  const ymd = (): string | null => {
    const y = Number(v.slice(0, 4));
    const m = Number(v.slice(4, 6));
    const d = Number(v.slice(6, 8));
    return isValidDate(y, m, d) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : null;
  };
  const mdy = (): string | null => {
    const m = Number(v.slice(0, 2));
    const d = Number(v.slice(2, 4));
    const y = Number(v.slice(4, 8));
    return isValidDate(y, m, d) ? `${v.slice(4, 8)}-${v.slice(0, 2)}-${v.slice(2, 4)}` : null;
  };
  if (country === 'CAN' || version <= 1) return ymd() ?? mdy();
  return mdy() ?? ymd();
}

function sexOf(value: string | undefined): string | null {
  switch ((value ?? '').trim().toUpperCase()) {
    case '1':
    case 'M':
      return 'M';
    case '2':
    case 'F':
      return 'F';
    case '9':
    case 'X':
      return 'X';
    default:
      return null;
  }
}

const clean = (s: string | undefined): string | null => {
  if (s === undefined) return null;
  const t = s.replace(/\s+/g, ' ').trim().toUpperCase();
  return t === '' || t === 'NONE' || t === 'UNAVL' ? null : t;
};

/** The record in the MRZ field vocabulary (names upper-case, dates ISO, sex M/F/X). */
export function aamvaToMrzFields(record: AamvaRecord): Partial<MrzFields> {
  const el = record.elements;
  let family = clean(el.DCS) ?? clean(el.DAB);
  let given: string | null = null;
  if (el.DAC !== undefined || el.DAD !== undefined) {
    given = [clean(el.DAC), clean(el.DAD)].filter(Boolean).join(' ') || null;
  } else if (el.DCT !== undefined) {
    // AAMVA 2005–2009: "FIRST,MIDDLE" (or with spaces).
    given = clean(el.DCT.replace(/,/g, ' '));
  }
  if (!family && el.DAA) {
    // AAMVA 2000: DAA "LAST,FIRST,MIDDLE" (or "LAST FIRST MIDDLE" with spaces in some states).
    const parts = el.DAA.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    family = clean(parts[0]);
    given ??= clean(parts.slice(1).join(' ')) ?? null;
  }
  const v = record.header.version;
  return {
    document_type: record.documentSubfile === 'ID' ? 'NATIONAL_ID' : 'DRIVING_LICENCE',
    issuing_country: record.country,
    nationality: null,
    document_number: clean(el.DAQ),
    family_name: family,
    given_names: given,
    date_of_birth: aamvaDateToIso(el.DBB, record.country, v),
    expiration_date: aamvaDateToIso(el.DBA, record.country, v),
    sex: sexOf(el.DBC),
    personal_number: null,
  };
}
