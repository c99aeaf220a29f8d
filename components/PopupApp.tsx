/**
 * The popup's container: renders the cached snapshot at once, asks the background for a fresh poll
 * (showing "checking…" meanwhile), follows storage changes, and turns the view's actions into
 * messages to the background (Check now, Reconnect) or local work (Copy diagnostics, settings).
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { buildDiagnostics } from '@/lib/diagnostics';
import { sendToBackground as send } from '@/lib/protocol/send';
import { loadSettings, loadSettingsView, onSettingsChange, type Settings, type SettingsView } from '@/lib/storage/settings';
import type { BackendUrlProblem } from '@/lib/backend/backend-url';
import { stored } from '@/lib/storage/items';
import type { Snapshot } from '@/lib/storage/snapshot';
import { Verification } from '@/lib/flow/verification';
import type { ChecklistView } from '@/lib/content/checklist-overlay';
import { PopupChecklist } from './PopupChecklist';
import { PopupView, type PopupViewProps } from './PopupView';

/** `#ws=<id>&conn=<id>` (set by a notification click) → the connection to show first. */
export function focusFromHash(hash: string): PopupViewProps['focus'] {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const workspaceId = params.get('ws');
  return workspaceId ? { workspaceId, connectionId: params.get('conn') } : null;
}

export function PopupApp() {
  const [snapshot, setSnapshot] = useState<Snapshot | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [urlProblem, setUrlProblem] = useState<BackendUrlProblem | null>(null);
  // Starts true: the popup always asks for a fresh poll as soon as it opens.
  const [checking, setChecking] = useState(true);
  const [now, setNow] = useState(() => Date.now());
  const [pending, setPending] = useState<PopupViewProps['pending']>({});
  const [notices, setNotices] = useState<PopupViewProps['notices']>({});
  const [focus, setFocus] = useState(() => focusFromHash(location.hash));
  const [verifications, setVerifications] = useState<Record<string, Verification>>({});
  const [checklist, setChecklist] = useState<ChecklistView | null>(null);

  // During a reconnect attempt in the active tab: its live checklist at the top.
  useEffect(() => {
    let live = true;
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return;
      const reply = await send({ type: 'tab-checklist', tabId: tab.id });
      if (live && reply.ok) setChecklist(reply.checklist);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    void stored.snapshot.get().then((s) => live && setSnapshot(s));
    const showSettings = (view: SettingsView) => {
      if (!live) return;
      setSettings(view.settings);
      setUrlProblem(view.backendUrlProblem);
    };
    void loadSettingsView().then(showSettings);
    const stopSnapshot = stored.snapshot.watch((s) => {
      setSnapshot(s);
      setNow(Date.now());
    });
    // The last reconnect's verification per workspace (lib/background/verification.ts), entry by entry.
    const readVerifications = (raw: Record<string, unknown>) => {
      const parsed: Record<string, Verification> = {};
      for (const [key, value] of Object.entries(raw)) {
        const v = Verification.safeParse(value);
        if (v.success && v.data.workspaceId === key) parsed[key] = v.data;
      }
      if (live) setVerifications(parsed);
    };
    void stored.verifications.get().then(readVerifications);
    const stopVerifications = stored.verifications.watch(readVerifications);
    const stopSettings = onSettingsChange(() => void loadSettingsView().then(showSettings));
    void send({ type: 'refresh', ifDue: true }).finally(() => live && setChecking(false));
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    const onHash = () => setFocus(focusFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => {
      live = false;
      stopSnapshot();
      stopVerifications();
      stopSettings();
      clearInterval(tick);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const notice = useCallback((key: string, text: string, error: boolean) => setNotices((n) => ({ ...n, [key]: { text, error } })), []);

  const actions: PopupViewProps['actions'] = {
    refresh: () => {
      setChecking(true);
      void send({ type: 'refresh' }).finally(() => setChecking(false));
    },
    checkWorkspace: (workspaceId) => {
      setPending((p) => ({ ...p, [workspaceId]: 'checking' }));
      void send({ type: 'check-workspace', workspaceId }).then((reply) => {
        setPending((p) => ({ ...p, [workspaceId]: undefined }));
        notice(workspaceId, reply.ok ? `Checked just now.` : `Check failed: ${reply.error}`, !reply.ok);
      });
    },
    reconnect: (workspaceId) => {
      setPending((p) => ({ ...p, [workspaceId]: 'reconnecting' }));
      void send({ type: 'start-reconnect', workspaceId }).then((reply) => {
        setPending((p) => ({ ...p, [workspaceId]: undefined }));
        if (!reply.ok) notice(workspaceId, `Could not start the reconnect: ${reply.error}`, true);
        else if (reply.via === 'reconnect-page' && reply.fallback) notice(workspaceId, `Reconnect page opened in a new tab. The backend's own reconnect link was not used: ${reply.fallback}.`, false);
        else notice(workspaceId, 'Reconnect page opened in a new tab.', false);
      });
    },
    copyDiagnostics: (workspaceId) => {
      const key = workspaceId ?? '*';
      void (async () => {
        const current = await loadSettings();
        const text = buildDiagnostics({
          snapshot: (await stored.snapshot.get()) ?? null,
          settings: current,
          now: new Date(),
          extensionVersion: browser.runtime.getManifest().version,
          userAgent: navigator.userAgent,
          workspaceId: workspaceId ?? undefined,
        });
        try {
          await navigator.clipboard.writeText(text);
          notice(key, 'Diagnostics copied: paste them into your support ticket.', false);
        } catch {
          notice(key, 'Could not write to the clipboard.', true);
        }
      })();
    },
    openOptions: () => void browser.runtime.openOptionsPage(),
    retryVerification: (workspaceId) => {
      void send({ type: 'retry-verification', workspaceId }).then((reply) => {
        if (!reply.ok) notice(workspaceId, `Could not retry the verification: ${reply.error}`, true);
      });
    },
  };

  const view = <PopupView snapshot={snapshot} settings={settings} backendUrlProblem={urlProblem} checking={checking} now={now} focus={focus} pending={pending} notices={notices} actions={actions} verifications={verifications} />;
  return checklist ? (
    <>
      <PopupChecklist view={checklist} />
      {view}
    </>
  ) : (
    view
  );
}
