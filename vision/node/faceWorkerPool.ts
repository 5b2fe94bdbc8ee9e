// Face analysis on worker threads: Human's wasm backend is single-threaded, so on a 2-core kiosk
// two workers analyse the document portrait and the face capture of a match at the same time,
// and the IDV service's event loop is never blocked by inference.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RgbaImage } from '../contract';
import type { FaceEngine, RawFace } from '../faces/faceEngine';
import { toRawFaces, toRgbInput, type HumanFace } from '../faces/humanFaceEngine';
import { FACERES_OUTPUTS, humanConfig, humanPaths } from './humanConfig';

/**
 * The worker's program, as CommonJS source run with `eval: true`: nothing to locate on disk, so
 * it works the same under tsx, vitest and a bundled Electron main process. Configuration comes
 * in workerData from humanConfig(), so there is one definition of it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const mod = require(workerData.humanModule);
const Human = mod.Human || mod.default;
const human = new Human(workerData.config);
human.tf.io.registerLoadRouter((url) => {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  return {
    async load() {
      const file = fileURLToPath(url);
      const json = JSON.parse(await readFile(file, 'utf8'));
      const parts = await Promise.all(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(path.dirname(file), p)))));
      const all = Buffer.concat(parts);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
        signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
});
(async () => {
  await human.load();
  const missing = workerData.models.filter((m) => !human.models.models[m]);
  if (missing.length) throw new Error('face models failed to load: ' + missing.join(', '));
  const faceres = human.models.models.faceres;
  if (!faceres.outputs.some((o) => o.name.startsWith('global_pooling/Mean'))) {
    const execute = faceres.execute.bind(faceres);
    faceres.execute = (input, outputs) => execute(input, outputs || workerData.faceresOutputs);
  }
  // One pass of each model on zeros: the first real request then runs at full speed.
  for (const [name, size] of [['blazeface', 256], ['facemesh', 192], ['faceres', 224]]) {
    const model = human.models.models[name];
    const input = human.tf.zeros([1, size, size, 3]);
    human.tf.dispose(model.execute(input));
    human.tf.dispose(input);
  }
  parentPort.on('message', async (msg) => {
    const tensor = human.tf.tensor3d(new Uint8Array(msg.rgb), [msg.height, msg.width, 3], 'int32');
    try {
      const result = await human.detect(tensor);
      if (result.error) throw new Error(result.error);
      const faces = result.face.map((f) => ({
        box: f.box, score: f.score,
        rotation: f.rotation ? { angle: f.rotation.angle } : null,
        mesh: f.mesh, embedding: f.embedding ? Array.from(f.embedding) : [],
      }));
      parentPort.postMessage({ type: 'result', id: msg.id, faces });
    } catch (err) {
      parentPort.postMessage({ type: 'error', id: msg.id, message: String((err && err.message) || err) });
    } finally {
      human.tf.dispose(tensor);
    }
  });
  parentPort.postMessage({ type: 'ready', version: human.version, backend: human.tf.getBackend() });
})().catch((err) => parentPort.postMessage({ type: 'fatal', message: String((err && err.message) || err) }));
`;

type WorkerMessage =
  | { type: 'ready'; version: string; backend: string }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; faces: HumanFace[] }
  | { type: 'error'; id: number; message: string };

interface Job {
  id: number;
  input: { rgb: Uint8Array; width: number; height: number };
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
}

function startWorker(
  timeoutMs: number,
): Promise<{ worker: Worker; ready: { version: string; backend: string } }> {
  const { humanDir, modelsDir, wasmDir } = humanPaths();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      humanModule: path.join(humanDir, 'dist', 'human.node-wasm.js'),
      config: humanConfig(modelsDir, wasmDir),
      models: ['blazeface', 'facemesh', 'faceres'],
      faceresOutputs: FACERES_OUTPUTS,
    },
  });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => {
      clearTimeout(timer);
      void worker.terminate();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error('face worker did not load its models in time')), timeoutMs);
    worker.once('error', fail);
    worker.once('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        worker.off('error', fail);
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
    Array.from({ length: size }, () => startWorker(options.startTimeoutMs ?? 60_000)),
  );
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (ok.length === 0) {
    const reason = started.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    throw reason.reason instanceof Error ? reason.reason : new Error(String(reason.reason));
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
      slot.worker.postMessage(
        { id: job.id, rgb: job.input.rgb, width: job.input.width, height: job.input.height },
        [job.input.rgb.buffer as ArrayBuffer],
      );
    }
  };

  const finish = (slot: Slot): Job | null => {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    return job;
  };

  for (const slot of slots) {
    slot.worker.unref();
    slot.worker.on('message', (msg: WorkerMessage) => {
      if (msg.type !== 'result' && msg.type !== 'error') return;
      const job = finish(slot);
      if (job && job.id === msg.id) {
        if (msg.type === 'result') job.resolve(toRawFaces(msg.faces, job.back));
        else job.reject(new Error(`face detection failed: ${msg.message}`));
      }
      pump();
    });
    slot.worker.on('error', (err) => {
      // A crashed worker leaves the pool; its job fails with the reason.
      const job = finish(slot);
      slots.splice(slots.indexOf(slot), 1);
      job?.reject(new Error(`face worker crashed: ${err.message}`));
      if (slots.length === 0) {
        for (const w of waiting.splice(0)) w.reject(new Error('no face workers left'));
      }
      pump();
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
