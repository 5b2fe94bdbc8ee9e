// The extracted document fields (Yoti's document fields JSON) from an MRZ or a PDF417 barcode.
// Fields whose check digit failed are left out rather than reported wrong.
import type { MrzFields, MrzReading } from '../../vision/contract';
import type { DocumentEvidence } from './documentEvidence';
import type { DocumentFieldsJson } from './types';

/** ICAO 9303 uses a few codes that are not ISO 3166 alpha-3. */
const ICAO_TO_ISO: Readonly<Record<string, string>> = {
  D: 'DEU',
  GBD: 'GBR',
  GBN: 'GBR',
  GBO: 'GBR',
  GBS: 'GBR',
  GBP: 'GBR',
};

export function isoCountry(code: string | null | undefined): string | null {
  if (!code) return null;
  const clean = code.replace(/</g, '').toUpperCase();
  return ICAO_TO_ISO[clean] ?? (clean || null);
}

const MRZ_TYPE: Readonly<Record<MrzReading['format'], number>> = {
  TD1: 1,
  TD2: 2,
  TD3: 3,
  MRVA: 3,
  MRVB: 2,
  FR_ID: 2,
};

function gender(sex: string | null | undefined): string | undefined {
  if (sex === 'M') return 'MALE';
  if (sex === 'F') return 'FEMALE';
  return undefined; // 'X' / '<' is "unspecified": say nothing rather than guess.
}

function fromFields(fields: Partial<MrzFields>, invalid: ReadonlySet<string>): DocumentFieldsJson {
  const ok = (name: keyof MrzFields): string | undefined => {
    if (invalid.has(name) || (invalid.has('names') && (name === 'family_name' || name === 'given_names')))
      return undefined;
    const v = fields[name];
    return v === null || v === undefined || v === '' ? undefined : v;
  };
  const given = ok('given_names');
  const family = ok('family_name');
  const json: DocumentFieldsJson = {
    full_name: [given, family].filter(Boolean).join(' ') || undefined,
    given_names: given,
    family_name: family,
    date_of_birth: ok('date_of_birth'),
    expiration_date: ok('expiration_date'),
    nationality: isoCountry(ok('nationality')) ?? undefined,
    issuing_country: isoCountry(ok('issuing_country')) ?? undefined,
    document_type: ok('document_type'),
    document_number: ok('document_number'),
    personal_number: ok('personal_number'),
    gender: gender(ok('sex')),
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return json;
}

/** Document fields from what was read, or null when nothing was. */
export function documentFieldsFrom(evidence: DocumentEvidence): DocumentFieldsJson | null {
  if (evidence.mrz) {
    const { reading, source } = evidence.mrz;
    const json = fromFields(reading.fields, new Set(reading.invalid_fields));
    const [line1, line2, line3] = reading.lines;
    json.mrz = { type: MRZ_TYPE[reading.format], line1, line2, ...(line3 ? { line3 } : {}) };
    json.extraction_source = source;
    // A code outside the vocabulary (mrzDocumentType's OTHER) says nothing better than the choice made.
    if (json.document_type === 'OTHER') json.document_type = evidence.input.documentType;
    // Fill what the MRZ lacks (e.g. a TD1 without personal number) from the barcode, never override.
    if (evidence.barcode?.reading.fields) {
      const extra = fromFields(evidence.barcode.reading.fields, new Set());
      for (const [k, v] of Object.entries(extra)) if (json[k] === undefined) json[k] = v;
    }
    return json;
  }
  if (evidence.barcode) {
    const { reading } = evidence.barcode;
    const json = reading.fields ? fromFields(reading.fields, new Set()) : {};
    if (reading.aamva) json.aamva = reading.aamva;
    json.extraction_source = reading.format === 'PDF417' ? 'PDF417' : reading.format;
    return json;
  }
  return null;
}

/**
 * Yoti's expanded document fields, as far as this service can say: every field read, each with
 * the reading it came from, and which MRZ fields failed their check digit (left out above).
 */
export function expandedFieldsFrom(fields: DocumentFieldsJson, ev: DocumentEvidence): Record<string, unknown> {
  const source = fields.extraction_source ?? null;
  const out: Record<string, { value: unknown; source: string | null }> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'extraction_source' || name === 'mrz' || value === undefined) continue;
    out[name] = { value, source };
  }
  return {
    fields: out,
    mrz: fields.mrz ?? null,
    invalid_fields: ev.mrz ? [...ev.mrz.reading.invalid_fields] : [],
    extraction_source: source,
  };
}
