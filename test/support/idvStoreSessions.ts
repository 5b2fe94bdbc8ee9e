// The store rows the hardening tests and the store bench start from: an app with a fresh RSA key,
// a bare session of it (no checks, an hour to live), and a passport document needing its front.
import { generateKeyPairSync } from 'node:crypto';
import type { IdvStore } from '../../idv/store/index';

export function registerTestApp(store: IdvStore, name: string): string {
  const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  return store.apps.register({ name, publicKeyPem }).sdkId;
}

export function bareSession(store: IdvStore, sdkId: string) {
  return store.sessions.create({
    sdkId,
    specification: { requested_checks: [] },
    clientSessionTokenTtl: 600,
    resourcesTtl: 3600,
    userTrackingId: null,
    notifications: null,
  }).session;
}

export function passportDocument(store: IdvStore, sessionId: string) {
  return store.resources.createIdDocument({
    sessionId,
    issuingCountry: 'UTO',
    documentType: 'PASSPORT',
    requiredPages: ['front'],
  });
}
