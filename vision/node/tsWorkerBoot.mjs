// Runs a TypeScript worker entry from source (tests, `npm start`'s tsx host, the CLI): Node 20
// does not apply the parent's tsx hooks (`--import tsx` or register()) to a worker's entry
// file, so the worker registers tsx itself before importing the entry. Bundled builds start the
// emitted .js entry directly and never load this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
