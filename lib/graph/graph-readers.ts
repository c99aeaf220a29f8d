/**
 * Readers of Graph answers the assessment uses: a WABA node with its `health_status`, and pages of
 * `business_users`. Each takes what Graph sent (unknown) and returns plain data, never throws, and
 * reads anything it does not recognise as unknown. No I/O.
 */
import { z } from 'zod';
import type { UserRole, WabaHealth } from '../contract';

export interface BusinessUser {
  id: string;
  name: string | null;
  /** As Graph sent it, upper-cased (ADMIN, EMPLOYEE, …), or null. */
  role: string | null;
}

// ── WABA node and health_status ──────────────────────────────────────────────────────────────────

const Level = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(['AVAILABLE', 'LIMITED', 'BLOCKED']));
type Level = z.infer<typeof Level>;

const Text = z.union([z.string(), z.number().transform(String)]);

const HealthEntity = z.looseObject({
  entity_type: Text.optional().catch(undefined),
  id: Text.optional().catch(undefined),
  can_send_message: Level.optional().catch(undefined),
  additional_info: z.union([z.array(z.unknown()), z.string().transform((s) => [s])]).optional().catch(undefined),
  errors: z.array(z.unknown()).optional().catch(undefined),
});

const HealthError = z.looseObject({
  error_code: Text.optional().catch(undefined),
  error_description: Text.optional().catch(undefined),
  possible_solution: Text.optional().catch(undefined),
});

const WabaNode = z.looseObject({
  id: Text.optional().catch(undefined),
  name: Text.optional().catch(undefined),
  health_status: z
    .looseObject({
      can_send_message: Level.optional().catch(undefined),
      entities: z.array(z.unknown()).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export interface HealthReading {
  health: WabaHealth;
  /** Why it is limited / blocked, from `additional_info` and `errors[].error_description`. */
  reasons: string[];
  /** `errors[].possible_solution`. */
  solutions: string[];
}

const LEVEL_TO_HEALTH: Record<Level, WabaHealth> = { AVAILABLE: 'available', LIMITED: 'limited', BLOCKED: 'blocked' };
const HEALTH_RANK: Record<WabaHealth, number> = { unknown: 0, available: 1, limited: 2, blocked: 3 };

/**
 * `health_status` (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/health-status):
 * `can_send_message` AVAILABLE / LIMITED / BLOCKED overall and per entity (WABA, BUSINESS, APP,
 * PHONE_NUMBER, MESSAGE_TEMPLATE); LIMITED entities carry `additional_info[]`, BLOCKED ones
 * `errors[{error_code, error_description, possible_solution}]`. The worst of the overall value
 * and every entity's value wins; `can_receive_call_sip` is about calling and is ignored.
 */
export function readHealth(healthStatus: unknown): HealthReading {
  const parsed = WabaNode.shape.health_status.safeParse(healthStatus);
  const hs = parsed.success ? parsed.data : undefined;
  const reading: HealthReading = { health: 'unknown', reasons: [], solutions: [] };
  if (!hs) return reading;
  const raise = (level: Level | undefined) => {
    if (!level) return;
    const h = LEVEL_TO_HEALTH[level];
    if (HEALTH_RANK[h] > HEALTH_RANK[reading.health]) reading.health = h;
  };
  raise(hs.can_send_message);
  for (const raw of hs.entities ?? []) {
    const entity = HealthEntity.safeParse(raw);
    if (!entity.success) continue;
    const e = entity.data;
    raise(e.can_send_message);
    if (e.can_send_message === 'LIMITED' || e.can_send_message === 'BLOCKED') {
      const who = `${e.entity_type ?? 'entity'}${e.id ? ` ${e.id}` : ''}`;
      for (const info of e.additional_info ?? []) if (typeof info === 'string' && info.trim()) reading.reasons.push(`${who}: ${info.trim()}`);
      for (const rawError of e.errors ?? []) {
        const err = HealthError.safeParse(rawError);
        if (!err.success) continue;
        if (err.data.error_description) reading.reasons.push(`${who}: ${err.data.error_description}${err.data.error_code ? ` (${err.data.error_code})` : ''}`);
        if (err.data.possible_solution) reading.solutions.push(err.data.possible_solution);
      }
      if (e.can_send_message === 'LIMITED' && !(e.additional_info ?? []).length) reading.reasons.push(`${who} is limited`);
    }
  }
  return reading;
}

export function readWabaNode(body: unknown): { id: string | null; name: string | null; health: HealthReading } {
  const parsed = WabaNode.safeParse(body);
  if (!parsed.success) return { id: null, name: null, health: { health: 'unknown', reasons: [], solutions: [] } };
  return { id: parsed.data.id ?? null, name: parsed.data.name ?? null, health: readHealth(parsed.data.health_status) };
}

// ── business_users ───────────────────────────────────────────────────────────────────────────────

const BusinessUsersPage = z.looseObject({
  data: z.array(z.unknown()),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional().catch(undefined) }).optional().catch(undefined),
      next: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
const BusinessUserEntry = z.looseObject({
  id: z.union([z.string().trim().min(1), z.number().int().transform(String)]),
  name: Text.optional().catch(undefined),
  role: Text.optional().catch(undefined),
});

/**
 * One page of `GET /{business-id}/business_users` (`{data:[{id,name,role}], paging}`); role
 * "only contains base roles including Admin and Employee" (business_users reference, docs/meta-platform.md §6).
 * Returns null when the body is not such a page. `nextCursor` is set when Graph has more pages.
 */
export function readBusinessUsersPage(body: unknown): { users: BusinessUser[]; nextCursor: string | null } | null {
  const page = BusinessUsersPage.safeParse(body);
  if (!page.success) return null;
  const users: BusinessUser[] = [];
  for (const raw of page.data.data) {
    const entry = BusinessUserEntry.safeParse(raw);
    if (!entry.success) continue;
    users.push({ id: entry.data.id, name: entry.data.name ?? null, role: entry.data.role ? entry.data.role.trim().toUpperCase() : null });
  }
  const paging = page.data.paging;
  const nextCursor = paging?.next && paging.cursors?.after ? paging.cursors.after : null;
  return { users, nextCursor };
}

export function roleOf(users: readonly BusinessUser[] | null | undefined, userId: string | null): { role: UserRole; name: string | null } {
  if (!users || !userId) return { role: 'unknown', name: null };
  const match = users.find((u) => u.id === userId);
  if (!match) return { role: 'unknown', name: null };
  const role: UserRole = match.role === 'ADMIN' ? 'admin' : match.role === 'EMPLOYEE' ? 'employee' : 'unknown';
  return { role, name: match.name };
}
