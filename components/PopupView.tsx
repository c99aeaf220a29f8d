/**
 * The popup, as a pure view of (cached snapshot, settings, what is in flight). PopupApp feeds it;
 * tests render it directly. Its own screens: loading, not configured, unauthorized (re-enter the
 * token), unreachable / backend error / invalid response (each with the last known data and its
 * age), empty, and the workspace list.
 *
 * Cheap with 200 workspaces × 10 WABAs: the list is filtered and arranged once per render by
 * arrangeWorkspaces; healthy workspaces sit in a collapsed group; a connection's detail (tables of
 * permissions and WABAs) renders only when its workspace is expanded; each group renders at most
 * PAGE rows until "Show more".
 */
import { useMemo, useState } from 'react';
import type { Workspace } from '@/lib/contract';
import { overallHealth, toneOf } from '@/lib/health/model';
import { APP_NAME, badgeFor } from '@/lib/health/words';
import { ageWords, exactTime } from '@/lib/health/time-words';
import { arrangeWorkspaces, type WorkspaceRow } from '@/lib/health/workspace-view';
import { isConfigured, type Settings } from '@/lib/storage/settings';
import type { BackendUrlProblem } from '@/lib/backend/backend-url';
import { displayText } from '@/lib/display-text';
import type { Snapshot } from '@/lib/storage/snapshot';
import type { Verification } from '@/lib/flow/verification';
import { ConnectionDetail, StatusPill } from './ConnectionDetail';
import { LastReconnect } from './LastReconnect';
import styles from './Popup.module.css';

export const PAGE = 50;
const EXPANDED_BY_DEFAULT = 5;

export interface PopupActions {
  refresh: () => void;
  checkWorkspace: (workspaceId: string) => void;
  reconnect: (workspaceId: string) => void;
  copyDiagnostics: (workspaceId: string | null) => void;
  openOptions: () => void;
  /** Retry the verification of a reconnect that timed out. */
  retryVerification?: (workspaceId: string) => void;
}

export interface PopupViewProps {
  snapshot: Snapshot | null | undefined;
  settings: Settings | null;
  /** The backend URL that would be used was refused (https rule), with where it came from. */
  backendUrlProblem?: BackendUrlProblem | null;
  checking: boolean;
  now: number;
  /** From popup.html#ws=…&conn=… (a notification click): shown first and expanded. */
  focus: { workspaceId: string; connectionId: string | null } | null;
  /** Workspace id → what is running for it. */
  pending: Record<string, 'checking' | 'reconnecting' | undefined>;
  /** Workspace id (or `*` for the whole popup) → a short result or error to show. */
  notices: Record<string, { text: string; error: boolean } | undefined>;
  actions: PopupActions;
  /** Workspace id → its last reconnect's verification (storage.session `verifications`). */
  verifications?: Record<string, Verification>;
}

const STATE_TEXT = {
  unreachable: { title: 'Backend unreachable', body: 'The product backend did not answer.' },
  unauthorized: { title: 'Access token refused', body: 'The backend refused the access token. Enter a valid one in the settings.' },
  'http-error': { title: 'Backend error', body: 'The product backend answered with an error.' },
  'invalid-response': { title: 'Invalid response', body: 'The backend answered, but not in the format of contract v1.' },
  'storage-error': {
    title: 'Latest status not saved',
    body: 'The backend answered, but this browser could not store the answer, so the status below is older than the latest check.',
  },
} as const;

export function PopupView(props: PopupViewProps) {
  const { snapshot, settings, checking, now, actions } = props;
  if (snapshot === undefined || settings === null) {
    return (
      <main className={styles.main} aria-busy="true">
        Loading…
      </main>
    );
  }
  const configured = isConfigured(settings) && snapshot?.outcome !== 'not-configured';
  const overall = overallHealth(snapshot, now, settings.pollMinutes);
  const status = snapshot?.lastGood?.status ?? null;
  const outcome = snapshot?.outcome ?? 'not-configured';
  const global = props.notices['*'];

  return (
    <main className={styles.main}>
      <header className={styles.header}>
        <h1 className={styles.title}>Reconnect Assistant</h1>
        <span role="status" aria-live="polite" className={styles.checking}>
          {checking ? 'checking…' : ''}
        </span>
        {configured && (
          <button type="button" onClick={actions.refresh} disabled={checking}>
            Refresh
          </button>
        )}
      </header>
      {configured && <p className={styles.summary} data-overall={overall.state}>{displayText(badgeFor(overall).title.replace(`${APP_NAME}: `, ''), 1000)}</p>}

      {!configured && (
        <section role="alert" data-state="not-configured" className={styles.alert}>
          <strong>Not configured</strong>
          {props.backendUrlProblem ? (
            <p data-testid="backend-url-problem" data-source={props.backendUrlProblem.source}>
              {props.backendUrlProblem.message}
            </p>
          ) : (
            <p>Set the product backend’s URL and your access token to start watching your WhatsApp connections.</p>
          )}
          <button type="button" onClick={actions.openOptions}>
            Open settings
          </button>
        </section>
      )}

      {configured && outcome !== 'ok' && outcome !== 'not-configured' && (
        <section role="alert" data-state={outcome} className={styles.alert}>
          <strong>{STATE_TEXT[outcome].title}</strong>
          <p>{STATE_TEXT[outcome].body}</p>
          {snapshot?.detail && <p className={styles.muted}>{snapshot.detail}</p>}
          {snapshot?.lastGood ? (
            <p className={styles.muted} data-testid="last-known">
              Showing the last known status, from{' '}
              <time dateTime={snapshot.lastGood.fetchedAt} title={exactTime(snapshot.lastGood.fetchedAt)}>
                {ageWords(now - Date.parse(snapshot.lastGood.fetchedAt))} ago
              </time>
              .
            </p>
          ) : (
            <p className={styles.muted}>No status has been received yet.</p>
          )}
          {outcome === 'unauthorized' && (
            <button type="button" onClick={actions.openOptions}>
              Re-enter token
            </button>
          )}
        </section>
      )}

      {global && (
        <p role={global.error ? 'alert' : 'status'} className={global.error ? styles.error : styles.ok}>
          {global.text}
        </p>
      )}

      {configured && status && status.workspaces.length === 0 && (
        <section data-state="empty" className={styles.empty}>
          <strong>No workspaces</strong>
          <p>This access token administers no workspace yet.</p>
        </section>
      )}

      {configured && status && status.workspaces.length > 0 && <WorkspaceList {...props} workspaces={status.workspaces} />}

      <footer className={styles.footer}>
        <button type="button" onClick={() => actions.copyDiagnostics(null)}>
          Copy diagnostics
        </button>
        <button type="button" className={styles.linkButton} onClick={actions.openOptions}>
          Settings
        </button>
      </footer>
    </main>
  );
}

function WorkspaceList(props: PopupViewProps & { workspaces: Workspace[] }) {
  const { now, focus } = props;
  const [filter, setFilter] = useState('');
  const [showHealthy, setShowHealthy] = useState(false);
  const [limits, setLimits] = useState({ attention: PAGE, healthy: PAGE });
  const { attention, healthy } = useMemo(() => arrangeWorkspaces(props.workspaces, now, filter), [props.workspaces, now, filter]);
  const focused = focus ? props.workspaces.find((w) => w.id === focus.workspaceId) : undefined;
  const focusedRow = focused ? [...attention, ...healthy].find((r) => r.workspace.id === focused.id) : undefined;
  const without = (rows: WorkspaceRow[]) => (focusedRow ? rows.filter((r) => r !== focusedRow) : rows);
  const attentionRows = without(attention);
  const healthyRows = without(healthy);

  return (
    <>
      <div className={styles.search}>
        <label htmlFor="ws-filter">Filter workspaces</label>
        <input
          id="ws-filter"
          type="search"
          value={filter}
          placeholder="Name, id, WABA or status"
          onChange={(e) => {
            setFilter(e.target.value);
            // Searching opens the healthy group (the match may be there); clearing closes it again.
            setShowHealthy(e.target.value.trim() !== '');
          }}
        />
      </div>
      {focus && !focused && <p className={styles.muted}>That workspace is not in the last known status.</p>}
      {focusedRow && (
        <section aria-label="Selected workspace">
          <WorkspaceCard {...props} row={focusedRow} defaultExpanded highlight={focus?.connectionId ?? null} />
        </section>
      )}
      {attentionRows.length > 0 && (
        <section aria-label="Needs attention">
          <h2 className={styles.groupTitle}>Needs attention ({attentionRows.length})</h2>
          <ul className={styles.list}>
            {attentionRows.slice(0, limits.attention).map((row, i) => (
              <li key={row.workspace.id}>
                <WorkspaceCard {...props} row={row} defaultExpanded={i < EXPANDED_BY_DEFAULT} highlight={null} />
              </li>
            ))}
          </ul>
          {attentionRows.length > limits.attention && (
            <button type="button" onClick={() => setLimits((l) => ({ ...l, attention: l.attention + PAGE }))}>
              Show {Math.min(PAGE, attentionRows.length - limits.attention)} more
            </button>
          )}
        </section>
      )}
      {healthyRows.length > 0 && (
        <section aria-label="Healthy">
          <h2 className={styles.groupTitle}>
            <button type="button" className={styles.disclosure} aria-expanded={showHealthy} onClick={() => setShowHealthy((v) => !v)}>
              <span className={styles.arrow} aria-hidden="true">
                ▸
              </span>
              Healthy ({healthyRows.length})
            </button>
          </h2>
          {showHealthy && (
            <>
              <ul className={styles.list}>
                {healthyRows.slice(0, limits.healthy).map((row) => (
                  <li key={row.workspace.id}>
                    <WorkspaceCard {...props} row={row} defaultExpanded={false} highlight={null} />
                  </li>
                ))}
              </ul>
              {healthyRows.length > limits.healthy && (
                <button type="button" onClick={() => setLimits((l) => ({ ...l, healthy: l.healthy + PAGE }))}>
                  Show {Math.min(PAGE, healthyRows.length - limits.healthy)} more
                </button>
              )}
            </>
          )}
        </section>
      )}
      {attentionRows.length + healthyRows.length === 0 && !focusedRow && <p className={styles.muted}>No workspace matches “{filter}”.</p>}
    </>
  );
}

/** The connection a reconnect's verification belongs to: the one it named, else the first WhatsApp one. */
function verifiedConnectionId(workspace: Workspace, v: Verification | undefined): string | null {
  if (!v) return null;
  return v.connectionId ?? workspace.connections.find((c) => c.kind === 'whatsapp')?.id ?? workspace.connections[0]?.id ?? null;
}

function WorkspaceCard({ row, now, pending, notices, actions, verifications, defaultExpanded, highlight }: PopupViewProps & { row: WorkspaceRow; defaultExpanded: boolean; highlight: string | null }) {
  const [expanded, setExpanded] = useState(defaultExpanded);
  const { workspace } = row;
  const running = pending[workspace.id];
  const notice = notices[workspace.id];
  const headingId = `ws-${workspace.id}`;
  const tone = row.worst ? toneOf(row.worst) : 'grey';
  const verification = verifications?.[workspace.id];
  const verifiedId = verifiedConnectionId(workspace, verification);
  return (
    <article className={styles.workspace} aria-labelledby={headingId} data-workspace={workspace.id} data-tone={tone}>
      <h3 className={styles.workspaceTitle} id={headingId}>
        <button type="button" className={styles.disclosure} aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
          <span className={styles.arrow} aria-hidden="true">
            ▸
          </span>
          <bdi className={styles.name}>{displayText(workspace.name)}</bdi>
        </button>
        {workspace.businessName && (
          <span className={styles.muted}>
            {' · '}
            <bdi>{displayText(workspace.businessName)}</bdi>
          </span>
        )}
      </h3>
      <ul className={styles.connections} aria-label={`Connections of ${displayText(workspace.name)}`}>
        {workspace.connections.map((connection) => (
          <li key={connection.id} data-connection={connection.id} className={highlight === connection.id ? styles.highlight : undefined}>
            <span className={styles.connectionName}>{connection.kind === 'whatsapp' ? 'WhatsApp' : 'Catalog'}:</span> <StatusPill connection={connection} now={now} />
            {expanded && <ConnectionDetail connection={connection} businessId={workspace.businessId} now={now} />}
            {expanded && verification && verifiedId === connection.id && (
              <LastReconnect verification={verification} now={now} onRetry={actions.retryVerification ? () => actions.retryVerification?.(workspace.id) : undefined} />
            )}
          </li>
        ))}
        {workspace.connections.length === 0 && <li className={styles.muted}>No connections.</li>}
      </ul>
      {expanded && (
        <div className={styles.actions} role="group" aria-label={`Actions for ${displayText(workspace.name)}`}>
          <button type="button" onClick={() => actions.checkWorkspace(workspace.id)} disabled={running !== undefined}>
            {running === 'checking' ? 'Checking…' : 'Check now'}
          </button>
          <button type="button" onClick={() => actions.reconnect(workspace.id)} disabled={running !== undefined}>
            {running === 'reconnecting' ? 'Opening…' : 'Reconnect'}
          </button>
          <button type="button" onClick={() => actions.copyDiagnostics(workspace.id)}>
            Copy diagnostics
          </button>
        </div>
      )}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? styles.error : styles.ok}>
          {notice.text}
        </p>
      )}
    </article>
  );
}
