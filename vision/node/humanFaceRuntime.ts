// Loads @vladmandic/human for Node with no network and no native build: its wasm build on
// @tensorflow/tfjs-backend-wasm, models read from the npm package's own models/ folder.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { FaceEngine } from '../faces/faceEngine';
import { createHumanFaceEngine, type HumanLike } from '../faces/humanFaceEngine';

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

export function humanPaths(): { humanDir: string; modelsDir: string; wasmDir: string } {
  // The package's "exports" keys lack "./", so its subpaths cannot be imported by name; the
  // main entry resolves to dist/human.node.js, next to the wasm build.
  const distDir = path.dirname(require.resolve('@vladmandic/human'));
  const humanDir = path.dirname(distDir);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return { humanDir, modelsDir: path.join(humanDir, 'models'), wasmDir };
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

/** One Human instance per process (models take ~10 MB and a few hundred ms to load). */
export function loadNodeFaceEngine(): Promise<FaceEngine> {
  shared ??= createNodeFaceEngine().catch((err: unknown) => {
    shared = null;
    throw err;
  });
  return shared;
}

async function createNodeFaceEngine(): Promise<FaceEngine> {
  const { humanDir, modelsDir, wasmDir } = humanPaths();
  const mod = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as {
    Human?: new (config: object) => HumanNode;
    default?: new (config: object) => HumanNode;
  };
  const Human = mod.Human ?? mod.default;
  if (!Human) throw new Error('@vladmandic/human: the wasm build exports no Human class');
  const human = new Human({
    backend: 'wasm',
    // A directory path: in Node the wasm backend reads the .wasm files from disk.
    wasmPath: wasmDir + path.sep,
    modelBasePath: pathToFileURL(modelsDir).href + '/',
    debug: false,
    cacheModels: false,
    validateModels: false,
    // Never reuse a previous image's result: each call is a different person's image.
    cacheSensitivity: 0,
    skipAllowed: false,
    async: false,
    warmup: 'none',
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 5, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      attention: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  human.tf.io.registerLoadRouter(fileModelRouter);
  await human.load();
  const missing = FACE_MODELS.filter((m) => !human.models.models[m]);
  if (missing.length > 0)
    throw new Error(`@vladmandic/human: face models failed to load from ${modelsDir}: ${missing.join(', ')}`);
  const faceres = human.models.models.faceres!;
  // With the standalone tfjs-converter the description model lists only its age and gender
  // outputs; ask for the 1024-value descriptor by node name so embeddings are not empty.
  if (!faceres.outputs.some((o) => o.name.startsWith('global_pooling/Mean'))) {
    const execute = faceres.execute.bind(faceres);
    faceres.execute = (input, outputs) =>
      execute(input, outputs ?? ['gender_pred/Sigmoid', 'age_pred/Softmax', 'global_pooling/Mean']);
  }
  return createHumanFaceEngine(human);
}
