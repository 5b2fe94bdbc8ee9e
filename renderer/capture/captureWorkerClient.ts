// One capture worker for the app's lifetime (spawning one per screen costs time and memory on a
// kiosk that runs all day); requests are matched to replies by id.
import type { CaptureWorkerRequest, CaptureWorkerResponse, Corners } from '../workers/captureProtocol';

type Reply = Exclude<CaptureWorkerResponse, { type: 'error' }>;
type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../workers/captureWorker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<CaptureWorkerResponse>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  };
  worker.onerror = (event) => {
    const err = new Error(`capture worker failed: ${event.message}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

function request<T extends Reply['type']>(
  msg: Extract<CaptureWorkerRequest, { id: number }> & { type: T extends 'analysis' ? 'analyze' : 'encode' },
  transfer: Transferable[],
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    pending.set(msg.id, { resolve: resolve as (r: Reply) => void, reject });
    getWorker().postMessage(msg, transfer);
  });
}

export function analyzeFrame(frame: ImageBitmap): Promise<Extract<Reply, { type: 'analysis' }>> {
  const id = nextId++;
  return request<'analysis'>({ type: 'analyze', id, frame }, [frame]);
}

export function encodeFrame(
  frame: ImageBitmap,
  corners: Corners | null,
  jpegQuality = 0.92,
): Promise<Extract<Reply, { type: 'encoded' }>> {
  const id = nextId++;
  return request<'encoded'>({ type: 'encode', id, frame, corners, jpegQuality }, [frame]);
}

/** Forget stability history (a new capture screen starts from scratch). */
export function resetAnalysis(): void {
  getWorker().postMessage({ type: 'reset' } satisfies CaptureWorkerRequest);
}
