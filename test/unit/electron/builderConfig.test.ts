// The installers' configuration as electron-builder reads it: the fuses that keep main's keys and
// tokens out of reach, and an archive that leaves only native binaries and WASM outside.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const config = yaml.load(readFileSync(path.resolve('electron-builder.yml'), 'utf8')) as {
  electronFuses?: Record<string, boolean>;
  asarUnpack?: string[];
  asar?: boolean | { smartUnpack?: boolean };
  files?: string[];
};

// electron-builder's own check of a configuration (its JSON schema, the one `npm run dist` applies),
// taken from the electron-builder this project installs: a misspelled fuse or key fails here too.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const noDebug = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts, and its check refuses an unknown fuse', async () => {
    await expect(validateConfiguration(structuredClone(config), noDebug)).resolves.toBeUndefined();
    const misspelled = structuredClone(config);
    misspelled.electronFuses = { ...misspelled.electronFuses, runAsNod: false };
    await expect(validateConfiguration(misspelled, noDebug)).rejects.toThrow(
      /configuration object that does not match the API schema/,
    );
  });

  it('flips the fuses: no run-as-Node, no NODE_OPTIONS, no inspector, only the checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).not.toBe(false);
  });

  it('unpacks native binaries and WASM only, never JavaScript or the face models', () => {
    // electron-builder's smartUnpack (app-builder-lib/out/asar/unpackDetector.js) unpacks the whole
    // package of any module holding a .node, .so, .dll or .dylib file; these packages hold one.
    const nativePackages = ['node_modules/node-hid/', 'node_modules/@img/sharp-linux-x64/'];
    const smartUnpack =
      typeof config.asar === 'object' ? config.asar.smartUnpack !== false : config.asar !== false;
    const unpacked = (file: string) =>
      (config.asarUnpack ?? []).some((p) => minimatch(file, p, { dot: true })) ||
      (smartUnpack && nativePackages.some((dir) => file.startsWith(dir)));
    for (const file of [
      'node_modules/node-hid/prebuilds/HID-linux-x64/node-napi-v3.node',
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.17.3',
      'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
    ])
      expect(unpacked(file), file).toBe(true);
    for (const file of [
      'dist/electron/main.js',
      'dist/electron/faceWorker.js',
      'node_modules/node-hid/nodehid.js',
      'node_modules/sharp/lib/index.js',
      'node_modules/@vladmandic/human/models/faceres.json',
      'node_modules/@vladmandic/human/models/faceres.bin',
      'package.json',
    ])
      expect(unpacked(file), file).toBe(false);
  });

  it('packs the app, the renderer, the hosted web client and the demo pictures', () => {
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'dist/webclient/**', 'demo/**']),
    );
    // The builds' own stamps and locks stay out.
    expect(config.files).toEqual(
      expect.arrayContaining(['!dist/.renderer-build.*', '!dist/.webclient-build.*']),
    );
  });
});
