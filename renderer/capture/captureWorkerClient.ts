// Two capture workers per app (spawning per screen costs time and memory on a kiosk that runs all
// day): one analyses preview frames, the other encodes the photo, so a shutter press never waits
// behind a frame analysis. Requests are matched to replies by id. The app creates one client,
// provides it to the capture screens, and disposes it (terminating both workers) on unmount.
import { inject, provide, type InjectionKey } from 'vue';
import type { CaptureWorkerRequest, CaptureWorkerResponse, Corners } from '../workers/captureProtocol';

type Reply = Exclude<CaptureWorkerResponse, { type: 'error' }>;
export type AnalysisReply = Extract<Reply, { type: 'analysis' }>;
export type EncodedReply = Extract<Reply, { type: 'encoded' }>;
type Role = 'analysis' | 'encode';

/** The part of a Worker the client uses (tests pass a fake). */
export type WorkerPort = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<CaptureWorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export interface CaptureWorkerClient {
  analyzeFrame(frame: ImageBitmap): Promise<AnalysisReply>;
  encodeFrame(frame: ImageBitmap, corners: Corners | null, jpegQuality?: number): Promise<EncodedReply>;
  /** Forget stability history (a new capture screen starts from scratch). */
  resetAnalysis(): void;
  /** Starts both workers ahead of need, so the first shutter press does not pay for a worker start. */
  warmUp(): void;
  /** Terminates both workers; pending requests fail. */
  dispose(): void;
}

const spawnCaptureWorker = (): WorkerPort =>
  new Worker(new URL('../workers/captureWorker.ts', import.meta.url), { type: 'module' }) as WorkerPort;

export class CaptureWorkerDisposedError extends Error {
  constructor() {
    super('the capture workers were disposed');
    this.name = 'CaptureWorkerDisposedError';
  }
}

export function createCaptureWorkerClient(spawn: () => WorkerPort = spawnCaptureWorker): CaptureWorkerClient {
  const workers: Record<Role, WorkerPort | null> = { analysis: null, encode: null };
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let disposed = false;

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  function worker(role: Role): WorkerPort {
    if (disposed) throw new CaptureWorkerDisposedError();
    const existing = workers[role];
    if (existing) return existing;
    const w = spawn();
    workers[role] = w;
    w.onmessage = (event) => {
      const msg = event.data;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(msg.message));
      else p.resolve(msg);
    };
    w.onerror = (event) => {
      failAll(new Error(`capture worker failed: ${event.message}`));
      w.terminate();
      workers[role] = null; // the next request starts a fresh one
    };
    return w;
  }

  function request<R extends Reply>(
    role: Role,
    msg: CaptureWorkerRequest & { id: number },
    transfer: Transferable[],
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let w: WorkerPort;
      try {
        w = worker(role);
      } catch (err) {
        // Never sent: the frames are still ours to release.
        for (const t of transfer) if ('close' in t && typeof t.close === 'function') t.close();
        throw err;
      }
      pending.set(msg.id, { resolve: resolve as (r: Reply) => void, reject });
      w.postMessage(msg, transfer);
    });
  }

  return {
    analyzeFrame: (frame) =>
      request<AnalysisReply>('analysis', { type: 'analyze', id: nextId++, frame }, [frame]),
    encodeFrame: (frame, corners, jpegQuality = 0.92) =>
      request<EncodedReply>('encode', { type: 'encode', id: nextId++, frame, corners, jpegQuality }, [frame]),
    resetAnalysis: () => worker('analysis').postMessage({ type: 'reset' } satisfies CaptureWorkerRequest),
    warmUp() {
      worker('analysis');
      worker('encode');
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const role of ['analysis', 'encode'] as const) {
        workers[role]?.terminate();
        workers[role] = null;
      }
      failAll(new CaptureWorkerDisposedError());
    },
  };
}

const CAPTURE_WORKERS: InjectionKey<CaptureWorkerClient> = Symbol('captureWorkers');

/** Called by the app shell: the capture screens below it share this client. */
export function provideCaptureWorkers(client: CaptureWorkerClient): void {
  provide(CAPTURE_WORKERS, client);
}

export function useCaptureWorkers(): CaptureWorkerClient {
  const client = inject(CAPTURE_WORKERS, null);
  if (!client) throw new Error('no capture workers provided (provideCaptureWorkers in the app shell)');
  return client;
}
