/**
 * The popup, as a pure view of (cached snapshot, settings, what is in flight). PopupApp feeds it;
 * tests render it directly. Laid out for 400 × 600, fix first:
 *
 *   [live checklist of the active tab]      (PopupApp passes it as `top`)
 *   header: title · Checking… · Refresh
 *   one-line summary
 *   [Last reconnect, the recent ones]
 *   [the backend failure screen: unreachable, not configured, refused token, …]
 *   filter
 *   Needs attention (n): compact cards, worst first — status (icon, words, tone), the cause in
 *     one sentence, the one primary action (lib/health/model.ts PRIMARY_ACTIONS) and Details
 *   Healthy (n): one collapsed group
 *   footer: Copy diagnostics · Settings
 *
 * Scale (5,000 workspaces): the workspaces are indexed once per status (lib/health/workspace-view.ts),
 * a keystroke only filters that index, and each group renders one page of PAGE cards with
 * Previous / Next. Details (tables) render only when opened. Status changes and action results
 * are announced through the one polite live region at the end of <main>.
 */
import { useDeferredValue, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { Workspace } from '@/lib/contract';
import { overallHealth, toneOf } from '@/lib/health/model';
import { ageWords, exactTime, relativeTime } from '@/lib/health/time-words';
import { filterRows, indexWorkspaces, warmSearch, type WorkspaceRow } from '@/lib/health/workspace-view';
import { buildTimeDefaults, isConfigured, type Settings } from '@/lib/storage/settings';
import type { BackendUrlProblem } from '@/lib/backend/backend-url';
import { displayText } from '@/lib/display-text';
import type { Snapshot } from '@/lib/storage/snapshot';
import type { Verification } from '@/lib/flow/verification';
import { causeOf, daysLeftOf, pinnedVerifications } from '@/lib/popup/card';
import { ACTION_WORDS, POPUP_WORDS as W, STATE_TEXT, summaryLine } from '@/lib/popup/words';
import { ConnectionDetail, StatusBadge, type CopyText } from './ConnectionDetail';
import { LastReconnect } from './LastReconnect';
import styles from './Popup.module.css';

/** Cards per page in each group. */
export const PAGE = 50;

export interface PopupActions {
  refresh: () => void;
  checkWorkspace: (workspaceId: string) => void;
  reconnect: (workspaceId: string) => void;
  copyDiagnostics: (workspaceId: string | null) => void;
  openOptions: () => void;
  /** Retry the verification of a reconnect that timed out. */
  retryVerification?: (workspaceId: string) => void;
  /** Copy a value shown shortened (an id), and say so. */
  copyText?: CopyText;
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
  /** What the one polite live region says now. */
  announcement?: string;
  /** Shown above everything (the active tab's live checklist). */
  top?: ReactNode;
}

export function PopupView(props: PopupViewProps) {
  const { snapshot, settings, checking, now, actions } = props;
  const live = (
    <p role="status" aria-live="polite" className={styles.visuallyHidden} data-testid="announcer">
      {props.announcement ?? ''}
    </p>
  );
  // The cached status is painted as soon as it is read: the settings (read after their token is
  // unsealed) only refine it, so they are waited for only when there is no status to show.
  if (snapshot === undefined || (settings === null && !snapshot?.lastGood)) {
    return (
      <main className={styles.main} aria-busy="true" data-checking={String(checking)}>
        {props.top}
        {W.loading}
        {live}
      </main>
    );
  }
  const configured = (settings === null || isConfigured(settings)) && snapshot?.outcome !== 'not-configured';
  const status = snapshot?.lastGood?.status ?? null;
  const outcome = snapshot?.outcome ?? 'not-configured';
  const global = props.notices['*'];
  const failureScreen =
    configured && outcome !== 'ok' && outcome !== 'not-configured' && (
        <section role="alert" data-state={outcome} className={styles.alert}>
          <strong>{STATE_TEXT[outcome].title}</strong>
          <p>{STATE_TEXT[outcome].body}</p>
          {snapshot?.detail && <p className={styles.muted}>{snapshot.detail}</p>}
          {snapshot?.lastGood ? (
            <p className={styles.muted} data-testid="last-known">
              {W.lastKnownFrom}{' '}
              <time dateTime={snapshot.lastGood.fetchedAt} title={exactTime(snapshot.lastGood.fetchedAt)}>
                {ageWords(now - Date.parse(snapshot.lastGood.fetchedAt))} {W.ago}
              </time>
              .
            </p>
          ) : (
            <p className={styles.muted}>{W.noStatusYet}</p>
          )}
          {outcome === 'unauthorized' && (
            <button type="button" className={`${styles.button} ${styles.primary}`} onClick={actions.openOptions}>
              {W.reenterToken}
            </button>
          )}
        </section>
      );

  return (
    <main className={styles.main} data-checking={String(checking)}>
      {props.top}
      <header className={styles.header}>
        <h1 className={styles.title}>{W.title}</h1>
        <span className={styles.checking} data-testid="checking">
          {checking ? W.checking : ''}
        </span>
        {configured && (
          <button type="button" className={styles.button} onClick={actions.refresh} disabled={checking}>
            {W.refresh}
          </button>
        )}
      </header>

      {!configured && (
        <section role="alert" data-state="not-configured" className={styles.alert}>
          <strong>{W.notConfigured}</strong>
          {props.backendUrlProblem ? (
            <p data-testid="backend-url-problem" data-source={props.backendUrlProblem.source}>
              {props.backendUrlProblem.message}
            </p>
          ) : (
            <p>{W.notConfiguredBody}</p>
          )}
          <button type="button" className={`${styles.button} ${styles.primary}`} onClick={actions.openOptions}>
            {W.openSettings}
          </button>
        </section>
      )}

      {configured && <Workspaces {...props} workspaces={status?.workspaces ?? null} failure={failureScreen} />}

      {global && (
        <p role={global.error ? 'alert' : undefined} className={global.error ? styles.error : styles.ok} data-notice="*">
          {global.text}
        </p>
      )}

      {configured && status && status.workspaces.length === 0 && (
        <section data-state="empty" className={styles.empty}>
          <strong>{W.noWorkspaces}</strong>
          <p>{W.noWorkspacesBody}</p>
        </section>
      )}

      <footer className={styles.footer}>
        <button type="button" className={styles.button} onClick={() => actions.copyDiagnostics(null)}>
          {W.copyDiagnostics}
        </button>
        <button type="button" className={styles.linkButton} onClick={actions.openOptions}>
          {W.settings}
        </button>
      </footer>
      {live}
    </main>
  );
}

/**
 * The summary line, the recent reconnects, the failure screen (when the backend is failing), then
 * the list (the last known status, when failing).
 */
function Workspaces(props: PopupViewProps & { workspaces: Workspace[] | null; failure: ReactNode }) {
  const { now, snapshot, settings } = props;
  const list = props.workspaces;
  const index = useMemo(() => indexWorkspaces(list ?? [], now), [list, now]);
  const totals = useMemo(() => filterRows(index, ''), [index]);
  const overall = overallHealth(snapshot ?? null, now, settings?.pollMinutes ?? buildTimeDefaults().pollMinutes);
  const fetchedAt = snapshot?.lastGood?.fetchedAt ?? null;
  const pinned = pinnedVerifications(props.verifications ?? {}, now);
  const names = useMemo(() => new Map((list ?? []).map((w) => [w.id, w.name])), [list]);
  return (
    <>
      {list && (
        <p className={styles.summary} data-overall={overall.state}>
          {summaryLine(totals.attention.length, totals.healthy.length)}
          {fetchedAt && (
            <>
              {' · '}
              <time dateTime={fetchedAt} title={exactTime(fetchedAt)}>
                {W.updatedAgo(relativeTime(fetchedAt, now))}
              </time>
            </>
          )}
        </p>
      )}
      {pinned.map((v) => (
        <LastReconnect
          key={v.workspaceId}
          verification={v}
          workspaceName={names.has(v.workspaceId) ? displayText(names.get(v.workspaceId)!) : null}
          now={now}
          onRetry={props.actions.retryVerification ? () => props.actions.retryVerification?.(v.workspaceId) : undefined}
        />
      ))}
      {props.failure}
      {list && list.length > 0 && <WorkspaceList {...props} index={index} pinned={new Set(pinned.map((v) => v.workspaceId))} />}
    </>
  );
}

function WorkspaceList(props: PopupViewProps & { index: ReturnType<typeof indexWorkspaces>; pinned: ReadonlySet<string> }) {
  const { focus, index } = props;
  const [filter, setFilter] = useState('');
  // Typing stays immediate; the list follows as soon as React can (a long list never blocks a key).
  const deferred = useDeferredValue(filter);
  const [showHealthy, setShowHealthy] = useState(false);
  // Which cards have their details open, by workspace: kept when a card moves to the other group
  // (its status changed) or its page is left and come back to.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(focus ? [focus.workspaceId] : []));
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const cardProps = { ...props, open, toggle };
  const { attention, healthy } = useMemo(() => filterRows(index, deferred), [index, deferred]);
  const focusedRow = focus ? index.find((r) => r.workspace.id === focus.workspaceId) : undefined;
  const without = (rows: WorkspaceRow[]) => (focusedRow ? rows.filter((r) => r !== focusedRow) : rows);
  const attentionRows = without(attention);
  const healthyRows = without(healthy);
  const searching = deferred.trim() !== '';
  // After the first paint, the search text is built in idle slices, so the first keystroke finds it ready.
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') return;
    let at = 0;
    let handle = 0;
    const slice = (idle: IdleDeadline) => {
      at = warmSearch(index, at, performance.now() + Math.min(idle.timeRemaining(), 8));
      if (at < index.length) handle = requestIdleCallback(slice);
    };
    handle = requestIdleCallback(slice);
    return () => cancelIdleCallback(handle);
  }, [index]);

  return (
    <>
      <div className={styles.search}>
        <label htmlFor="ws-filter">{W.filterLabel}</label>
        <input
          id="ws-filter"
          type="search"
          value={filter}
          placeholder={W.filterPlaceholder}
          onChange={(e) => {
            setFilter(e.target.value);
            // Searching opens the healthy group (the match may be there); clearing closes it again.
            setShowHealthy(e.target.value.trim() !== '');
          }}
        />
      </div>
      {focus && !focusedRow && <p className={styles.muted}>{W.focusMissing}</p>}
      {focusedRow && (
        <section aria-label={W.selectedWorkspace}>
          <WorkspaceCard {...cardProps} row={focusedRow} highlight={focus?.connectionId ?? null} />
        </section>
      )}
      {attentionRows.length > 0 && (
        <section aria-labelledby="group-attention">
          <h2 className={styles.groupTitle} id="group-attention">
            {W.needsAttention(attentionRows.length)}
          </h2>
          <Paged key={deferred} rows={attentionRows} label={W.needsAttention(attentionRows.length)} render={(row) => <WorkspaceCard {...cardProps} row={row} highlight={null} />} />
        </section>
      )}
      {healthyRows.length > 0 && (
        <section aria-labelledby="group-healthy">
          <h2 className={styles.groupTitle} id="group-healthy">
            <button type="button" className={styles.disclosure} aria-expanded={showHealthy || searching} aria-controls="healthy-list" onClick={() => setShowHealthy((v) => !v)}>
              <span className={styles.arrow} aria-hidden="true">
                ▸
              </span>
              {W.healthy(healthyRows.length)}
            </button>
          </h2>
          <div id="healthy-list">
            {(showHealthy || searching) && <Paged key={deferred} rows={healthyRows} label={W.healthy(healthyRows.length)} render={(row) => <WorkspaceCard {...cardProps} row={row} highlight={null} />} />}
          </div>
        </section>
      )}
      {attentionRows.length + healthyRows.length === 0 && !focusedRow && <p className={styles.muted}>{W.noMatch(deferred)}</p>}
    </>
  );
}

/** One page of a group's cards, with Previous / Next when there is more than one page. */
/** Keyed by the filter, so a new search starts at its first page. */
function Paged({ rows, label, render }: { rows: WorkspaceRow[]; label: string; render: (row: WorkspaceRow) => ReactNode }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const current = Math.min(page, pages - 1);
  const from = current * PAGE;
  const shown = rows.slice(from, from + PAGE);
  return (
    <>
      <ul className={styles.list}>
        {shown.map((row) => (
          <li key={row.workspace.id}>{render(row)}</li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className={styles.pager} aria-label={W.pages(label)}>
          <button type="button" className={styles.button} disabled={current === 0} onClick={() => setPage(current - 1)}>
            {W.previous}
          </button>
          <span aria-live="off">{W.pageOf(from + 1, from + shown.length, rows.length)}</span>
          <button type="button" className={styles.button} disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            {W.next}
          </button>
        </nav>
      )}
    </>
  );
}

/** The connection a reconnect's verification belongs to: the one it named, else the first WhatsApp one. */
function verifiedConnectionId(workspace: Workspace, v: Verification | undefined): string | null {
  if (!v) return null;
  return v.connectionId ?? workspace.connections.find((c) => c.kind === 'whatsapp')?.id ?? workspace.connections[0]?.id ?? null;
}

interface CardProps extends PopupViewProps {
  row: WorkspaceRow;
  pinned: ReadonlySet<string>;
  open: ReadonlySet<string>;
  toggle: (workspaceId: string) => void;
  highlight: string | null;
}

function WorkspaceCard({ row, now, pending, notices, actions, verifications, pinned, open, toggle, highlight }: CardProps) {
  const expanded = open.has(row.workspace.id);
  const uid = useId();
  const { workspace } = row;
  const running = pending[workspace.id];
  const notice = notices[workspace.id];
  const headingId = `${uid}-h`;
  const detailsId = `${uid}-d`;
  const tone = row.worst ? toneOf(row.worst) : 'grey';
  const name = displayText(workspace.name);
  // A reconnect already shown at the top is not repeated in the details.
  const verification = pinned.has(workspace.id) ? undefined : verifications?.[workspace.id];
  const verifiedId = verifiedConnectionId(workspace, verification);
  const needsAction = row.action !== null;
  const act = (which: 'reconnect' | 'check') => (which === 'reconnect' ? actions.reconnect(workspace.id) : actions.checkWorkspace(workspace.id));
  const busy = (which: 'reconnect' | 'check') => (which === 'reconnect' ? running === 'reconnecting' : running === 'checking');
  const actionButton = (which: 'reconnect' | 'check', primary: boolean) => (
    <button type="button" className={primary ? `${styles.button} ${styles.primary}` : styles.button} onClick={() => act(which)} disabled={running !== undefined} data-action={which}>
      {busy(which) ? ACTION_WORDS[which].busy : ACTION_WORDS[which].idle}
      <span className={styles.visuallyHidden}>{W.detailsFor(name)}</span>
    </button>
  );
  const secondary = (['reconnect', 'check'] as const).filter((a) => a !== row.action);
  return (
    <article className={styles.card} aria-labelledby={headingId} data-workspace={workspace.id} data-tone={tone} data-action={row.action ?? 'none'}>
      <div className={styles.cardHead}>
        <h3 className={styles.cardTitle} id={headingId}>
          <bdi className={styles.name}>{name}</bdi>
          {workspace.businessName && (
            <span className={styles.business}>
              {' · '}
              <bdi className={styles.name}>{displayText(workspace.businessName)}</bdi>
            </span>
          )}
        </h3>
        {row.worst ? <StatusBadge status={row.worst} days={daysLeftOf(row, now)} /> : <span className={styles.muted}>{W.noConnections}</span>}
      </div>
      {needsAction && (
        <p className={styles.cause} data-testid="cause">
          {causeOf(row)}
        </p>
      )}
      <div className={styles.cardActions} data-card-actions>
        {row.action && actionButton(row.action, true)}
        <button type="button" className={styles.button} aria-expanded={expanded} aria-controls={detailsId} onClick={() => toggle(workspace.id)} data-details={workspace.id}>
          <span className={styles.arrow} aria-hidden="true">
            ▸
          </span>
          {W.details}
          <span className={styles.visuallyHidden}>{W.detailsFor(name)}</span>
        </button>
      </div>
      {notice && (
        <p role={notice.error ? 'alert' : undefined} className={styles.notice} data-error={String(notice.error)} data-notice={workspace.id}>
          {notice.text}
        </p>
      )}
      <div id={detailsId} hidden={!expanded}>
        {expanded && (
          <div className={styles.details}>
            <ul className={styles.connections} aria-label={W.connectionsOf(name)}>
              {workspace.connections.map((connection, i) => (
                <li key={connection.id} data-connection={connection.id} className={highlight === connection.id ? styles.highlight : undefined}>
                  <span className={styles.connectionName}>{connection.kind === 'whatsapp' ? W.whatsapp : W.catalog}:</span>
                  <StatusBadge status={row.statuses[i]!} days={row.statuses[i] === 'expiring' ? daysLeftOf({ ...row, worst: 'expiring', worstConnection: connection }, now) : null} />
                  <ConnectionDetail connection={connection} businessId={workspace.businessId} now={now} onCopy={actions.copyText} />
                  {verification && verifiedId === connection.id && (
                    <LastReconnect verification={verification} workspaceName={null} now={now} onRetry={actions.retryVerification ? () => actions.retryVerification?.(workspace.id) : undefined} />
                  )}
                </li>
              ))}
              {workspace.connections.length === 0 && <li className={styles.muted}>{W.noConnections}</li>}
            </ul>
            <div className={styles.cardActions} role="group" aria-label={W.actionsFor(name)}>
              {secondary.map((which) => (
                <span key={which}>{actionButton(which, false)}</span>
              ))}
              <button type="button" className={styles.button} onClick={() => actions.copyDiagnostics(workspace.id)}>
                {W.copyDiagnostics}
                <span className={styles.visuallyHidden}>{W.detailsFor(name)}</span>
              </button>
            </div>
          </div>
        )}
      </div>
    </article>
  );
}
