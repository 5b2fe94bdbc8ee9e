// The esbuild bundles Electron loads: main.js and the face worker may import only Node built-ins
// and installed packages (they ship in node_modules); the sandboxed preload may require nothing
// but electron.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { buildMain } from '../../../scripts/build-main.mjs';
import { spawnFaceWorker } from '../../../vision/node/faceWorkerPool';
import type { FaceWorkerReply, FaceWorkerRequest } from '../../../vision/node/faceWorkerProtocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface BuildResult {
  outdir: string;
  warnings: string[];
  /** Files this build wrote, relative to the project root. */
  outputs: string[];
}

let r: BuildResult;
// A folder of its own: other builds (npm start, other test runs) may rewrite dist/electron meanwhile.
beforeAll(async () => {
  await mkdir(path.join(root, 'dist'), { recursive: true });
  const outdir = await mkdtemp(path.join(root, 'dist', '.build-main-test-'));
  r = (await buildMain({ quiet: true, outdir })) as BuildResult;
});
afterAll(async () => {
  if (r) await rm(r.outdir, { recursive: true, force: true });
});

/** Every module a bundle imports must be a Node built-in, electron, or a runtime dependency. */
async function expectOnlyPackagedImports(bundle: string): Promise<void> {
  const specifiers = new Set([...bundle.matchAll(/(?:from\s+|import\()\s*"([^"]+)"/g)].map((m) => m[1]));
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  for (const s of specifiers) {
    expect(s.startsWith('.') || s.startsWith('/'), `${s} must not be a relative import left unbundled`).toBe(
      false,
    );
    if (s.startsWith('node:') || builtinModules.includes(s) || s === 'electron') continue;
    expect(() => requireFromRoot.resolve(s), `${s} must be an installed dependency`).not.toThrow();
    const pkg = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0];
    const deps = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).dependencies as Record<
      string,
      string
    >;
    expect(
      Object.keys(deps),
      `${pkg} is used at run time, so it must be a dependency (packaged), not a devDependency`,
    ).toContain(pkg);
  }
}

it('bundles main (ESM) and preload (sandbox-safe CJS) into dist/electron', async () => {
  expect(r.warnings).toEqual([]);
  const main = await readFile(path.join(r.outdir, 'main.js'), 'utf8');
  await expectOnlyPackagedImports(main);
  // Everything the composition root reaches is inside: the embedded service, its pipeline and vision.
  expect(main).toContain('createIdvServer');
  expect(main).toContain('createNodeVision');
  expect(main).toContain('runPipeline');

  const preload = await readFile(path.join(r.outdir, 'preload.cjs'), 'utf8');
  const required = new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
  expect([...required]).toEqual(['electron']);
  expect(preload).toContain('exposeInMainWorld');
});

/** The next message of a worker, or its error or exit as a rejection. */
function nextReply(worker: Worker): Promise<FaceWorkerReply> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
  });
}

it('emits the face worker as its own entry next to main.js, where the pool finds and starts it', async () => {
  expect(r.outputs).toContain(path.relative(root, path.join(r.outdir, 'faceWorker.js')));
  const bundle = await readFile(path.join(r.outdir, 'faceWorker.js'), 'utf8');
  await expectOnlyPackagedImports(bundle);
  const main = await readFile(path.join(r.outdir, 'main.js'), 'utf8');
  // The pool is inside main.js and resolves the worker against main.js's own URL.
  expect(main).toContain('new URL("./faceWorker.js", moduleUrl)');
  expect(main).toContain('spawnFaceWorker()');

  const worker = spawnFaceWorker(pathToFileURL(path.join(r.outdir, 'main.js')).href);
  try {
    const ready = await nextReply(worker);
    expect(ready).toMatchObject({ type: 'ready', backend: 'wasm' });
    const request: FaceWorkerRequest = {
      id: 7,
      rgb: new Uint8Array(64 * 64 * 3).fill(200),
      width: 64,
      height: 64,
    };
    worker.postMessage(request);
    expect(await nextReply(worker)).toEqual({ type: 'result', id: 7, faces: [] });
  } finally {
    await worker.terminate();
  }
});
