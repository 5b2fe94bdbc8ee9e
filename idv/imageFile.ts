// The one check that bytes are a whole JPEG or PNG, for the upload routes (refused before anything
// is stored) and the upload feedback (said in words): the magic bytes name the format, and a walk
// over the file's segments/chunks proves it is not truncated (a cut-off upload is the commonest
// failure of a flaky kiosk network) and finds its size.
import { sniffImage, type ImageMime } from '../vision/image/imageSignature';

export { sniffImage, type ImageMime };

export type ImageFileProblem = 'EMPTY' | 'NOT_AN_IMAGE' | 'TRUNCATED' | 'CORRUPT';

export type ImageFileCheck =
  | { ok: true; mime: ImageMime; width: number; height: number }
  | { ok: false; problem: ImageFileProblem; mime: ImageMime | null; reason: string };

const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * The most pixels an upload may decode to: a 600 dpi A4 scan is 35 MP, a 4K camera frame 8.3 MP. A
 * small file can claim far more (a 95 KiB PNG of one colour decodes to 100 MP, seconds of CPU and
 * 100+ MB of memory), so the size in the file's header is checked before anything decodes it.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

export const formatName = (mime: ImageMime): string => (mime === 'image/jpeg' ? 'JPEG' : 'PNG');

class Problem extends Error {
  constructor(
    readonly problem: 'TRUNCATED' | 'CORRUPT',
    reason: string,
  ) {
    super(reason);
  }
}

export function checkImageFile(bytes: Uint8Array): ImageFileCheck {
  if (bytes.length === 0) return { ok: false, problem: 'EMPTY', mime: null, reason: 'the file is empty' };
  const mime = sniffImage(bytes);
  if (mime === null)
    return { ok: false, problem: 'NOT_AN_IMAGE', mime, reason: 'the file is not a JPEG or PNG image' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const size = mime === 'image/jpeg' ? walkJpeg(buf) : walkPng(buf);
    if (size.width === 0 || size.height === 0)
      return {
        ok: false,
        problem: 'CORRUPT',
        mime,
        reason: `the ${formatName(mime)} file has no dimensions`,
      };
    return { ok: true, mime, ...size };
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    return { ok: false, problem: err.problem, mime, reason: err.message };
  }
}

const truncated = (kind: string) => new Problem('TRUNCATED', `the ${kind} file is truncated`);

function walkJpeg(buf: Buffer): { width: number; height: number } {
  let width = 0;
  let height = 0;
  let i = 2;
  for (;;) {
    if (i >= buf.length) throw truncated('JPEG');
    if (buf[i] !== 0xff) throw new Problem('CORRUPT', `the JPEG has no marker at byte ${i}`);
    while (i < buf.length && buf[i] === 0xff) i += 1; // fill bytes
    if (i >= buf.length) throw truncated('JPEG');
    const marker = buf[i];
    i += 1;
    if (marker === 0xd9) break; // EOI: the file is whole
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (i + 2 > buf.length) throw truncated('JPEG');
    const length = buf.readUInt16BE(i);
    if (length < 2) throw new Problem('CORRUPT', `the JPEG has a bad segment length at byte ${i}`);
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
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Problem('CORRUPT', `the PNG has a bad chunk at byte ${i}`);
    if (i + 12 + length > buf.length) throw truncated('PNG');
    if (type === 'IHDR' && length >= 8) {
      width = buf.readUInt32BE(i + 8);
      height = buf.readUInt32BE(i + 12);
    }
    if (type === 'IDAT') sawData = true;
    i += 12 + length;
    if (type === 'IEND') break;
  }
  if (!sawData) throw new Problem('CORRUPT', 'the PNG has no image data');
  return { width, height };
}
