import { describe, expect, it } from 'vitest';
import { statusDoc, workspace, connection } from '../../tests/support/status-fixtures';
import type { ReconnectPlan } from '../contract/plan';
import { hostLabelOf, matchPatternOf, productOriginOf, productOrigins } from './origins';

const plan = (over: Partial<ReconnectPlan> = {}): ReconnectPlan => ({
  apiVersion: 'v1', workspaceId: 'ws-1', appId: '300000000000001', configId: null, appName: null, requiredScopes: ['whatsapp_business_management'],
  business: null, expectedWabas: [], currentlyGrantedWabaIds: [], reconnectUrl: 'https://app.example.com/settings/reconnect', ...over,
});

describe('productOrigins', () => {
  it('collects the origins of reconnect URLs, started URLs and our dialogs’ redirect_uri, once each, sorted', () => {
    const status = statusDoc([workspace([connection('healthy')], { reconnectUrl: 'https://app.example.test/settings/whatsapp/reconnect?workspace=a' })]);
    const origins = productOrigins({
      status,
      starts: [{ url: 'http://127.0.0.1:8787/reconnect/start?ticket=t', plan: plan() }],
      dialogs: [
        { kind: 'oauth-dialog', appId: '300000000000001', redirectUri: 'https://eu.app.example.com/reconnect/callback' },
        { kind: 'oauth-dialog', appId: '999999999999999', redirectUri: 'https://other-product.example/cb' },
        { kind: 'oauth-dialog', appId: '300000000000001', redirectUri: 'https://staticxx.facebook.com/x/connect/xd_arbiter/?version=46' },
        { kind: 'bm-people', appId: '300000000000001', redirectUri: 'https://bm.example/cb' },
      ],
    });
    expect(origins).toEqual(['http://127.0.0.1:8787', 'https://app.example.com', 'https://app.example.test', 'https://eu.app.example.com']);
  });

  it('a status’s origins, parsed once per scheme://authority, are what each URL parsed alone gives', () => {
    const urls = [
      'https://app.example.test/a',
      'https://APP.example.test:443/b?x=1',
      'https://app.example.test:8443/c',
      'https://app.example.test\\evil.example/d',
      'https://app.example.test?q=https://other.example/',
      'https://app.example.test#frag',
      'http://localhost:3000/reconnect',
      'http://[::1]:8787/r',
      'https://eu.app.example.test/x',
      'https://business.facebook.com/x',
      'https://app.example.test/e',
    ];
    const status = statusDoc(urls.map((reconnectUrl, i) => workspace([connection('healthy')], { id: `ws-${i}`, reconnectUrl })));
    const alone = [...new Set(urls.map(productOriginOf).filter((o): o is string => o !== null))].sort();
    expect(productOrigins({ status, starts: [], dialogs: [] })).toEqual(alone);
    // The same status object again (a 304): the same answer.
    expect(productOrigins({ status, starts: [], dialogs: [] })).toEqual(alone);
  });

  it('knows nothing without a status, a start or a plan', () => {
    expect(productOrigins({ status: null, starts: [], dialogs: [{ kind: 'oauth-dialog', appId: '1', redirectUri: 'https://x.example/cb' }] })).toEqual([]);
  });

  it.each(['http://app.example.com/x', 'https://user:pw@app.example.com/', 'https://www.facebook.com/cb', 'https://fb.com/x', 'javascript:alert(1)', 'not a url', null])('refuses %s as a product origin', (url) => {
    expect(productOriginOf(url)).toBeNull();
  });

  it('derives the match pattern and the label the admin reads', () => {
    expect(matchPatternOf('https://app.example.com')).toBe('https://app.example.com/*');
    expect(hostLabelOf('http://127.0.0.1:8787')).toBe('127.0.0.1:8787');
  });
});
