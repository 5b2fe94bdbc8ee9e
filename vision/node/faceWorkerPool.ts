// Face analysis on worker threads: Human's wasm backend is single-threaded, so on a 2-core kiosk
// two workers analyse the document portrait and the face capture of a match at the same time,
// and the IDV service's event loop is never blocked by inference.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RgbaImage } from '../contract';
import type { FaceEngine, RawFace } from '../faces/faceEngine';
import { type RgbInput, toRawFaces, toRgbInput } from '../faces/humanFaceEngine';
import { errorMessage } from '../../common/errorMessage';
import type { FaceWorkerReply, FaceWorkerRequest } from './faceWorkerProtocol';

/**
 * Starts one worker thread on faceWorker's code, which sits next to this module: in the esbuild
 * bundle this module is inside main.js and faceWorker.js is emitted beside it
 * (scripts/build-main.mjs); from source (tests, tsx hosts) it is faceWorker.ts, run through
 * tsWorkerBoot.mjs so tsx also compiles inside the worker.
 */
export function spawnFaceWorker(moduleUrl: string = import.meta.url): Worker {
  if (moduleUrl.endsWith('.ts')) {
    return new Worker(new URL('./tsWorkerBoot.mjs', moduleUrl), {
      workerData: { tsEntry: new URL('./faceWorker.ts', moduleUrl).href },
    });
  }
  return new Worker(new URL('./faceWorker.js', moduleUrl));
}

interface Job {
  id: number;
  input: RgbInput;
  back: number;
  resolve: (faces: RawFace[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export interface WorkerFaceEngine extends FaceEngine {
  readonly workers: number;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Worker threads; default min(2, available cores). */
  size?: number;
  /** Longer side images are brought down to before detection. Default 2048. */
  maxSide?: number;
  /** How long a worker may take to load its models. Default 60 s. */
  startTimeoutMs?: number;
  /** Starts one worker speaking faceWorkerProtocol. Default spawnFaceWorker (Human). */
  spawn?: () => Worker;
}

function startWorker(
  spawn: () => Worker,
  timeoutMs: number,
): Promise<{ worker: Worker; ready: { version: string; backend: string } }> {
  const worker = spawn();
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => {
      clearTimeout(timer);
      worker.off('exit', exited);
      void worker.terminate();
      reject(err);
    };
    const exited = (code: number): void =>
      fail(new Error(`face worker exited with code ${code} while starting`));
    const timer = setTimeout(() => fail(new Error('face worker did not load its models in time')), timeoutMs);
    worker.once('error', fail);
    worker.once('exit', exited);
    worker.once('message', (msg: FaceWorkerReply) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        worker.off('error', fail);
        worker.off('exit', exited);
        resolve({ worker, ready: msg });
      } else {
        fail(new Error(`face worker failed to start: ${'message' in msg ? msg.message : msg.type}`));
      }
    });
  });
}

export async function createWorkerFaceEngine(options: WorkerPoolOptions = {}): Promise<WorkerFaceEngine> {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
  const maxSide = options.maxSide ?? 2048;
  const started = await Promise.allSettled(
    Array.from({ length: size }, () =>
      startWorker(options.spawn ?? (() => spawnFaceWorker()), options.startTimeoutMs ?? 60_000),
    ),
  );
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (ok.length === 0) {
    const reason = started.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    throw reason.reason instanceof Error ? reason.reason : new Error(errorMessage(reason.reason));
  }
  const { version, backend } = ok[0].ready;
  const slots: Slot[] = ok.map(({ worker }) => ({ worker, job: null }));
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.job || waiting.length === 0) continue;
      const job = waiting.shift()!;
      slot.job = job;
      // Keep the process alive only while a worker has work.
      slot.worker.ref();
      const request: FaceWorkerRequest = { id: job.id, ...job.input };
      slot.worker.postMessage(request, [job.input.rgb.buffer as ArrayBuffer]);
    }
  };

  const finish = (slot: Slot): Job | null => {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    return job;
  };

  const drop = (slot: Slot, reason: string): void => {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    const job = finish(slot);
    slots.splice(at, 1);
    job?.reject(new Error(reason));
    if (slots.length === 0) {
      for (const w of waiting.splice(0)) w.reject(new Error('no face workers left'));
    }
    pump();
  };

  for (const slot of slots) {
    slot.worker.unref();
    slot.worker.on('message', (msg: FaceWorkerReply) => {
      if (msg.type !== 'result' && msg.type !== 'error') return;
      const job = finish(slot);
      if (job && job.id === msg.id) {
        if (msg.type === 'result') job.resolve(toRawFaces(msg.faces, job.back));
        else job.reject(new Error(msg.message));
      }
      pump();
    });
    // A crashed or exited worker leaves the pool; its job fails with the reason (an exit without
    // an error, e.g. out of memory, must not leave the job waiting forever).
    slot.worker.on('error', (err) => drop(slot, `face worker crashed: ${err.message}`));
    slot.worker.on('exit', (code) => {
      if (!closed) drop(slot, `face worker exited with code ${code}`);
    });
  }

  return {
    description: `@vladmandic/human ${version} (${backend} backend, ${slots.length} worker threads)`,
    get workers() {
      return slots.length;
    },
    detect(image: RgbaImage): Promise<RawFace[]> {
      if (closed) return Promise.reject(new Error('face engine is closed'));
      if (slots.length === 0) return Promise.reject(new Error('no face workers left'));
      const input = toRgbInput(image, maxSide);
      return new Promise((resolve, reject) => {
        waiting.push({ id: nextId++, input, back: image.width / input.width, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new Error('face engine is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
      slots.length = 0;
    },
  };
}
