// The messages between the face worker pool (faceWorkerPool.ts) and each worker thread
// (faceWorker.ts): one definition, so both sides are checked against the same shapes.
import type { HumanFace, RgbInput } from '../faces/humanFaceEngine';

/** One image to analyse; its pixel buffer is transferred, not copied. */
export interface FaceWorkerRequest extends RgbInput {
  id: number;
}

export type FaceWorkerReply =
  /** Models loaded and warmed up: the worker takes requests from now on. */
  | { type: 'ready'; version: string; backend: string }
  /** The worker could not start (models missing, wasm backend failed); it takes no requests. */
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; faces: HumanFace[] }
  | { type: 'error'; id: number; message: string };
