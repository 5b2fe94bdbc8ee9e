// The idv CLI as a user runs it (`npm run -s idv -- ...` is `tsx idv/cli.ts ...`): help, usage
// errors, `app create` against a running service, `serve` as its own process, `read`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IDVClient } from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createBranchClient } from '../../../idv/ibv/branchClient';
import { FIXTURES, call, clientApi, fixture, fullSpecification } from './support';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function idv(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, 'idv/cli.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('idv CLI', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'idv-cli-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('prints help for every command', async () => {
    const runs = await Promise.all(
      [['--help'], ['serve', '--help'], ['app', 'create', '--help'], ['read', '--help']].map(idv),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: npm run -s idv -- /);
    }
    expect(runs[1].stdout).toContain('--port N');
    expect(runs[2].stdout).toContain('private_key_path');
  });

  it('exits 2 with a message on stderr, and nothing on stdout, for usage errors', async () => {
    const noName = await idv(['app', 'create', '--data', dataDir, '--json']);
    expect(noName.code).toBe(2);
    expect(noName.stdout).toBe('');
    expect(noName.stderr).toContain('--name');
    const unknown = await idv(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const badPort = await idv(['serve', '--data', dataDir, '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('not a port');
  });

  it('creates an app that a running service accepts at once', async () => {
    const server: IdvServer = await createIdvServer({ dataDir });
    try {
      const run = await idv(['app', 'create', '--name', 'Front desk', '--data', dataDir, '--json']);
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { sdk_id: string; private_key_path: string };
      expect(Object.keys(out).sort()).toEqual(['private_key_path', 'sdk_id']);
      expect(path.dirname(out.private_key_path)).toBe(path.resolve(dataDir));
      expect((await stat(out.private_key_path)).mode & 0o777).toBe(0o600);
      const key = await readFile(out.private_key_path, 'utf8');
      expect(key).toContain('BEGIN PRIVATE KEY');

      const client = new IDVClient(out.sdk_id, key, { apiUrl: server.rpApiUrl });
      const created = await client.createSession(fullSpecification());
      expect((await client.getSession(created.getSessionId())).getState()).toBe('ONGOING');
    } finally {
      await server.close();
    }
  });

  it('creates an IBV branch station for an app, refusing an unknown app without writing a key', async () => {
    const server: IdvServer = await createIdvServer({ dataDir });
    try {
      const { sdkId } = await server.apps.create('Bank');
      const run = await idv(['station', 'create', '--app', sdkId, '--name', 'High Street', '--data', dataDir, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { station_id: string; private_key_path: string };
      expect(path.basename(out.private_key_path)).toBe(`station-${out.station_id}.pem`);
      expect((await stat(out.private_key_path)).mode & 0o777).toBe(0o600);
      // The station's signed branch call authenticates (a letter it has not got is the only refusal).
      const branch = createBranchClient({
        branchApiUrl: server.branchApiUrl,
        clientApiUrl: server.clientApiUrl,
        stationId: out.station_id,
        privateKeyPem: await readFile(out.private_key_path, 'utf8'),
      });
      await expect(branch.openLetter('not a letter')).rejects.toMatchObject({ status: 400, code: 'NOT_A_LETTER_CODE' });

      const unknown = await idv(['station', 'create', '--app', 'no-such-app', '--name', 'X', '--data', dataDir, '--json']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toBe('idv: No app no-such-app.\n');
    } finally {
      await server.close();
    }
  });

  it('serves until stopped, with image analysis wired in (demo mode: the specimen issuer)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'idv-serve-'));
    const child = spawn(
      process.execPath,
      [TSX, 'idv/cli.ts', 'serve', '--port', '0', '--data', dir, '--demo', '--json'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited early (${code})`)));
      });
      const urls = JSON.parse(firstLine) as { url: string; rp_api_url: string; client_api_url: string };
      expect(urls.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(urls.rp_api_url).toBe(`${urls.url}/idverify/v1`);
      expect((await call(`${urls.url}/health`)).json.status).toBe('ok');

      const app = await idv(['app', 'create', '--name', 'serve test', '--data', dir, '--json']);
      const { sdk_id, private_key_path } = JSON.parse(app.stdout) as {
        sdk_id: string;
        private_key_path: string;
      };
      const client = new IDVClient(sdk_id, await readFile(private_key_path, 'utf8'), {
        apiUrl: urls.rp_api_url,
      });
      const created = await client.createSession(fullSpecification());
      const api = clientApi(
        { server: { clientApiUrl: urls.client_api_url } } as Parameters<typeof clientApi>[0],
        created.getSessionId(),
        created.getClientSessionToken(),
      );
      const doc = await api.createDocument('UTO', 'PASSPORT');
      const page = await api.uploadPage(
        String(doc.json.resource_id),
        'front',
        await fixture('passport-td3.jpg'),
      );
      // The MRZ was found in the picture: serve runs with vision/node.
      expect(page.json.feedback).toMatchObject({ metrics: { mrzFound: true } });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const run = await idv(['serve', '--port', String(port), '--data', dataDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it('reads documents and prints one JSON array, one element per file in order', async () => {
    const files = ['passport-td3.jpg', 'pacman.jpg'].map((f) => path.join(FIXTURES, f));
    const run = await idv(['read', ...files, '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as Array<{
      file: string;
      ms: number;
      mrz: { format: string; fields: Record<string, string> } | null;
    }>;
    expect(results.map((r) => r.file)).toEqual(files);
    expect(results[0].mrz?.format).toBe('TD3');
    expect(results[0].mrz?.fields).toMatchObject({
      document_number: 'L898902C3',
      expiration_date: '2012-04-15',
    });
    expect(results[1].mrz).toBeNull();
    expect(results[0].ms).toEqual(expect.any(Number));
  });
});
