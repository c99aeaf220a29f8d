/**
 * The notifier's memory (see lib/health/model.ts `AlertState`), in `storage.local` so that a
 * service-worker restart or a browser restart never re-sends a notification already shown.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { ConnectionStatus } from '../contract';
import type { AlertStates } from '../health/model';

const KEY = 'alertStates';
const Stored = z.record(
  z.string().max(300),
  z.object({ seen: ConnectionStatus, baseline: ConnectionStatus.nullable(), causes: z.array(ConnectionStatus).max(20) }),
);

export async function loadAlertStates(): Promise<AlertStates> {
  const parsed = Stored.safeParse((await browser.storage.local.get(KEY))[KEY] ?? {});
  return parsed.success ? parsed.data : {};
}

export async function saveAlertStates(states: AlertStates): Promise<void> {
  await browser.storage.local.set({ [KEY]: Stored.parse(states) });
}
