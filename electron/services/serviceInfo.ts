// What the staff screen and the report say about where a result came from. A result of the local
// service is never to be mistaken for a Yoti verification, so its label is stated once, here.
import type { ServiceInfo } from '../../common/ipc/contract';

/** The one label a local-service result carries everywhere (UI, report, logs). */
export const LOCAL_SERVICE_LABEL = 'Local IDV service — not a Yoti verification';

const LABELS: Record<ServiceInfo['kind'], string> = {
  yoti: 'Yoti IDV (cloud)',
  embedded: LOCAL_SERVICE_LABEL,
  standalone: `${LOCAL_SERVICE_LABEL} (standalone)`,
};

export function serviceInfoFor(kind: ServiceInfo['kind'], baseUrl: string): ServiceInfo {
  return { kind, baseUrl, label: LABELS[kind] };
}
