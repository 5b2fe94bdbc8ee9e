// Bundles the Electron main process and the preload into dist/electron/ with esbuild.
// - main.js (ESM, Node): electron/main + the kiosk services + the embedded IDV service (idv/, vision/).
//   npm packages stay external: they are installed next to the app (electron-builder packs
//   node_modules) and some carry native or WASM parts that must not be inlined.
// - faceWorker.js (ESM, Node): the face-analysis worker thread, its own entry because a worker is
//   started from a file; vision/node/faceWorkerPool.ts looks for it next to main.js.
// - preload.cjs (CommonJS, sandboxed): a sandboxed preload can require only 'electron' and a few
//   Node shims, so everything else it uses (the contract, zod) is bundled in.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultOutdir = path.join(root, 'dist', 'electron');

/** `outdir` must stay inside the project, so the bundles' packages resolve from its node_modules. */
export async function buildMain({ quiet = false, outdir = defaultOutdir } = {}) {
  mkdirSync(outdir, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    legalComments: 'none',
  };
  const main = await build({
    ...common,
    entryPoints: { main: 'electron/main/index.ts', faceWorker: 'vision/node/faceWorker.ts' },
    outdir,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    metafile: true,
  });
  const preload = await build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: 'chrome120',
    minify: true,
    external: ['electron'],
    metafile: true,
  });
  // Bundles that quietly leave a dynamic import unresolved would break only in the packaged app.
  const warnings = [...main.warnings, ...preload.warnings].map((w) => w.text);
  writeFileSync(
    path.join(outdir, 'build-info.json'),
    JSON.stringify({ builtAt: new Date().toISOString(), warnings }, null, 2),
  );
  // What this build wrote (relative to the project root), so a check never mistakes a stale file
  // left in dist/electron by an earlier build for this one's output.
  const outputs = [...Object.keys(main.metafile.outputs), ...Object.keys(preload.metafile.outputs)];
  return { outdir, warnings, outputs, inputs: Object.keys(main.metafile.inputs).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildMain();
  console.log(
    `main + preload built into ${path.relative(root, r.outdir)}/ (${r.inputs} modules in main${r.warnings.length ? `, ${r.warnings.length} warnings` : ''})`,
  );
}
