// Probe files, placed virtually in each layer's folder, prove that every layer rule of
// eslint.config.js fires on a forbidden import and stays quiet on an allowed one. The cases are
// written out here, not derived from the config, so a rule that silently stops matching fails.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages;
}

/** The rules that reported, with the import each one names. */
function reported(messages: Linter.LintMessage[]): string[] {
  return messages.map((m) => `${m.ruleId}: ${/'([^']+)' import/.exec(m.message)?.[1] ?? m.message}`);
}

interface LayerProbe {
  /** Where the probe file pretends to live. */
  file: string;
  forbidden: string[];
  allowed: string[];
}

const probes: Record<string, LayerProbe> = {
  common: {
    file: 'common/ipc/probe.ts',
    forbidden: ['electron', 'node:fs', 'fs', 'path', '../../platform/logger', '../../vision/contract', '../../idv/server', '../../electron/main/kioskApp', '../../renderer/kiosk/kioskApi'],
    allowed: ['./contract', '../errorMessage', 'zod'],
  },
  platform: {
    file: 'platform/probe.ts',
    forbidden: ['electron', '../vision/contract', '../idv/server', '../electron/services/uploadOutbox', '../renderer/kiosk/kioskApi'],
    allowed: ['../common/errorMessage', './logger', 'node:crypto', 'pino'],
  },
  'vision core': {
    file: 'vision/mrz/probe.ts',
    forbidden: [
      'node:fs',
      'fs',
      'electron',
      '../node/decode', // the hole: a sibling import of the Node adapters
      '../node',
      '../../vision/node/decode',
      '../../platform/logger',
      '../../idv/server',
      '../../electron/main/kioskApp',
      '../../renderer/kiosk/kioskApi',
    ],
    allowed: ['./mrzReader', '../image/rgbaImage', '../contract', '../../common/documents'],
  },
  'vision core (top of vision/)': {
    file: 'vision/probe.ts',
    forbidden: ['./node', './node/decode'],
    allowed: ['./contract', './mrz/mrzReader'],
  },
  'vision/node': {
    file: 'vision/node/probe.ts',
    forbidden: ['electron', '../../idv/server', '../../electron/services/uploadOutbox', '../../renderer/kiosk/kioskApi'],
    allowed: ['./decode', '../mrz/mrzReader', '../contract', '../../common/documents', '../../platform/logger', 'node:fs', 'sharp'],
  },
  idv: {
    file: 'idv/api/probe.ts',
    forbidden: ['electron', 'electron/main', '../../electron/services/uploadOutbox', '../../electron/main/kioskApp', '../../renderer/kiosk/kioskApi'],
    allowed: ['../server', '../../common/documents', '../../platform/logger', '../../vision/contract', '../../vision/node', 'node:http'],
  },
  'electron/services': {
    file: 'electron/services/probe.ts',
    forbidden: [
      'electron', // the hole: services reached for electron with no lint error
      'electron/main',
      '../main/kioskApp',
      '../../electron/main/kioskApp',
      '../preload/index',
      '../../renderer/kiosk/kioskApi',
    ],
    allowed: ['./uploadOutbox', '../devices/deviceSource', '../../common/documents', '../../platform/logger', '../../idv/server', '../../vision/contract', '../../vision/node', 'node:fs'],
  },
  'electron/devices': {
    file: 'electron/devices/probe.ts',
    forbidden: ['electron', '../main/kioskApp', '../preload/index', '../../renderer/kiosk/kioskApi'],
    allowed: ['./deviceSource', '../../common/documents', 'node-hid'],
  },
  'electron/host': {
    file: 'electron/host/probe.ts',
    forbidden: ['electron', '../main/kioskApp', '../preload/index', '../../renderer/kiosk/kioskApi'],
    allowed: ['../services/kioskService', '../devices/deviceSource', '../../idv/server'],
  },
  'electron/main': {
    file: 'electron/main/probe.ts',
    forbidden: ['../preload/index', '../../electron/preload/index', '../../renderer/kiosk/kioskApi'],
    allowed: ['electron', './appOrigin', '../services/kioskService', '../host/composeKiosk', '../devices/deviceSource', '../../idv/server', '../../vision/node', '../../platform/logger', '../../common/documents', 'node:path'],
  },
  'electron/preload': {
    file: 'electron/preload/probe.ts',
    forbidden: [
      'node:fs', // the hole: the preload could reach Node
      'fs',
      '../services/kioskService', // the hole: …and the main-process services
      '../main/kioskApp',
      '../devices/deviceSource',
      '../../idv/server',
      '../../vision/contract',
      '../../platform/logger',
      '../../renderer/kiosk/kioskApi',
      'electron/main',
      'zod',
    ],
    allowed: ['electron', '../../common/ipc/contract', './index'],
  },
  renderer: {
    file: 'renderer/stores/probe.ts',
    forbidden: [
      'node:fs',
      'path',
      'electron',
      '../../vision/node/decode',
      '../../vision/node',
      '../../idv/server',
      '../../platform/logger',
      '../../electron/preload/index',
      '../../electron/main/kioskApp',
      '../../electron/services/kioskService',
    ],
    allowed: ['../../common/documents', '../../vision/mrz/mrzReader', '../../vision/contract', './flow', 'vue', 'pinia'],
  },
};

describe('layer boundaries (no-restricted-imports)', () => {
  for (const [layer, { file, forbidden, allowed }] of Object.entries(probes)) {
    describe(layer, () => {
      it.each(forbidden)(`${file} may not import %s`, async (source) => {
        expect(reported(await lint(file, `import '${source}';\n`))).toEqual([`no-restricted-imports: ${source}`]);
      });
      it.each(allowed)(`${file} may import %s`, async (source) => {
        expect(await lint(file, `import '${source}';\n`)).toEqual([]);
      });
    });
  }

  it('checks .vue components of the renderer too', async () => {
    const sfc = (source: string) => `<script setup lang="ts">\nimport '${source}';\n</script>\n`;
    expect(reported(await lint('renderer/views/Probe.vue', sfc('electron')))).toEqual(['no-restricted-imports: electron']);
    expect(reported(await lint('renderer/views/Probe.vue', sfc('../../idv/server')))).toEqual([
      'no-restricted-imports: ../../idv/server',
    ]);
    expect(await lint('renderer/views/Probe.vue', sfc('../../common/documents'))).toEqual([]);
  });

  it('lets pages take only types from the IPC contract (a zod schema probes eval, which their CSP refuses)', async () => {
    const rule = '@typescript-eslint/no-restricted-imports';
    for (const file of ['renderer/views/Probe.vue', 'renderer/stores/probe.ts', 'idv/web/src/probe.ts']) {
      const code = (line: string) => (file.endsWith('.vue') ? `<script setup lang="ts">\n${line}\n</script>\n` : `${line}\n`);
      expect(await lint(file, code("import type { MediaImage } from '../../common/ipc/contract';\nexport type M = MediaImage;"))).toEqual([]);
      for (const value of ["import { CAPTURE_MODES } from '../../common/ipc/hostedChannels';\nexport const c = CAPTURE_MODES;", "import { z } from 'zod';\nexport const s = z.string();"]) {
        expect(reported(await lint(file, code(value))).filter((r) => r.startsWith(rule))).toHaveLength(1);
      }
    }
  });

  it('checks plain JavaScript files in a layer folder too', async () => {
    expect(reported(await lint('vision/mrz/probe.mjs', "import 'node:fs';\n"))).toEqual(['no-restricted-imports: node:fs']);
    expect(reported(await lint('electron/services/probe.js', "import 'electron';\n"))).toEqual(['no-restricted-imports: electron']);
  });

  it('checks type-only imports and re-exports, not only value imports', async () => {
    expect(reported(await lint('electron/services/probe.ts', "import type { App } from 'electron';\nexport type { App };\n"))).toEqual([
      'no-restricted-imports: electron',
    ]);
    expect(reported(await lint('vision/mrz/probe.ts', "export * from '../node/decode';\n"))).toEqual([
      'no-restricted-imports: ../node/decode',
    ]);
  });

  it('leaves scripts/, test/ and the root config files unrestricted', async () => {
    const code = "import 'electron';\nimport 'node:fs';\nimport '../electron/main/kioskApp';\nimport '../renderer/kiosk/kioskApi';\n";
    expect(await lint('scripts/probe.ts', code)).toEqual([]);
    expect(await lint('test/probe.ts', code)).toEqual([]);
    expect(await lint('probe.config.ts', "import 'electron';\nimport 'node:fs';\n")).toEqual([]);
  });
});

describe('layer boundaries for import(), require() and import types', () => {
  it('applies the same restrictions to dynamic imports', async () => {
    expect(reported(await lint('electron/services/probe.ts', "export const e = await import('electron');\n"))).toEqual([
      'layers/no-restricted-dynamic-imports: electron',
    ]);
    expect(reported(await lint('vision/mrz/probe.ts', 'export const n = await import(`../node/decode`);\n'))).toEqual([
      'layers/no-restricted-dynamic-imports: ../node/decode',
    ]);
    expect(await lint('electron/services/probe.ts', "export const v = await import('../../vision/node/index');\n")).toEqual([]);
  });

  it('applies them to typeof import() and require()', async () => {
    expect(reported(await lint('idv/probe.ts', "export type E = typeof import('electron');\n"))).toEqual([
      'layers/no-restricted-dynamic-imports: electron',
    ]);
    expect(reported(await lint('electron/preload/probe.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const fs = require('node:fs');\n"))).toEqual([
      'layers/no-restricted-dynamic-imports: node:fs',
    ]);
    expect(reported(await lint('renderer/probe.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nimport fs = require('fs');\nexport { fs };\n"))).toEqual([
      'no-restricted-imports: fs',
    ]);
  });
});
