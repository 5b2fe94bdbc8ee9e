// Every failure the chip code raises is a ChipError with a code the caller can act on (retry,
// tell the person, fall back) and a message in words. Nothing below throws a bare Error for
// something a card or a file can cause.

export type ChipErrorCode =
  /** BER-TLV bytes that do not parse (length past the end, bad length form, wrong tag). */
  | 'TLV_MALFORMED'
  /** ASN.1, CMS or X.509 structure that does not parse or lacks what ICAO 9303 requires. */
  | 'ASN1_MALFORMED'
  /** The MRZ key did not open the chip (BAC/PACE authentication refused or did not verify). */
  | 'ACCESS_DENIED'
  /** The card went away (removed, reset) during an exchange. */
  | 'CARD_REMOVED'
  /** The card answered with a status word the step cannot go on from. */
  | 'CARD_STATUS'
  /** A secure-messaging response whose MAC or structure is wrong. */
  | 'SM_FAILED'
  /** The card does not offer what was asked (e.g. no supported PACE parameters). */
  | 'UNSUPPORTED'
  /** The MRZ text given to derive keys from is not usable. */
  | 'BAD_MRZ'
  /** No reader, or the named reader is not attached, or no card in it. */
  | 'NO_READER'
  | 'NO_CARD';

export class ChipError extends Error {
  override readonly name = 'ChipError';
  constructor(
    readonly code: ChipErrorCode,
    message: string,
    /** The status word where the card gave one. */
    readonly sw?: number,
  ) {
    super(message);
  }
}

export function isChipError(err: unknown, code?: ChipErrorCode): err is ChipError {
  return err instanceof ChipError && (code === undefined || err.code === code);
}

/** Hex of a status word for messages ("6982"). */
export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}
