// Checks that an uploaded body really is a whole JPEG or PNG before anything is stored: the
// magic bytes say which format it is, and a walk over the file's segments/chunks proves it is not
// truncated (a cut-off upload is the commonest failure of a flaky kiosk network).
import { HttpError, badRequest } from './httpError';

export type ImageMime = 'image/jpeg' | 'image/png';

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffMime(bytes: Uint8Array): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(PNG_SIGNATURE))
    return 'image/png';
  return null;
}

/**
 * Validates an image body against its declared Content-Type. Throws 415 for a body that is not a
 * JPEG/PNG (or a declared type we do not take), 400 for a mismatch, a truncated or a corrupt file.
 */
export function inspectImage(bytes: Uint8Array, declaredType: string | undefined): ImageInfo {
  // The yoti SDK labels JPEG face captures "image/jpg"; it is the same thing.
  const raw = declaredType?.split(';')[0].trim().toLowerCase();
  const declared = raw === 'image/jpg' ? 'image/jpeg' : raw;
  if (declared !== undefined && declared !== 'image/jpeg' && declared !== 'image/png') {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be image/jpeg or image/png, got ${declared === '' ? 'nothing' : declared}`,
    );
  }
  if (bytes.length === 0) throw badRequest('EMPTY_IMAGE', 'the image body is empty');
  const actual = sniffMime(bytes);
  if (actual === null) throw new HttpError(415, 'NOT_AN_IMAGE', 'the body is not a JPEG or PNG image');
  if (declared !== undefined && declared !== actual) {
    throw badRequest('CONTENT_TYPE_MISMATCH', `Content-Type says ${declared} but the body is ${actual}`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = actual === 'image/jpeg' ? walkJpeg(buf) : walkPng(buf);
  if (size.width === 0 || size.height === 0) {
    throw badRequest('CORRUPT_IMAGE', `the ${actual} image has no dimensions`);
  }
  return { mime: actual, ...size };
}

function truncated(kind: string): HttpError {
  return badRequest('TRUNCATED_IMAGE', `the ${kind} image is truncated (the upload did not arrive whole)`);
}

function walkJpeg(buf: Buffer): { width: number; height: number } {
  let width = 0;
  let height = 0;
  let i = 2;
  for (;;) {
    if (i >= buf.length) throw truncated('JPEG');
    if (buf[i] !== 0xff) throw badRequest('CORRUPT_IMAGE', `the JPEG has no marker at byte ${i}`);
    while (i < buf.length && buf[i] === 0xff) i += 1; // fill bytes
    if (i >= buf.length) throw truncated('JPEG');
    const marker = buf[i];
    i += 1;
    if (marker === 0xd9) break; // EOI: the file is whole
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (i + 2 > buf.length) throw truncated('JPEG');
    const length = buf.readUInt16BE(i);
    if (length < 2) throw badRequest('CORRUPT_IMAGE', `the JPEG has a bad segment length at byte ${i}`);
    if (i + length > buf.length) throw truncated('JPEG');
    if (JPEG_SOF.has(marker) && length >= 7) {
      height = buf.readUInt16BE(i + 3);
      width = buf.readUInt16BE(i + 5);
    }
    i += length;
    if (marker === 0xda) {
      // Entropy-coded data: runs until a marker other than stuffing (FF00) or a restart marker.
      for (;;) {
        const next = buf.indexOf(0xff, i);
        if (next < 0 || next + 1 >= buf.length) throw truncated('JPEG');
        const after = buf[next + 1];
        if (after === 0x00 || (after >= 0xd0 && after <= 0xd7) || after === 0xff) {
          i = after === 0xff ? next + 1 : next + 2;
          continue;
        }
        i = next;
        break;
      }
    }
  }
  return { width, height };
}

function walkPng(buf: Buffer): { width: number; height: number } {
  let i = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  for (;;) {
    if (i + 8 > buf.length) throw truncated('PNG');
    const length = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw badRequest('CORRUPT_IMAGE', `the PNG has a bad chunk at byte ${i}`);
    if (i + 12 + length > buf.length) throw truncated('PNG');
    if (type === 'IHDR' && length >= 8) {
      width = buf.readUInt32BE(i + 8);
      height = buf.readUInt32BE(i + 12);
    }
    if (type === 'IDAT') sawData = true;
    i += 12 + length;
    if (type === 'IEND') break;
  }
  if (!sawData) throw badRequest('CORRUPT_IMAGE', 'the PNG has no image data');
  return { width, height };
}
