// A set of object URLs with one owner: each is revoked when its image is released or on a wipe,
// so nothing of a person stays loadable after they leave.
import type { FlowEnvironment } from './flowEnvironment';

export interface ObjectUrlSet {
  create(bytes: Uint8Array, mime: string): string;
  revoke(url: string | null | undefined): void;
  revokeAll(): void;
}

export function createObjectUrlSet(
  env: Pick<FlowEnvironment, 'createObjectUrl' | 'revokeObjectUrl'>,
): ObjectUrlSet {
  const live = new Set<string>();
  return {
    create(bytes, mime) {
      // The Blob takes its own copy of the bytes; no extra copy here. Bytes from IPC or a worker
      // are never backed by a SharedArrayBuffer, which is all the cast rules out.
      const url = env.createObjectUrl(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
      live.add(url);
      return url;
    },
    revoke(url) {
      if (!url || !live.delete(url)) return;
      env.revokeObjectUrl(url);
    },
    revokeAll() {
      for (const url of live) env.revokeObjectUrl(url);
      live.clear();
    },
  };
}
