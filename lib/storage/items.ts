/**
 * Everything the extension stores, in one place: what, where, for how long, and its schema.
 * Every item is a WXT storage item (wxt/utils/storage) read through zod: a stored value that does
 * not parse reads as the item's fallback, never as a half-valid object; writes are validated first.
 * Used by the background, the popup and the options page. Content scripts never touch storage
 * (lib/storage/access.ts closes storage.local to them); they get what they need by message.
 *
 *   storage.local   (this profile, until the extension is removed; never `sync`: the token stays here)
 *     settings         what the user saved on the options page (lib/storage/settings.ts parses it
 *                      field by field over build-time defaults and the policy)
 *     statusCache      small: the status cache's revision (the signal its watchers hear) and a save
 *                      failure, if any (lib/storage/status-cache.ts)
 *     alertStates      what the notifier already said per connection (no repeat after a restart)
 *     reconnectStarts  the last "Reconnect" started per workspace, with its plan and the state before
 *   storage.session  (memory only, gone with the browser; survives a service-worker restart)
 *     dismissedPanels     page kinds whose panel the admin closed
 *     adminDialogSignal   the last "you are not an admin" alert Meta's dialog showed
 *     pagesByTab          per tab: the page its content script reported (lib/background/tab-state.ts)
 *     dialogScreensByTab  per tab: the last dialog screen reading (lib/background/tab-state.ts)
 *     verifications       per workspace: the last reconnect's verification after Meta returned, its
 *                         result and before/after (lib/background/verification.ts)
 *     attempts            per starting tab: the live reconnect attempt, its plan, before-state and
 *                         screen readings (lib/background/attempts.ts; a bad entry is dropped alone)
 *     flowOutcomesByTab   per tab: how the flow ended as the product's page saw it (never a code
 *                         value; lib/background/flow-outcome.ts)
 *   storage.managed  (read-only, set by an administrator's policy; public/managed-schema.json)
 *   IndexedDB        `reconnect-assistant-history` (lib/storage/history.ts): status transitions,
 *                    checks, outages, reconnect starts and flow outcomes, at most 5000 events
 *                    (oldest pruned), versioned by its own migrations; kept until the user clears it.
 *   IndexedDB        `reconnect-assistant-status` (lib/storage/status-cache.ts, the one owner): the
 *                    last poll and the last good backend status (`stored.snapshot` below points
 *                    there). Earlier versions kept it in storage.local `snapshot`; it moves over once.
 *   IndexedDB        `reconnect-assistant-keys` (lib/storage/sealed-token.ts): the non-extractable
 *                    AES-GCM key that seals the access token in `settings.accessTokenSealed`.
 *
 * A stored shape that changes gets `version: n + 1` and `migrations: { [n + 1]: (old) => new }`.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { ConnectionStatus, HttpsOrLocalUrl, ProductId, ReconnectPlan, Timestamp, Workspace } from '../contract';
import { PageInfo, ScreenReadingReport } from '../messaging';
import { PAGE_KINDS } from '../meta/pages';
import { parseAttempts, type Attempt } from '../flow/attempt';
import type { Snapshot } from './snapshot';
import { clearStatusCache, readStatusCache, STATUS_DB_NAME, watchStatusCache, writeStatusCache } from './status-cache';
import { FlowOutcomeSchema } from '../flow/outcome-schema';

export interface StoredItem<T> {
  readonly key: string;
  /** The stored value, parsed; the fallback when there is none or it does not parse. */
  get(): Promise<T>;
  /** Validates (throws a ZodError on a bad value) and stores. */
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Calls back with the new parsed value whenever it changes; returns the unsubscribe function. */
  watch(listener: (value: T) => void): () => void;
}

interface ItemOptions<T> {
  schema: z.ZodType<T, unknown>;
  fallback: T;
  version?: number;
  migrations?: Record<number, (old: unknown) => unknown>;
}

function defineStored<T>(key: `local:${string}` | `session:${string}`, options: ItemOptions<T>): StoredItem<T> {
  const item = storage.defineItem<unknown>(key, {
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.migrations ? { migrations: options.migrations } : {}),
  });
  const parse = (raw: unknown): T => {
    if (raw === null || raw === undefined) return options.fallback;
    const parsed = options.schema.safeParse(raw);
    return parsed.success ? parsed.data : options.fallback;
  };
  return {
    key,
    get: async () => parse(await item.getValue()),
    set: async (value) => item.setValue(options.schema.parse(value)),
    remove: () => item.removeValue(),
    watch: (listener) => item.watch((value) => listener(parse(value))),
  };
}

const alertState = z.object({ seen: ConnectionStatus, baseline: ConnectionStatus.nullable(), causes: z.array(ConnectionStatus).max(20) });

export const ReconnectStart = z.object({
  workspaceId: ProductId,
  startedAt: Timestamp,
  source: z.enum(['popup', 'notification']),
  url: HttpsOrLocalUrl,
  /** The plan as the backend gave it just now; null when it could not be fetched. */
  plan: ReconnectPlan.nullable(),
  /** The workspace as last known before the reconnect (null when never fetched). */
  before: Workspace.nullable(),
  /** The connection a backend reconnect link was made for (absent: opened without a link). */
  connectionId: ProductId.nullable().optional(),
});
export type ReconnectStart = z.infer<typeof ReconnectStart>;

/** Per-tab records: keyed by the tab id as a string. */
const byTab = <S extends z.ZodType>(record: S) => z.record(z.string(), record);
export const PageRecord = PageInfo.extend({ at: z.string(), documentId: z.string().nullable().optional() });
export type PageRecord = z.infer<typeof PageRecord>;
export const DialogRecord = z.object({ page: PageInfo, screen: ScreenReadingReport, at: z.string() });
export type DialogRecord = z.infer<typeof DialogRecord>;

// Product-page outcomes (lib/background/flow-outcome.ts): per tab, what its product page reported
// (never a code value: lib/flow/outcome-schema.ts is strict) and what the attempt had seen then.
export const FlowOutcomeRecord = z.object({
  at: Timestamp,
  origin: z.string().max(300),
  outcomes: z.array(FlowOutcomeSchema).max(10),
  sightings: z
    .object({
      sawDialog: z.boolean(),
      adminErrors: z.array(z.string().max(1000)).max(5),
      uncheckedScopes: z.array(z.string().max(100)).max(10),
      deselectedWabas: z.array(z.object({ id: z.string().max(32).nullable(), name: z.string().max(200) })).max(20),
      verificationError: z.string().max(1000).nullable(),
      finishedWithoutNumber: z.boolean(),
    })
    .nullable(),
});
export type FlowOutcomeRecord = z.infer<typeof FlowOutcomeRecord>;

export const stored = {
  settings: defineStored<Record<string, unknown>>('local:settings', { schema: z.record(z.string(), z.unknown()), fallback: {}, version: 1 }),
  // In IndexedDB, owned by lib/storage/status-cache.ts (a set that cannot be stored throws).
  snapshot: {
    key: `idb:${STATUS_DB_NAME}`,
    get: readStatusCache,
    set: (value) => (value === null ? clearStatusCache() : writeStatusCache(value)),
    remove: clearStatusCache,
    watch: watchStatusCache,
  } satisfies StoredItem<Snapshot | null> as StoredItem<Snapshot | null>,
  alertStates: defineStored('local:alertStates', { schema: z.record(z.string().max(300), alertState), fallback: {}, version: 1 }),
  reconnectStarts: defineStored('local:reconnectStarts', { schema: z.record(z.string(), ReconnectStart), fallback: {}, version: 1 }),
  dismissedPanels: defineStored('session:dismissedPanels', { schema: z.array(z.enum(PAGE_KINDS)).max(PAGE_KINDS.length), fallback: [], version: 1 }),
  adminDialogSignal: defineStored('session:adminDialogSignal', {
    schema: z.object({ at: z.string(), text: z.string().max(1000) }).nullable(),
    fallback: null,
    version: 1,
  }),
  pagesByTab: defineStored('session:pagesByTab', { schema: byTab(PageRecord), fallback: {}, version: 1 }),
  dialogScreensByTab: defineStored('session:dialogScreensByTab', { schema: byTab(DialogRecord), fallback: {}, version: 1 }),
  // Verification after a reconnect: entries parsed one by one (lib/flow/verification.ts Verification),
  // so one that does not parse is dropped without losing the others.
  verifications: defineStored('session:verifications', { schema: z.record(ProductId, z.unknown()), fallback: {}, version: 1 }),
  // Live reconnect attempts: parsed entry by entry (lib/flow/attempt.ts parseAttempts), so one bad
  // attempt is dropped and the others stay.
  attempts: defineStored<Record<string, Attempt>>('session:attempts', {
    schema: z.unknown().transform((raw) => parseAttempts(raw).attempts),
    fallback: {},
    version: 1,
  }),
  flowOutcomesByTab: defineStored('session:flowOutcomesByTab', { schema: byTab(FlowOutcomeRecord), fallback: {}, version: 1 }),
};

