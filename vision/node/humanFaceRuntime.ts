// Loads @vladmandic/human for Node with no network and no native build: its wasm build on
// @tensorflow/tfjs-backend-wasm, models read from the npm package's own models/ folder.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaceEngine } from '../faces/faceEngine';
import { createHumanFaceEngine, type HumanEngineOptions, type HumanLike } from '../faces/humanFaceEngine';
import { createWorkerFaceEngine } from './faceWorkerPool';
import { FACERES_OUTPUTS, humanConfig, humanPaths } from './humanConfig';

export { humanPaths } from './humanConfig';

const require = createRequire(import.meta.url);

/** The face models used: detector, mesh (pose, eyes) and description (embedding). */
const FACE_MODELS = ['blazeface', 'facemesh', 'faceres'];

interface IoHandler {
  load(): Promise<Record<string, unknown>>;
}

interface HumanNode extends HumanLike {
  load(): Promise<void>;
  tf: HumanLike['tf'] & {
    io: { registerLoadRouter(router: (url: string | string[]) => IoHandler | null): void };
    ready(): Promise<void>;
  };
  models: { models: Record<string, GraphModelLike | null | undefined> };
}

interface GraphModelLike {
  outputs: { name: string }[];
  execute(input: unknown, outputs?: string | string[]): unknown;
}

/** Serves file:// model URLs from disk (tfjs only knows http and browser storage without tfjs-node). */
function fileModelRouter(url: string | string[]): IoHandler | null {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  return {
    async load() {
      const file = fileURLToPath(url);
      const json = JSON.parse(await readFile(file, 'utf8')) as {
        modelTopology: unknown;
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
        signature?: unknown;
        userDefinedMetadata?: unknown;
        weightsManifest: { paths: string[]; weights: unknown[] }[];
      };
      const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
      const parts = await Promise.all(
        json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(path.dirname(file), p)))),
      );
      const all = Buffer.concat(parts);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

let shared: Promise<FaceEngine> | null = null;

/**
 * One face engine per process: a pool of worker threads each running Human (so the two images of
 * a face match are analysed at once, and the event loop stays free), or Human on this thread
 * where workers cannot start. Models take ~10 MB and a few hundred ms to load per instance.
 */
export function loadNodeFaceEngine(): Promise<FaceEngine> {
  shared ??= createWorkerFaceEngine()
    .catch(() => createInThreadFaceEngine())
    .catch((err: unknown) => {
      shared = null;
      throw err;
    });
  return shared;
}

/** Stops the process-wide face engine (at shutdown; the next face call starts a new one). */
export async function closeNodeFaceEngine(): Promise<void> {
  const engine = shared;
  shared = null;
  const loaded = await engine?.catch(() => null);
  await loaded?.close?.();
}

/** A Human instance on this thread (the fallback when worker threads are not available). */
export async function createInThreadFaceEngine(options: HumanEngineOptions = {}): Promise<FaceEngine> {
  const { humanDir, modelsDir, wasmDir } = humanPaths();
  const mod = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as {
    Human?: new (config: object) => HumanNode;
    default?: new (config: object) => HumanNode;
  };
  const Human = mod.Human ?? mod.default;
  if (!Human) throw new Error('@vladmandic/human: the wasm build exports no Human class');
  const human = new Human(humanConfig(modelsDir, wasmDir));
  human.tf.io.registerLoadRouter(fileModelRouter);
  await human.load();
  const missing = FACE_MODELS.filter((m) => !human.models.models[m]);
  if (missing.length > 0) {
    throw new Error(`@vladmandic/human: face models failed to load from ${modelsDir}: ${missing.join(', ')}`);
  }
  const faceres = human.models.models.faceres!;
  if (!faceres.outputs.some((o) => o.name.startsWith('global_pooling/Mean'))) {
    const execute = faceres.execute.bind(faceres);
    faceres.execute = (input, outputs) => execute(input, outputs ?? FACERES_OUTPUTS);
  }
  return createHumanFaceEngine(human, options);
}
