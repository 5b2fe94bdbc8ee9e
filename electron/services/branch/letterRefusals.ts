// What the branch API's refusals mean for staff at the counter: each service code (idv/ibv/
// branchRoutes.ts) becomes one of the station's refusals, with words staff can act on. Every
// refusal changed nothing: the letter still works where it should.
import type { LetterRefusal } from '../../../common/ipc/branchChannels';

export const REFUSAL_WORDS: Record<LetterRefusal, string> = {
  NOT_A_LETTER_CODE: 'This is not the code of an In-Branch Verification letter. Check that it is the customer’s letter, or type the letter’s code as printed.',
  LETTER_NOT_FOUND: 'This letter is not known. A newer letter may have replaced it: ask the customer for their latest letter.',
  LETTER_OTHER_BUSINESS: 'This letter is for another organisation. This station cannot open it.',
  LETTER_EXPIRED: 'This letter has expired. The customer needs a new letter from their organisation.',
  LETTER_USED: 'This letter was already used at a branch. The customer needs a new letter.',
  SESSION_SUBMITTED: 'This verification was already submitted. Nothing more is needed here.',
  STATION_NOT_REGISTERED: 'This kiosk is not registered as a branch station with the service. Ask IT to register it.',
  NO_INSTRUCTIONS: 'The organisation has not said which document the customer brings. The customer should contact them.',
  SERVICE_UNREACHABLE: 'The verification service cannot be reached. Try again in a moment; the letter was not used.',
  REFUSED: 'The service refused this letter.',
};

const BY_SERVICE_CODE: Record<string, LetterRefusal> = {
  NOT_A_LETTER_CODE: 'NOT_A_LETTER_CODE',
  INVALID_LETTER: 'NOT_A_LETTER_CODE',
  LETTER_NOT_FOUND: 'LETTER_NOT_FOUND',
  LETTER_OTHER_BUSINESS: 'LETTER_OTHER_BUSINESS',
  LETTER_EXPIRED: 'LETTER_EXPIRED',
  LETTER_USED: 'LETTER_USED',
  SESSION_SUBMITTED: 'SESSION_SUBMITTED',
  UNKNOWN_STATION: 'STATION_NOT_REGISTERED',
  UNKNOWN_SDK_ID: 'STATION_NOT_REGISTERED',
};

/** The station's refusal for a branch API answer (status 0 or 5xx: the service was not reached). */
export function refusalOf(status: number, serviceCode: string): LetterRefusal {
  const known = BY_SERVICE_CODE[serviceCode];
  if (known) return known;
  if (status === 0 || status >= 500) return 'SERVICE_UNREACHABLE';
  if (status === 401) return 'STATION_NOT_REGISTERED';
  return 'REFUSED';
}
