/**
 * Turns stored records into the contract's shapes. A connection that was never checked is
 * `unknown` with every fact null/unknown: its required scopes and expected WABAs are listed so
 * the UI can show what will be verified, but nothing is claimed about them (never a false green).
 */
import type { Connection, MetaApp, Problem, Workspace } from '../lib/contract';
import { neverCheckedConnection } from '../lib/graph/token-check';
import { requiredScopesFor } from './required-scopes';
import type { ConnectionKind, ConnectionState, ConnectionView, ExpectedWaba, WorkspaceRecord, WorkspaceView } from './store/store';

export function neverChecked(kind: ConnectionKind, expectedWabas: ExpectedWaba[]): ConnectionState {
  // Catalog connections have no WABAs to verify.
  return neverCheckedConnection(requiredScopesFor(kind), kind === 'whatsapp' ? expectedWabas : []);
}

export function toConnection(view: ConnectionView, workspace: WorkspaceRecord): Connection {
  return { id: view.id, kind: view.kind, ...(view.state ?? neverChecked(view.kind, workspace.expectedWabas)), tokenUpdatedAt: view.tokenUpdatedAt };
}

export function toWorkspace(view: WorkspaceView, metaApp: MetaApp | null): Workspace {
  return {
    id: view.id,
    name: view.name,
    businessId: view.businessId,
    businessName: view.businessName,
    reconnectUrl: view.reconnectUrl,
    metaApp,
    expectedWabas: view.expectedWabas.map((waba) => ({ id: waba.id, name: waba.name })),
    connections: view.connections.map((conn) => toConnection(conn, view)),
  };
}

/** The last known state with one more problem attached (replacing an older one of the same code). */
export function withProblem(state: ConnectionState, problem: Problem): ConnectionState {
  return { ...state, problems: [...state.problems.filter((p) => p.code !== problem.code), problem] };
}
