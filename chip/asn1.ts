// The one place DER bytes from a card or a file become asn1js values: anything asn1js cannot
// decode, or that is followed by junk, is a ChipError 'ASN1_MALFORMED' naming what it was.
import * as asn1js from 'asn1js';
import { ChipError } from './errors';

export function parseDer(bytes: Buffer | Uint8Array, what: string): asn1js.AsnType {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const copy = view.slice().buffer;
  const r = asn1js.fromBER(copy);
  if (r.offset === -1) throw new ChipError('ASN1_MALFORMED', `${what} is not valid ASN.1 DER: ${r.result.error || 'decode failed'}`);
  if (r.offset !== copy.byteLength) throw new ChipError('ASN1_MALFORMED', `${what} has ${copy.byteLength - r.offset} bytes after its ASN.1 structure`);
  return r.result;
}

export function asnMalformed(what: string): ChipError {
  return new ChipError('ASN1_MALFORMED', what);
}

/** The children of a SEQUENCE or SET, or an error naming `what`. */
export function children(v: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!(v instanceof asn1js.Sequence) && !(v instanceof asn1js.Set)) throw asnMalformed(`${what} is not a SEQUENCE or SET`);
  return v.valueBlock.value;
}

export function asOid(v: asn1js.AsnType | undefined, what: string): string {
  if (!(v instanceof asn1js.ObjectIdentifier)) throw asnMalformed(`${what} is not an OBJECT IDENTIFIER`);
  return v.valueBlock.toString();
}

export function asInt(v: asn1js.AsnType | undefined, what: string): number {
  if (!(v instanceof asn1js.Integer)) throw asnMalformed(`${what} is not an INTEGER`);
  return v.valueBlock.valueDec;
}

export function asOctets(v: asn1js.AsnType | undefined, what: string): Buffer {
  if (!(v instanceof asn1js.OctetString)) throw asnMalformed(`${what} is not an OCTET STRING`);
  return Buffer.from(v.valueBlock.valueHexView);
}

/** The DER encoding of a decoded value (e.g. a SubjectPublicKeyInfo inside a SecurityInfo). */
export function derOf(v: asn1js.AsnType): Buffer {
  return Buffer.from(v.toBER(false));
}
