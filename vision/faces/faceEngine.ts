// The seam between face analysis (platform-neutral rules: which face, frontal, eyes open, same
// person) and the neural-network runtime that finds faces. Node builds one from
// @vladmandic/human's wasm build (vision/node/humanFaceRuntime.ts); a browser could build one from
// its ESM build; tests can give a scripted one.
import type { FaceBox, RgbaImage } from '../contract';

export interface RawFace {
  box: FaceBox;
  /** Detector confidence 0..1. */
  score: number;
  /** Head pose in degrees (null when the model gives none). */
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  /** Face mesh landmarks in image pixels (MediaPipe 468/478-point topology), empty when absent. */
  mesh: ReadonlyArray<readonly [number, number, number?]>;
  /** Descriptor from the face description model; null when it did not run. */
  embedding: number[] | null;
  /** Antispoof model score 0..1 (real face) and liveness model score 0..1 (live face); null when
   * the engine did not run that model. */
  real: number | null;
  live: number | null;
}

export interface FaceEngine {
  /** Every face in the image, any order. */
  detect(image: RgbaImage): Promise<RawFace[]>;
  /** Name and version of what runs underneath, for reports. */
  readonly description: string;
  /** Releases workers or models, when the engine holds any. */
  close?(): Promise<void>;
}
