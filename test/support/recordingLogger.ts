// A Logger for tests that keeps what was logged, to assert on it (and on what was NOT logged).
import type { LogLevel, Logger } from '../../platform/logger';

export interface LoggedLine {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(
  lines: LoggedLine[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: LoggedLine[] } {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields: { ...bindings, ...fields } });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

/** A Logger that pushes each message (with its fields as JSON, if any) onto `messages`. */
export function loggerInto(messages: string[]): Logger {
  const lines: LoggedLine[] = [];
  const base = recordingLogger(lines);
  const push =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      base[level](message, fields);
      messages.push(fields && Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message);
    };
  const logger: Logger = {
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    child: () => logger,
  };
  return logger;
}
