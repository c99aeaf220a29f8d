/**
 * The product's Meta app as the API shows it (contract `MetaApp`): id and configuration from the
 * seed, display name as Meta last reported it. The name comes from debug_token's `application`
 * (https://developers.facebook.com/docs/graph-api/reference/debug_token) after each check and is
 * kept in the store's settings with the app id it belongs to, so a seed that switches apps never
 * shows the previous app's name.
 */
import { z } from 'zod';
import type { MetaApp } from '../lib/contract';
import type { Store } from './store/store';

const SETTING = 'meta-app-name';
const StoredName = z.object({ appId: z.string(), name: z.string().min(1).max(200) });

export async function lastSeenAppName(store: Store, appId: string): Promise<string | null> {
  const raw = await store.getSetting(SETTING);
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = StoredName.safeParse(json);
  return parsed.success && parsed.data.appId === appId ? parsed.data.name : null;
}

/** Remembers the name debug_token gave for `appId` (written only when it changed). */
export async function noteAppName(store: Store, appId: string, name: string): Promise<void> {
  const bounded = name.trim().slice(0, 200);
  if (!bounded || (await lastSeenAppName(store, appId)) === bounded) return;
  await store.setSetting(SETTING, JSON.stringify({ appId, name: bounded }));
}

/** The workspace-level `metaApp` of GET /v1/status; null when no app is configured. */
export async function metaAppOf(store: Store): Promise<MetaApp | null> {
  const app = await store.getAppSettings();
  if (!app) return null;
  return { appId: app.appId, configId: app.configId, appName: await lastSeenAppName(store, app.appId) };
}
