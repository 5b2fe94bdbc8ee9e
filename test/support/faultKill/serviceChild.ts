// The local IDV service as a process to kill -9 (the kills bench): serves DATA_DIR on 127.0.0.1
// (port 0) and prints {"url": …} once listening. Usage: serviceChild.ts DATA_DIR [SWEEP_MS]
import { createIdvServer } from '../../../idv/server';

const [dataDir, sweep] = process.argv.slice(2);
const server = await createIdvServer({
  dataDir,
  demo: true,
  ...(sweep ? { sweepIntervalMs: Number(sweep) } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
