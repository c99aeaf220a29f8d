import type { Snapshot } from '@/lib/storage/snapshot';
import type { ConnectionStatus } from '@/lib/contract';
import styles from './StatusView.module.css';

const STATE_TEXT: Record<Exclude<Snapshot['outcome'], 'ok'>, { title: string; body: string }> = {
  'not-configured': { title: 'Not configured', body: 'Set the backend URL and access token in the options.' },
  unreachable: { title: 'Backend unreachable', body: 'The product backend did not answer.' },
  unauthorized: { title: 'Access token refused', body: 'Enter a valid access token in the options.' },
  'http-error': { title: 'Backend error', body: 'The product backend answered with an error.' },
  'invalid-response': { title: 'Invalid response', body: 'The backend answered, but not in the expected format.' },
};

const STATUS_WORDS: Record<ConnectionStatus, string> = {
  healthy: 'Healthy',
  expiring: 'Expiring soon',
  expired: 'Expired',
  invalid: 'Invalid token',
  revoked: 'Access revoked',
  'missing-scope': 'Missing permission',
  'missing-waba': 'WhatsApp account missing',
  'not-admin': 'Not an admin',
  degraded: 'Degraded',
  unknown: 'Not checked yet',
};

export function StatusView({ snapshot, checking, now }: { snapshot: Snapshot | null | undefined; checking: boolean; now: number }) {
  if (snapshot === undefined) return <main className={styles.main} aria-busy="true">Loading…</main>;
  const outcome = snapshot?.outcome ?? 'not-configured';
  const status = snapshot?.lastGood?.status;
  return (
    <main className={styles.main}>
      <header className={styles.header}>
        <h1 className={styles.title}>Reconnect Assistant</h1>
        {checking && <span role="status">checking…</span>}
      </header>
      {outcome !== 'ok' && (
        <section role="alert" data-state={outcome} className={styles.alert}>
          <strong>{STATE_TEXT[outcome].title}</strong>
          <p>{STATE_TEXT[outcome].body}</p>
          {snapshot?.detail && <p className={styles.detail}>{snapshot.detail}</p>}
          {status && snapshot?.lastGood && (
            <p className={styles.detail}>Showing the last known status from {ageText(now - Date.parse(snapshot.lastGood.fetchedAt))} ago.</p>
          )}
        </section>
      )}
      {status && status.workspaces.length === 0 && <p data-state="empty">No workspaces for this account.</p>}
      {status && (
        <ul className={styles.list} aria-label="Workspaces">
          {status.workspaces.map((workspace) => (
            <li key={workspace.id}>
              <h2 className={styles.workspace}>{workspace.name}</h2>
              <ul className={styles.list}>
                {workspace.connections.map((connection) => (
                  <li key={connection.id} data-status={connection.status} className={styles.connection}>
                    <span className={styles.dot} data-status={connection.status} aria-hidden="true" />
                    {connection.kind === 'whatsapp' ? 'WhatsApp' : 'Catalog'}: {STATUS_WORDS[connection.status]}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function ageText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
