// Without an OS key store or an operator key a staffed kiosk runs on keys for one run only (issue
// 12): what the previous run left queued can never be sent, and that is said in words at the next
// start, with the items kept in outbox/quarantine, never dropped silently.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SafeStorageLike } from '../../../electron/host/kioskSecrets';
import { startKiosk, type StartedKiosk } from '../../../electron/host/startKiosk';
import { ServiceUnreachableError } from '../../../electron/services/serviceErrors';
import { openUploadOutbox } from '../../../electron/services/uploadOutbox';
import { confSettingsStore } from '../../../scripts/chromiumKiosk';
import { recordingLogger, type LoggedLine } from '../../support/recordingLogger';

/** Electron's safeStorage on Linux without a keyring: "encrypts" with a fixed password. */
const basicText: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s) => Buffer.from(`v10${s}`),
  decryptString: (b) => b.toString().slice(3),
};

let root: string;
let running: StartedKiosk | null = null;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kiosk-keyless-'));
});
afterEach(async () => {
  await running?.dispose();
  running = null;
  await rm(root, { recursive: true, force: true });
});

it('reports the uploads and deletions the previous run left queued under its one-run key, and keeps them', async () => {
  const userDataDir = path.join(root, 'userdata');
  await mkdir(userDataDir);
  await writeFile(path.join(userDataDir, 'settings.json'), JSON.stringify({ mode: 'staff' }));
  // What a previous run left: two items sealed under its outbox key, which died with it.
  const outboxDir = path.join(userDataDir, 'kiosk-data', 'outbox');
  const previous = await openUploadOutbox({
    dir: outboxDir,
    key: randomBytes(32),
    execute: async () => {
      throw new ServiceUnreachableError('the service is down', 503);
    },
    baseDelayMs: 60_000,
  });
  for (const sessionId of ['s-1', 's-2'])
    await previous.enqueue({
      group: sessionId,
      sessionId,
      clientSessionToken: 't'.repeat(20),
      expiresAt: Date.now() + 3_600_000,
      payload: { kind: 'deleteSession' },
    });
  await previous.close();
  expect((await readdir(outboxDir)).filter((n) => n.endsWith('.item'))).toHaveLength(2);

  const lines: LoggedLine[] = [];
  running = await startKiosk({
    userDataDir,
    settingsStore: confSettingsStore,
    keyStore: basicText,
    unattendedNeedsKeyStore: true,
    env: {},
    logger: recordingLogger(lines),
    version: '1.0.0',
    vision: 'none',
  });
  const errors = lines.filter((l) => l.level === 'error').map((l) => l.message);
  expect(errors).toContain(
    '2 uploads or deletions queued by the previous run cannot be sent: their key lasted that run only (no OS key store, no operator key); they are kept in outbox/quarantine',
  );
  expect(errors.filter((m) => m === 'outbox item unreadable, moved to quarantine')).toHaveLength(2);
  expect((await readdir(path.join(outboxDir, 'quarantine'))).filter((n) => n.endsWith('.item'))).toHaveLength(
    2,
  );
  expect((await readdir(outboxDir)).filter((n) => n.endsWith('.item'))).toEqual([]);
});
