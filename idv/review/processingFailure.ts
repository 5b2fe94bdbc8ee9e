// A check that could not run because processing failed: DONE with NOT_AVAILABLE and the reason,
// so the relying party reads what happened through the SDK instead of waiting forever.
import type { CheckJson } from '../pipeline/types';
import { PROCESS_LOCAL } from '../pipeline/types';

export function NOT_AVAILABLE_PROCESSING(type: string, id: string, at: string, reason: string): CheckJson {
  const why = `the session could not be processed: ${reason}`;
  return {
    type,
    id,
    state: 'DONE',
    resources_used: [],
    generated_media: [],
    report: {
      recommendation: { value: 'NOT_AVAILABLE', reason: why },
      breakdown: [{ sub_check: 'processing', result: 'FAIL', process: PROCESS_LOCAL, details: [{ name: 'reason', value: reason }] }],
    },
    created: at,
    last_updated: at,
  };
}
