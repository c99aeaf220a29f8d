/**
 * The servers' log: one line per event on stderr, `time level event key=value…`.
 *
 * Tokens never reach it by construction (callers log ids, statuses and timings, never params or
 * headers); as a second line of defence every line passes through a redactor that blanks known
 * secrets (registered at start-up: the seed's tokens and app secret) and anything shaped like a
 * Meta token, app token or token query parameter.
 */
import { redactSecrets } from '../lib/util/redact';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Values that must never appear in the log, whoever tries to print them. */
  addSecrets(secrets: Iterable<string>): void;
}

export function createLogger(options: { name: string; write?: (line: string) => void; quiet?: boolean }): Logger {
  const secrets = new Set<string>();
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: string, event: string, fields: LogFields = {}) => {
    if (options.quiet && level === 'info') return;
    const parts = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' && /[\s"]/.test(value) ? JSON.stringify(value) : String(value)}`);
    const line = `${new Date().toISOString()} ${options.name} ${level} ${event}${parts.length ? ` ${parts.join(' ')}` : ''}`;
    write(redactSecrets(line, [...secrets]));
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    addSecrets: (values) => {
      for (const value of values) if (value.length >= 6) secrets.add(value);
    },
  };
}
