// The station's key file (settings.branch.keyFile): a PEM private key is used; a missing file or
// one that is no key is refused in words (the kiosk then runs with no branch station).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStationCredentials } from '../../../electron/services/branch/kioskStation';

const dir = mkdtempSync(path.join(os.tmpdir(), 'branch-key-'));
const STATION = '00000000-0000-4000-a000-000000000001';

describe('loadStationCredentials', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses a PEM private key', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const file = path.join(dir, 'station.pem');
    writeFileSync(file, pem, { mode: 0o600 });
    expect(await loadStationCredentials({ stationId: STATION, keyFile: file })).toEqual({ stationId: STATION, privateKeyPem: pem });
  });

  it('says why a missing file or a file that is no key cannot be used', async () => {
    const missing = path.join(dir, 'nope.pem');
    expect(await loadStationCredentials({ stationId: STATION, keyFile: missing })).toEqual({
      problem: `the branch station key file ${missing} cannot be used: ENOENT: no such file or directory, open '${missing}'`,
    });
    const notKey = path.join(dir, 'not-a-key.pem');
    writeFileSync(notKey, 'hello');
    const answer = await loadStationCredentials({ stationId: STATION, keyFile: notKey });
    expect(answer).toMatchObject({ problem: expect.stringMatching(new RegExp(`^the branch station key file ${notKey} cannot be used: `)) });
    expect(answer).not.toHaveProperty('privateKeyPem');
  });
});

describe('kioskStationOf (the embedded kiosk’s one station)', () => {
  it('two starts reuse one station; a service that forgot it, or another app, registers again; no key on disk', async () => {
    const { createIdvServer } = await import('../../../idv/server');
    const { kioskStationOf, stationClient, stationStillKnown, KIOSK_STATION_FILE } = await import('../../../electron/services/branch/kioskStation');
    const { silentLogger } = await import('../../../platform/logger');
    const { readFileSync } = await import('node:fs');
    const kioskDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-station-'));
    const start = async (idvDir: string, app?: { sdkId: string; privateKeyPem: string }) => {
      const server = await createIdvServer({ dataDir: idvDir, port: 0, host: '127.0.0.1', demo: false, sandbox: false, vision: null, logger: silentLogger });
      const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      const own = app ?? { sdkId: await server.apps.register('Kiosk app', keys.publicKey), privateKeyPem: keys.privateKey };
      let registered = 0;
      const stations = { register: async (input: Parameters<typeof server.branchStations.register>[0]) => (registered++, server.branchStations.register(input)) };
      try {
        const credentials = await kioskStationOf({
          stations,
          app: own,
          name: 'kiosk-1',
          dataDir: kioskDir,
          stillKnown: (c) => stationStillKnown(stationClient(server.rpApiUrl, c)),
          logger: silentLogger,
        });
        return { credentials, registered, app: own, known: await stationStillKnown(stationClient(server.rpApiUrl, credentials)) };
      } finally {
        await server.close();
      }
    };
    try {
      const idv = path.join(kioskDir, 'idv');
      const first = await start(idv);
      const second = await start(idv, first.app);
      expect([first.registered, second.registered]).toEqual([1, 0]);
      expect(second.credentials).toEqual(first.credentials);
      expect(second.known).toBe(true);
      // The station's key is the app's own (sealed elsewhere); the file holds ids only.
      expect(first.credentials.privateKeyPem).toBe(first.app.privateKeyPem);
      const remembered = readFileSync(path.join(kioskDir, KIOSK_STATION_FILE), 'utf8');
      expect(Object.keys(JSON.parse(remembered) as object).sort()).toEqual(['keyId', 'sdkId', 'stationId']);
      expect(remembered).not.toContain('PRIVATE KEY');
      // The service's store reset (a new one, the same app registered again under a new id): a new station.
      const fresh = await start(path.join(kioskDir, 'idv-2'));
      expect(fresh.registered).toBe(1);
      expect(fresh.known).toBe(true);
      expect(fresh.credentials.stationId).not.toBe(first.credentials.stationId);
    } finally {
      rmSync(kioskDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a remembered station the service says it no longer knows is registered again, and remembered anew', async () => {
    const { kioskStationOf } = await import('../../../electron/services/branch/kioskStation');
    const { silentLogger } = await import('../../../platform/logger');
    const kioskDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-station-'));
    const app = { sdkId: 'app-1', privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const ids = ['station-a', 'station-b'];
    const registered: string[] = [];
    const stations = { register: async () => { const id = ids[registered.length] ?? 'x'; registered.push(id); return id; } };
    const known = new Set<string>();
    const run = () => kioskStationOf({ stations, app, name: 'k', dataDir: kioskDir, stillKnown: async (c) => known.has(c.stationId), logger: silentLogger });
    try {
      expect((await run()).stationId).toBe('station-a');
      expect((await run()).stationId).toBe('station-b');
      known.add('station-b');
      expect((await run()).stationId).toBe('station-b');
      expect(registered).toEqual(['station-a', 'station-b']);
    } finally {
      rmSync(kioskDir, { recursive: true, force: true });
    }
  });
});
