// The MRZ reader's second opinion in Node (Tesseract, vision/mrz/tesseractLineReader.ts), from
// the packages in node_modules: the engine's wasm (tesseract.js-core) and the `eng` model
// (@tesseract.js-data/eng). Nothing is fetched or cached to disk. The reader asks it only for a
// zone whose own reading fails its check digits, so most documents never start the engine.
// The engine is a worker thread, which would keep a process alive: it is shut down after a
// short idle time, so a CLI or a test ends on its own, and at once by close().
import { createRequire } from 'node:module';
import path from 'node:path';
import type { MrzLineReader } from '../mrz/lineReaderOpinion';
import { createTesseractLineReader, type DisposableLineReader, type TesseractPaths } from '../mrz/tesseractLineReader';

/** How long the engine stays up after its last zone (starting it again costs ~0.3 s). */
export const SECOND_OPINION_IDLE_MS = 5_000;

export function nodeTesseractPaths(): TesseractPaths {
  const require = createRequire(import.meta.url);
  return {
    langPath: (require('@tesseract.js-data/eng') as { langPath: string }).langPath,
    corePath: path.dirname(require.resolve('tesseract.js-core/package.json')),
  };
}

export interface SecondOpinion extends MrzLineReader {
  /** Stops the engine now (it starts again when a zone needs it). */
  close(): Promise<void>;
}

/** A line reader whose engine starts on first use and stops after `idleMs` without work. */
export function createSecondOpinion(
  engine: () => DisposableLineReader = () => createTesseractLineReader(nodeTesseractPaths()),
  idleMs = SECOND_OPINION_IDLE_MS,
): SecondOpinion {
  let current: DisposableLineReader | null = null;
  let busy = 0;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const stop = async () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const r = current;
    current = null;
    await r?.dispose();
  };
  return {
    async readLines(lines) {
      if (idle) clearTimeout(idle);
      idle = null;
      current ??= engine();
      const r = current;
      busy++;
      try {
        return await r.readLines(lines);
      } finally {
        busy--;
        if (busy === 0 && current === r) {
          idle = setTimeout(() => void stop(), idleMs);
          idle.unref();
        }
      }
    },
    close: stop,
  };
}
