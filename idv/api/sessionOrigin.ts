// Which path a session was created on. Sandbox response-configs decide outcomes only for sessions
// created under /sandbox/idverify/v1: a config set through the sandbox must never fix the outcome
// of a session made on the normal path.
import type { IdvStore } from '../store/types';

export type ApiKind = 'rp' | 'sandbox' | 'client' | 'branch';

export function recordOrigin(store: IdvStore, sessionId: string, api: ApiKind): void {
  store.records.put(sessionId, 'ORIGIN', { api });
}

export function isSandboxSession(store: IdvStore, sessionId: string): boolean {
  return store.records.get(sessionId, 'ORIGIN')?.value.api === 'sandbox';
}
