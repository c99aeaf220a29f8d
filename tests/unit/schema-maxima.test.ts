/**
 * Every size limit of the contract and of the content-script messages, at its edge: the largest
 * value allowed parses, one more is refused (never thrown), so a hostile or runaway answer or page
 * is bounded and an honest one never trips a limit by accident. The limits are the schemas' own
 * numbers; this test pins them, so raising one is a decision someone makes on purpose.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, GraphErrorInfo, HistoryResponse, StatusResponse } from '../../lib/contract';
import { ScreenReadingReport } from '../../lib/messaging';
import { SCREEN_REPORT_LIMITS as L } from '../../lib/protocol/shapes';
import { connection, statusDoc, workspace } from '../support/status-fixtures';

const parses = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;
const repeat = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const waba = (i: number) => ({ id: String(100000000000000 + i), name: `WABA ${i}`, expected: true, management: true, messaging: true, reachable: true, health: 'available' as const });

/** A status document with one field set by `edit` on its first connection / workspace. */
const withConnection = (edit: Record<string, unknown>) => statusDoc([workspace([{ ...connection('healthy'), ...edit } as ReturnType<typeof connection>])]);

describe('contract maxima', () => {
  it.each([
    ['workspace name', 200, (n: number) => statusDoc([workspace([connection('healthy')], { name: 'x'.repeat(n) })])],
    ['WABA name', 200, (n: number) => withConnection({ wabas: [{ ...waba(0), name: 'x'.repeat(n) }] })],
    ['authorising user name', 200, (n: number) => withConnection({ authorizingUser: { id: '9', name: 'x'.repeat(n), role: 'admin' } })],
    ['WABAs per connection', 500, (n: number) => withConnection({ wabas: repeat(n, waba) })],
    ['connections per workspace', 50, (n: number) => statusDoc([workspace(repeat(n, (i) => connection('healthy', { id: `c${i}` })))])],
  ])('%s: %i allowed, one more refused', (_what, max, make) => {
    expect(parses(StatusResponse, make(max))).toBe(true);
    expect(parses(StatusResponse, make(max + 1))).toBe(false);
  });

  it('workspaces per status: 5,000 allowed, one more refused', () => {
    const one = workspace([connection('healthy')]);
    const doc = (n: number) => statusDoc(repeat(n, (i) => ({ ...one, id: `w${i}` })));
    expect(parses(StatusResponse, doc(5000))).toBe(true);
    expect(parses(StatusResponse, doc(5001))).toBe(false);
  });

  it('Graph error codes are bounded like the reader that produces them (15 digits)', () => {
    const info = (code: number) => ({ code, subcode: null, category: 'unknown', message: 'm', fbtraceId: null, at: '2026-11-21T12:00:00Z' });
    expect(parses(GraphErrorInfo, info(999_999_999_999_999))).toBe(true);
    expect(parses(GraphErrorInfo, info(1_000_000_000_000_000))).toBe(false);
    expect(parses(GraphErrorInfo, info(Number.MAX_SAFE_INTEGER))).toBe(false);
  });

  it('an error answer has at most 50 details (the list had no bound)', () => {
    const error = (n: number) => ({ error: { code: 'bad-request', message: 'm', details: repeat(n, (i) => ({ path: `p${i}`, message: 'bad' })) } });
    expect(parses(ApiError, error(50))).toBe(true);
    expect(parses(ApiError, error(51))).toBe(false);
    expect(parses(ApiError, { error: { code: 'internal', message: 'x'.repeat(2001) } })).toBe(false);
  });

  it('history answers hold at most 500 entries', () => {
    const entry = (i: number) => ({ kind: 'transition', id: `h${i}`, at: '2026-11-21T12:00:00Z', connectionId: 'c1', from: 'healthy', to: 'expired', problems: [], trigger: 'schedule' });
    const doc = (n: number) => ({ apiVersion: 'v1', workspaceId: 'w1', entries: repeat(n, entry) });
    expect(HistoryResponse.safeParse(doc(500)).error).toBeUndefined();
    expect(parses(HistoryResponse, doc(501))).toBe(false);
  });
});

describe('content-script message maxima', () => {
  const report = (over: Partial<Record<keyof ScreenReadingReport, unknown>> = {}) => ({
    kind: 'waba-selection',
    locale: null,
    lang: 'en',
    confidence: 'high',
    evidence: [],
    appName: null,
    editPreviousSettings: null,
    businesses: [],
    wabaMode: null,
    wabas: [],
    selectedCount: null,
    permissions: [],
    alerts: [],
    busy: false,
    ...over,
  });
  const choice = (i: number) => ({ name: `n${i}`, selected: null, id: null, disabled: false });

  it('the base report parses', () => expect(ScreenReadingReport.safeParse(report()).error).toBeUndefined());

  it.each([
    ['selected counter', L.selectedCount, (n: number) => report({ selectedCount: n })],
    ['WABA choices', L.wabas, (n: number) => report({ wabas: repeat(n, choice) })],
    ['business choices', L.businesses, (n: number) => report({ businesses: repeat(n, choice) })],
    ['choice name', L.name, (n: number) => report({ wabas: [{ ...choice(0), name: 'x'.repeat(n) }] })],
    ['alerts', L.alerts, (n: number) => report({ alerts: repeat(n, () => ({ kind: 'generic-error', rule: 'r', text: 't', blocking: false })) })],
    ['alert text', L.alertText, (n: number) => report({ alerts: [{ kind: 'generic-error', rule: 'r', text: 'x'.repeat(n), blocking: false }] })],
    ['evidence entries', L.evidence, (n: number) => report({ evidence: repeat(n, (i) => `e${i}`) })],
  ])('%s: %i allowed, one more refused', (_what, max, make) => {
    expect(ScreenReadingReport.safeParse(make(max)).error).toBeUndefined();
    expect(ScreenReadingReport.safeParse(make(max + 1)).success).toBe(false);
  });

  it('the selected counter is bounded near what a page can show, not at a million', () => {
    expect(L.selectedCount).toBeLessThanOrEqual(10_000);
    expect(ScreenReadingReport.safeParse(report({ selectedCount: 1_000_000 })).success).toBe(false);
  });
});
