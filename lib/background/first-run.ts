/**
 * First run: a freshly installed extension that nobody configured yet (no build-time defaults, no
 * administrator policy) opens the short onboarding page, which leads to the options.
 */
import { browser } from 'wxt/browser';
import { isConfigured, loadSettings } from '../storage/settings';

export async function openOnboardingIfNeeded(reason: string): Promise<boolean> {
  if (reason !== 'install') return false;
  if (isConfigured(await loadSettings())) return false;
  await browser.tabs.create({ url: browser.runtime.getURL('/onboarding.html') });
  return true;
}
