// Messages between the capture screen and its worker (renderer/workers/captureWorker.ts).
// Frames travel as transferable ImageBitmaps; the JPEG comes back as a transferred ArrayBuffer.
import type { CaptureQuality, Point } from '../../vision/contract';

export type Corners = [Point, Point, Point, Point];

export type CaptureWorkerRequest =
  | { type: 'reset' }
  | { type: 'analyze'; id: number; frame: ImageBitmap }
  | { type: 'encode'; id: number; frame: ImageBitmap; corners: Corners | null; jpegQuality: number };

export type CaptureWorkerResponse =
  | {
      type: 'analysis';
      id: number;
      /** null when no quality analysis is available in this build (then `unavailable` says why). */
      quality: CaptureQuality | null;
      steady: boolean;
      ms: number;
      unavailable?: string;
    }
  | {
      type: 'encoded';
      id: number;
      bytes: ArrayBuffer;
      width: number;
      height: number;
      cropped: boolean;
      ms: number;
    }
  | { type: 'error'; id: number; message: string };
