/**
 * The extension's settings: where the product backend is, how to reach it, how often to poll and
 * whom to notify.
 *
 * Three layers, later ones win, merged field by field:
 *   1. build-time defaults: `WXT_BACKEND_URL`, `WXT_BACKEND_TOKEN`, `WXT_POLL_MINUTES` (the demo and
 *      the browser tests bake a backend into the build);
 *   2. what the user saved on the options page (`settings` in lib/storage/items.ts, storage.local,
 *      never `sync`: the access token must not travel to other devices);
 *   3. an administrator's policy in `storage.managed` (schema: public/managed-schema.json). A field
 *      set by policy is locked: the options page shows it read-only and `saveSettings` refuses it.
 * Each field is validated on its own, so one corrupt or out-of-range value falls back to the layer
 * below instead of discarding everything the user saved.
 *
 * The saved access token is kept sealed (`accessTokenSealed`, lib/storage/sealed-token.ts), never in
 * clear; a plaintext `accessToken` found in storage (an older version, a test) is used and sealed in
 * place. If sealing is impossible (no IndexedDB or WebCrypto), the token is kept as before.
 *
 * The backend URL that wins must pass the https rule (lib/backend/backend-url.ts) whichever layer it
 * came from; one that does not is refused, not replaced by a lower layer: the extension is "not
 * configured" and says why and from where (`backendUrlProblem`), and `saveSettings` refuses it.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { stored } from './items';
import { sealToken, unsealToken } from './sealed-token';
import { backendUrlProblem, validateBackendUrl, type BackendUrlProblem, type SettingSource } from '../backend/backend-url';

export const POLL_MIN = 5;
export const POLL_MAX = 60;
export const POLL_DEFAULT = 15;

const fields = {
  backendUrl: z.string().trim().min(1).max(2000).nullable(),
  accessToken: z.string().trim().min(1).max(4000).nullable(),
  pollMinutes: z.number().int().min(POLL_MIN).max(POLL_MAX),
  notifications: z.boolean(),
  mutedWorkspaces: z.array(z.string().max(128)).max(5000),
};

export const Settings = z.object(fields);
export type Settings = z.infer<typeof Settings>;
export type SettingKey = keyof Settings;

/** Keys an administrator policy may set (see public/managed-schema.json; a test keeps them equal). */
export const MANAGED_KEYS = ['backendUrl', 'accessToken', 'pollMinutes', 'notifications'] as const satisfies readonly SettingKey[];

export function buildTimeDefaults(env: Record<string, string | undefined> = import.meta.env): Settings {
  const minutes = Number(env.WXT_POLL_MINUTES);
  return {
    backendUrl: env.WXT_BACKEND_URL?.trim() || null,
    accessToken: env.WXT_BACKEND_TOKEN?.trim() || null,
    pollMinutes: Number.isInteger(minutes) && minutes >= POLL_MIN && minutes <= POLL_MAX ? minutes : POLL_DEFAULT,
    notifications: true,
    mutedWorkspaces: [],
  };
}

/** Parses each known field on its own; unknown keys and invalid values are dropped (and named). */
export function parseLayer(raw: unknown, keys: readonly SettingKey[] = Object.keys(fields) as SettingKey[]): { values: Partial<Settings>; invalid: SettingKey[] } {
  const values: Partial<Settings> = {};
  const invalid: SettingKey[] = [];
  if (!raw || typeof raw !== 'object') return { values, invalid };
  for (const key of keys) {
    if (!(key in raw)) continue;
    const parsed = fields[key].safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) (values as Record<string, unknown>)[key] = parsed.data;
    else invalid.push(key);
  }
  return { values, invalid };
}

export interface SettingsView {
  settings: Settings;
  /** Fields set by the administrator's policy: shown read-only, never saved by the user. */
  locked: SettingKey[];
  /** Policy fields whose value did not validate (ignored; shown to the user so an admin can fix it). */
  policyErrors: SettingKey[];
  /** The backend URL that would have been used was refused (settings.backendUrl is then null). */
  backendUrlProblem: BackendUrlProblem | null;
}

/** Applies the https rule to the backend URL that wins, naming the layer it came from. */
export function checkBackendUrl(settings: Settings, source: SettingSource): { settings: Settings; problem: BackendUrlProblem | null } {
  if (settings.backendUrl === null) return { settings, problem: null };
  const checked = validateBackendUrl(settings.backendUrl);
  if (checked.ok) return { settings, problem: null };
  return { settings: { ...settings, backendUrl: null }, problem: backendUrlProblem(source, checked.reason) };
}

async function readManaged(): Promise<unknown> {
  try {
    // Rejects (or is missing) where no policy mechanism exists; that simply means "no policy".
    return (await browser.storage.managed.get(null)) ?? {};
  } catch {
    return {};
  }
}

const SEALED = 'accessTokenSealed';

/** Replaces a plaintext token in storage with its sealed form, unless storage changed meanwhile. */
async function sealInPlace(token: string): Promise<void> {
  const sealed = await sealToken(token);
  const now = await stored.settings.get();
  if (now.accessToken !== token) return;
  const { accessToken: _plain, ...rest } = now;
  await stored.settings.set({ ...rest, [SEALED]: sealed });
}

/** The saved layer as plain values, its token opened. */
async function readSaved(): Promise<Record<string, unknown>> {
  const raw = await stored.settings.get();
  const { [SEALED]: sealed, ...rest } = raw;
  if (typeof raw.accessToken === 'string' && raw.accessToken.trim()) {
    await sealInPlace(raw.accessToken).catch(() => undefined);
    return rest;
  }
  if (sealed === undefined) return rest;
  const token = await unsealToken(sealed);
  return token ? { ...rest, accessToken: token } : rest;
}

/** Writes the saved layer, the token sealed (kept in clear only where sealing is impossible). */
async function writeSaved(values: Partial<Settings>): Promise<void> {
  const { accessToken, ...rest } = values;
  if (typeof accessToken !== 'string') return stored.settings.set(rest);
  try {
    await stored.settings.set({ ...rest, [SEALED]: await sealToken(accessToken) });
  } catch {
    await stored.settings.set({ ...rest, accessToken });
  }
}

export async function loadSettingsView(): Promise<SettingsView> {
  const [saved, managed] = await Promise.all([readSaved(), readManaged()]);
  const user = parseLayer(saved);
  const policy = parseLayer(managed, MANAGED_KEYS);
  const source: SettingSource = policy.values.backendUrl !== undefined ? 'policy' : user.values.backendUrl !== undefined ? 'saved' : 'preset';
  const checked = checkBackendUrl({ ...buildTimeDefaults(), ...user.values, ...policy.values }, source);
  return {
    settings: checked.settings,
    locked: Object.keys(policy.values) as SettingKey[],
    policyErrors: policy.invalid,
    backendUrlProblem: checked.problem,
  };
}

export async function loadSettings(): Promise<Settings> {
  return (await loadSettingsView()).settings;
}

export class BackendUrlRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`backend URL refused: ${reason}`);
  }
}

export class LockedSettingError extends Error {
  constructor(readonly keys: SettingKey[]) {
    super(`set by your administrator's policy: ${keys.join(', ')}`);
  }
}

/** Validates and saves what the user changed. Throws a ZodError (bad value), BackendUrlRefusedError or LockedSettingError. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const { locked } = await loadSettingsView();
  const lockedTouched = (Object.keys(patch) as SettingKey[]).filter((key) => locked.includes(key) && patch[key] !== undefined);
  if (lockedTouched.length) throw new LockedSettingError(lockedTouched);
  const valid = Settings.partial().parse(patch);
  if (valid.backendUrl) {
    const checked = validateBackendUrl(valid.backendUrl);
    if (!checked.ok) throw new BackendUrlRefusedError(checked.error);
  }
  const current = parseLayer(await readSaved()).values;
  await writeSaved({ ...current, ...stripUndefined(valid) });
  return loadSettings();
}

export function isConfigured(settings: Settings): boolean {
  return Boolean(settings.backendUrl && settings.accessToken);
}

/** How a stored token may appear on screen: never in full (only its last 4 characters when long). */
export function maskToken(token: string | null): string {
  if (!token) return '';
  return token.length >= 16 ? `•••• ${token.slice(-4)}` : '••••';
}

/** Calls back when the user's settings or the policy change. */
export function onSettingsChange(listener: () => void): () => void {
  const handler = (_changes: unknown, area: string) => {
    if (area === 'managed') listener();
  };
  browser.storage.onChanged.addListener(handler);
  const unwatch = stored.settings.watch(() => listener());
  return () => {
    browser.storage.onChanged.removeListener(handler);
    unwatch();
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
