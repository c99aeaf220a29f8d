// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { demoReport, missingConnections, type DemoExpectations } from './status-report';

const expected: DemoExpectations = {
  connections: {
    'conn-healthy': { status: 'healthy', problems: [], say: 'fine' },
    'conn-expiring': { status: 'expiring', problems: ['token-expiring'], say: 'soon' },
    'conn-hidden': { status: 'healthy', problems: [], say: 'other admin' },
  },
};

describe('demoReport', () => {
  it('marks connections that show what the demo promises', () => {
    const doc = statusDoc([
      workspace([
        connection('healthy'),
        connection('expiring', { problems: [{ code: 'token-expiring', message: 'm', hint: 'h', wabaId: null, scope: null }] }),
      ]),
    ]);
    const report = demoReport(doc, expected);
    expect(report.mismatches).toEqual([]);
    expect(report.lines[0]).toMatch(/✓ Acme Support\s+whatsapp healthy\s+— fine/);
    expect(report.lines[1]).toContain('(token-expiring) — soon');
    expect(missingConnections(doc, expected, ['conn-hidden'])).toEqual([]);
  });

  it('reports a different status, different problems, an unexpected and a missing connection', () => {
    const doc = statusDoc([workspace([connection('invalid', { id: 'conn-healthy' }), connection('expiring'), connection('unknown', { id: 'conn-extra' })])]);
    const report = demoReport(doc, expected);
    expect(report.mismatches).toEqual([
      'conn-healthy: expected healthy [], the backend says invalid []',
      'conn-expiring: expected expiring [token-expiring], the backend says expiring []',
      'conn-extra: not in the demo expectations',
    ]);
    expect(report.lines.map((l) => l.trim()[0])).toEqual(['✗', '✗', '?']);
    expect(missingConnections(statusDoc([]), expected, ['conn-hidden'])).toEqual(['conn-healthy', 'conn-expiring']);
  });
});
