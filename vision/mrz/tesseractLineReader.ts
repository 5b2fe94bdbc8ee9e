// Tesseract (tesseract.js: the C++ engine compiled to WebAssembly, LSTM model `eng`) as the MRZ
// reader's second opinion (lineReaderOpinion.ts). Fully offline: the caller names where the
// engine and the trained data lie (node_modules in Node), and the data is never cached to disk
// or fetched. The worker starts on the first zone that needs it (most zones never do) and ends
// with dispose().
import { type Worker, createWorker } from 'tesseract.js';
import type { GrayImage } from '../contract';
import { MRZ_ALPHABET } from './glyphClassifier';
import type { MrzLineReader } from './lineReaderOpinion';

export interface TesseractPaths {
  /** Folder holding eng.traineddata.gz (the @tesseract.js-data/eng package's `langPath`). */
  langPath: string;
  /** Folder of the tesseract.js-core package (its wasm builds). */
  corePath: string;
}

export interface DisposableLineReader extends MrzLineReader {
  /** Starts the engine now (a service's start-up) rather than on the first zone that needs it. */
  prepare(): Promise<void>;
  dispose(): Promise<void>;
}

/** Blank rows between the stacked lines (a line's own strip already has room above and below). */
const LINE_GAP = 8;

/** The lines stacked into one binary PGM (P5), a format Tesseract's Leptonica reads without codecs. */
export function stackedPgm(lines: GrayImage[]): Uint8Array {
  const width = Math.max(...lines.map((l) => l.width));
  const height = lines.reduce((s, l) => s + l.height + LINE_GAP, LINE_GAP);
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height).fill(255);
  out.set(header, 0);
  let y0 = LINE_GAP;
  for (const l of lines) {
    for (let y = 0; y < l.height; y++)
      out.set(l.data.subarray(y * l.width, (y + 1) * l.width), header.length + (y0 + y) * width);
    y0 += l.height + LINE_GAP;
  }
  return out;
}

export function createTesseractLineReader(paths: TesseractPaths): DisposableLineReader {
  let worker: Promise<Worker> | null = null;
  const start = async () => {
    const w = await createWorker('eng', 1, {
      langPath: paths.langPath,
      corePath: paths.corePath,
      gzip: true,
      cacheMethod: 'none',
    });
    // One uniform block of text (the stacked lines), and only the characters an MRZ can hold.
    await w.setParameters({
      tessedit_char_whitelist: MRZ_ALPHABET,
      tessedit_pageseg_mode: '6' as never,
    });
    return w;
  };
  return {
    async prepare() {
      worker ??= start();
      await worker;
    },
    async readLines(lines) {
      if (!lines.length) return [];
      worker ??= start();
      const w = await worker;
      // Image file bytes (tesseract.js reads files, not pixels); in Node any Uint8Array will do,
      // though its types name only Buffer.
      const { data } = await w.recognize(stackedPgm(lines) as unknown as Parameters<Worker['recognize']>[0]);
      return data.text
        .split('\n')
        .map((s) => s.replace(/\s/g, ''))
        .filter((s) => s.length > 0);
    },
    async dispose() {
      const w = worker;
      worker = null;
      if (w) await (await w).terminate();
    },
  };
}
