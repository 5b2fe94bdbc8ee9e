// BER-TLV as ISO 7816-4 and ICAO 9303 use it (tags up to 3 bytes, definite lengths up to 4
// bytes). Every read is bounds-checked: a length that runs past the buffer is a ChipError
// 'TLV_MALFORMED', never a short slice. (ASN.1 structures such as the SOD go through asn1js;
// this is for the LDS and APDU data objects, which are plain TLV.)
import { ChipError } from './errors';

export interface Tlv {
  tag: number;
  /** The value bytes (a view into the input). */
  value: Buffer;
  /** Offset of the tag in the input. */
  start: number;
  /** Offset just past this TLV in the input. */
  end: number;
  constructed: boolean;
}

function malformed(what: string): never {
  throw new ChipError('TLV_MALFORMED', `malformed TLV: ${what}`);
}

export interface TlvHeader {
  tag: number;
  /** Bytes of tag and length. */
  headerLength: number;
  /** The value's length as the header states it. */
  length: number;
  constructed: boolean;
}

/** Parses the tag and length at `offset` (the value may lie beyond `buf`: file reading needs this). */
export function readTlvHeader(buf: Buffer, offset = 0): TlvHeader {
  let p = offset;
  if (p >= buf.length) malformed(`no tag at offset ${p} (data is ${buf.length} bytes)`);
  const first = buf[p++];
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let more = true;
    for (let i = 0; more; i++) {
      if (i >= 2) malformed(`tag longer than 3 bytes at offset ${offset}`);
      if (p >= buf.length) malformed(`tag cut short at offset ${offset}`);
      const b = buf[p++];
      tag = (tag << 8) | b;
      more = (b & 0x80) !== 0;
    }
  }
  if (p >= buf.length) malformed(`no length for tag ${tag.toString(16)} at offset ${offset}`);
  let len = buf[p++];
  if (len === 0x80) malformed(`indefinite length for tag ${tag.toString(16)}`);
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4) malformed(`length field of ${n} bytes for tag ${tag.toString(16)}`);
    if (p + n > buf.length) malformed(`length field cut short for tag ${tag.toString(16)}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  return { tag, headerLength: p - offset, length: len, constructed: (first & 0x20) !== 0 };
}

/** Parses one TLV starting at `offset`. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  const h = readTlvHeader(buf, offset);
  const p = offset + h.headerLength;
  if (p + h.length > buf.length) {
    malformed(`tag ${h.tag.toString(16)} says ${h.length} bytes but only ${buf.length - p} remain`);
  }
  return { tag: h.tag, value: buf.subarray(p, p + h.length), start: offset, end: p + h.length, constructed: h.constructed };
}

/** All TLVs laid end to end in `buf` (e.g. the content of a constructed TLV). */
export function readTlvs(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let p = 0;
  while (p < buf.length) {
    // Some cards pad with 00 or FF after the last object; ISO 7816-4 §5.2.2 allows it.
    if (buf[p] === 0x00 || buf[p] === 0xff) {
      p++;
      continue;
    }
    const t = readTlv(buf, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** The one TLV of the outer `tag` at the start of `buf` (e.g. a data group's 0x61 wrapper). */
export function expectTlv(buf: Buffer, tag: number, what: string): Tlv {
  const t = readTlv(buf, 0);
  if (t.tag !== tag) malformed(`${what} should start with tag ${tag.toString(16)}, found ${t.tag.toString(16)}`);
  return t;
}

/** The first child with `tag`, or undefined. */
export function findTlv(children: readonly Tlv[], tag: number): Tlv | undefined {
  return children.find((c) => c.tag === tag);
}

/** The child with `tag`, or a TLV_MALFORMED error naming what is missing. */
export function requireTlv(children: readonly Tlv[], tag: number, what: string): Tlv {
  const t = findTlv(children, tag);
  if (!t) malformed(`${what} (tag ${tag.toString(16)}) is missing`);
  return t;
}

export function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  if (len <= 0xff) return Buffer.from([0x81, len]);
  if (len <= 0xffff) return Buffer.from([0x82, len >> 8, len & 0xff]);
  return Buffer.from([0x83, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
}

function encodeTag(tag: number): Buffer {
  if (tag > 0xffff) return Buffer.from([tag >> 16, (tag >> 8) & 0xff, tag & 0xff]);
  if (tag > 0xff) return Buffer.from([tag >> 8, tag & 0xff]);
  return Buffer.from([tag]);
}

export function encodeTlv(tag: number, ...values: Buffer[]): Buffer {
  const value = Buffer.concat(values);
  return Buffer.concat([encodeTag(tag), encodeLength(value.length), value]);
}
