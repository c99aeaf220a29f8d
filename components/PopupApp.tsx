/**
 * The popup's container: renders the cached snapshot at once, asks the background for a fresh poll
 * (showing "Checking…" meanwhile), follows storage changes, and turns the view's actions into
 * messages to the background (Check now, Reconnect) or local work (Copy diagnostics, copy an id,
 * settings). What changes (a workspace's status, a reconnect's verification, an action's result)
 * is said once more, in words, through the view's one polite live region.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { buildDiagnostics } from '@/lib/diagnostics';
import { sendToBackground as send } from '@/lib/protocol/send';
import { loadSettings, loadSettingsView, onSettingsChange, type Settings, type SettingsView } from '@/lib/storage/settings';
import type { BackendUrlProblem } from '@/lib/backend/backend-url';
import { stored } from '@/lib/storage/items';
import type { Snapshot } from '@/lib/storage/snapshot';
import { Verification } from '@/lib/flow/verification';
import type { ChecklistView } from '@/lib/content/checklist-overlay';
import type { Workspace } from '@/lib/contract';
import { verificationWords } from '@/lib/flow/verification-words';
import { displayText } from '@/lib/display-text';
import { statusChanges } from '@/lib/popup/card';
import { ANNOUNCE_WORDS, NOTICE_WORDS, STATE_TEXT } from '@/lib/popup/words';
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
  const [announcement, setAnnouncement] = useState('');
  // Same words twice in a row still change the region's text, so they are said again.
  const announce = useCallback((text: string) => setAnnouncement((prev) => (prev === text ? `${text}\u00a0` : text)), []);
  const shown = useRef<{ workspaces: Workspace[] | null; outcome: Snapshot['outcome'] | null; headlines: Record<string, string>; changed: string | null }>({ workspaces: null, outcome: null, headlines: {}, changed: null });

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
    // What the first paint shows is not a change; later snapshots are compared with it.
    const remember = (s: Snapshot | null) => {
      shown.current.workspaces = s?.lastGood?.status.workspaces ?? null;
      shown.current.outcome = s?.outcome ?? null;
    };
    void stored.snapshot.get().then((s) => {
      if (!live) return;
      remember(s);
      setSnapshot(s);
    });
    const showSettings = (view: SettingsView) => {
      if (!live) return;
      setSettings(view.settings);
      setUrlProblem(view.backendUrlProblem);
    };
    void loadSettingsView().then(showSettings);
    const stopSnapshot = stored.snapshot.watch((s) => {
      const at = Date.now();
      const before = shown.current;
      const changes = s?.lastGood ? statusChanges(before.workspaces, s.lastGood.status.workspaces, at) : null;
      const failure = s && s.outcome !== before.outcome && s.outcome !== 'ok' && s.outcome !== 'not-configured' ? STATE_TEXT[s.outcome].title : null;
      const said = [failure, changes].filter(Boolean).join('. ');
      if (said) {
        before.changed = said;
        announce(said);
      }
      remember(s);
      setSnapshot(s);
      setNow(at);
    });
    // The last reconnect's verification per workspace (lib/background/verification.ts), entry by entry.
    const readVerifications = (raw: Record<string, unknown>) => {
      const parsed: Record<string, Verification> = {};
      for (const [key, value] of Object.entries(raw)) {
        const v = Verification.safeParse(value);
        if (v.success && v.data.workspaceId === key) parsed[key] = v.data;
      }
      if (!live) return;
      // A reconnect's verification that moved on is said in words (an access reduction is an alert of its own).
      const headlines = shown.current.headlines;
      for (const [key, v] of Object.entries(parsed)) {
        const words = verificationWords(v);
        if (headlines[key] !== undefined && headlines[key] !== words.headline && words.state !== 'access-reduced') {
          const name = shown.current.workspaces?.find((w) => w.id === key)?.name ?? key;
          announce(ANNOUNCE_WORDS.lastReconnect(displayText(name, 80), words.headline));
        }
        headlines[key] = words.headline;
      }
      setVerifications(parsed);
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
  }, [announce]);

  const notice = useCallback(
    (key: string, text: string, error: boolean) => {
      setNotices((n) => ({ ...n, [key]: { text, error } }));
      // An error is an alert already; a result is said through the live region.
      if (!error) announce(text);
    },
    [announce],
  );

  const actions: PopupViewProps['actions'] = {
    refresh: () => {
      setChecking(true);
      shown.current.changed = null;
      announce(ANNOUNCE_WORDS.checking);
      void send({ type: 'refresh' }).finally(() => {
        setChecking(false);
        announce(ANNOUNCE_WORDS.checkDone(shown.current.changed ?? ''));
      });
    },
    checkWorkspace: (workspaceId) => {
      setPending((p) => ({ ...p, [workspaceId]: 'checking' }));
      void send({ type: 'check-workspace', workspaceId }).then((reply) => {
        setPending((p) => ({ ...p, [workspaceId]: undefined }));
        notice(workspaceId, reply.ok ? NOTICE_WORDS.checked : NOTICE_WORDS.checkFailed(reply.error), !reply.ok);
      });
    },
    reconnect: (workspaceId) => {
      setPending((p) => ({ ...p, [workspaceId]: 'reconnecting' }));
      void send({ type: 'start-reconnect', workspaceId }).then((reply) => {
        setPending((p) => ({ ...p, [workspaceId]: undefined }));
        if (!reply.ok) notice(workspaceId, NOTICE_WORDS.reconnectFailed(reply.error), true);
        else if (reply.via === 'reconnect-page' && reply.fallback) notice(workspaceId, NOTICE_WORDS.reconnectFallback(reply.fallback), false);
        else notice(workspaceId, NOTICE_WORDS.reconnectOpened, false);
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
          notice(key, NOTICE_WORDS.diagnosticsCopied, false);
        } catch {
          notice(key, NOTICE_WORDS.clipboardFailed, true);
        }
      })();
    },
    openOptions: () => void browser.runtime.openOptionsPage(),
    retryVerification: (workspaceId) => {
      void send({ type: 'retry-verification', workspaceId }).then((reply) => {
        if (!reply.ok) notice(workspaceId, NOTICE_WORDS.retryFailed(reply.error), true);
      });
    },
    copyText: (value, what) => {
      void navigator.clipboard.writeText(value).then(
        () => announce(NOTICE_WORDS.copied(what)),
        () => notice('*', NOTICE_WORDS.clipboardFailed, true),
      );
    },
  };

  return (
    <PopupView
      snapshot={snapshot}
      settings={settings}
      backendUrlProblem={urlProblem}
      checking={checking}
      now={now}
      focus={focus}
      pending={pending}
      notices={notices}
      actions={actions}
      verifications={verifications}
      announcement={announcement}
      top={checklist ? <PopupChecklist view={checklist} /> : null}
    />
  );
}
