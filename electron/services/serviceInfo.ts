// What the staff screen and the report say about where a result came from. A result of the local
// service is never to be mistaken for a Yoti verification (the label itself: common/serviceLabel.ts).
import type { ServiceInfo } from '../../common/ipc/contract';
import { LOCAL_SERVICE_LABEL } from '../../common/serviceLabel';

export { LOCAL_SERVICE_LABEL };

const LABELS: Record<ServiceInfo['kind'], string> = {
  yoti: 'Yoti IDV (cloud)',
  embedded: LOCAL_SERVICE_LABEL,
  standalone: `${LOCAL_SERVICE_LABEL} (standalone)`,
};

export function serviceInfoFor(kind: ServiceInfo['kind'], baseUrl: string): ServiceInfo {
  return { kind, baseUrl, label: LABELS[kind] };
}
