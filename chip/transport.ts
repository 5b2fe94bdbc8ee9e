// What the protocol code needs from a card connection: one APDU in, one response out. PC/SC
// (electron/services/chip), the virtual card and the in-process software chip all provide it.
export interface ApduTransport {
  transmit(apdu: Buffer): Promise<Buffer>;
}
