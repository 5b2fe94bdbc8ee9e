// Shared set-up for the store tests: a temp data dir, an app with a real RSA key, a session.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  openIdvStore,
  type IdvStore,
  type NewSession,
  type OpenIdvStoreOptions,
} from '../../../idv/store/index';

export const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

const dirs: string[] = [];

export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'idv-store-test-'));
  dirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** A controllable clock. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

export async function openTestStore(
  options: Partial<OpenIdvStoreOptions> = {},
): Promise<{ store: IdvStore; dataDir: string }> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const store = await openIdvStore({ ...options, dataDir });
  return { store, dataDir };
}

export function sessionInput(sdkId: string, overrides: Partial<NewSession> = {}): NewSession {
  return {
    sdkId,
    specification: {
      requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', config: {} }],
      requested_tasks: [],
    },
    clientSessionTokenTtl: 600,
    resourcesTtl: 600 + 86_400,
    userTrackingId: 'user-1',
    notifications: null,
    ...overrides,
  };
}

export function newSession(store: IdvStore, overrides: Partial<NewSession> = {}) {
  const app = store.apps.list()[0] ?? store.apps.register({ name: 'Test RP', publicKeyPem });
  return { app, ...store.sessions.create(sessionInput(app.sdkId, overrides)) };
}

/** Bytes that look like a JPEG (SOI marker + random body); the store does not parse images. */
export function jpegLike(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  b[0] = 0xff;
  b[1] = 0xd8;
  return b;
}
