// Loads @vladmandic/human for Node with no network and no native build: its wasm build on
// @tensorflow/tfjs-backend-wasm, models read from the npm package's own models/ folder. The one
// way a Human instance is made, on this thread (humanFaceRuntime.ts) or in a worker (faceWorker.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HumanLike } from '../faces/humanFaceEngine';
import { humanConfig, humanPaths } from './humanConfig';

const require = createRequire(import.meta.url);

/** The face models needed, with the square input size each takes: detector, mesh (pose, eyes)
 * and description (embedding). */
const FACE_MODELS = { blazeface: 256, facemesh: 192, faceres: 224 } as const;

/** The antispoof and liveness scorers: wanted, not needed. Without one, Human leaves that score
 * out of its results (it also leaves out a score that rounds to 0), so static liveness reports
 * the sub-check NOT_AVAILABLE instead of the engine failing and taking face match down with it. */
const PRESENTATION_MODELS = { antispoof: 128, liveness: 32 } as const;

/** The output of the description model that holds the 1024-value face descriptor. */
const DESCRIPTOR_OUTPUT = 'global_pooling/Mean';

interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: unknown;
  userDefinedMetadata?: unknown;
}

interface IoHandler {
  load(): Promise<ModelArtifacts>;
}

interface GraphModelLike {
  outputs: { name: string }[];
  execute(input: unknown): unknown;
}

/** The part of Human's Node build used here. */
export interface HumanNode extends HumanLike {
  load(): Promise<void>;
  tf: HumanLike['tf'] & {
    io: { registerLoadRouter(router: (url: string | string[]) => IoHandler | null): void };
    zeros(shape: number[]): unknown;
  };
  models: { models: Record<string, GraphModelLike | null | undefined> };
}

interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: unknown;
  userDefinedMetadata?: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

/**
 * Serves file:// model URLs from disk (tfjs only knows http and browser storage without
 * tfjs-node). The signature must be passed on: it is what lists the description model's
 * descriptor output, without it tfjs runs only the age and gender heads and embeddings are empty.
 */
function fileModelRouter(url: string | string[]): IoHandler | null {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  return {
    async load() {
      const file = fileURLToPath(url);
      const json = JSON.parse(await readFile(file, 'utf8')) as ModelJson;
      const parts = await Promise.all(
        json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(path.dirname(file), p)))),
      );
      const all = Buffer.concat(parts);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
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

/**
 * A loaded Human instance with the face models checked and run once on zeros, so the first real
 * request runs at full speed. Throws naming what is missing.
 */
export async function loadHuman(): Promise<HumanNode> {
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
  const models = human.models.models;
  const missing = Object.keys(FACE_MODELS).filter((m) => !models[m]);
  if (missing.length > 0) {
    throw new Error(`@vladmandic/human: face models failed to load from ${modelsDir}: ${missing.join(', ')}`);
  }
  if (!models.faceres!.outputs.some((o) => o.name === DESCRIPTOR_OUTPUT)) {
    throw new Error(
      `@vladmandic/human: the description model has no ${DESCRIPTOR_OUTPUT} output (no embeddings)`,
    );
  }
  for (const [name, size] of Object.entries({ ...FACE_MODELS, ...PRESENTATION_MODELS })) {
    const model = models[name];
    if (!model) continue;
    const input = human.tf.zeros([1, size, size, 3]);
    human.tf.dispose(model.execute(input));
    human.tf.dispose(input);
  }
  return human;
}
