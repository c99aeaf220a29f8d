/**
 * One connection in the popup: status in words and colour, then (expanded) everything the backend
 * knows: token type, expiries (relative, exact date on hover), both WhatsApp permissions (declared /
 * proven), WABAs expected vs granted with health, the authorizing user's role, last check, last
 * Graph error, and the problems with their hints. Unknown is shown as "unknown", never guessed.
 */
import type { Connection, TokenType, UserRole, WabaCheck } from '@/lib/contract';
import { daysLeft, effectiveStatus } from '@/lib/health/effective-status';
import { toneOf } from '@/lib/health/model';
import { STATUS_WORDS } from '@/lib/health/words';
import { exactTime, relativeTime } from '@/lib/health/time-words';
import { businessSettingsWabaUrl } from '@/lib/reconnect/links';
import { displayText } from '@/lib/display-text';
import styles from './Popup.module.css';
import { WHATSAPP_SCOPES } from '@/lib/meta/whatsapp-scopes';
import { count, yesNo } from '@/lib/util/english';

const TOKEN_TYPES: Record<TokenType, string> = {
  user: 'User token',
  'system-user': 'System user token',
  'business-integration': 'Business integration (system user) token',
  unknown: 'Unknown token type',
};

const ROLES: Record<UserRole, string> = {
  admin: 'Admin (Full control)',
  employee: 'Employee (Partial access)',
  unknown: 'Unknown (Meta did not say)',
};

function When({ iso, now, never, checked }: { iso: string | null; now: number; never: string; checked: boolean }) {
  if (!checked) return <span>unknown (not checked yet)</span>;
  if (!iso) return <span>{never}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

export function StatusPill({ connection, now }: { connection: Connection; now: number }) {
  const status = effectiveStatus(connection, now);
  const days = status === 'expiring' ? daysLeft(connection, now) : null;
  const words = STATUS_WORDS[status] + (days !== null ? ` (${count(days, 'day')} left)` : '');
  return (
    <span className={styles.pill} data-tone={toneOf(status)} data-status={status}>
      <span className={styles.dot} aria-hidden="true" />
      {words}
    </span>
  );
}

function WabaRow({ waba, businessId }: { waba: WabaCheck; businessId: string | null }) {
  const link = businessSettingsWabaUrl(businessId, waba.id);
  const granted = yesNo(waba.management === true && waba.messaging === true ? true : waba.management === false || waba.messaging === false ? false : null);
  return (
    <tr data-waba={waba.id}>
      <th scope="row">
        {waba.name ? <bdi>{displayText(waba.name)}</bdi> : 'Unnamed'} <span className={styles.muted}>{waba.id}</span>
      </th>
      <td>{yesNo(waba.expected)}</td>
      <td title={`management: ${yesNo(waba.management)}, messaging: ${yesNo(waba.messaging)}`}>{granted}</td>
      <td>{yesNo(waba.reachable)}</td>
      <td data-health={waba.health}>{waba.health}</td>
      <td>
        {link && (
          <a href={link} target="_blank" rel="noreferrer" aria-label={`Open ${waba.name ? displayText(waba.name) : waba.id} in Business Settings`} title="Open in Business Settings">
            Open ↗
          </a>
        )}
      </td>
    </tr>
  );
}

/** Both WhatsApp permissions are always listed for a WhatsApp connection: one the backend left out is unknown. */

function scopesToShow(connection: Connection): Connection['scopes'] {
  if (connection.kind !== 'whatsapp') return connection.scopes;
  const missing = WHATSAPP_SCOPES.filter((scope) => !connection.scopes.some((s) => s.scope === scope));
  return [...connection.scopes, ...missing.map((scope) => ({ scope, declared: null, proven: null, note: 'not reported by the backend' }))];
}

export function ConnectionDetail({ connection, businessId, now }: { connection: Connection; businessId: string | null; now: number }) {
  const checked = connection.lastCheckedAt !== null;
  const scopes = scopesToShow(connection);
  const expected = connection.wabas.filter((w) => w.expected);
  const grantedExpected = expected.filter((w) => w.management === true).length;
  const error = connection.lastError;
  return (
    <div className={styles.detail}>
      {connection.problems.length > 0 && (
        <ul className={styles.problems} aria-label="Problems">
          {connection.problems.map((problem, i) => (
            <li key={`${problem.code}-${i}`} data-problem={problem.code}>
              <strong>{displayText(problem.message, 500)}</strong>
              {problem.hint && <span className={styles.hint}> {displayText(problem.hint, 500)}</span>}
            </li>
          ))}
        </ul>
      )}
      <dl className={styles.facts}>
        <dt>Token type</dt>
        <dd>{TOKEN_TYPES[connection.tokenType]}</dd>
        <dt>Token expires</dt>
        <dd>
          <When iso={connection.expiresAt} now={now} never="never" checked={checked} />
        </dd>
        <dt>Data access expires</dt>
        <dd>
          <When iso={connection.dataAccessExpiresAt} now={now} never="never" checked={checked} />
        </dd>
        <dt>Authorized by</dt>
        <dd>{ROLES[connection.authorizingUser.role]}</dd>
        <dt>Last check</dt>
        <dd>
          <When iso={connection.lastCheckedAt} now={now} never="never" checked />
        </dd>
        <dt>Last error</dt>
        <dd data-testid="last-error">
          {error ? (
            <>
              {error.category}, code {error.code ?? 'none'}
              {error.subcode !== null ? `/${error.subcode}` : ''}, fbtrace_id <code>{error.fbtraceId ?? 'none'}</code>,{' '}
              <time dateTime={error.at} title={exactTime(error.at)}>
                {relativeTime(error.at, now)}
              </time>
              <div className={styles.muted}>{displayText(error.message, 1000)}</div>
            </>
          ) : (
            'none'
          )}
        </dd>
      </dl>
      {scopes.length > 0 && (
        <table className={styles.table}>
          <caption>Permissions</caption>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col">Declared</th>
              <th scope="col">Proven</th>
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
          <caption>
            WhatsApp Business Accounts: {expected.length} expected, {grantedExpected} of them granted
          </caption>
          <thead>
            <tr>
              <th scope="col">WABA</th>
              <th scope="col">Expected</th>
              <th scope="col">Granted</th>
              <th scope="col">Reachable</th>
              <th scope="col">Health</th>
              <th scope="col">
                <span className={styles.visuallyHidden}>Link</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connection.wabas.map((waba) => (
              <WabaRow key={waba.id} waba={waba} businessId={businessId} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
