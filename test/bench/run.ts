// `npm run -s bench -- NAME [args]`: runs test/bench/NAME.ts, whose default export returns the
// figures; prints them as one JSON object with the machine they were measured on.
import os from 'node:os';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run -s bench -- NAME   (NAME: ${available.join(', ')})`);
  process.exit(2);
}
const mod = (await import(path.join(here, `${name}.ts`))) as {
  default: (args: string[]) => Promise<unknown>;
};
const started = new Date().toISOString();
const results = await mod.default(args);
const machine = {
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  memory_gib: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
console.log(JSON.stringify({ bench: name, started, machine, results }, null, 2));
