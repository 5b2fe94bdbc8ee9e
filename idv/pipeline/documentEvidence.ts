// Everything the document checks and the text extraction task need from one ID document, read
// once: each page's reading (image quality, MRZ, PDF417) and the scanner's MRZ lines.
import type { CaptureMethod, PageSide } from '../../common/documents';
import type { BarcodeReading, MrzReading, RgbaImage, VisionPort } from '../../vision/contract';
import { normaliseMrzLines, parseMrz } from '../../vision/mrz/mrzParser';
import { readPage } from './pageReading';
import type { IdDocumentInput, PageReading } from './types';

const NOT_READ: PageReading = {
  decodeError: null,
  quality: null,
  qualityError: null,
  document: null,
  readError: null,
};

export interface PageEvidence extends PageReading {
  side: PageSide;
  mediaId: string;
  captureMethod: CaptureMethod;
  /** True when the reading is the one stored at upload (the page was not read again). */
  readAtUpload: boolean;
}

/** CHIP: DG1 read from the document's chip (the fields only; see idv/chip/chipEvidence). */
export type MrzSource = 'SCANNER_MRZ' | 'MRZ' | 'CHIP';

export interface DocumentEvidence {
  input: IdDocumentInput;
  visionAvailable: boolean;
  pages: PageEvidence[];
  /** MRZ lines sent by a hardware scanner, parsed; null when none were sent or they were no MRZ. */
  scannerMrz: MrzReading | null;
  scannerLinesGiven: boolean;
  /** The best MRZ read from the page images (valid first). */
  imageMrz: { reading: MrzReading; side: PageSide } | null;
  barcode: { reading: BarcodeReading; side: PageSide } | null;
  /** The MRZ the fields come from: a valid one first, the scanner's before the image's. */
  mrz: { reading: MrzReading; source: MrzSource } | null;
}

/**
 * Reads every page of the document, or takes the reading stored at upload (read only when vision
 * is here: without it the checks report NOT_AVAILABLE, as for a page never read). Vision failures
 * are recorded, never thrown.
 */
export async function gatherDocumentEvidence(
  doc: IdDocumentInput,
  vision: VisionPort | null,
  now: Date,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<DocumentEvidence> {
  const pages: PageEvidence[] = [];
  for (const page of doc.pages) {
    const about = { side: page.side, mediaId: page.mediaId, captureMethod: page.captureMethod };
    if (!vision) {
      pages.push({ ...about, ...NOT_READ, readAtUpload: false });
    } else if (page.reading) {
      pages.push({ ...about, ...page.reading, readAtUpload: true });
    } else {
      const { reading } = await readPage(vision, () =>
        decodeOnce(vision, page.mediaId, page.image, decodeCache),
      );
      pages.push({ ...about, ...reading, readAtUpload: false });
    }
  }

  const scannerLines = (doc.scannerMrzLines ?? []).filter((l) => typeof l === 'string');
  const scannerLinesGiven = scannerLines.length > 0;
  const scannerMrz = scannerLinesGiven ? parseMrz(normaliseMrzLines(scannerLines.join('\n')), { now }) : null;

  let imageMrz: DocumentEvidence['imageMrz'] = null;
  let barcode: DocumentEvidence['barcode'] = null;
  for (const page of pages) {
    const mrz = page.document?.mrz;
    if (mrz) {
      // Re-parse against the pipeline's clock so centuries and expiry agree with `now`; lines that
      // do not parse are not trusted, whatever the reader claimed about them.
      const reading = Array.isArray(mrz.lines) ? parseMrz(mrz.lines, { now }) : null;
      if (!reading) {
        page.readError ??= 'the reader returned MRZ lines that are not a machine-readable zone';
      } else {
        if (Array.isArray(mrz.repairs) && mrz.repairs.length > 0) {
          reading.repairs = [...mrz.repairs, ...(reading.repairs ?? [])];
        }
        if (!imageMrz || (!imageMrz.reading.valid && reading.valid)) imageMrz = { reading, side: page.side };
      }
    }
    const code = sanitiseBarcode(page.document?.barcode);
    if (code && !barcode) barcode = { reading: code, side: page.side };
  }

  const candidates: Array<{ reading: MrzReading; source: MrzSource }> = [];
  if (scannerMrz) candidates.push({ reading: scannerMrz, source: 'SCANNER_MRZ' });
  if (imageMrz) candidates.push({ reading: imageMrz.reading, source: 'MRZ' });
  const mrz = candidates.find((c) => c.reading.valid) ?? candidates[0] ?? null;

  return {
    input: doc,
    visionAvailable: vision !== null,
    pages,
    scannerMrz,
    scannerLinesGiven,
    imageMrz,
    barcode,
    mrz,
  };
}

/** Keeps a barcode reading only in the shape the checks rely on: string fields and values. */
function sanitiseBarcode(code: BarcodeReading | null | undefined): BarcodeReading | null {
  if (!code || typeof code !== 'object' || typeof code.text !== 'string') return null;
  const strings = (record: unknown): Record<string, string> | null => {
    if (!record || typeof record !== 'object') return null;
    return Object.fromEntries(
      Object.entries(record).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  };
  return {
    format: typeof code.format === 'string' ? code.format : 'UNKNOWN',
    text: code.text,
    aamva: strings(code.aamva),
    fields: strings(code.fields),
  };
}

/** Decodes each media once per pipeline run (face match reuses the document's front page). */
export function decodeOnce(
  vision: VisionPort,
  mediaId: string,
  bytes: Uint8Array,
  cache: Map<string, Promise<RgbaImage>>,
): Promise<RgbaImage> {
  let pending = cache.get(mediaId);
  if (!pending) {
    pending = vision.decode(bytes);
    cache.set(mediaId, pending);
  }
  return pending;
}

/** Why nothing could be read from the document, in words, or null when something was read. */
export function whyNothingWasRead(evidence: DocumentEvidence): string | null {
  if (evidence.mrz || evidence.barcode) return null;
  if (evidence.scannerLinesGiven && !evidence.scannerMrz && !evidence.visionAvailable) {
    return 'the MRZ lines sent by the scanner are not a machine-readable zone of a known format';
  }
  if (!evidence.visionAvailable) return 'document reading is not available in this build';
  if (evidence.pages.length === 0) return 'no page image of the document was uploaded';
  const undecodable = evidence.pages.filter((p) => p.decodeError);
  if (undecodable.length === evidence.pages.length) {
    return `the page image could not be decoded (${undecodable[0].decodeError})`;
  }
  const failed = evidence.pages.find((p) => p.readError);
  if (failed) return `document reading failed (${failed.readError})`;
  return 'no machine-readable zone or barcode was found on the document';
}
