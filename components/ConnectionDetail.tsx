/**
 * One connection in the popup: its status pill (icon, words, tone), then on demand everything the
 * backend knows: token type, expiries (relative, exact date on hover), both WhatsApp permissions
 * (declared / proven), WABAs expected vs granted with health, the authorizing user's role, last
 * check, last Graph error, and the problems with their hints. Unknown is shown as "unknown", never
 * guessed. Long ids are shortened with a copy button; names wrap at word boundaries.
 */
import type { Connection, ConnectionStatus, WabaCheck } from '@/lib/contract';
import { daysLeft, effectiveStatus } from '@/lib/health/effective-status';
import { toneOf } from '@/lib/health/model';
import { exactTime, relativeTime } from '@/lib/health/time-words';
import { businessSettingsWabaUrl } from '@/lib/reconnect/links';
import { displayText } from '@/lib/display-text';
import { WHATSAPP_SCOPES } from '@/lib/meta/whatsapp-scopes';
import { yesNo } from '@/lib/util/english';
import { shortId, statusWords } from '@/lib/popup/card';
import { DETAIL_WORDS as W, POPUP_WORDS, ROLE_WORDS, TOKEN_TYPE_WORDS, WABA_HEALTH_WORDS } from '@/lib/popup/words';
import type { StatusTone } from '@/lib/tone';
import styles from './Popup.module.css';

/** The icon of each tone: the shape says it too, so colour is never the only signal. */
const ICONS: Record<StatusTone, string> = { red: '✕', amber: '!', grey: '?', green: '✓' };

/** Copies a value (the popup writes the clipboard and announces it). */
export type CopyText = (value: string, what: string) => void;

function When({ iso, now, never, checked }: { iso: string | null; now: number; never: string; checked: boolean }) {
  if (!checked) return <span>{W.notCheckedYet}</span>;
  if (!iso) return <span>{never}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

export function StatusBadge({ status, days }: { status: ConnectionStatus; days: number | null }) {
  const tone = toneOf(status);
  return (
    <span className={styles.pill} data-tone={tone} data-status={status}>
      {/* Drawn by CSS from data-icon: not part of the status's text, hidden from screen readers (the words say it). */}
      <span className={styles.icon} aria-hidden="true" data-icon={ICONS[tone]} />
      {statusWords(status, days)}
    </span>
  );
}

export function StatusPill({ connection, now }: { connection: Connection; now: number }) {
  const status = effectiveStatus(connection, now);
  return <StatusBadge status={status} days={status === 'expiring' ? daysLeft(connection, now) : null} />;
}

/** A long id: shortened on screen, whole in the title, and a button that copies it. */
export function ShortId({ value, what, onCopy }: { value: string; what: string; onCopy?: CopyText }) {
  const short = shortId(value);
  return (
    <span className={styles.id} data-id={value}>
      <code title={value}>{short}</code>
      {onCopy && (
        <button type="button" className={styles.copy} aria-label={W.copyWhat(what, value)} onClick={() => onCopy(value, what)}>
          {W.copy}
        </button>
      )}
    </span>
  );
}

function WabaRow({ waba, businessId, onCopy }: { waba: WabaCheck; businessId: string | null; onCopy?: CopyText }) {
  const link = businessSettingsWabaUrl(businessId, waba.id);
  const granted = yesNo(waba.management === true && waba.messaging === true ? true : waba.management === false || waba.messaging === false ? false : null);
  const name = waba.name ? displayText(waba.name) : null;
  return (
    <tr data-waba={waba.id}>
      <th scope="row">
        {name ? <bdi className={styles.name}>{name}</bdi> : W.unnamed} <ShortId value={waba.id} what={W.wabaId} onCopy={onCopy} />{' '}
        <span className={styles.muted}>{waba.expected ? W.expected : W.notExpected}</span>
        {link && (
          <>
            {' '}
            <a href={link} target="_blank" rel="noreferrer" aria-label={W.openIn(name ?? waba.id)} title={W.openTitle}>
              {W.open}
            </a>
          </>
        )}
      </th>
      <td title={W.grantTitle(yesNo(waba.management), yesNo(waba.messaging))}>{granted}</td>
      <td>{yesNo(waba.reachable)}</td>
      <td data-health={waba.health}>{WABA_HEALTH_WORDS[waba.health]}</td>
    </tr>
  );
}

/** Both WhatsApp permissions are always listed for a WhatsApp connection: one the backend left out is unknown. */
function scopesToShow(connection: Connection): Connection['scopes'] {
  if (connection.kind !== 'whatsapp') return connection.scopes;
  const missing = WHATSAPP_SCOPES.filter((scope) => !connection.scopes.some((s) => s.scope === scope));
  return [...connection.scopes, ...missing.map((scope) => ({ scope, declared: null, proven: null, note: W.notReported }))];
}

export function ConnectionDetail({ connection, businessId, now, onCopy }: { connection: Connection; businessId: string | null; now: number; onCopy?: CopyText }) {
  const checked = connection.lastCheckedAt !== null;
  const scopes = scopesToShow(connection);
  const expected = connection.wabas.filter((w) => w.expected);
  const grantedExpected = expected.filter((w) => w.management === true).length;
  const error = connection.lastError;
  return (
    <div className={styles.detail}>
      {connection.problems.length > 0 && (
        <ul className={styles.problems} aria-label={POPUP_WORDS.problems}>
          {connection.problems.map((problem, i) => (
            <li key={`${problem.code}-${i}`} data-problem={problem.code}>
              <strong>{displayText(problem.message, 500)}</strong>
              {problem.hint && <span className={styles.hint}> {displayText(problem.hint, 500)}</span>}
            </li>
          ))}
        </ul>
      )}
      <dl className={styles.facts}>
        <dt>{W.tokenType}</dt>
        <dd>{TOKEN_TYPE_WORDS[connection.tokenType]}</dd>
        <dt>{W.tokenExpires}</dt>
        <dd>
          <When iso={connection.expiresAt} now={now} never={W.never} checked={checked} />
        </dd>
        <dt>{W.dataAccessExpires}</dt>
        <dd>
          <When iso={connection.dataAccessExpiresAt} now={now} never={W.never} checked={checked} />
        </dd>
        <dt>{W.authorizedBy}</dt>
        <dd>{ROLE_WORDS[connection.authorizingUser.role]}</dd>
        <dt>{W.lastCheck}</dt>
        <dd>
          <When iso={connection.lastCheckedAt} now={now} never={W.never} checked />
        </dd>
        <dt>{W.lastError}</dt>
        <dd data-testid="last-error">
          {error ? (
            <>
              {W.errorLine(error.category, `${error.code ?? W.none}${error.subcode !== null ? `/${error.subcode}` : ''}`)}, {W.fbtraceId}{' '}
              {error.fbtraceId ? <ShortId value={displayText(error.fbtraceId, 100)} what={W.traceId} onCopy={onCopy} /> : <code>{W.none}</code>},{' '}
              <time dateTime={error.at} title={exactTime(error.at)}>
                {relativeTime(error.at, now)}
              </time>
              <div className={styles.muted}>{displayText(error.message, 1000)}</div>
            </>
          ) : (
            W.none
          )}
        </dd>
      </dl>
      {scopes.length > 0 && (
        <table className={styles.table}>
          <caption>{W.permissions}</caption>
          <thead>
            <tr>
              <th scope="col">{W.permission}</th>
              <th scope="col" className={styles.narrow}>
                {W.declared}
              </th>
              <th scope="col" className={styles.narrow}>
                {W.proven}
              </th>
            </tr>
          </thead>
          <tbody>
            {scopes.map((scope) => (
              <tr key={scope.scope} data-scope={scope.scope}>
                <th scope="row">
                  <code>{scope.scope}</code>
                  {scope.note && <div className={styles.muted}>{displayText(scope.note, 300)}</div>}
                </th>
                <td>{yesNo(scope.declared)}</td>
                <td>{yesNo(scope.proven)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection.wabas.length > 0 && (
        <table className={styles.table}>
          <caption>{W.wabas(expected.length, grantedExpected)}</caption>
          <thead>
            <tr>
              <th scope="col">{W.waba}</th>
              <th scope="col" className={styles.narrow}>
                {W.granted}
              </th>
              <th scope="col" className={styles.narrow}>
                {W.reachable}
              </th>
              <th scope="col" className={styles.narrow}>
                {W.health}
              </th>
            </tr>
          </thead>
          <tbody>
            {connection.wabas.map((waba) => (
              <WabaRow key={waba.id} waba={waba} businessId={businessId} onCopy={onCopy} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
