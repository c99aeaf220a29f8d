import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import type { Message } from '@/lib/messaging';
import { loadSettings, saveSettings } from '@/lib/storage/settings';

/** Backend URL and access token. The token field never shows the stored token. */
export function OptionsApp() {
  const [backendUrl, setBackendUrl] = useState('');
  const [token, setToken] = useState('');
  const [hasToken, setHasToken] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void loadSettings().then((s) => {
      setBackendUrl(s.backendUrl ?? '');
      setHasToken(Boolean(s.accessToken));
    });
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await saveSettings({ backendUrl: backendUrl.trim() || null, ...(token ? { accessToken: token.trim() } : {}) });
    setToken('');
    setHasToken(true);
    const refresh: Message = { type: 'refresh' };
    await browser.runtime.sendMessage(refresh).catch(() => undefined);
    setSaved('Saved.');
  }

  return (
    <main style={{ padding: 16, maxWidth: 520 }}>
      <h1>Reconnect Assistant</h1>
      <form onSubmit={(e) => void onSubmit(e)}>
        <p>
          <label htmlFor="backend-url">Backend URL</label>
          <br />
          <input id="backend-url" type="url" value={backendUrl} onChange={(e) => setBackendUrl(e.target.value)} size={48} />
        </p>
        <p>
          <label htmlFor="access-token">Access token</label>
          <br />
          <input
            id="access-token"
            type="password"
            autoComplete="off"
            value={token}
            placeholder={hasToken ? '•••••• (saved; type to replace)' : ''}
            onChange={(e) => setToken(e.target.value)}
            size={48}
          />
        </p>
        <button type="submit">Save</button> {saved && <span role="status">{saved}</span>}
      </form>
    </main>
  );
}
