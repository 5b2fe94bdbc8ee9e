// The esbuild bundles Electron loads: main.js may import only Node built-ins and installed
// packages (they ship in node_modules); the sandboxed preload may require nothing but electron.
import { readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { buildMain } from '../../../scripts/build-main.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

it('bundles main (ESM) and preload (sandbox-safe CJS) into dist/electron', async () => {
  const r = (await buildMain({ quiet: true })) as { outdir: string; warnings: string[] };
  expect(r.warnings).toEqual([]);
  const main = await readFile(path.join(r.outdir, 'main.js'), 'utf8');
  const specifiers = new Set([...main.matchAll(/(?:from\s+|import\()\s*"([^"]+)"/g)].map((m) => m[1]));
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
  // Everything the composition root reaches is inside: the embedded service, its pipeline and vision.
  expect(main).toContain('createIdvServer');
  expect(main).toContain('createNodeVision');
  expect(main).toContain('runPipeline');

  const preload = await readFile(path.join(r.outdir, 'preload.cjs'), 'utf8');
  const required = new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
  expect([...required]).toEqual(['electron']);
  expect(preload).toContain('exposeInMainWorld');
});
