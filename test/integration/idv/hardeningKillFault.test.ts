// A quit or a crash mid-flow leaves no person's session on the service (issue 12): a kiosk process
// killed with SIGKILL after uploading a page and a face, then started again, deletes that session
// and its media on the service; a kiosk that quits deletes its open sessions before it exits; the
// records it keeps meanwhile hold no session id in clear.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKiosk, type Kiosk } from '../../../electron/host/composeKiosk';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { silentLogger } from '../../../platform/logger';
import { FIXTURES } from './support';

const IMAGE = path.join(FIXTURES, 'passport-td3.jpg');
const CHILD = path.resolve(__dirname, '../../unit/hardening/kioskMidFlowChild.ts');
const TSX = path.resolve(__dirname, '../../../node_modules/.bin/tsx');

let root: string;
let service: IdvServer;
let serviceDir: string;
let app: { sdkId: string; privateKeyPem: string };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-kill-'));
  serviceDir = path.join(root, 'service');
  service = await createIdvServer({ dataDir: serviceDir, demo: true });
  app = await service.apps.create('kill test');
});
afterAll(async () => {
  await service?.close();
  await rm(root, { recursive: true, force: true });
});

/** Session ids that have media on the service (its media/<session>/ folders). */
async function sessionsWithMedia(): Promise<string[]> {
  const media = path.join(serviceDir, 'media');
  if (!existsSync(media)) return [];
  const out: string[] = [];
  for (const id of await readdir(media)) if ((await readdir(path.join(media, id))).length > 0) out.push(id);
  return out;
}

async function sessionOnService(sessionId: string): Promise<number> {
  const { IDVClient } = await import('yoti');
  const client = new IDVClient(app.sdkId, app.privateKeyPem, { apiUrl: service.rpApiUrl });
  try {
    await client.getSession(sessionId);
    return 200;
  } catch (err) {
    return (err as { response?: { statusCode?: number } }).response?.statusCode ?? -1;
  }
}

function kioskAt(dataDir: string, outboxKey: Buffer, capture?: 'hosted'): Promise<Kiosk> {
  return composeKiosk({
    ...(capture ? { capture } : {}),
    service: {
      apiBaseUrl: service.rpApiUrl,
      sdkId: app.sdkId,
      privateKeyPem: app.privateKeyPem,
      kind: 'standalone',
    },
    dataDir,
    outboxKey,
    notifications: false,
    outboxTiming: { baseDelayMs: 50, maxDelayMs: 200 },
    logger: silentLogger,
  });
}

describe('unfinished sessions', () => {
  it('a kiosk killed with SIGKILL mid-flow deletes that session and its media at its next start', async () => {
    const dataDir = path.join(root, 'kiosk-killed');
    const outboxKey = randomBytes(32);
    const before = new Set(await sessionsWithMedia());
    const child = spawn(TSX, [CHILD], {
      env: {
        ...process.env,
        KIOSK_CHILD_CONFIG: JSON.stringify({
          apiBaseUrl: service.rpApiUrl,
          sdkId: app.sdkId,
          privateKeyPem: app.privateKeyPem,
          dataDir,
          outboxKeyHex: outboxKey.toString('hex'),
          image: IMAGE,
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
    await expect.poll(() => out + err, { timeout: 60_000, interval: 100 }).toContain('READY');
    expect(out.trim()).toBe('READY uploaded uploaded');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const left = (await sessionsWithMedia()).filter((id) => !before.has(id));
    expect(left).toHaveLength(1);
    const sessionId = left[0];
    expect(await sessionOnService(sessionId)).toBe(200);
    // What the killed kiosk kept about it is sealed: no session id in clear on its disk.
    const recordDir = path.join(dataDir, 'unfinished');
    const records = await readdir(recordDir);
    expect(records.filter((n) => n.endsWith('.session'))).toHaveLength(1);
    for (const name of records.filter((n) => n.endsWith('.session'))) {
      expect(name).not.toContain(sessionId);
      expect((await readFile(path.join(recordDir, name))).toString('latin1')).not.toContain(sessionId);
    }

    const restarted = await kioskAt(dataDir, outboxKey);
    try {
      await expect.poll(() => sessionOnService(sessionId), { timeout: 20_000 }).toBe(404);
      expect(existsSync(path.join(serviceDir, 'media', sessionId))).toBe(false);
      expect((await readdir(recordDir)).filter((n) => n.endsWith('.session'))).toEqual([]);
    } finally {
      await restarted.dispose();
    }
  }, 120_000);

  it('a kiosk that quits mid-flow deletes its open session before it has quit', async () => {
    const dataDir = path.join(root, 'kiosk-quit');
    const kiosk = await kioskAt(dataDir, randomBytes(32));
    const before = new Set(await sessionsWithMedia());
    const started = await kiosk.dispatch('startSession', { locale: 'en' });
    if (!started.ok) throw new Error(started.error.message);
    const { handle } = started.value;
    await kiosk.dispatch('selectDocument', { handle, issuingCountry: 'UTO', documentType: 'PASSPORT' });
    const page = await kiosk.dispatch('uploadPage', {
      handle,
      side: 'front',
      image: new Uint8Array(await readFile(IMAGE)),
      mime: 'image/jpeg',
      captureMethod: 'CAMERA',
    });
    expect(page.ok && page.value.status).toBe('uploaded');
    const [sessionId] = (await sessionsWithMedia()).filter((id) => !before.has(id));
    expect(await sessionOnService(sessionId)).toBe(200);

    await kiosk.dispose();

    expect(await sessionOnService(sessionId)).toBe(404);
    expect(existsSync(path.join(serviceDir, 'media', sessionId))).toBe(false);
    expect((await readdir(path.join(dataDir, 'unfinished'))).filter((n) => n.endsWith('.session'))).toEqual(
      [],
    );
  }, 60_000);

  it('a hosted capture is recorded too: a kiosk quitting with the page open deletes that session', async () => {
    const dataDir = path.join(root, 'kiosk-hosted');
    const kiosk = await kioskAt(dataDir, randomBytes(32), 'hosted');
    let pageUrl = '';
    kiosk.attachHostedView({
      open: async ({ url }) => void (pageUrl = url),
      close: async () => undefined,
    });
    const started = await kiosk.dispatch('startHostedCapture', { locale: 'en' });
    if (!started.ok) throw new Error(started.error.message);
    const sessionId = new URL(pageUrl).searchParams.get('sessionID') ?? '';
    expect(await sessionOnService(sessionId)).toBe(200);
    const records = async () =>
      (await readdir(path.join(dataDir, 'unfinished'))).filter((n) => n.endsWith('.session'));
    expect(await records()).toHaveLength(1);

    await kiosk.dispose();

    expect(await sessionOnService(sessionId)).toBe(404);
    expect(await records()).toEqual([]);
  }, 60_000);
});
