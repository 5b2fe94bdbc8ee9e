// The document's id photo: the portrait found on the document's pages (face detection on the
// page, see vision/faces/documentPortrait), cut out and encoded as a JPEG. The pipeline stores it
// as the session's generated media (resources.id_documents[].document_id_photo, as at Yoti) and
// the face match check compares the person's face with it.
//
// Found at submit, not at upload: face detection needs the decoded page, which the face match
// decodes anyway, and a page retaken before submit never leaves a stale crop behind.
import sharp from 'sharp';
import type { PageSide } from '../../common/documents';
import type { FaceBox, RgbaImage, VisionPort } from '../../vision/contract';
import { documentPortrait } from '../../vision/faces/documentPortrait';
import { decodeOnce } from './documentEvidence';
import { errorText } from './reportJson';
import type { IdDocumentInput } from './types';

/** JPEG quality of the stored crop: staff compare it by eye with the person's face. */
const JPEG_QUALITY = 90;

export type PortraitOrigin =
  /** Found on this page, inside `region` (page pixels). */
  | { kind: 'PAGE'; side: PageSide; pageMediaId: string; region: FaceBox }
  /** Given by the sandbox response-config's text extraction result. */
  | { kind: 'SANDBOX' }
  /** The chip's DG2 portrait (preferred over a page crop: the issuer's own, signed picture). */
  | { kind: 'CHIP'; format: 'JPEG' | 'JPEG2000' };

export interface FoundPortrait {
  found: true;
  origin: PortraitOrigin;
  /** The pixels face match compares (the crop itself, not the page). */
  image: RgbaImage;
  /** The encoded photo as stored. */
  content: Uint8Array;
  contentType: string;
}

export type PortraitOutcome = FoundPortrait | { found: false; reason: string };

/** Pages in the order a portrait is looked for: the front first (where ID photos are printed). */
function pagesToSearch(doc: IdDocumentInput): IdDocumentInput['pages'] {
  return [...doc.pages].sort((a, b) => Number(b.side === 'front') - Number(a.side === 'front'));
}

export async function findDocumentPortrait(
  doc: IdDocumentInput,
  vision: VisionPort,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<PortraitOutcome> {
  const pages = pagesToSearch(doc);
  if (pages.length === 0) return { found: false, reason: 'no page image of the document was uploaded' };
  const problems: string[] = [];
  const searched: string[] = [];
  for (const page of pages) {
    let pixels: RgbaImage;
    try {
      pixels = await decodeOnce(vision, page.mediaId, page.image, decodeCache);
    } catch (error) {
      problems.push(`the ${page.side} page could not be decoded (${errorText(error)})`);
      continue;
    }
    let portrait;
    try {
      portrait = documentPortrait(pixels, await vision.detectFaces(pixels));
    } catch (error) {
      problems.push(`face detection on the ${page.side} page failed (${errorText(error)})`);
      continue;
    }
    searched.push(page.side);
    if (!portrait) continue;
    return {
      found: true,
      origin: { kind: 'PAGE', side: page.side, pageMediaId: page.mediaId, region: portrait.region },
      image: portrait.image,
      content: await encodeJpeg(portrait.image),
      contentType: 'image/jpeg',
    };
  }
  if (searched.length > 0) {
    const where = `no face detected on the ${searched.join(' or ')} page`;
    return { found: false, reason: `no portrait found on the document (${[where, ...problems].join('; ')})` };
  }
  return { found: false, reason: problems.join('; ') };
}

/** The sandbox's id photo as the portrait (decoded, so face match can compare with it). */
export async function sandboxPortrait(
  photo: { contentType: string; data: Uint8Array },
  vision: VisionPort | null,
): Promise<PortraitOutcome> {
  if (!vision) return { found: false, reason: 'face matching is not available in this build' };
  try {
    const image = await vision.decode(photo.data);
    return {
      found: true,
      origin: { kind: 'SANDBOX' },
      image,
      content: photo.data,
      contentType: photo.contentType,
    };
  } catch (error) {
    return {
      found: false,
      reason: `the sandbox document id photo could not be decoded (${errorText(error)})`,
    };
  }
}

export async function encodeJpeg(image: RgbaImage): Promise<Uint8Array> {
  const raw = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const jpeg = await sharp(raw, { raw: { width: image.width, height: image.height, channels: 4 } })
    .removeAlpha()
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
