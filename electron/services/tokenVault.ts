// Session secrets live here, in main-process memory only. The renderer gets an opaque random handle;
// the session id and client session token never leave this module except to the HTTP clients.
import { randomBytes } from 'node:crypto';
import type { DocumentType, PageSide } from '../../common/documents';

export interface SessionSecrets {
  sessionId: string;
  clientSessionToken: string;
  /** Epoch ms after which the client session token is no longer accepted. */
  tokenExpiresAt: number;
}

export interface VaultEntry extends SessionSecrets {
  handle: string;
  lastActivityAt: number;
  document: {
    resourceId: string;
    issuingCountry: string;
    documentType: DocumentType;
    requiredPages: PageSide[];
  } | null;
  submitted: boolean;
  /** Last session:state sent to the renderer for this session (to avoid repeating it). */
  lastState: string | null;
}

export class UnknownHandleError extends Error {
  override name = 'UnknownHandleError';
  constructor() {
    super('no such session (it ended, expired or was never started)');
  }
}

export interface TokenVault {
  put(secrets: SessionSecrets, now?: number): VaultEntry;
  /** Throws UnknownHandleError. */
  get(handle: string): VaultEntry;
  find(handle: string): VaultEntry | undefined;
  findBySessionId(sessionId: string): VaultEntry | undefined;
  touch(handle: string, now?: number): void;
  /** Overwrites the token in memory before dropping it, so a heap dump taken later finds less. */
  wipe(handle: string): VaultEntry | undefined;
  handles(): string[];
}

function newHandle(): string {
  return randomBytes(24).toString('base64url'); // 32 chars of [A-Za-z0-9_-]
}

export function createTokenVault(): TokenVault {
  const entries = new Map<string, VaultEntry>();
  const vault: TokenVault = {
    put(secrets, now = Date.now()) {
      const handle = newHandle();
      const entry: VaultEntry = {
        ...secrets,
        handle,
        lastActivityAt: now,
        document: null,
        submitted: false,
        lastState: null,
      };
      entries.set(handle, entry);
      return entry;
    },
    get(handle) {
      const e = entries.get(handle);
      if (!e) throw new UnknownHandleError();
      return e;
    },
    find: (handle) => entries.get(handle),
    findBySessionId(sessionId) {
      for (const e of entries.values()) if (e.sessionId === sessionId) return e;
      return undefined;
    },
    touch(handle, now = Date.now()) {
      const e = entries.get(handle);
      if (e) e.lastActivityAt = now;
    },
    wipe(handle) {
      const e = entries.get(handle);
      if (!e) return undefined;
      entries.delete(handle);
      const copy = { ...e };
      e.clientSessionToken = '';
      e.sessionId = '';
      return copy;
    },
    handles: () => [...entries.keys()],
  };
  return vault;
}
