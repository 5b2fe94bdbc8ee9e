// Where @vladmandic/human and its wasm backend live, and how Human is configured for faces: one
// definition shared by the in-thread engine and the worker threads (through humanLoader.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export function humanPaths(): { humanDir: string; modelsDir: string; wasmDir: string } {
  // The package's "exports" keys lack "./", so its subpaths cannot be imported by name; the
  // main entry resolves to dist/human.node.js, next to the wasm build.
  const distDir = path.dirname(require.resolve('@vladmandic/human'));
  const humanDir = path.dirname(distDir);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return { humanDir, modelsDir: path.join(humanDir, 'models'), wasmDir };
}

/** Human's configuration: face detector, mesh (pose, eyes), description (embedding) and the two
 * presentation-attack models that ship in the package (antispoof: real face or not; liveness:
 * live or not), which score every face crop (see vision/faces/presentationCues.ts for how far
 * their scores are trusted). */
export function humanConfig(modelsDir: string, wasmDir: string): Record<string, unknown> {
  return {
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
      // skipFrames 0: Human would otherwise reuse a previous face's score for a few seconds.
      antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
      liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
    },
  };
}
