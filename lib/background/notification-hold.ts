/**
 * Which workspaces' status-change notifications the poller holds back: those whose reconnect is
 * being verified (lib/background/verification.ts), until the verification has shown its one
 * notification. The alert states still advance meanwhile, so the next poll repeats nothing.
 */
import { Verification } from '../flow/verification';
import { stored } from '../storage/items';

export function holdsNotifications(v: Verification): boolean {
  return v.phase !== 'done' || (v.result?.kind === 'verified' && !v.sent.notification);
}

export async function heldWorkspaces(): Promise<Set<string>> {
  const held = new Set<string>();
  for (const raw of Object.values(await stored.verifications.get())) {
    const parsed = Verification.safeParse(raw);
    if (parsed.success && holdsNotifications(parsed.data)) held.add(parsed.data.workspaceId);
  }
  return held;
}
