/**
 * `npm run --silent cli -- classify FILE`: classifies one failed Graph call with
 * lib/graph/graph-errors.ts and prints `{ category, retry, invalidatesToken, … }`.
 *
 * FILE holds one of:
 *   - a Graph error response body `{"error":{…}}` (optionally with our own `"httpStatus": N` beside
 *     `error`), the legacy `{"error_code":N,"error_msg":"…"}`, or debug_token's
 *     `{"data":{"is_valid":false,"error":{…}}}`;
 *   - `{"httpStatus": N}` or `{"httpStatus": N, "body": …}`: an HTTP answer without a Graph body;
 *   - `{"network": "timeout"}` or `{"network": "error"}`: no answer at all.
 */
import { classifyGraphFailure, type GraphFailure } from '../../lib/graph/graph-errors';
import { CliInputError, printJson, readJsonInput } from './json-input';

const USAGE = 'usage: cli classify FILE   (a Graph error body, {"httpStatus":N} or {"network":"timeout"}; - reads stdin)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpStatusOf(value: unknown, file: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
    throw new CliInputError(`${file}: httpStatus must be an integer from 100 to 599, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Exported for tests: what a classify input means. */
export function toFailure(input: unknown, file: string): GraphFailure {
  if (!isRecord(input)) throw new CliInputError(`${file}: expected a JSON object, got ${Array.isArray(input) ? 'an array' : typeof input === 'object' ? 'null' : typeof input}. ${USAGE}`);
  if ('network' in input) {
    const reason = input.network;
    if (reason !== 'timeout' && reason !== 'error') throw new CliInputError(`${file}: network must be "timeout" or "error", got ${JSON.stringify(reason)}`);
    return { kind: 'network', reason, message: reason === 'timeout' ? 'timed out' : 'network error' };
  }
  const hasStatus = 'httpStatus' in input;
  const httpStatus = hasStatus ? httpStatusOf(input.httpStatus, file) : null;
  if ('error' in input || 'error_code' in input) {
    // A Graph body; a sibling httpStatus is our annotation (Graph bodies never carry one).
    const { httpStatus: _ignored, ...body } = input;
    return { kind: 'response', httpStatus, body };
  }
  if (isRecord(input.data) && 'error' in input.data) return { kind: 'response', httpStatus: httpStatus ?? 200, body: input };
  if (hasStatus) return { kind: 'response', httpStatus, body: 'body' in input ? input.body : null };
  throw new CliInputError(`${file}: not a Graph error (no "error", "httpStatus" or "network" key). ${USAGE}`);
}

export async function run(args: string[]): Promise<void> {
  if (args.length !== 1 || args[0] === '--help' || (args[0]?.startsWith('--') ?? false)) throw new CliInputError(USAGE);
  const file = args[0] as string;
  const failure = toFailure(await readJsonInput(file, 'error file'), file);
  const c = classifyGraphFailure(failure);
  printJson({
    category: c.category,
    retry: c.retry,
    invalidatesToken: c.invalidatesToken,
    verdict: c.verdict,
    backoffMs: c.backoffMs,
    rule: c.rule,
    meaning: c.meaning,
    code: c.code,
    subcode: c.subcode,
    httpStatus: c.httpStatus,
    network: c.network,
    isTransient: c.isTransient,
    type: c.type,
    fbtraceId: c.fbtraceId,
    message: c.message,
  });
}
