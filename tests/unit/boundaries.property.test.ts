/**
 * Property-based tests of every boundary where outside input enters: the backend contract's
 * parsers, the message protocol's receiver and the page detectors. Whatever arrives, none of them
 * throws, and what the schema forbids is rejected. (The screen readers have their own suite:
 * screens.property.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckResponse, ReconnectPlan, StatusResponse } from '../../lib/contract';
import { acceptMessage } from '../../lib/messaging';
import { classifyPage, isMetaHost } from '../../lib/meta/pages';
import { connection, statusDoc, workspace } from '../support/status-fixtures';

const RUNS = { numRuns: 300 };
const valid = statusDoc([workspace([connection('healthy'), connection('expired', { id: 'c2' })])]);

/** Paths to every leaf of a JSON value. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
}
function setAt(root: unknown, path: (string | number)[], next: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = next;
  return copy;
}
const LEAVES = leaves(valid).filter((p) => p.length > 0);

describe('contract parsing', () => {
  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        for (const schema of [StatusResponse, CheckResponse, ReconnectPlan]) expect(() => schema.safeParse(json)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('never throws when one field of a valid answer is replaced by anything, and rejects a wrong type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEAVES), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.object()), (path, value) => {
        const mutated = setAt(valid, path, value);
        let result: ReturnType<typeof StatusResponse.safeParse> | null = null;
        expect(() => (result = StatusResponse.safeParse(mutated))).not.toThrow();
        const original = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], valid);
        // A leaf that was a string and became an object (or vice versa) is never accepted.
        if (typeof original === 'string' && typeof value === 'object' && value !== null) expect(result!.success).toBe(false);
      }),
      RUNS,
    );
  });

  it('rejects every reconnect URL that is not absolute https (or http on this machine)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl({ validSchemes: ['http', 'ftp', 'javascript', 'data'] }), fc.webPath()),
        (url) => {
          fc.pre(!/^https:\/\//i.test(url) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i.test(url));
          const doc = statusDoc([workspace([connection('healthy')], { reconnectUrl: url })]);
          expect(StatusResponse.safeParse(doc).success).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

describe('the message receiver', () => {
  const ORIGIN = 'chrome-extension://me/';
  const popup = { id: 'me', url: `${ORIGIN}popup.html` };

  it('never throws, and refuses anything that is not a protocol message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        let result: ReturnType<typeof acceptMessage> | null = null;
        expect(() => (result = acceptMessage(payload, popup, 'me', ORIGIN))).not.toThrow();
        const typed = payload !== null && typeof payload === 'object' && 'type' in payload;
        if (!typed) expect(result!.ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses every message from another extension or from a page outside Meta’s hosts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom({ type: 'refresh' }, { type: 'check-workspace', workspaceId: 'ws-1' }, { type: 'start-reconnect', workspaceId: 'ws-1' }),
        fc.oneof(
          fc.record({ id: fc.string().filter((id) => id !== 'me') }),
          fc.webUrl().filter((u) => !isMetaHost(new URL(u).hostname)).map((url) => ({ id: 'me', url, tab: { url } })),
        ),
        (message, sender) => {
          expect(acceptMessage(message, sender, 'me', ORIGIN).ok).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

describe('page detection', () => {
  it('never throws on any string, and never classifies a host that is not Meta’s', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (href) => {
        let info: ReturnType<typeof classifyPage> | null = null;
        expect(() => (info = classifyPage(href))).not.toThrow();
        const host = URL.canParse(href) ? new URL(href).hostname : '';
        if (!host || !isMetaHost(host)) expect(info!.kind).toBe('other');
      }),
      RUNS,
    );
  });
});
