/**
 * A contract-valid status of a reseller's size: N workspaces × W WABAs each, for the capacity
 * tests and the service-worker bench. Deterministic: workspace i is healthy unless i % 10 === 3,
 * and those cycle through the problems the health model knows (so the badge, the counts and
 * "problems first" have something real to show). At 5,000 × 10 the JSON is about 11.1 MB
 * (10.6 MiB), beyond storage.local's 10 MiB quota, as a reseller's real status is.
 */
import type { Connection, ConnectionStatus, ProblemCode, StatusResponse, Workspace } from '../../lib/contract';
import { connection, statusDoc, workspace } from './status-fixtures';

/** The problem cycle of the workspaces that need attention (i % 10 === 3), in order. */
export const PROBLEM_CYCLE: readonly ConnectionStatus[] = ['expired', 'missing-waba', 'expiring', 'not-admin', 'degraded', 'revoked', 'missing-scope', 'unknown'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const resellerWorkspaceId = (i: number) => `ws-${pad(i, 5)}`;
export const resellerWorkspaceName = (i: number) => `Customer ${pad(i, 5)} Dental`;

/** The status of workspace i (before any change a test makes). */
export function resellerStatusOf(i: number): ConnectionStatus {
  return i % 10 === 3 ? PROBLEM_CYCLE[Math.floor(i / 10) % PROBLEM_CYCLE.length]! : 'healthy';
}

function resellerConnection(i: number, wabasPerWorkspace: number, now: number, status: ConnectionStatus): Connection {
  const day = 86_400_000;
  const wabas = Array.from({ length: wabasPerWorkspace }, (_, j) => ({
    id: `1${pad(i, 6)}${pad(j, 4)}`,
    name: `Line ${j + 1} of ${pad(i, 5)}`,
    expected: true,
    management: !(status === 'missing-waba' && j === 0),
    messaging: !(status === 'missing-waba' && j === 0),
    reachable: !(status === 'missing-waba' && j === 0),
    health: status === 'degraded' && j === 0 ? ('limited' as const) : ('available' as const),
  }));
  const code: Record<ConnectionStatus, ProblemCode | null> = {
    healthy: null,
    expiring: 'token-expiring',
    expired: 'token-expired',
    invalid: 'token-invalid',
    revoked: 'token-revoked',
    'missing-scope': 'scope-missing',
    'missing-waba': 'waba-missing',
    'not-admin': 'not-admin',
    degraded: 'waba-health',
    unknown: 'check-failed',
  };
  const problem = code[status];
  const problems: Connection['problems'] = problem
    ? [{ code: problem, message: `Needs attention: ${status}`, hint: 'Reconnect the WhatsApp account from the product settings.', wabaId: problem === 'waba-missing' || problem === 'waba-health' ? wabas[0]!.id : null, scope: problem === 'scope-missing' ? 'whatsapp_business_messaging' : null }]
    : [];
  return connection(status, {
    id: `conn-${pad(i, 5)}-wa`,
    expiresAt: status === 'expiring' ? new Date(now + 3 * day).toISOString() : status === 'expired' ? new Date(now - day).toISOString() : null,
    lastCheckedAt: new Date(now - 600_000).toISOString(),
    authorizingUser: { id: `9${pad(i, 14)}`, name: `Admin of customer ${pad(i, 5)}`, role: status === 'not-admin' ? 'employee' : 'admin' },
    wabas,
    problems,
  });
}

export function resellerWorkspace(i: number, wabasPerWorkspace = 10, now = Date.now(), status = resellerStatusOf(i)): Workspace {
  return workspace([resellerConnection(i, wabasPerWorkspace, now, status)], {
    id: resellerWorkspaceId(i),
    name: resellerWorkspaceName(i),
    businessId: `2${pad(i, 14)}`,
    businessName: `${resellerWorkspaceName(i)} Ltd`,
    reconnectUrl: `https://app.example.test/workspaces/${resellerWorkspaceId(i)}/settings/whatsapp/reconnect`,
    metaApp: { appId: '100000000000009', configId: '300000000000001', appName: 'Example Product' },
  });
}

/** `workspaces` workspaces × `wabasPerWorkspace` WABAs; `now` anchors the expiry dates. */
export function resellerStatus(workspaces: number, wabasPerWorkspace = 10, now = Date.now()): StatusResponse {
  const doc = statusDoc(Array.from({ length: workspaces }, (_, i) => resellerWorkspace(i, wabasPerWorkspace, now)));
  return { ...doc, generatedAt: new Date(now).toISOString() };
}
