// The yoti SDK prints "Error getting data from Yoti API: <reason>" with console.log whenever a
// request fails (node_modules/yoti/src/request/request.handler.js), and has no option to turn it
// off or hand it a logger. The alternative to this patch is a copy of the SDK's HTTP handler put
// in place of its own, which would silently diverge from the SDK on upgrade. So: console.log is
// wrapped once, and only that exact line, and only while a broker call is in progress
// (AsyncLocalStorage carries the caller's logger through the SDK's promises), goes to the logger;
// everything else passes through unchanged. The broker turns the failure into a kiosk error and
// its caller decides how loud to be, so the SDK's line is logged at debug level.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../../platform/logger';

const YOTI_SDK_ERROR_PREFIX = 'Error getting data from Yoti API: ';

const scope = new AsyncLocalStorage<Logger>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const passThrough = console.log;
  console.log = function routedLog(...args: unknown[]): void {
    const logger = scope.getStore();
    const line = args[0];
    if (logger && args.length === 1 && typeof line === 'string' && line.startsWith(YOTI_SDK_ERROR_PREFIX)) {
      logger.debug('yoti SDK request failed', { reason: line.slice(YOTI_SDK_ERROR_PREFIX.length) });
      return;
    }
    passThrough.apply(console, args);
  };
}

/** Runs an SDK call with the SDK's own error line sent to `logger` instead of stdout. */
export function withSdkLogger<T>(logger: Logger, call: () => Promise<T>): Promise<T> {
  install();
  return scope.run(logger, call);
}
