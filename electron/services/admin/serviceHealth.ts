// The verification service's health for the diagnostics screen: one request, its round trip and
// what came back. The local service answers /health; Yoti's cloud has no public health route, so
// any HTTP answer from its API base counts as reachable (the status code is shown).
import { errorFirstLine } from '../../../common/errorMessage';
import type { ServiceHealth } from '../../../common/ipc/adminChannels';
import type { ServiceInfo } from '../../../common/ipc/contract';

export interface HealthDeps {
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export function healthUrl(info: ServiceInfo): string {
  const base = info.baseUrl.replace(/\/+$/, '');
  return info.kind === 'yoti' ? base : `${new URL(base).origin}/health`;
}

export async function checkServiceHealth(info: ServiceInfo, deps: HealthDeps = {}): Promise<ServiceHealth> {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? (() => performance.now());
  const url = healthUrl(info);
  const started = now();
  const base = { label: info.label, kind: info.kind };
  try {
    const res = await doFetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 5000),
    });
    const latencyMs = Math.max(0, Math.round(now() - started));
    await res.body?.cancel().catch(() => undefined);
    const healthy = info.kind === 'yoti' ? res.status < 500 : res.ok;
    return {
      ...base,
      reachable: healthy,
      latencyMs,
      detail: healthy ? `answered HTTP ${res.status}` : `answered HTTP ${res.status}: not healthy`,
    };
  } catch (err) {
    return { ...base, reachable: false, latencyMs: null, detail: `not reachable: ${errorFirstLine(err)}`.slice(0, 300) };
  }
}
