/** `GET /v1/workspaces/{id}/history?limit=N`: status transitions and flow reports, newest first. */
import { z } from 'zod';
import { API_VERSION, ProductId, Text, Timestamp } from './common';
import { FlowReport } from './flow-report';
import { ConnectionStatus, ProblemCode } from './status';

export const HistoryEntry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('transition'),
    id: ProductId,
    at: Timestamp,
    connectionId: ProductId,
    from: ConnectionStatus,
    to: ConnectionStatus,
    problems: z.array(ProblemCode).max(100),
    /** What triggered the check: `schedule`, `manual`, `seed`… */
    trigger: Text(32),
  }),
  z.object({
    kind: z.literal('flow-report'),
    id: ProductId,
    at: Timestamp,
    report: FlowReport,
  }),
]);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const HistoryResponse = z.object({
  apiVersion: z.literal(API_VERSION),
  workspaceId: ProductId,
  entries: z.array(HistoryEntry).max(500),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;
