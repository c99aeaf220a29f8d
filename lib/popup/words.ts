/**
 * Every word the popup shows that is not the backend's own text: labels, buttons, screen titles,
 * the summary line, notices and what the live region announces. The status names themselves are
 * the health model's (lib/health/words.ts). One module, so a translation pass replaces it whole.
 */
import type { TokenType, UserRole, WabaHealth } from '../contract';
import type { PollOutcome } from '../storage/snapshot';
import type { PrimaryAction } from '../health/model';
import { count, number, plural } from '../util/english';

export const POPUP_WORDS = {
  title: 'Reconnect Assistant',
  loading: 'Loading…',
  checking: 'Checking…',
  refresh: 'Refresh',
  settings: 'Settings',
  openSettings: 'Open settings',
  reenterToken: 'Re-enter token',
  copyDiagnostics: 'Copy diagnostics',
  filterLabel: 'Filter workspaces',
  filterPlaceholder: 'Name, id, WABA or status',
  selectedWorkspace: 'Selected workspace',
  focusMissing: 'That workspace is not in the last known status.',
  noMatch: (filter: string) => `No workspace matches “${filter}”.`,
  needsAttention: (n: number) => `Needs attention (${number(n)})`,
  healthy: (n: number) => `Healthy (${number(n)})`,
  details: 'Details',
  detailsFor: (name: string) => ` for ${name}`,
  actionsFor: (name: string) => `Actions for ${name}`,
  connectionsOf: (name: string) => `Connections of ${name}`,
  noConnections: 'No connections.',
  whatsapp: 'WhatsApp',
  catalog: 'Catalog',
  problems: 'Problems',
  previous: 'Previous',
  next: 'Next',
  pageOf: (from: number, to: number, total: number) => `${number(from)}–${number(to)} of ${number(total)}`,
  pages: (group: string) => `Pages of ${group}`,
  lastReconnect: 'Last reconnect',
  lastReconnectOf: (name: string) => `Last reconnect: ${name}`,
  lastReconnectOfPrefix: 'Last reconnect of ',
  whatChanged: 'What changed',
  problemsRemain: 'Problems that remain',
  retryVerification: 'Retry verification',
  checklistLabel: (worst: string) => `Reconnect checklist: ${worst}`,
  checklistTitle: (worst: string, workspace: string | null) => `${worst}: Reconnect checklist${workspace ? ` for ${workspace}` : ''}`,
  checklistGuidance: 'This is guidance while you choose in Meta’s dialog. The final check runs after Meta returns you to the product.',
  updatedAgo: (ago: string) => `updated ${ago}`,
  lastKnownFrom: 'Showing the last known status, from',
  ago: 'ago',
  noStatusYet: 'No status has been received yet.',
  noWorkspaces: 'No workspaces',
  noWorkspacesBody: 'This access token administers no workspace yet.',
  notConfigured: 'Not configured',
  notConfiguredBody: 'Set the product backend’s URL and your access token to start watching your WhatsApp connections.',
} as const;

export const ACTION_WORDS: Record<PrimaryAction, { idle: string; busy: string }> = {
  reconnect: { idle: 'Reconnect', busy: 'Opening…' },
  check: { idle: 'Check now', busy: 'Checking…' },
};

export const COPY_DIAGNOSTICS_BUSY = 'Copying…';

/** The backend failure screens: title and body per poll outcome (ok and not-configured have none). */
export const STATE_TEXT: Record<Exclude<PollOutcome, 'ok' | 'not-configured'>, { title: string; body: string }> = {
  unreachable: { title: 'Backend unreachable', body: 'The product backend did not answer.' },
  unauthorized: { title: 'Access token refused', body: 'The backend refused the access token. Enter a valid one in the settings.' },
  'http-error': { title: 'Backend error', body: 'The product backend answered with an error.' },
  'invalid-response': { title: 'Invalid response', body: 'The backend answered, but not in the format of contract v1.' },
  'storage-error': {
    title: 'Latest status not saved',
    body: 'The backend answered, but this browser could not store the answer, so the status below is older than the latest check.',
  },
};

/** The one-line summary under the title: how many workspaces need attention, how many are healthy. */
export function summaryLine(attention: number, healthy: number): string {
  const total = attention + healthy;
  if (total === 0) return 'No workspaces to watch.';
  if (attention === 0) return total === 1 ? 'The workspace is healthy.' : `All ${count(total, 'workspace')} are healthy.`;
  return `${count(attention, 'workspace')} ${plural(attention, 'needs', 'need')} attention, ${number(healthy)} healthy.`;
}

/** The notices after an action, per workspace or for the whole popup. */
export const NOTICE_WORDS = {
  checked: 'Checked just now.',
  checkFailed: (error: string) => `Check failed: ${error}`,
  reconnectFailed: (error: string) => `Could not start the reconnect: ${error}`,
  reconnectOpened: 'Reconnect page opened in a new tab.',
  reconnectFallback: (why: string) => `Reconnect page opened in a new tab. The backend's own reconnect link was not used: ${why}.`,
  diagnosticsCopied: 'Diagnostics copied: paste them into your support ticket.',
  clipboardFailed: 'Could not write to the clipboard.',
  retryFailed: (error: string) => `Could not retry the verification: ${error}`,
  copied: (what: string) => `${what} copied.`,
} as const;

/** What the popup's one polite live region says. */
export const ANNOUNCE_WORDS = {
  checking: 'Checking the backend…',
  checkDone: (changes: string) => (changes ? `Check finished. ${changes}` : 'Check finished.'),
  changed: (name: string, now: string, before: string) => `${name}: ${now} (was ${before})`,
  added: (name: string, now: string) => `${name}: ${now}`,
  andMore: (n: number) => `and ${count(n, 'more change')}`,
  lastReconnect: (name: string, headline: string) => `Last reconnect of ${name}: ${headline}`,
} as const;

/** The cause in one sentence when the backend listed no problem for the worst connection. */
export const CAUSE_FALLBACK = {
  healthy: 'All connections are healthy.',
  expiring: 'The token expires soon; reconnect to renew it.',
  degraded: 'Meta limited a WhatsApp account; a reconnect does not change that.',
  expired: 'The token has expired.',
  invalid: 'Meta no longer accepts the token.',
  revoked: 'Access was revoked.',
  'missing-scope': 'A WhatsApp permission is missing from the grant.',
  'missing-waba': 'A WhatsApp account is missing from the grant.',
  'not-admin': 'The person who connected it is not an admin of the business.',
  unknown: 'Not checked yet, or the last check could not tell.',
} as const;

export const DETAIL_WORDS = {
  tokenType: 'Token type',
  tokenExpires: 'Token expires',
  dataAccessExpires: 'Data access expires',
  authorizedBy: 'Authorized by',
  lastCheck: 'Last check',
  lastError: 'Last error',
  never: 'never',
  none: 'none',
  notCheckedYet: 'unknown (not checked yet)',
  errorLine: (category: string, code: string) => `${category}, code ${code}`,
  fbtraceId: 'fbtrace_id',
  permissions: 'Permissions',
  permission: 'Permission',
  declared: 'Declared',
  proven: 'Proven',
  notReported: 'not reported by the backend',
  wabas: (expected: number, granted: number) => `WhatsApp Business Accounts: ${number(expected)} expected, ${number(granted)} of them granted`,
  waba: 'WABA',
  granted: 'Granted',
  reachable: 'Reachable',
  health: 'Health',
  unnamed: 'Unnamed',
  expected: 'expected',
  notExpected: 'not expected',
  open: 'Open ↗',
  openIn: (name: string) => `Open ${name} in Business Settings`,
  openTitle: 'Open in Business Settings',
  grantTitle: (management: string, messaging: string) => `management: ${management}, messaging: ${messaging}`,
  copy: 'Copy',
  copyWhat: (what: string, value: string) => `Copy ${what} ${value}`,
  wabaId: 'WABA id',
  traceId: 'fbtrace_id',
  daysLeft: (days: number) => ` (${count(days, 'day')} left)`,
} as const;

export const TOKEN_TYPE_WORDS: Record<TokenType, string> = {
  user: 'User token',
  'system-user': 'System user token',
  'business-integration': 'Business integration (system user) token',
  unknown: 'Unknown token type',
};

export const ROLE_WORDS: Record<UserRole, string> = {
  admin: 'Admin (Full control)',
  employee: 'Employee (Partial access)',
  unknown: 'Unknown (Meta did not say)',
};

export const WABA_HEALTH_WORDS: Record<WabaHealth, string> = {
  available: 'available',
  limited: 'limited',
  blocked: 'blocked',
  unknown: 'unknown',
};
