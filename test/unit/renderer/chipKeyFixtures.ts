// What staff may type on the chip screen, for the tests of both sides (the screen's live check,
// the flow store, main's check): the ICAO specimen's zones (TD3, and TD1/TD2 ID cards, one with a
// document number longer than nine characters) and its three key fields with their check digits.
export const SPECIMEN_TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
export const SPECIMEN_TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
/** Document number D23145890AB12: its last four characters and check digit in the optional data. */
export const SPECIMEN_TD1_LONG = ['I<UTOD23145890<AB125<<<<<<<<<<', SPECIMEN_TD1[1], SPECIMEN_TD1[2]];
export const SPECIMEN_TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
export const SPECIMEN_TD2_LONG = [SPECIMEN_TD2[0], 'D23145890<UTO7408122F1204159AB125<<0'];

/** The specimen passport's key as the short form sends it. */
export const SPECIMEN_TYPED_KEY = {
  documentNumber: 'L898902C3',
  documentNumberCheckDigit: '6',
  dateOfBirth: '740812',
  dateOfBirthCheckDigit: '2',
  dateOfExpiry: '120415',
  dateOfExpiryCheckDigit: '9',
};
