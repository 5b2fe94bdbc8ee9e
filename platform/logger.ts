// One logger for the kiosk's main process and the IDV service (pino: JSON lines, levels, child
// loggers with bindings). Everything that logs takes a `Logger`; nothing calls console directly.
// A log line must never carry a key, a client session token or a person's details: pass ids and
// reasons, not payloads.
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry `bindings` (e.g. `{ component: 'idv' }`). */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (default stdout). Tests pass a stream to read them back. */
  destination?: DestinationStream;
  name?: string;
}

function wrap(p: pino.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields) p[level](fields, message);
      else p[level](message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const p = pino(
    { name: options.name ?? 'kiosk', level: options.level ?? 'info', base: undefined },
    options.destination ?? pino.destination({ sync: true }),
  );
  return wrap(p);
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
