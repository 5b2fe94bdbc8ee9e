// The preload is type-checked on its own (tsconfig.preload.json: DOM lib, no Node types). These
// probes compile virtual files in electron/preload/ with exactly those options and prove Node is out
// of reach while the two electron APIs the bridge uses are still typed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContextBridge as RealContextBridge, IpcRenderer as RealIpcRenderer } from 'electron';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { ContextBridge, IpcRenderer } from '../../../electron/preload/sandboxedElectron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Compile-time (npm run typecheck): the real electron types still fit the preload's declaration,
// so the bundle, which imports the real module, gets what the preload was checked against.
const realFits: [RealIpcRenderer extends IpcRenderer ? true : false, RealContextBridge extends ContextBridge ? true : false] = [true, true];

function preloadOptions(): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.preload.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  expect(parsed.errors).toEqual([]);
  return parsed.options;
}

/** Type-checks in-memory files (name → source) placed in electron/preload/; returns "file: TSnnnn" per error. */
function compile(sources: Record<string, string>): string[] {
  const options = preloadOptions();
  const virtual = new Map(Object.entries(sources).map(([name, code]) => [path.join(root, 'electron/preload', name), code]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const code = virtual.get(f);
    return code !== undefined ? ts.createSourceFile(f, code, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.basename(d.file.fileName) : '(options)'}: TS${d.code}`)
    .sort();
}

describe('tsconfig.preload.json', () => {
  it('keeps Node out of the preload and still types contextBridge and ipcRenderer', () => {
    expect(realFits).toEqual([true, true]);
    const errors = compile({
      'bridgeProbe.ts': [
        "import { contextBridge, ipcRenderer } from 'electron';",
        "import { invokeChannelName } from '../../common/ipc/contract';",
        "contextBridge.exposeInMainWorld('probe', { appInfo: () => ipcRenderer.invoke(invokeChannelName('getAppInfo'), {}) });",
        "ipcRenderer.on('x', (_event, payload) => console.log(payload));",
      ].join('\n'),
      // A module the ES2022 + DOM libs do not declare: only Node types would.
      'nodeModuleProbe.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      // Node's globals: present whenever @types/node is loaded, e.g. through electron.d.ts.
      'nodeGlobalsProbe.ts': "export const bytes = Buffer.from('x');\nexport const env = process.env;\n",
      // The bridge exposes only what the declaration has (no ipcRenderer.sendSync, no remote).
      'electronSurfaceProbe.ts': "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer.sendSync('x');\n",
    });
    expect(errors).toEqual([
      'electronSurfaceProbe.ts: TS2339', // Property 'sendSync' does not exist
      'nodeGlobalsProbe.ts: TS2591', // Cannot find name 'Buffer' (install @types/node)
      'nodeGlobalsProbe.ts: TS2591', // Cannot find name 'process'
      'nodeModuleProbe.ts: TS2307', // Cannot find module 'node:fs'
    ]);
  });
});
