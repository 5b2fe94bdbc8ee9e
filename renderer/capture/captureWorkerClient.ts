// Two capture workers for the app's lifetime (spawning per screen costs time and memory on a kiosk
// that runs all day): one analyses preview frames, the other encodes the photo, so a shutter press
// never waits behind a frame analysis. Requests are matched to replies by id.
import type { CaptureWorkerRequest, CaptureWorkerResponse, Corners } from '../workers/captureProtocol';

type Reply = Exclude<CaptureWorkerResponse, { type: 'error' }>;
type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };

type Role = 'analysis' | 'encode';
const workers: Record<Role, Worker | null> = { analysis: null, encode: null };
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(role: Role): Worker {
  const existing = workers[role];
  if (existing) return existing;
  const worker = new Worker(new URL('../workers/captureWorker.ts', import.meta.url), { type: 'module' });
  workers[role] = worker;
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
    worker.terminate();
    workers[role] = null;
  };
  return worker;
}

function request<T extends Reply['type']>(
  msg: Extract<CaptureWorkerRequest, { id: number }> & { type: T extends 'analysis' ? 'analyze' : 'encode' },
  transfer: Transferable[],
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    pending.set(msg.id, { resolve: resolve as (r: Reply) => void, reject });
    getWorker(msg.type === 'analyze' ? 'analysis' : 'encode').postMessage(msg, transfer);
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
  getWorker('analysis').postMessage({ type: 'reset' } satisfies CaptureWorkerRequest);
}

/** Starts both workers ahead of need, so the first shutter press does not pay for a worker start. */
export function warmUpWorkers(): void {
  getWorker('analysis');
  getWorker('encode');
}
