/**
 * The extension's settings: where the product backend is and how to reach it.
 *
 * Kept in `storage.local` (never `sync`: the access token must not travel to other devices).
 * Build-time defaults come from `WXT_BACKEND_URL` / `WXT_BACKEND_TOKEN` (used by the demo and the
 * browser tests); what the user saved wins over them.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';

export const Settings = z.object({
  backendUrl: z.string().max(2000).nullable(),
  accessToken: z.string().max(4000).nullable(),
  pollMinutes: z.number().int().min(5).max(60),
  notifications: z.boolean(),
  mutedWorkspaces: z.array(z.string().max(128)).max(5000),
});
export type Settings = z.infer<typeof Settings>;

const KEY = 'settings';

export function buildTimeDefaults(env: Record<string, string | undefined> = import.meta.env): Settings {
  return {
    backendUrl: env.WXT_BACKEND_URL?.trim() || null,
    accessToken: env.WXT_BACKEND_TOKEN?.trim() || null,
    pollMinutes: 15,
    notifications: true,
    mutedWorkspaces: [],
  };
}

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const defaults = buildTimeDefaults();
  const parsed = Settings.partial().safeParse(stored ?? {});
  // A corrupt stored value falls back to the defaults rather than breaking the background.
  return { ...defaults, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const current = (await browser.storage.local.get(KEY))[KEY];
  const base = Settings.partial().safeParse(current ?? {});
  const next = Settings.partial().parse({ ...(base.success ? base.data : {}), ...patch });
  await browser.storage.local.set({ [KEY]: next });
  return loadSettings();
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
