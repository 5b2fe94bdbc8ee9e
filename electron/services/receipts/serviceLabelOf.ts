// A printed local-service result always carries the local label, whatever label string came with
// it: paper outlives the screen, and must never pass for a Yoti verification.
import type { ServiceInfo } from '../../../common/ipc/contract';
import { LOCAL_SERVICE_LABEL } from '../../../common/serviceLabel';

export function serviceLabelOf(source: ServiceInfo): string {
  return source.kind === 'yoti' ? source.label : LOCAL_SERVICE_LABEL;
}
