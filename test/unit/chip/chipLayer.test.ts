// The chip/ lint layer (eslint.config.js): a probe file placed in chip/ may import common/,
// platform/, vision core and Node, and nothing of electron/, renderer/ or idv/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function rulesFor(specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import x from '${specifier}';\nexport default x;\n`, { filePath: path.join(root, 'chip/access/probe.ts') });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('chip/ layer', () => {
  it.each(['electron', '../../electron/services/kioskService', '../../renderer/flow/flowMachine', '../../idv/server', '../../vision/node/decode'])(
    'forbids %s',
    async (spec) => {
      expect(await rulesFor(spec)).toEqual(['no-restricted-imports']);
    },
  );
  it.each(['node:crypto', '../../common/errorMessage', '../../platform/logger', '../../vision/mrz/checkDigit', '../tlv', 'pkijs'])('allows %s', async (spec) => {
    expect(await rulesFor(spec)).toEqual([]);
  });
});
