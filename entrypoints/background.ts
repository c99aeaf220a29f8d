import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { guidanceHandlers, notifyTabsOnStatusChange } from '@/lib/background/page-guidance';
import { forgetTab } from '@/lib/background/tab-state';
import { handlePageDetected } from '@/lib/background/page-detected';
import { forgetIfDocumentGone } from '@/lib/background/tab-documents';
import { openOnboardingIfNeeded } from '@/lib/background/first-run';
import { checkWorkspace, pollIfDue, pollOnce, refreshBadge } from '@/lib/background/poller';
import { POLL_ALARM, STALE_ALARM } from '@/lib/background/schedule';
import { handleMessages } from '@/lib/messaging';
import { onNotificationButton, openNotificationTarget } from '@/lib/notifications/actions';
import { startReconnect } from '@/lib/reconnect/start';
import { restrictStorageToExtensionPages } from '@/lib/storage/access';
import { resumeVerifications, retryVerification, verificationOnAttemptEnded, VERIFY_ALARM } from '@/lib/background/verification';
import { ATTEMPT_IDLE_ALARM, onAttemptEnded, resumeAttempts } from '@/lib/background/attempts';
import { checklistHandlers, withAttemptReading } from '@/lib/background/live-checklist-handlers';
import { watchAttemptEnds } from '@/lib/background/live-checklist';
import { handleFlowOutcome } from '@/lib/background/flow-outcome';
import { watchProductPageAccess } from '@/lib/product-page/access';

export default defineBackground(() => {
  // Content scripts never need storage: keep the access token out of Meta's pages' reach.
  void restrictStorageToExtensionPages();
  // Token health: every poll schedules the next one itself (lib/background/schedule.ts).
  browser.runtime.onInstalled.addListener((details) => {
    void pollOnce();
    void openOnboardingIfNeeded(details.reason);
  });
  browser.runtime.onStartup.addListener(() => void pollOnce());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void pollOnce();
    if (alarm.name === STALE_ALARM) void refreshBadge();
    if (alarm.name === VERIFY_ALARM) void resumeVerifications();
    if (alarm.name === ATTEMPT_IDLE_ALARM) void resumeAttempts();
  });
  // A reconnect being verified when the worker stopped goes on where it was.
  void resumeVerifications();
  // An administrator's policy changed: apply it now (the options page asks for a poll itself).
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void pollOnce();
  });
  browser.notifications.onClicked.addListener((id) => void openNotificationTarget(id));
  // Firefox has no notification buttons (nor this event): the click still opens the detail.
  browser.notifications.onButtonClicked?.addListener((id, index) => void onNotificationButton(id, index));
  // A restarted worker (or browser) repaints the badge from the cached status at once.
  void refreshBadge();
  // In-page guidance: tabs showing a panel hear when the cached status changes.
  notifyTabsOnStatusChange();
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  // Live reconnect attempts: ended ones give the tab its global badge back; a restarted worker
  // ends idle attempts and announces ends it missed (lib/background/attempts.ts).
  watchAttemptEnds();
  // An attempt that ended with no outcome (tabs closed, idle) still asks the backend, after a grace.
  onAttemptEnded((attempt) => void verificationOnAttemptEnded(attempt));
  void resumeAttempts();
  // A tab that loaded another document forgets the old one's page record (lib/background/tab-documents.ts).
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.status !== undefined) void forgetIfDocumentGone(tabId);
  });

  // The product-page script: registered for the product's origins the admin allowed, kept in step.
  watchProductPageAccess();

  const onMessage = handleMessages<Browser.runtime.MessageSender>(
    {
      ...guidanceHandlers,
      ...checklistHandlers,
      'dialog-screen': withAttemptReading(guidanceHandlers['dialog-screen']),
      'page-detected': (message, sender) => handlePageDetected(message.page, sender),
      refresh: async (message) => {
        await (message.ifDue ? pollIfDue() : pollOnce());
        return { ok: true };
      },
      'check-workspace': async (message) => {
        const result = await checkWorkspace(message.workspaceId);
        return result.ok ? { ok: true } : { ok: false, error: result.error };
      },
      'start-reconnect': async (message) => {
        const result = await startReconnect(message.workspaceId, 'popup');
        return result.ok ? { ok: true, via: result.via, fallback: result.fallback } : { ok: false, error: result.error };
      },
      'retry-verification': async (message) => {
        const result = await retryVerification(message.workspaceId);
        return result.ok ? { ok: true } : { ok: false, error: result.error };
      },
      'flow-outcome': (message, sender) => handleFlowOutcome(message, sender),
    },
    () => ({ id: browser.runtime.id, origin: browser.runtime.getURL('/') }),
  );
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- webextension-polyfill (enabled in wxt.config.ts) sends a listener's resolved promise as the reply; the chrome-style types only know void | boolean.
  browser.runtime.onMessage.addListener(onMessage);
});
