import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphErrorCategory } from '../contract';
import {
  BACKOFF_MS,
  GRAPH_ERROR_RULES,
  backoffDelayMs,
  classifyGraphErrorObject,
  classifyGraphFailure,
  extractGraphError,
  findRule,
  toGraphErrorInfo,
  type GraphFailure,
} from './graph-errors';

const body = (error: Record<string, unknown>, httpStatus: number | null = 400): GraphFailure => ({ kind: 'response', httpStatus, body: { error } });
const classify = (error: Record<string, unknown>, httpStatus: number | null = 400) => classifyGraphFailure(body(error, httpStatus));

describe('the rule table', () => {
  it('is internally consistent: retry ⇔ throttled/transient, invalidatesToken ⇔ credential ⇔ verdict', () => {
    for (const rule of GRAPH_ERROR_RULES) {
      expect(rule.retry, rule.id).toBe(rule.category === 'rate-limited' || rule.category === 'transient');
      expect(rule.invalidatesToken, rule.id).toBe(rule.category === 'credential');
      expect(rule.verdict !== null, rule.id).toBe(rule.category === 'credential');
      expect(rule.codes?.length || rule.ranges?.length, rule.id).toBeTruthy();
    }
    expect(new Set(GRAPH_ERROR_RULES.map((r) => r.id)).size).toBe(GRAPH_ERROR_RULES.length);
  });

  it('has no shadowed row: a sample of each row is decided by that row', () => {
    for (const rule of GRAPH_ERROR_RULES) {
      const samples = [...(rule.codes ?? []), ...(rule.ranges ?? []).flatMap(([lo, hi]) => [lo, Math.floor((lo + hi) / 2), hi])];
      for (const code of samples) {
        const subcode = rule.subcodes?.[0] ?? null;
        const message = rule.messagePattern ? 'Invalid appsecret_proof provided in the API argument' : null;
        expect(findRule(code, subcode, message)?.id, `${rule.id} code ${code}`).toBe(rule.id);
      }
    }
  });

  // Every rule of the table, one row each.
  const table: [string, Record<string, unknown>, number | null, { category: string; retry: boolean; invalidatesToken: boolean; verdict?: string | null }][] = [
    ['190/458 app removed', { code: 190, error_subcode: 458 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'revoked' }],
    ['190/459 checkpoint', { code: 190, error_subcode: 459 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['190/460 password changed', { code: 190, error_subcode: 460 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['190/463 expired', { code: 190, error_subcode: 463 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'expired' }],
    ['190/464 unconfirmed', { code: 190, error_subcode: 464 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['190/467 invalid', { code: 190, error_subcode: 467 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['190 without subcode', { code: 190, type: 'OAuthException' }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['190 with an unlisted subcode', { code: 190, error_subcode: 492 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['102 session', { code: 102 }, 400, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['10 permission', { code: 10 }, 403, { category: 'permission', retry: false, invalidatesToken: false }],
    ['200 permission', { code: 200 }, 403, { category: 'permission', retry: false, invalidatesToken: false }],
    ['250 permission', { code: 250 }, 403, { category: 'permission', retry: false, invalidatesToken: false }],
    ['299 permission', { code: 299 }, 403, { category: 'permission', retry: false, invalidatesToken: false }],
    ['4 app rate limit', { code: 4 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['17 user rate limit', { code: 17 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['32 pages rate limit', { code: 32 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['613 too many calls', { code: 613 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['80000 BUC', { code: 80000 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['80008 WABA BUC', { code: 80008 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['80014 BUC', { code: 80014 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['368 blocked', { code: 368 }, 403, { category: 'blocked', retry: false, invalidatesToken: false }],
    ['1487851 blocked', { code: 1487851 }, 400, { category: 'blocked', retry: false, invalidatesToken: false }],
    ['1 unknown/temporary', { code: 1 }, 500, { category: 'transient', retry: true, invalidatesToken: false }],
    ['2 service', { code: 2 }, 503, { category: 'transient', retry: true, invalidatesToken: false }],
    ['is_transient on an unlisted code', { code: 100, error_subcode: 2388273, is_transient: true }, 400, { category: 'transient', retry: true, invalidatesToken: false }],
    ['100/33 object not visible', { code: 100, error_subcode: 33, type: 'GraphMethodException' }, 400, { category: 'not-found', retry: false, invalidatesToken: false }],
    ['131005 Cloud API access denied', { code: 131005, error_data: { messaging_product: 'whatsapp' } }, 403, { category: 'permission', retry: false, invalidatesToken: false }],
    ['131031 Cloud API account locked', { code: 131031 }, 403, { category: 'blocked', retry: false, invalidatesToken: false }],
    ['130429 Cloud API throughput', { code: 130429 }, 400, { category: 'rate-limited', retry: true, invalidatesToken: false }],
    ['131016 Cloud API service unavailable', { code: 131016 }, 500, { category: 'transient', retry: true, invalidatesToken: false }],
    ['0 Cloud API AuthException', { code: 0 }, 401, { category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid' }],
    ['100 without subcode', { code: 100, message: '(#100) Invalid parameter' }, 400, { category: 'unknown', retry: false, invalidatesToken: false }],
    ['an unlisted code', { code: 12345 }, 400, { category: 'unknown', retry: false, invalidatesToken: false }],
    // Our misconfiguration (wrong app secret / proof missing), never the customer's token.
    ['100 invalid appsecret_proof', { code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' }, 400, { category: 'unknown', retry: false, invalidatesToken: false }],
    ['100 appsecret_proof missing', { code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' }, 400, { category: 'unknown', retry: false, invalidatesToken: false }],
  ];
  it.each(table)('%s', (_name, error, status, expected) => {
    const c = classify(error, status);
    expect({ category: c.category, retry: c.retry, invalidatesToken: c.invalidatesToken, ...(expected.verdict !== undefined ? { verdict: c.verdict } : {}) }).toEqual(expected);
    expect(c.backoffMs).toEqual(expected.retry ? [5000, 15000, 45000] : []);
  });

  it('names the appsecret_proof rule (support can tell a wrong app secret from a bad token)', () => {
    expect(classify({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' }).rule).toBe('appsecret-proof');
    expect(classify({ code: 100, message: '(#100) Invalid parameter' }).rule).not.toBe('appsecret-proof');
    expect(classify({ code: 190, message: 'Invalid appsecret_proof provided in the API argument' }).category).toBe('credential');
  });

  it('does not stretch ranges: 199, 300, 79999 and 80015 are not in them', () => {
    expect(classify({ code: 199 }).category).toBe('unknown');
    expect(classify({ code: 300 }).category).toBe('unknown');
    expect(classify({ code: 79999 }).category).toBe('unknown');
    expect(classify({ code: 80015 }).category).toBe('unknown');
  });
});

describe('precedence', () => {
  it('a credential code wins over is_transient and over a 5xx status', () => {
    expect(classify({ code: 190, error_subcode: 463, is_transient: true }, 500).category).toBe('credential');
  });
  it('is_transient decides only for codes outside the table', () => {
    expect(classify({ code: 200, is_transient: true }).category).toBe('permission');
    expect(classify({ code: 100, is_transient: true }).category).toBe('transient');
    expect(classify({ code: 100, is_transient: false }, 500).category).toBe('transient'); // then the HTTP status
  });
  it('without a known code the HTTP status decides: 5xx and 429 are transient, others unknown', () => {
    for (const status of [500, 502, 503, 504, 599]) expect(classifyGraphFailure({ kind: 'response', httpStatus: status, body: null }).category).toBe('transient');
    expect(classifyGraphFailure({ kind: 'response', httpStatus: 429, body: null }).category).toBe('transient');
    for (const status of [400, 401, 403, 404, 418]) expect(classifyGraphFailure({ kind: 'response', httpStatus: status, body: null }).category).toBe('unknown');
  });
  it('a 401 or 403 without a Graph credential code is NOT a credential failure (never a false red)', () => {
    expect(classifyGraphFailure({ kind: 'response', httpStatus: 401, body: { error: { message: 'Unauthorized' } } }).invalidatesToken).toBe(false);
  });
  it('network failures are transient with the 5/15/45 s back-off', () => {
    for (const reason of ['timeout', 'error'] as const) {
      const c = classifyGraphFailure({ kind: 'network', reason });
      expect([c.category, c.retry, c.invalidatesToken, c.network]).toEqual(['transient', true, false, reason]);
      expect(c.backoffMs).toEqual([5000, 15000, 45000]);
    }
  });
});

describe('tolerant parsing', () => {
  it('reads codes sent as strings, and debug_token’s `subcode` spelling', () => {
    expect(classify({ code: '190', error_subcode: '463' }).verdict).toBe('expired');
    expect(classify({ code: 190, subcode: 458 }).verdict).toBe('revoked');
    expect(classify({ code: ' 4 ' }).category).toBe('rate-limited');
    expect(classify({ code: 4, is_transient: 'true' }).isTransient).toBe(true);
  });
  it('reads debug_token’s embedded error and the legacy REST shape', () => {
    const embedded = classifyGraphFailure({ kind: 'response', httpStatus: 200, body: { data: { is_valid: false, error: { code: 190, subcode: 460, message: 'x' } } } });
    expect(embedded.verdict).toBe('invalid');
    expect(embedded.subcode).toBe(460);
    expect(classifyGraphFailure({ kind: 'response', httpStatus: 400, body: { error_code: 17, error_msg: 'User request limit reached' } }).category).toBe('rate-limited');
    expect(classifyGraphErrorObject({ code: 190, subcode: 463 }).verdict).toBe('expired');
  });
  it('keeps fbtrace_id, type, user title and message', () => {
    const c = classify({ code: 100, error_subcode: 33, type: 'GraphMethodException', message: 'Unsupported get request.', fbtrace_id: 'Abc123', error_user_title: 'T', error_user_msg: 'M' });
    expect([c.type, c.message, c.fbtraceId, c.userTitle, c.userMessage, c.code, c.subcode, c.httpStatus]).toEqual(['GraphMethodException', 'Unsupported get request.', 'Abc123', 'T', 'M', 100, 33, 400]);
  });
  it('one malformed field does not hide the others', () => {
    const c = classify({ code: 190, error_subcode: { nested: true }, message: ['not', 'a', 'string'], fbtrace_id: 'X' });
    expect([c.category, c.verdict, c.subcode, c.fbtraceId]).toEqual(['credential', 'invalid', null, 'X']);
  });
  it('malformed bodies are classified by HTTP status and never throw', () => {
    const odd: unknown[] = [null, undefined, 42, 'oops', [], [{ error: { code: 190 } }], {}, { error: null }, { error: 42 }, { error: [] }, { data: null }, { data: { error: 'x' } }];
    for (const b of odd) {
      expect(classifyGraphFailure({ kind: 'response', httpStatus: 502, body: b }).category).toBe('transient');
      expect(classifyGraphFailure({ kind: 'response', httpStatus: 400, body: b }).category).toBe('unknown');
    }
    expect(classifyGraphFailure({ kind: 'response', httpStatus: 400, body: { error: 'invalid_request' } }).message).toBe('invalid_request');
    expect(classifyGraphFailure({ kind: 'response', httpStatus: null, body: null }).category).toBe('unknown');
    expect(classifyGraphFailure({ kind: 'response', httpStatus: 9999, body: null }).httpStatus).toBeNull();
  });
  it('property: any JSON body with any status classifies into the contract’s categories without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.integer({ min: -1, max: 1000 })), (value, status) => {
        const c = classifyGraphFailure({ kind: 'response', httpStatus: status, body: value });
        expect(GraphErrorCategory.options).toContain(c.category);
        expect(c.message.length).toBeLessThanOrEqual(1000);
      }),
      { numRuns: 500 },
    );
  });
  it('property: an error object with arbitrary field values never throws', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('code', 'error_subcode', 'subcode', 'message', 'is_transient', 'fbtrace_id', 'type'), fc.jsonValue()), (error) => {
        expect(() => classify(error)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
  it('extractGraphError returns null for bodies that are not errors', () => {
    expect(extractGraphError({ id: '1', name: 'x' })).toBeNull();
    expect(extractGraphError({ data: [{ id: '1' }] })).toBeNull();
  });
});

describe('secrets and bounds', () => {
  it('redacts tokens Graph echoes back, app tokens and known secrets', () => {
    const token = 'EAAGsomethingLongEnough1234567890';
    const c = classify({ code: 190, message: `Malformed access token ${token} for app 123456|s3cr3tsecretvalue` });
    expect(c.message).not.toContain(token);
    expect(c.message).not.toContain('s3cr3tsecretvalue');
    const n = classifyGraphFailure({ kind: 'network', reason: 'error', message: 'fetch failed for input_token=abc' }, ['abc']);
    expect(n.message).not.toContain('abc');
  });
  it('bounds the message to 1000 characters', () => {
    expect(classify({ code: 1, message: 'x'.repeat(5000) }).message.length).toBe(1000);
  });
  it('maps to the contract’s GraphErrorInfo', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(toGraphErrorInfo(classify({ code: 190, error_subcode: 463, message: 'expired', fbtrace_id: 'T' }), at)).toEqual({
      code: 190,
      subcode: 463,
      category: 'credential',
      message: 'expired',
      fbtraceId: 'T',
      at: '2030-01-01T00:00:00.000Z',
    });
  });
});

describe('back-off', () => {
  it('is 5 s, 15 s, then 45 s for every later attempt', () => {
    expect(BACKOFF_MS).toEqual([5000, 15000, 45000]);
    expect([0, 1, 2, 3, 10].map(backoffDelayMs)).toEqual([5000, 15000, 45000, 45000, 45000]);
    expect(backoffDelayMs(-1)).toBe(5000);
    expect(backoffDelayMs(Number.NaN)).toBe(5000);
  });
});
