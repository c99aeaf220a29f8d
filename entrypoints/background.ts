import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { forgetDialogTab, handleGuidanceMessage } from '@/lib/background/page-guidance';
import { forgetTab, recordPage } from '@/lib/background/pages-seen';
import { pollOnce } from '@/lib/background/poller';
import { acceptMessage, type Reply } from '@/lib/messaging';
import { loadSettings } from '@/lib/storage/settings';

const POLL_ALARM = 'poll-backend';

async function schedulePolling(): Promise<void> {
  const { pollMinutes } = await loadSettings();
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: pollMinutes, delayInMinutes: pollMinutes });
}

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => {
    void schedulePolling().then(() => pollOnce());
  });
  browser.runtime.onStartup.addListener(() => {
    void schedulePolling().then(() => pollOnce());
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void pollOnce();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void forgetTab(tabId);
    void forgetDialogTab(tabId);
  });

  browser.runtime.onMessage.addListener(async (raw, sender): Promise<Reply> => {
    const accepted = acceptMessage(raw, sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!accepted.ok) return { ok: false, error: accepted.error };
    const message = accepted.message;
    switch (message.type) {
      case 'page-detected':
        if (sender.tab?.id === undefined) return { ok: false, error: 'no tab' };
        await recordPage(sender.tab.id, message.page);
        return { ok: true };
      case 'page-guidance':
      case 'panel-dismissed':
      case 'dialog-screen':
        return handleGuidanceMessage(message, sender);
      case 'refresh':
        await schedulePolling();
        await pollOnce();
        return { ok: true };
    }
  });
});
