/**
 * What a conformance check answers: pass, fail or not-checked, always with a reason. A check
 * that could not look (no write access, a feature the backend does not offer, an earlier answer
 * missing) says `not-checked` and why — never `pass` for what was not seen.
 */
import type { z } from 'zod';
import { ApiError } from '../../lib/contract';
import type { Answer } from './probe';

export type Outcome = 'pass' | 'fail' | 'not-checked';

export interface CheckResult {
  id: string;
  result: Outcome;
  why: string;
}

export const pass = (id: string, why: string): CheckResult => ({ id, result: 'pass', why });
export const fail = (id: string, why: string): CheckResult => ({ id, result: 'fail', why });
export const notChecked = (id: string, why: string): CheckResult => ({ id, result: 'not-checked', why });

type Path = readonly PropertyKey[];

export interface Violations {
  /** The first issue, as `path: message`; null when there is none. */
  first: string | null;
  count: number;
}

export const formatPath = (path: Path) => (path.length ? path.map(String).join('.') : '(root)');

/** Validates `value` with a contract schema; never throws (a schema that throws is reported as such). */
export function violations(schema: z.ZodType, value: unknown): Violations {
  let parsed: ReturnType<z.ZodType['safeParse']>;
  try {
    parsed = schema.safeParse(value);
  } catch (error) {
    return { first: `(the schema threw: ${error instanceof Error ? error.message : String(error)})`, count: 1 };
  }
  if (parsed.success) return { first: null, count: 0 };
  const first = parsed.error.issues[0];
  return { first: first ? `${formatPath(first.path)}: ${first.message}` : '(root): invalid', count: parsed.error.issues.length };
}

/** Null when `answer` is the documented error (status, JSON ApiError, code); otherwise what is wrong. */
export function errorShapeProblem(answer: Answer, status: number, code: ApiError['error']['code']): string | null {
  if (answer.error) return `no answer (${answer.error})`;
  if (answer.status !== status) return `HTTP ${answer.status}, expected ${status}`;
  if (!/^application\/(?:[\w.+-]+\+)?json/i.test(answer.headers.get('Content-Type') ?? '')) {
    return `HTTP ${status} with Content-Type ${answer.headers.get('Content-Type') ?? '(none)'}, expected application/json`;
  }
  if (answer.json === undefined) return `HTTP ${status} whose body is not JSON`;
  const shape = violations(ApiError, answer.json);
  if (shape.first) return `HTTP ${status}, but the body is not the ApiError shape: ${shape.first}`;
  const got = ApiError.parse(answer.json).error.code;
  if (got !== code) return `HTTP ${status} with error code "${got}", expected "${code}"`;
  return null;
}
