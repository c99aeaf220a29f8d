/**
 * Who may read the extension's storage. Content scripts run inside Meta's pages, and Chrome lets
 * them read `storage.local` by default — where the backend access token and the cached status live.
 * None of our content scripts needs storage (panels get their data through messages, see
 * lib/background/page-guidance.ts), so the background closes `storage.local` to them on every start:
 * a compromised Meta renderer then cannot read the token through our isolated world.
 * `storage.session` is trusted-contexts-only by default and stays so.
 * Browsers without `setAccessLevel` on `local` (Firefox today) keep their default: reported, not hidden.
 */
import { browser } from 'wxt/browser';

type AccessLevelArea = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

export async function restrictStorageToExtensionPages(): Promise<'restricted' | 'unsupported'> {
  const local = browser.storage.local as unknown as AccessLevelArea;
  if (typeof local.setAccessLevel !== 'function') return 'unsupported';
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return 'restricted';
  } catch {
    return 'unsupported';
  }
}
