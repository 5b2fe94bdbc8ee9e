// The codes an MRZ's issuing-state and nationality fields may hold: ISO 3166-1 alpha-3 (the
// project's one country list) plus the codes ICAO 9303 part 3 adds for issuers ISO has no code
// for, and its specimen state. The reader uses them to choose among look-alike letters (WBR is
// no state, GBR is). Platform-neutral.
import { ISSUING_COUNTRIES } from '../../common/countries';

/** ICAO 9303-3 §5 codes beyond ISO 3166-1 (D for Germany, British and UN variants, stateless…). */
const ICAO_ONLY_CODES = [
  'D<<',
  'GBD',
  'GBN',
  'GBO',
  'GBP',
  'GBS',
  'EUE',
  'RKS',
  'UNA',
  'UNK',
  'UNO',
  'XBA',
  'XCC',
  'XCE',
  'XCO',
  'XDC',
  'XEC',
  'XES',
  'XIM',
  'XMP',
  'XOM',
  'XPO',
  'XXA',
  'XXB',
  'XXC',
  'XXX',
  'UTO',
];

const CODES = new Set<string>([...ISSUING_COUNTRIES, ...ICAO_ONLY_CODES]);

/** Whether `code` (three characters, fillers included) is a state code an MRZ may carry. */
export function isMrzStateCode(code: string): boolean {
  return CODES.has(code);
}
