// A kiosk process for the kill -9 test (test/integration/idv/hardeningKillFault.test.ts): composes
// the kiosk against a standalone service, starts a session, picks a passport and uploads its page
// (and the face), prints READY, then waits to be killed.
import { readFile } from 'node:fs/promises';
import { composeKiosk } from '../../../electron/host/composeKiosk';
import { silentLogger } from '../../../platform/logger';

interface ChildConfig {
  apiBaseUrl: string;
  sdkId: string;
  privateKeyPem: string;
  dataDir: string;
  outboxKeyHex: string;
  image: string;
}

const config = JSON.parse(process.env.KIOSK_CHILD_CONFIG ?? '{}') as ChildConfig;

function value<T>(
  r: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } },
): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const kiosk = await composeKiosk({
  service: {
    apiBaseUrl: config.apiBaseUrl,
    sdkId: config.sdkId,
    privateKeyPem: config.privateKeyPem,
    kind: 'standalone',
  },
  dataDir: config.dataDir,
  outboxKey: Buffer.from(config.outboxKeyHex, 'hex'),
  notifications: false,
  mode: 'unattended',
  logger: silentLogger,
});
const image = new Uint8Array(await readFile(config.image));
const { handle } = value<{ handle: string }>(await kiosk.dispatch('startSession', { locale: 'en' }));
value(await kiosk.dispatch('selectDocument', { handle, issuingCountry: 'UTO', documentType: 'PASSPORT' }));
const page = value<{ status: string }>(
  await kiosk.dispatch('uploadPage', {
    handle,
    side: 'front',
    image,
    mime: 'image/jpeg',
    captureMethod: 'CAMERA',
  }),
);
const face = value<{ status: string }>(
  await kiosk.dispatch('uploadFace', { handle, image, mime: 'image/jpeg' }),
);
process.stdout.write(`READY ${page.status} ${face.status}\n`);
// Mid-flow: the person has not submitted. Wait for kill -9.
setInterval(() => undefined, 60_000);
