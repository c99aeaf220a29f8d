/**
 * Whether an error means "the database cannot be reached right now" (worth waiting for) rather
 * than "this will never work" (a wrong password, a schema from a newer version): the start-up
 * retry and the API's 503 answers depend on it. Returns a short reason without host, user or
 * password, fit for /healthz and the logs, or null.
 *
 * PostgreSQL's error codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
 * (class 08 connection exception; 57P01–57P03 shutting down / starting up; 53300 too many
 * connections).
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const SERVER_CODES: Record<string, string> = {
  '57P01': 'the database server is shutting down',
  '57P02': 'the database server crashed',
  '57P03': 'the database server is starting up',
  '53300': 'the database server has too many connections',
};

export function databaseUnreachableReason(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    // A connection refused to every address of a name arrives as an AggregateError.
    if (e instanceof AggregateError && e.errors.length > 0) return databaseUnreachableReason(e.errors[0]);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return `the database is not reachable (${code})`;
      if (SERVER_CODES[code]) return `${SERVER_CODES[code]} (${code})`;
      if (code.startsWith('08')) return `the database connection failed (${code})`;
    }
    // node-postgres' own words for a pool that could not connect in time or lost its socket.
    if (/timeout exceeded when trying to connect|Connection terminated (unexpectedly|due to connection timeout)/i.test(e.message)) {
      return 'the database is not reachable (connection timed out or dropped)';
    }
  }
  return null;
}
