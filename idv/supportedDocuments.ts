// Which documents the local service accepts, per issuing country, and which pages each has. One
// table drives GET /supported-documents, the session configuration the kiosk builds its country and
// document pickers from, and the validation of POST .../id-documents. The ICAO specimen issuer is
// in the table only in demo mode (common/documents SPECIMEN_COUNTRY).
import {
  DOCUMENT_TYPES,
  SPECIMEN_COUNTRY,
  pagesOf,
  type DocumentType,
  type PageSide,
} from '../common/documents';
import { ISSUING_COUNTRIES } from '../common/countries';


/** Countries without a national identity card. */
const NO_NATIONAL_ID = new Set(['GBR', 'USA', 'CAN', 'AUS', 'NZL', 'DNK']);

/**
 * Countries whose cards and licences are not printed in Latin script only (passports always are,
 * through the MRZ). Like Yoti, these are listed only when non-Latin documents are asked for.
 */
const NON_LATIN_CARDS = new Set(
  `ARE BHR DZA EGY IRN IRQ JOR KWT LBN LBY MAR OMN QAT SAU SYR TUN YEM PSE SDN AFG PAK ISR RUS BLR UKR KAZ KGZ
TJK MNG BGR SRB MKD CHN HKG MAC TWN JPN KOR PRK THA LAO KHM MMR GEO ARM GRC IND NPL BGD LKA BTN ETH ERI`
    .split(/\s+/)
    .filter(Boolean),
);

const ISO_COUNTRY_SET = new Set(ISSUING_COUNTRIES);

export interface SupportedDocumentType {
  type: DocumentType;
  pages: PageSide[];
  isStrictlyLatin: boolean;
}

/** Countries and documents one service offers: with the specimen issuer in demo mode only. */
export interface DocumentCatalogue {
  readonly demo: boolean;
  isKnownCountry(code: string): boolean;
  /** Every country offered, the specimen issuer first in demo mode, then A-Z. */
  countries(): string[];
  /** Every document type the country issues, with its pages and script; [] for an unknown country. */
  documentTypesFor(country: string): SupportedDocumentType[];
}

export function isKnownDocumentType(type: string): type is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(type);
}

/** True for the specimen issuer: the views mark it (`is_specimen`) where Yoti's shapes have room. */
export function isSpecimenCountry(code: string): boolean {
  return code === SPECIMEN_COUNTRY;
}

function issuedDocuments(country: string): SupportedDocumentType[] {
  return DOCUMENT_TYPES.filter((type) => type !== 'NATIONAL_ID' || !NO_NATIONAL_ID.has(country)).map(
    (type) => ({
      type,
      pages: [...pagesOf(type)],
      isStrictlyLatin: type === 'PASSPORT' || !NON_LATIN_CARDS.has(country),
    }),
  );
}

function catalogue(demo: boolean): DocumentCatalogue {
  const sorted = [...ISO_COUNTRY_SET].sort();
  const countries = demo ? [SPECIMEN_COUNTRY, ...sorted] : sorted;
  const known = new Set(countries);
  return {
    demo,
    isKnownCountry: (code) => known.has(code),
    countries: () => [...countries],
    documentTypesFor: (country) => (known.has(country) ? issuedDocuments(country) : []),
  };
}

const CATALOGUES = { demo: catalogue(true), production: catalogue(false) };

export function documentCatalogue(options: { demo: boolean }): DocumentCatalogue {
  return options.demo ? CATALOGUES.demo : CATALOGUES.production;
}

/** Any country a session specification may name (validated against the service's mode after parsing). */
export function isCountryCode(code: string): boolean {
  return ISO_COUNTRY_SET.has(code) || code === SPECIMEN_COUNTRY;
}

/** Why a country code is refused, in words, for a 400. */
export function unknownCountryMessage(code: string): string {
  return isSpecimenCountry(code)
    ? `${SPECIMEN_COUNTRY} is the ICAO specimen issuer, accepted only when the service runs in demo mode`
    : `${code.slice(0, 16)} is not a known ISO 3166-1 alpha-3 code`;
}

/** GET /supported-documents, shaped for the SDK's SupportedDocumentsResponse. */
export function supportedDocumentsJson(
  documents: DocumentCatalogue,
  includeNonLatin: boolean,
): {
  supported_countries: Array<{
    code: string;
    is_specimen?: true;
    supported_documents: Array<{ type: string; is_strictly_latin: boolean }>;
  }>;
} {
  return {
    supported_countries: documents.countries().map((code) => ({
      code,
      ...(isSpecimenCountry(code) ? { is_specimen: true as const } : {}),
      supported_documents: documents
        .documentTypesFor(code)
        .filter((doc) => includeNonLatin || doc.isStrictlyLatin)
        .map((doc) => ({ type: doc.type, is_strictly_latin: doc.isStrictlyLatin })),
    })),
  };
}
