/** Builders of contract-valid status documents for tests. */
import type { Connection, ConnectionStatus, StatusResponse, Workspace } from '../../lib/contract';

export function connection(status: ConnectionStatus, overrides: Partial<Connection> = {}): Connection {
  return {
    id: `conn-${status}`,
    kind: 'whatsapp',
    status,
    tokenType: 'system-user',
    expiresAt: null,
    dataAccessExpiresAt: null,
    issuedAt: '2026-10-01T00:00:00Z',
    lastCheckedAt: '2026-11-21T10:00:00Z',
    scopes: [
      { scope: 'whatsapp_business_management', declared: true, proven: true, note: null },
      { scope: 'whatsapp_business_messaging', declared: true, proven: null, note: null },
    ],
    wabas: [{ id: '100000000000001', name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' }],
    authorizingUser: { id: '900000000000001', name: 'Test Admin', role: 'unknown' },
    problems: [],
    lastError: null,
    tokenUpdatedAt: null,
    ...overrides,
  };
}

export function workspace(connections: Connection[], overrides: Partial<Workspace> = {}): Workspace {
  return {
    id: 'ws-1',
    name: 'Acme Support',
    businessId: '200000000000001',
    businessName: 'Acme Inc',
    reconnectUrl: 'https://app.example.test/settings/whatsapp/reconnect',
    metaApp: null,
    // What the plan expects, as the connections' last checks listed it (one entry per WABA).
    expectedWabas: [...new Map(connections.flatMap((c) => c.wabas.filter((w) => w.expected).map((w) => [w.id, { id: w.id, name: w.name ?? w.id }] as const))).values()],
    connections,
    ...overrides,
  };
}

export function statusDoc(workspaces: Workspace[]): StatusResponse {
  return { apiVersion: 'v1', generatedAt: '2026-11-21T10:00:00Z', workspaces };
}
