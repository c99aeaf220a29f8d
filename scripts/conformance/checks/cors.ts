/**
 * CORS for the extension's own origins. The extension has no host permission for the backend
 * (wxt.config.ts), so a browser lets it read an answer only when the backend answers the
 * preflight of its origin and labels the answer; a header not listed in
 * Access-Control-Expose-Headers reads as null (Fetch standard, "CORS-safelisted response-header
 * name": https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name), so ETag and
 * Retry-After must be exposed or conditional polls and back-off silently stop working.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { paths } from '../../../lib/contract';
import type { CheckGroup } from '../context';
import { describe, type Answer } from '../probe';
import { fail, pass, type CheckResult } from '../result';

/** A made-up Chrome extension origin: 32 letters a–p, as Chrome derives ids. */
export function chromeOrigin(): string {
  return `chrome-extension://${[...randomBytes(32)].map((byte) => String.fromCharCode(97 + (byte % 16))).join('')}`;
}

/** A made-up Firefox extension origin: a per-install UUID. */
export const firefoxOrigin = () => `moz-extension://${randomUUID()}`;

const list = (value: string | null) => (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

function allowsOrigin(answer: Answer, origin: string): boolean {
  const allowed = answer.headers.get('Access-Control-Allow-Origin');
  return allowed === origin || allowed === '*';
}

function preflightProblem(answer: Answer, origin: string): string | null {
  if (answer.error || answer.status < 200 || answer.status > 299) return `${describe(answer)} to the preflight, expected 200 or 204`;
  if (!allowsOrigin(answer, origin)) return `Access-Control-Allow-Origin is ${answer.headers.get('Access-Control-Allow-Origin') ?? 'absent'}, expected ${origin}`;
  const headers = list(answer.headers.get('Access-Control-Allow-Headers'));
  // `*` does not cover Authorization (Fetch standard, CORS-preflight fetch), so it must be named.
  const missing = ['authorization', 'content-type', 'if-none-match'].filter((h) => !headers.includes(h) && !(h !== 'authorization' && headers.includes('*')));
  if (missing.length) return `Access-Control-Allow-Headers lacks ${missing.join(', ')}`;
  const methods = list(answer.headers.get('Access-Control-Allow-Methods'));
  if (!methods.includes('post') && !methods.includes('*')) return 'Access-Control-Allow-Methods lacks POST (POST …/checks, POST /v1/flow-reports)';
  return null;
}

export const corsChecks: CheckGroup = async (ctx) => {
  const results: CheckResult[] = [];
  const origins = ctx.options.origins;
  for (const origin of origins) {
    const kind = origin.startsWith('moz-extension://') ? 'firefox' : origin.startsWith('chrome-extension://') ? 'chrome' : 'other';
    const preflight = await ctx.prober.probe({
      method: 'OPTIONS',
      path: paths.status,
      auth: 'none',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,if-none-match' },
    });
    const problem = preflightProblem(preflight, origin);
    const id = `cors.preflight-${kind}`;
    results.push(problem ? fail(id, `${origin}: ${problem}`) : pass(id, `${origin}: preflight answered (origin, POST, Authorization, Content-Type, If-None-Match allowed)`));
  }

  const origin = origins[0] ?? chromeOrigin();
  const answer = await ctx.prober.probe({ path: paths.status, headers: { Origin: origin } });
  const exposed = list(answer.headers.get('Access-Control-Expose-Headers'));
  for (const [header, id, use] of [
    ['etag', 'cors.expose-etag', 'conditional polls'],
    ['retry-after', 'cors.expose-retry-after', 'the back-off the backend asks for'],
  ] as const) {
    if (answer.error) results.push(fail(id, describe(answer)));
    else if (!allowsOrigin(answer, origin)) results.push(fail(id, `${describe(answer)} without Access-Control-Allow-Origin for ${origin}: the extension cannot read the answer`));
    else if (exposed.includes(header) || exposed.includes('*')) results.push(pass(id, `${header === 'etag' ? 'ETag' : 'Retry-After'} is in Access-Control-Expose-Headers`));
    else results.push(fail(id, `Access-Control-Expose-Headers (${answer.headers.get('Access-Control-Expose-Headers') ?? 'absent'}) lacks ${header === 'etag' ? 'ETag' : 'Retry-After'}: the extension reads it as null and loses ${use}`));
  }
  return results;
};
