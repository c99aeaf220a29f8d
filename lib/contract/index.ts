/**
 * The backend contract, v1: every request and response between the extension and a product
 * backend, as zod schemas. The server validates what it receives and sends with these; the
 * extension validates every answer with them. The OpenAPI document is generated from them.
 */
export * from './common';
export * from './status';
export * from './plan';
export * from './flow-report';
export * from './history';
export * from './severity';

/** Paths of the v1 API, relative to the backend's base URL. */
export const paths = {
  status: '/v1/status',
  reconnectPlan: (workspaceId: string) =>
    `/v1/workspaces/${encodeURIComponent(workspaceId)}/reconnect-plan`,
  reconnectLink: (workspaceId: string) =>
    `/v1/workspaces/${encodeURIComponent(workspaceId)}/reconnect-link`,
  checks: (workspaceId: string) => `/v1/workspaces/${encodeURIComponent(workspaceId)}/checks`,
  flowReports: '/v1/flow-reports',
  history: (workspaceId: string) => `/v1/workspaces/${encodeURIComponent(workspaceId)}/history`,
} as const;
