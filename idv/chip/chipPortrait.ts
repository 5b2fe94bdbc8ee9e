// The DG2 portrait as pixels, for the face match: JPEG through sharp, JPEG 2000 (a raw codestream
// or a JP2 file, whose 'jp2c' box holds the codestream) through @cornerstonejs/codec-openjpeg.
// A portrait that does not decode is an error in words; the caller says NOT_AVAILABLE and why.
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import type { Dg2Portrait } from '../../chip/lds/dg2';

export interface DecodedPortrait {
  width: number;
  height: number;
  /** 8-bit RGB, row by row. */
  rgb: Buffer;
  /** The same picture as JPEG (what the face match reads). */
  jpeg: Buffer;
}

export class PortraitError extends Error {
  override readonly name = 'PortraitError';
}

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');

/** The J2K codestream of a JP2 file (ISO 15444-1 Annex I boxes), or the input when it is one already. */
export function j2kCodestream(bytes: Buffer): Buffer {
  if (bytes.subarray(0, 4).equals(Buffer.from('ff4fff51', 'hex'))) return bytes;
  if (!bytes.subarray(0, 12).equals(JP2_SIGNATURE)) throw new PortraitError('the JPEG 2000 portrait is neither a JP2 file nor a codestream');
  let p = 0;
  while (p + 8 <= bytes.length) {
    let len = bytes.readUInt32BE(p);
    const type = bytes.toString('latin1', p + 4, p + 8);
    let header = 8;
    if (len === 1) {
      if (p + 16 > bytes.length) break;
      len = Number(bytes.readBigUInt64BE(p + 8));
      header = 16;
    } else if (len === 0) len = bytes.length - p;
    if (len < header || p + len > bytes.length) throw new PortraitError(`the JP2 box "${type}" runs past the end of the portrait`);
    if (type === 'jp2c') return bytes.subarray(p + header, p + len);
    p += len;
  }
  throw new PortraitError('the JP2 portrait has no codestream box');
}

interface OpenJpeg {
  J2KDecoder: new () => {
    getEncodedBuffer(n: number): Uint8Array;
    decode(): void;
    getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
    getDecodedBuffer(): Uint8Array;
    delete?(): void;
  };
}

let codec: Promise<OpenJpeg> | null = null;
function openJpeg(): Promise<OpenJpeg> {
  // The decoder-only Emscripten build (CommonJS, no typings); its console output is silenced.
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg/decode') as (opts?: object) => Promise<OpenJpeg>;
  codec ??= factory({ print: () => undefined, printErr: () => undefined });
  return codec;
}

async function decodeJpeg2000(bytes: Buffer): Promise<{ width: number; height: number; channels: 1 | 3; data: Buffer }> {
  const oj = await openJpeg();
  const dec = new oj.J2KDecoder();
  try {
    const stream = j2kCodestream(bytes);
    dec.getEncodedBuffer(stream.length).set(stream);
    try {
      dec.decode();
    } catch (err) {
      throw new PortraitError(`the JPEG 2000 portrait does not decode (${err instanceof Error ? err.message : String(err)})`);
    }
    const fi = dec.getFrameInfo();
    if (fi.bitsPerSample !== 8 || (fi.componentCount !== 1 && fi.componentCount !== 3)) {
      throw new PortraitError(`the JPEG 2000 portrait has ${fi.componentCount} components of ${fi.bitsPerSample} bits (8-bit grey or RGB expected)`);
    }
    return { width: fi.width, height: fi.height, channels: fi.componentCount as 1 | 3, data: Buffer.from(dec.getDecodedBuffer()) };
  } finally {
    dec.delete?.();
  }
}

export async function decodePortrait(portrait: Pick<Dg2Portrait, 'format' | 'image'>): Promise<DecodedPortrait> {
  let img: Sharp;
  if (portrait.format === 'JPEG2000') {
    const d = await decodeJpeg2000(portrait.image);
    img = sharp(d.data, { raw: { width: d.width, height: d.height, channels: d.channels } });
  } else {
    img = sharp(portrait.image, { failOn: 'error' });
  }
  try {
    const { data, info } = await img.clone().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).toColourspace('srgb').removeAlpha().raw().toBuffer();
    const jpeg = await sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
    return { width: info.width, height: info.height, rgb, jpeg };
  } catch (err) {
    if (err instanceof PortraitError) throw err;
    throw new PortraitError(`the ${portrait.format} portrait does not decode (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}
