// `idv read FILE... --json`: reads the MRZ and a PDF417 barcode (AAMVA driving licences) of
// each file and returns one result per file, in order. A file that is missing or not an image
// gets an "error" in its element; it never stops the others.
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../common/errorMessage';
import type { BarcodeReading, MrzFields, MrzFormat, RgbaImage } from '../contract';
import { readMrz } from '../mrz/mrzReader';
import { readBarcode } from './barcodeWasm';
import { decodeImage } from './decode';
import { createSecondOpinion, type SecondOpinion } from './mrzSecondOpinion';

export interface ReadResultMrz {
  format: MrzFormat;
  lines: string[];
  valid: boolean;
  fields: MrzFields;
  invalid_fields: string[];
}

export interface ReadResult {
  file: string;
  /** Wall time for decoding and reading this file. */
  ms: number;
  mrz: ReadResultMrz | null;
  barcode: BarcodeReading | null;
  error?: string;
}

export type BarcodeReader = (image: RgbaImage) => Promise<BarcodeReading | null>;

export interface ReadCommandOptions {
  /** Reference date for two-digit years (tests). */
  now?: Date;
  /** Barcode reader (PDF417/AAMVA); by default zxing-wasm via ./barcodeWasm. null = skip. */
  readBarcode?: BarcodeReader | null;
  /** The MRZ reader's second opinion (Tesseract) by default; null: the classifiers only. */
  mrzSecondOpinion?: SecondOpinion | null;
}

const FIELD_ORDER: (keyof MrzFields)[] = [
  'document_type',
  'issuing_country',
  'nationality',
  'document_number',
  'family_name',
  'given_names',
  'date_of_birth',
  'expiration_date',
  'sex',
  'personal_number',
];

async function readOne(
  file: string,
  options: ReadCommandOptions,
  barcodeReader: BarcodeReader | null,
  secondOpinion: SecondOpinion | null,
): Promise<ReadResult> {
  const started = performance.now();
  const result: ReadResult = { file, ms: 0, mrz: null, barcode: null };
  try {
    const bytes = await readFile(file);
    const image = await decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const reading = await readMrz(image, {
      ...(options.now ? { now: options.now } : {}),
      ...(secondOpinion ? { lineReader: secondOpinion } : {}),
    });
    if (reading) {
      const fields = Object.fromEntries(
        FIELD_ORDER.map((k) => [k, reading.fields[k] ?? null]),
      ) as unknown as MrzFields;
      result.mrz = {
        format: reading.format,
        lines: reading.lines,
        valid: reading.valid,
        fields,
        invalid_fields: reading.invalid_fields,
      };
    }
    if (barcodeReader) {
      try {
        result.barcode = await barcodeReader(image);
      } catch (err) {
        result.error = `barcode reading failed: ${errorMessage(err)}`;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    result.error =
      code === 'ENOENT'
        ? `file not found: ${file}`
        : code === 'EISDIR'
          ? `not a file but a directory: ${file}`
          : errorMessage(err);
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** Reads every file in order (one at a time: the machine's cores are shared). */
export async function runReadCommand(
  files: string[],
  options: ReadCommandOptions = {},
): Promise<ReadResult[]> {
  const barcodeReader = options.readBarcode === undefined ? readBarcode : options.readBarcode;
  const secondOpinion = options.mrzSecondOpinion === undefined ? createSecondOpinion() : options.mrzSecondOpinion;
  const results: ReadResult[] = [];
  try {
    for (const file of files) results.push(await readOne(file, options, barcodeReader, secondOpinion));
  } finally {
    // The CLI ends when its work does, not after the engine's idle time.
    if (options.mrzSecondOpinion === undefined) await secondOpinion?.close();
  }
  return results;
}
