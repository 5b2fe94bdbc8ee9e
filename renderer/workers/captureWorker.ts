/// <reference lib="webworker" />
// Capture worker: live quality analysis of preview frames (guidance + auto-capture) and the
// full-resolution JPEG encode (with a perspective crop when the document's corners are known),
// off the UI thread so the preview stays smooth.
import type { CaptureWorkerRequest, CaptureWorkerResponse, Corners } from './captureProtocol';
import { createQualityEngine } from './qualityEngine';
import { errorMessage } from '../../common/errorMessage';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = createQualityEngine();
let analysisCanvas: OffscreenCanvas | null = null;

function post(msg: CaptureWorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function readPixels(frame: ImageBitmap, reuse: boolean): { canvas: OffscreenCanvas; data: ImageData } {
  let canvas: OffscreenCanvas;
  if (reuse) {
    if (!analysisCanvas || analysisCanvas.width !== frame.width || analysisCanvas.height !== frame.height) {
      analysisCanvas = new OffscreenCanvas(frame.width, frame.height);
    }
    canvas = analysisCanvas;
  } else canvas = new OffscreenCanvas(frame.width, frame.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: reuse }) as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(frame, 0, 0);
  return { canvas, data: ctx.getImageData(0, 0, frame.width, frame.height) };
}

function analyze(id: number, frame: ImageBitmap): void {
  const t0 = performance.now();
  try {
    if (engine.unavailable) {
      post({ type: 'analysis', id, quality: null, steady: false, ms: 0, unavailable: engine.unavailable });
      return;
    }
    const { data } = readPixels(frame, true);
    const result = engine.assess({ width: data.width, height: data.height, data: data.data }, t0);
    post({
      type: 'analysis',
      id,
      quality: result.quality,
      steady: result.steady,
      ms: performance.now() - t0,
    });
  } finally {
    frame.close();
  }
}

function drawWhole(frame: ImageBitmap): OffscreenCanvas {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(frame, 0, 0);
  return canvas;
}

function drawCropped(frame: ImageBitmap, corners: Corners): OffscreenCanvas | null {
  const { data } = readPixels(frame, false);
  try {
    const out = engine.crop({ width: data.width, height: data.height, data: data.data }, corners);
    const canvas = new OffscreenCanvas(out.width, out.height);
    const pixels = new Uint8ClampedArray(
      out.data.buffer as ArrayBuffer,
      out.data.byteOffset,
      out.data.byteLength,
    );
    (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(
      new ImageData(pixels, out.width, out.height),
      0,
      0,
    );
    return canvas;
  } catch {
    // Degenerate outline (e.g. corners collapsed): the whole frame is still a usable photo.
    return null;
  }
}

async function encode(
  id: number,
  frame: ImageBitmap,
  corners: Corners | null,
  jpegQuality: number,
): Promise<void> {
  const t0 = performance.now();
  let canvas: OffscreenCanvas;
  let cropped = false;
  try {
    const crop = corners && !engine.unavailable ? drawCropped(frame, corners) : null;
    cropped = crop !== null;
    canvas = crop ?? drawWhole(frame);
  } finally {
    frame.close();
  }
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: jpegQuality });
  const bytes = await blob.arrayBuffer();
  post(
    {
      type: 'encoded',
      id,
      bytes,
      width: canvas.width,
      height: canvas.height,
      cropped,
      ms: performance.now() - t0,
    },
    [bytes],
  );
}

scope.onmessage = (event: MessageEvent<CaptureWorkerRequest>) => {
  const msg = event.data;
  if (msg.type === 'reset') {
    engine.reset();
    return;
  }
  const run =
    msg.type === 'analyze'
      ? async () => analyze(msg.id, msg.frame)
      : () => encode(msg.id, msg.frame, msg.corners, msg.jpegQuality);
  run().catch((err: unknown) => post({ type: 'error', id: msg.id, message: errorMessage(err) }));
};
