// Reading one page image: decode, image quality, then document reading (MRZ, PDF417). Done once per
// page: at upload for the instant feedback, and the result is stored (sealed) with the page so the
// checks at submit reuse it; a page stored without one (no vision then, or it failed) is read at
// submit. Failures are recorded, never thrown.
import { z } from 'zod';
import type { RgbaImage, VisionPort } from '../../vision/contract';
import { errorText } from './reportJson';
import type { PageReading } from './types';

export interface PageRead {
  reading: PageReading;
  /** The decoded image, for callers that need its pixels or size (never stored). */
  image: RgbaImage | null;
}

export async function readPage(vision: VisionPort, decode: () => Promise<RgbaImage>): Promise<PageRead> {
  const reading: PageReading = {
    decodeError: null,
    quality: null,
    qualityError: null,
    document: null,
    readError: null,
  };
  let image: RgbaImage;
  try {
    image = await decode();
  } catch (error) {
    reading.decodeError = errorText(error);
    return { reading, image: null };
  }
  try {
    reading.quality = vision.assessQuality(image);
  } catch (error) {
    reading.qualityError = errorText(error);
  }
  try {
    reading.document = await vision.readDocument(image);
  } catch (error) {
    reading.readError = errorText(error);
  }
  return { reading, image };
}

// The stored reading is authenticated (AES-GCM) so it is ours, but it may come from an older
// build: anything not in today's shape is ignored and the page is simply read again.
const point = z.object({ x: z.number(), y: z.number() });
const qualitySchema = z.object({
  corners: z.tuple([point, point, point, point]).nullable(),
  fillRatio: z.number(),
  sharpness: z.number(),
  glare: z.number(),
  exposure: z.number(),
  issues: z.array(
    z.enum(['NO_DOCUMENT', 'TOO_SMALL', 'BLURRED', 'GLARE', 'TOO_DARK', 'TOO_BRIGHT', 'NOT_STEADY']),
  ),
  ok: z.boolean(),
});
const nullableText = z.string().nullable();
const mrzSchema = z.object({
  format: z.enum(['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB', 'FR_ID']),
  lines: z.array(z.string()),
  valid: z.boolean(),
  fields: z.object({
    document_type: nullableText,
    issuing_country: nullableText,
    nationality: nullableText,
    document_number: nullableText,
    family_name: nullableText,
    given_names: nullableText,
    date_of_birth: nullableText,
    expiration_date: nullableText,
    sex: nullableText,
    personal_number: nullableText,
  }),
  invalid_fields: z.array(z.string()),
  repairs: z.array(z.string()).optional(),
});
const barcodeSchema = z.object({
  format: z.string(),
  text: z.string(),
  aamva: z.record(z.string(), z.string()).nullable(),
  fields: z.record(z.string(), z.string()).nullable(),
});
const pageReadingSchema = z.object({
  decodeError: nullableText,
  quality: qualitySchema.nullable(),
  qualityError: nullableText,
  document: z.object({ mrz: mrzSchema.nullable(), barcode: barcodeSchema.nullable() }).nullable(),
  readError: nullableText,
});

/** A stored reading in today's shape, or null (then the page is read again). */
export function parsePageReading(stored: unknown): PageReading | null {
  const parsed = pageReadingSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
