/**
 * The options page: backend URL and access token (with "Test connection"), poll interval,
 * notifications on/off, per-workspace mute, history export. Values set by an administrator's policy
 * are shown read-only with a note. The stored token is never shown (only its last 4 characters
 * when it is long); typing a new one replaces it. Saving validates every field, stores, then asks
 * the background to poll with the new settings and says how that went.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { testConnection, type ConnectionTest } from '@/lib/backend/client';
import { sendToBackground } from '@/lib/protocol/send';
import { exportHistory, MAX_EVENTS } from '@/lib/storage/history';
import { loadSettingsView, maskToken, POLL_MAX, POLL_MIN, saveSettings, type SettingKey, type SettingsView } from '@/lib/storage/settings';
import { validateSettingsForm, type FormErrors, type SettingsForm } from '@/lib/options/settings-form';
import { formatNumber, plural, t } from '@/lib/i18n';
import { stored } from '@/lib/storage/items';
import type { Snapshot } from '@/lib/storage/snapshot';
import styles from './Options.module.css';
import { ProductPageAccess } from './ProductPageAccess';

const MUTE_PAGE = 50;

function Locked({ show }: { show: boolean }) {
  return show ? <span className={styles.locked}>{t('options.locked')}</span> : null;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span id={id} className={styles.error}>
      {error}
    </span>
  ) : null;
}

export function OptionsApp() {
  const [view, setView] = useState<SettingsView | null>(null);
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [form, setForm] = useState<SettingsForm>({ backendUrl: '', accessToken: '', pollMinutes: '15', notifications: true, mutedWorkspaces: [] });
  const [errors, setErrors] = useState<FormErrors>({});
  const [saveResult, setSaveResult] = useState<{ text: string; error: boolean } | null>(null);
  const [test, setTest] = useState<ConnectionTest | 'testing' | null>(null);
  const [muteFilter, setMuteFilter] = useState('');
  const [saving, setSaving] = useState(false);

  function show([loaded, snap]: [SettingsView, Snapshot | null]) {
    setView(loaded);
    setSnapshot(snap);
    setForm({
      backendUrl: loaded.settings.backendUrl ?? '',
      accessToken: '',
      pollMinutes: String(loaded.settings.pollMinutes),
      notifications: loaded.settings.notifications,
      mutedWorkspaces: loaded.settings.mutedWorkspaces,
    });
  }

  const reload = () => Promise.all([loadSettingsView(), stored.snapshot.get()]).then(show);

  useEffect(() => {
    let live = true;
    void Promise.all([loadSettingsView(), stored.snapshot.get()]).then((loaded) => live && show(loaded));
    return () => {
      live = false;
    };
  }, []);

  const workspaces = useMemo(() => {
    const known = (snapshot?.lastGood?.status.workspaces ?? []).map((w) => ({ id: w.id, name: w.name }));
    const missing = form.mutedWorkspaces.filter((id) => !known.some((w) => w.id === id)).map((id) => ({ id, name: t('options.notInStatus', { id }) }));
    return [...known, ...missing].sort((a, b) => a.name.localeCompare(b.name));
  }, [snapshot, form.mutedWorkspaces]);

  if (!view) return <main className={styles.main}>{t('options.loading')}</main>;
  const locked = (key: SettingKey) => view.locked.includes(key);
  const savedToken = view.settings.accessToken;

  async function onTest() {
    setTest('testing');
    const token = form.accessToken.trim() || savedToken || '';
    const url = locked('backendUrl') ? (view?.settings.backendUrl ?? '') : form.backendUrl;
    setTest(await testConnection(url, token));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaveResult(null);
    const { patch, errors: found } = validateSettingsForm(form, view!.locked, Boolean(savedToken));
    setErrors(found);
    if (Object.keys(found).length) {
      setSaveResult({ text: t('options.notSavedFix'), error: true });
      return;
    }
    setSaving(true);
    try {
      await saveSettings(patch);
      const reply = await sendToBackground({ type: 'refresh' });
      await reload();
      const snap = await stored.snapshot.get();
      const applied =
        reply.ok && snap?.outcome === 'ok'
          ? t('options.savedApplied')
          : t('options.savedCheck', { detail: snap?.detail ?? (reply.ok ? t('options.noAnswerYet') : reply.error) });
      setSaveResult({ text: applied, error: !(reply.ok && snap?.outcome === 'ok') });
    } catch (error) {
      setSaveResult({ text: t('options.notSaved', { error: error instanceof Error ? error.message : String(error) }), error: true });
    } finally {
      setSaving(false);
    }
  }

  async function onExport() {
    const data = await exportHistory(browser.runtime.getManifest().version);
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `reconnect-assistant-history-${data.exportedAt.slice(0, 10)}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const terms = muteFilter.toLowerCase().trim();
  const shownWorkspaces = workspaces.filter((w) => !terms || `${w.name} ${w.id}`.toLowerCase().includes(terms));

  return (
    <main className={styles.main}>
      <h1>{t('options.heading')}</h1>
      {view.backendUrlProblem && (
        <p role="alert" className={styles.error} data-testid="backend-url-problem" data-source={view.backendUrlProblem.source}>
          {view.backendUrlProblem.message}
        </p>
      )}
      {view.policyErrors.length > 0 && (
        <p role="alert" className={styles.error}>
          {t('options.policyInvalid', { keys: view.policyErrors.join(', ') })}
        </p>
      )}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-describedby="save-result">
        <fieldset className={styles.fieldset}>
          <legend>{t('options.backendLegend')}</legend>
          <div className={styles.field}>
            <label htmlFor="backend-url">{t('options.backendUrl')}</label>
            <input
              id="backend-url"
              type="text"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              value={form.backendUrl}
              disabled={locked('backendUrl')}
              aria-invalid={errors.backendUrl ? true : undefined}
              aria-describedby={errors.backendUrl ? 'backend-url-error' : 'backend-url-help'}
              placeholder="https://app.example.com/api"
              onChange={(e) => setForm({ ...form, backendUrl: e.target.value })}
            />
            <Locked show={locked('backendUrl')} />
            <span id="backend-url-help" className={styles.help}>
              {t('options.backendUrlHelp')}
            </span>
            <FieldError id="backend-url-error" error={errors.backendUrl} />
          </div>
          <div className={styles.field}>
            <label htmlFor="access-token">{t('options.accessToken')}</label>
            <input
              id="access-token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={form.accessToken}
              disabled={locked('accessToken')}
              placeholder={savedToken ? t('options.tokenSaved', { masked: maskToken(savedToken) }) : ''}
              aria-invalid={errors.accessToken ? true : undefined}
              aria-describedby={errors.accessToken ? 'access-token-error' : 'access-token-help'}
              onChange={(e) => setForm({ ...form, accessToken: e.target.value })}
            />
            <Locked show={locked('accessToken')} />
            <span id="access-token-help" className={styles.help}>
              {t('options.accessTokenHelp')}
            </span>
            <FieldError id="access-token-error" error={errors.accessToken} />
          </div>
          <div className={styles.row}>
            <button type="button" onClick={() => void onTest()} disabled={test === 'testing'}>
              {t('options.testConnection')}
            </button>
            <span role="status" aria-live="polite" data-result={test && test !== 'testing' ? test.result : undefined} className={test && test !== 'testing' ? (test.result === 'ok' ? styles.ok : styles.error) : styles.help}>
              {test === 'testing' ? t('options.testing') : test ? test.message : ''}
            </span>
          </div>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>{t('options.checksLegend')}</legend>
          <div className={styles.field}>
            <label htmlFor="poll-minutes">{t('options.pollMinutes')}</label>
            <input
              id="poll-minutes"
              type="number"
              min={POLL_MIN}
              max={POLL_MAX}
              step={1}
              value={form.pollMinutes}
              disabled={locked('pollMinutes')}
              aria-invalid={errors.pollMinutes ? true : undefined}
              aria-describedby={errors.pollMinutes ? 'poll-minutes-error' : undefined}
              onChange={(e) => setForm({ ...form, pollMinutes: e.target.value })}
            />
            <Locked show={locked('pollMinutes')} />
            <FieldError id="poll-minutes-error" error={errors.pollMinutes} />
          </div>
          <div className={styles.check}>
            <input id="notifications" type="checkbox" checked={form.notifications} disabled={locked('notifications')} onChange={(e) => setForm({ ...form, notifications: e.target.checked })} />
            <label htmlFor="notifications">{t('options.notifications')}</label>
            <Locked show={locked('notifications')} />
          </div>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>{t('options.muteLegend')}</legend>
          {workspaces.length === 0 ? (
            <p className={styles.help}>{t('options.muteEmpty')}</p>
          ) : (
            <>
              <div className={styles.field}>
                <label htmlFor="mute-filter">{t('options.muteFilter')}</label>
                <input id="mute-filter" type="search" value={muteFilter} onChange={(e) => setMuteFilter(e.target.value)} />
              </div>
              <ul className={styles.muteList}>
                {shownWorkspaces.slice(0, MUTE_PAGE).map((w) => (
                  <li key={w.id} className={styles.check}>
                    <input
                      id={`mute-${w.id}`}
                      type="checkbox"
                      checked={form.mutedWorkspaces.includes(w.id)}
                      onChange={(e) =>
                        setForm({ ...form, mutedWorkspaces: e.target.checked ? [...form.mutedWorkspaces, w.id] : form.mutedWorkspaces.filter((id) => id !== w.id) })
                      }
                    />
                    <label htmlFor={`mute-${w.id}`}>{t('options.muteWorkspace', { name: w.name })}</label>
                  </li>
                ))}
              </ul>
              {shownWorkspaces.length > MUTE_PAGE && <p className={styles.help}>{plural('options.muteMore', shownWorkspaces.length - MUTE_PAGE)}</p>}
            </>
          )}
        </fieldset>

        <div className={styles.row}>
          <button type="submit" disabled={saving}>
            {saving ? t('options.saving') : t('options.save')}
          </button>
          <span id="save-result" role={saveResult?.error ? 'alert' : 'status'} className={saveResult?.error ? styles.error : styles.ok}>
            {saveResult?.text ?? ''}
          </span>
        </div>
      </form>

      <ProductPageAccess />

      <section className={styles.fieldset} aria-labelledby="history-title">
        <h2 id="history-title">{t('options.historyTitle')}</h2>
        <p className={styles.help}>{t('options.historyHelp', { max: formatNumber(MAX_EVENTS) })}</p>
        <button type="button" onClick={() => void onExport()}>
          {t('options.exportHistory')}
        </button>
      </section>
    </main>
  );
}
