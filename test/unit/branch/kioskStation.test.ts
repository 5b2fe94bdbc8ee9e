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
