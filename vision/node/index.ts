// The Node implementation of VisionPort, for the IDV service's tasks and checks and for the CLI:
// sharp decoding, the MRZ reader, the PDF417 reader, capture quality and faces.
import { errorMessage } from '../../common/errorMessage';
import type { DocumentReading, LivenessAssessment, RgbaImage, VisionPort } from '../contract';
import { readPdf417 } from '../barcode/barcodeReader';
import { assessLiveness, compareFaces, detectFaces, STATIC_LIVENESS_SCOPE } from '../faces/faceAnalysis';
import type { FaceEngine } from '../faces/faceEngine';
import { readMrz } from '../mrz/mrzReader';
import { assessFrame } from '../quality/assessFrame';
import { loadNodeBarcodeWasm } from './barcodeWasm';
import { decodeImage, type DecodeOptions } from './decode';
import { loadNodeFaceEngine } from './humanFaceRuntime';
import { createSecondOpinion, type SecondOpinion } from './mrzSecondOpinion';

export { closeNodeFaceEngine } from './humanFaceRuntime';

export { DecodeError, decodeImage } from './decode';
export { STATIC_LIVENESS_SCOPE };

export interface NodeVisionOptions {
  decode?: DecodeOptions;
  /** Load the face models now rather than on first use (they take a few hundred ms). Default false. */
  preloadFaces?: boolean;
  /** A face engine to use instead of @vladmandic/human (tests). */
  faceEngine?: FaceEngine;
  /**
   * The MRZ reader's second opinion (Tesseract) for zones whose reading fails its check digits.
   * Default: Tesseract from node_modules; null: the reader's own classifiers only.
   */
  mrzSecondOpinion?: SecondOpinion | null;
}

export interface NodeVision extends VisionPort {
  /** What static liveness does and does not defend against (for reports). */
  readonly livenessScope: string;
  /** Drops this instance's face engine. The engine is shared by the process; stop it at shutdown
   * with closeNodeFaceEngine() (idle workers never keep the process alive anyway). */
  close(): Promise<void>;
}

/** Runs a reader and turns a crash into "nothing found" plus a logged-once reason, so one
 * failing reader never takes the other's result down with it. */
async function guarded<T>(what: string, run: () => Promise<T | null>, errors: string[]): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    errors.push(`${what}: ${errorMessage(err)}`);
    return null;
  }
}

export async function createNodeVision(options: NodeVisionOptions = {}): Promise<NodeVision> {
  await loadNodeBarcodeWasm();
  let engine: Promise<FaceEngine> | null = options.faceEngine ? Promise.resolve(options.faceEngine) : null;
  const faces = (): Promise<FaceEngine> =>
    (engine ??= loadNodeFaceEngine().catch((err: unknown) => {
      engine = null;
      throw err;
    }));
  if (options.preloadFaces) await faces();
  const secondOpinion = options.mrzSecondOpinion === undefined ? createSecondOpinion() : options.mrzSecondOpinion;

  return {
    livenessScope: STATIC_LIVENESS_SCOPE,
    async close() {
      await secondOpinion?.close();
      // An engine passed in belongs to the caller; the process-wide one is shared, so it stays.
      if (options.faceEngine) return;
      engine = null;
    },
    decode: (bytes) => decodeImage(bytes, options.decode),
    async readDocument(image: RgbaImage): Promise<DocumentReading> {
      const errors: string[] = [];
      const mrz = await guarded('MRZ reader', () => readMrz(image, secondOpinion ? { lineReader: secondOpinion } : {}), errors);
      const barcode = await guarded('PDF417 reader', () => readPdf417(image), errors);
      // Both readers failing outright is an error worth surfacing, not "nothing found".
      if (errors.length === 2) throw new Error(`document reading failed: ${errors.join('; ')}`);
      return { mrz, barcode };
    },
    assessQuality: (image) => assessFrame(image),
    async detectFaces(image) {
      return detectFaces(await faces(), image);
    },
    async compareFaces(documentImage, faceImage) {
      return compareFaces(await faces(), documentImage, faceImage);
    },
    async assessLiveness(frames): Promise<LivenessAssessment> {
      return assessLiveness(await faces(), frames);
    },
  };
}
