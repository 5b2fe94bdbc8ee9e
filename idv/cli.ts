// The IDV service's command line: `serve`, `app create`, `station create`, `read`. With --json, stdout carries
// exactly one JSON document and nothing else (logs go to stderr), so scripts can parse it.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorFirstLine, errorMessage } from '../common/errorMessage';
import { createLogger } from '../platform/logger';
import type { VisionPort } from '../vision/contract';
import type { IdvStore } from './store/types';

const HELP: Record<string, string> = {
  main: `Usage: npm run -s idv -- <command> [options]

Commands:
  serve        run the IDV service (Yoti-compatible API) on 127.0.0.1
  app create   register an application and write its private key
  station create  register an IBV branch station for an application
  read         read the MRZ / barcode of document images

Run "npm run -s idv -- <command> --help" for a command's options.`,
  serve: `Usage: npm run -s idv -- serve --data DIR [--port N] [--host H] [--demo] [--csca DIR] [--json]

Runs the local IDV service until interrupted and prints its base URL.
  --data DIR   data directory (store, encrypted media, master.key); created if missing
  --port N     TCP port (default 0: a free port)
  --host H     address to bind (default 127.0.0.1)
  --demo       demo mode: also offer the ICAO specimen issuer UTO (the test/fixtures specimens)
  --csca DIR   CSCA certificates, master lists and CRLs that chip passive authentication trusts
               (default DATA/csca; none: a chip's signature chain is NOT_VERIFIED, never PASS)
  --json       print {"url","rp_api_url","sandbox_api_url","client_api_url"} instead of the URL`,
  'app create': `Usage: npm run -s idv -- app create --name NAME --data DIR [--json]

Registers an application with a new RSA-2048 key pair. The private key is written to
DIR/app-<sdk_id>.pem (mode 0600); pass it and the sdk_id to the yoti SDK's IDVClient.
Works while "serve" runs on the same DIR: the app is usable at once.
  --name NAME  application name
  --data DIR   the service's data directory
  --json       print {"sdk_id","private_key_path"}`,
  'station create': `Usage: npm run -s idv -- station create --app SDK_ID --name NAME --data DIR [--json]

Registers an In-Branch Verification branch station for one application (business) with a new
RSA-2048 key pair, written to DIR/station-<station_id>.pem (mode 0600). The station signs its
branch API calls with it (idv/ibv/branchClient.ts) and opens only that business's letters.
  --app SDK_ID  the application whose IBV letters the station opens
  --name NAME   the branch's name
  --data DIR    the service's data directory
  --json        print {"station_id","private_key_path"}`,
  read: `Usage: npm run -s idv -- read FILE... [--json]

Reads each image's MRZ (and PDF417 barcode) and prints one JSON array, one element per file:
{"file","ms","mrz": null | {...}, "barcode": null | {...}, "error"?}.`,
};

class UsageError extends Error {}

function fail(message: string, code = 1): never {
  process.stderr.write(`idv: ${message}\n`);
  process.exit(code);
}

async function loadVision(): Promise<VisionPort | null> {
  // Loaded only for `serve` (it brings the image and face models); without it the checks say
  // NOT_AVAILABLE and why. A literal specifier, so bundlers include it.
  try {
    const { createNodeVision } = await import('../vision/node');
    return await createNodeVision();
  } catch (err) {
    process.stderr.write(`idv: image analysis unavailable (${errorFirstLine(err)})\n`);
    return null;
  }
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      json: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      csca: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${HELP.serve}\n`);
  if (!values.data) throw new UsageError('serve needs --data DIR');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${values.port} is not a port number`);
  const vision = await loadVision();
  // Loaded per command, so --help and usage errors answer without loading the service.
  const { createIdvServer } = await import('./server');
  const { chipAwarePipeline, serviceCscaStore } = await import('./chip/chipPipeline');
  const logger = createLogger({ name: 'idv', destination: process.stderr });
  const server = await createIdvServer({
    dataDir: values.data,
    pipeline: chipAwarePipeline(serviceCscaStore(values.csca ?? path.join(values.data, 'csca'), logger)),
    // A checkout may not have built the hosted web client yet: Vite builds it at the first request.
    buildWebClient: async () => (await import('./web/webClientBuild')).buildWebClient(),
    port,
    host: values.host,
    vision,
    demo: values.demo,
    // JSON lines on stderr: stdout carries only the URL (or the --json document).
    logger,
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ url: server.url, rp_api_url: server.rpApiUrl, sandbox_api_url: server.sandboxApiUrl, client_api_url: server.clientApiUrl })}\n`
      : `${server.url}\n`,
  );
  process.stderr.write(
    `idv: serving ${server.rpApiUrl} (local service, not a Yoti verification); Ctrl+C stops\n`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (err: unknown) => fail(`shutdown failed: ${errorMessage(err)}`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * A new RSA key pair for an app or a station: the public half registered in the store (`register`
 * answers the new id), the private half written once (0600, never over an existing file) as
 * DATA/<kind>-<id>.pem, and the id with the key's path printed.
 */
async function registerWithNewKey(
  dataDir: string,
  kind: 'app' | 'station',
  idField: 'sdk_id' | 'station_id',
  json: boolean,
  register: (store: IdvStore, publicKeyPem: string) => string,
): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const { openIdvStore } = await import('./store');
  const store = await openIdvStore({ dataDir });
  let id: string;
  try {
    id = register(store, publicKey);
  } finally {
    store.close();
  }
  const keyPath = path.join(dataDir, `${kind}-${id}.pem`);
  await writeFile(keyPath, privateKey, { mode: 0o600, flag: 'wx' });
  process.stdout.write(
    json
      ? `${JSON.stringify({ [idField]: id, private_key_path: keyPath })}\n`
      : `${idField}: ${id}\nprivate_key_path: ${keyPath}\n`,
  );
}

async function appCreate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${HELP['app create']}\n`);
  if (!values.name || values.name.trim() === '') throw new UsageError('app create needs --name NAME');
  if (!values.data) throw new UsageError('app create needs --data DIR');
  const dataDir = path.resolve(values.data);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const name = values.name.trim();
  await registerWithNewKey(
    dataDir,
    'app',
    'sdk_id',
    values.json,
    (store, publicKeyPem) => store.apps.register({ name, publicKeyPem }).sdkId,
  );
}

async function stationCreate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      app: { type: 'string' },
      name: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${HELP['station create']}\n`);
  if (!values.app) throw new UsageError('station create needs --app SDK_ID');
  if (!values.name || values.name.trim() === '') throw new UsageError('station create needs --name NAME');
  if (!values.data) throw new UsageError('station create needs --data DIR');
  const sdkId = values.app;
  const name = values.name.trim();
  await registerWithNewKey(
    path.resolve(values.data),
    'station',
    'station_id',
    values.json,
    (store, publicKeyPem) => store.branch.registerStation({ sdkId, name, publicKeyPem }).stationId,
  );
}

async function read(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void process.stdout.write(`${HELP.read}\n`);
  if (positionals.length === 0) throw new UsageError('read needs at least one FILE');
  const { runReadCommand } = await import('../vision/node/readCommand');
  const results = await runReadCommand(positionals);
  process.stdout.write(
    values.json ? `${JSON.stringify(results)}\n` : `${JSON.stringify(results, null, 2)}\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return;
  }
  if (command === 'serve') return serve(rest);
  if (command === 'read') return read(rest);
  if (command === 'app') {
    const [sub, ...options] = rest;
    if (sub === 'create') return appCreate(options);
    if (sub === undefined || sub === '--help') return void process.stdout.write(`${HELP['app create']}\n`);
    throw new UsageError(`unknown app command "${sub}" (try: app create)`);
  }
  if (command === 'station') {
    const [sub, ...options] = rest;
    if (sub === 'create') return stationCreate(options);
    if (sub === undefined || sub === '--help')
      return void process.stdout.write(`${HELP['station create']}\n`);
    throw new UsageError(`unknown station command "${sub}" (try: station create)`);
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    fail(`${errorMessage(err)}\n\n${HELP.main}`, 2);
  }
  fail(errorMessage(err));
});
