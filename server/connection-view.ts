/**
 * Turns stored records into the contract's shapes. A connection that was never checked is
 * `unknown` with every fact null/unknown: its required scopes and expected WABAs are listed so
 * the UI can show what will be verified, but nothing is claimed about them (never a false green).
 */
import type { Connection, Problem, Workspace } from '../lib/contract';
import { requiredScopesFor } from './required-scopes';
import type { ConnectionKind, ConnectionState, ConnectionView, ExpectedWaba, WorkspaceRecord, WorkspaceView } from './store/store';

export function neverChecked(kind: ConnectionKind, expectedWabas: ExpectedWaba[]): ConnectionState {
  return {
    status: 'unknown',
    tokenType: 'unknown',
    expiresAt: null,
    dataAccessExpiresAt: null,
    issuedAt: null,
    lastCheckedAt: null,
    scopes: requiredScopesFor(kind).map((scope) => ({ scope, declared: null, proven: null, note: null })),
    wabas:
      kind === 'whatsapp'
        ? expectedWabas.map((waba) => ({
            id: waba.id,
            name: waba.name,
            expected: true,
            management: null,
            messaging: null,
            reachable: null,
            health: 'unknown' as const,
          }))
        : [],
    authorizingUser: { id: null, name: null, role: 'unknown' },
    problems: [],
    lastError: null,
  };
}

export function toConnection(view: ConnectionView, workspace: WorkspaceRecord): Connection {
  return { id: view.id, kind: view.kind, ...(view.state ?? neverChecked(view.kind, workspace.expectedWabas)) };
}

export function toWorkspace(view: WorkspaceView): Workspace {
  return {
    id: view.id,
    name: view.name,
    businessId: view.businessId,
    businessName: view.businessName,
    reconnectUrl: view.reconnectUrl,
    connections: view.connections.map((conn) => toConnection(conn, view)),
  };
}

/** The last known state with one more problem attached (replacing an older one of the same code). */
export function withProblem(state: ConnectionState, problem: Problem): ConnectionState {
  return { ...state, problems: [...state.problems.filter((p) => p.code !== problem.code), problem] };
}
