// A session result exactly as the yoti SDK builds it from the service's JSON (the SDK's own
// GetSessionResult class, which its index does not export), for tests of code that reads one.
import { createRequire } from 'node:module';
import type { GetSessionResult } from '../../../../electron/services/sessionBroker';

const require = createRequire(import.meta.url);
const GetSessionResultClass = require('yoti/src/idv_service/session/retrieve/get.session.result') as new (
  json: Record<string, unknown>,
) => GetSessionResult;

export function sessionResult(json: Record<string, unknown>): GetSessionResult {
  return new GetSessionResultClass(json);
}
