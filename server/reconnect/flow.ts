/**
 * The product's side of a reconnect, as a product should build it (and as the demo and the tests
 * run it end to end):
 *
 *   POST /v1/workspaces/{id}/reconnect-link ─► link (signed `link` ticket, single use, 5 min)
 *   GET  /reconnect/start?ticket=…          ─► claim the ticket ─► page with the dialog link:
 *        <dialog base>/<version>/dialog/oauth?client_id&redirect_uri&config_id&state&response_type=code
 *        (+ override_default_response_type=true for system-user configurations)
 *   Meta's dialog ─► GET /reconnect/callback?code&state   (or ?error=access_denied&…)
 *        verify state (signature, purpose, expiry) ─► claim it (single use, in the store) ─►
 *        exchange the code once ─► seal + store the token (tokenUpdatedAt) ─► check it at once ─►
 *        "Connected" / "Connected, with problems: …" / what went wrong, in words
 *
 * Manual Business Login flow: https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 * and https://developers.facebook.com/docs/facebook-login/facebook-login-for-business/ (config_id,
 * override_default_response_type). The state is claimed before the exchange, so a replayed
 * callback (a refresh, a proxy following the redirect) never exchanges twice. The code is passed
 * to Meta and forgotten: never logged, stored or echoed.
 */
import type { ConnectionState, Store } from '../store/store';
import type { CheckRunner } from '../check-runner';
import type { CheckScheduler } from '../scheduler';
import type { SecretBox } from '../crypto';
import type { Logger } from '../log';
import type { GraphClient } from '../../lib/graph/token-check';
import { planScopes } from '../required-scopes';
import { secretContext } from '../seed';
import { exchangeCode } from './code-exchange';
import { renderPage, type Part } from './pages';
import { TicketSigner, type TicketCheck } from './signed-ticket';

export const LINK_TTL_MS = 5 * 60_000;
export const STATE_TTL_MS = 10 * 60_000;
export const START_PATH = '/reconnect/start';
export const CALLBACK_PATH = '/reconnect/callback';

export interface ReconnectFlowOptions {
  store: Store;
  box: SecretBox;
  runner: CheckRunner;
  scheduler: CheckScheduler;
  graph: GraphClient;
  log: Logger;
  /** The backend's public origin (+ path prefix), e.g. https://app.example.com; callbacks go here. */
  publicBaseUrl: () => string;
  /** Where Meta's dialog lives: https://www.facebook.com (a local stand-in in tests and the demo). */
  dialogBaseUrl: string;
  graphApiVersion: string;
  now?: () => Date;
}

export interface PageAnswer {
  status: 200 | 400 | 404 | 409 | 410 | 502;
  html: string;
}

export type LinkAnswer =
  | { ok: true; connectionId: string; url: string; expiresAt: Date }
  | { ok: false; status: 400 | 404; message: string };

const TICKET_WORDS: Record<Exclude<TicketCheck, { ok: true }>['reason'], string> = {
  missing: 'The address has no sign-in ticket.',
  malformed: 'The sign-in ticket in the address is damaged.',
  'not-ours': 'The sign-in ticket was not issued by this product (its signature does not match): it may be from another installation, or altered.',
  expired: 'The sign-in ticket has expired.',
};

export class ReconnectFlow {
  readonly #o: ReconnectFlowOptions;
  readonly #signer: TicketSigner;

  constructor(options: ReconnectFlowOptions) {
    this.#o = options;
    this.#signer = new TicketSigner(options.box.deriveKey('reconnect tickets v1'));
  }

  #now(): Date {
    return this.#o.now?.() ?? new Date();
  }

  #url(path: string, query: Record<string, string>): string {
    const base = this.#o.publicBaseUrl().replace(/\/+$/, '');
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  redirectUri(): string {
    return this.#url(CALLBACK_PATH, {});
  }

  /** For POST …/reconnect-link: the connection must belong to the (already authorised) workspace. */
  async createLink(workspace: { id: string; connections: { id: string; kind: string }[] }, connectionId?: string): Promise<LinkAnswer> {
    const connection = connectionId
      ? workspace.connections.find((conn) => conn.id === connectionId)
      : workspace.connections.find((conn) => conn.kind === 'whatsapp');
    if (!connection) {
      return connectionId
        ? { ok: false, status: 404, message: `No connection "${connectionId}" in workspace "${workspace.id}".` }
        : { ok: false, status: 400, message: `Workspace "${workspace.id}" has no WhatsApp connection; name the connection.` };
    }
    const expiresAt = new Date(this.#now().getTime() + LINK_TTL_MS);
    const { ticket } = this.#signer.issue('link', workspace.id, connection.id, expiresAt);
    this.#o.log.info('reconnect-link', { workspace: workspace.id, connection: connection.id });
    return { ok: true, connectionId: connection.id, url: this.#url(START_PATH, { ticket }), expiresAt };
  }

  /** GET /reconnect/start?ticket=…: claims the link and shows the way into Meta's dialog. */
  async startPage(ticket: string | undefined): Promise<PageAnswer> {
    const now = this.#now();
    const checked = this.#signer.verify('link', ticket, now);
    if (!checked.ok) {
      return page(checked.reason === 'expired' ? 410 : 400, 'This reconnect link does not work', [
        { p: `${TICKET_WORDS[checked.reason]} Nothing was changed.` },
        { p: 'Start the reconnect again from the extension or the product to get a fresh link (links work once, for 5 minutes).' },
      ], 'bad');
    }
    const { workspaceId, connectionId, nonce, expiresAt } = checked.claims;
    const record = await this.#o.store.getConnection(connectionId);
    if (!record || record.workspaceId !== workspaceId) {
      return page(404, 'This reconnect link does not work', [{ p: 'The connection it was made for no longer exists in this workspace. Nothing was changed.' }], 'bad');
    }
    if (!(await this.#o.store.claimOnce(`link:${nonce}`, expiresAt.toISOString()))) {
      return page(409, 'This reconnect link was already used', [
        { p: 'Each reconnect link works once. Nothing was changed by opening it again.' },
        { p: 'Start the reconnect again from the extension or the product to get a fresh link.' },
      ], 'bad');
    }
    const app = await this.#o.store.getAppSettings();
    if (!app) return page(502, 'Reconnect is not available', [{ p: 'The product has no Meta app configured.' }], 'bad');

    const stateExpires = new Date(now.getTime() + STATE_TTL_MS);
    const { ticket: state } = this.#signer.issue('state', workspaceId, connectionId, stateExpires);
    const dialog = new URL(`${this.#o.dialogBaseUrl.replace(/\/+$/, '')}/${this.#o.graphApiVersion}/dialog/oauth`);
    dialog.searchParams.set('client_id', app.appId);
    dialog.searchParams.set('redirect_uri', this.redirectUri());
    if (app.configId) dialog.searchParams.set('config_id', app.configId);
    else dialog.searchParams.set('scope', planScopes([record.kind]).join(','));
    dialog.searchParams.set('state', state);
    dialog.searchParams.set('response_type', 'code');
    if (app.configId && app.configTokenType === 'system-user') dialog.searchParams.set('override_default_response_type', 'true');

    const ws = record.workspace;
    const parts: Part[] = [
      { p: `You are reconnecting the ${record.kind === 'whatsapp' ? 'WhatsApp' : 'catalog'} connection of “${ws.name}” with Meta.` },
    ];
    const picks: string[] = [];
    if (ws.businessName || ws.businessId) picks.push(`Business portfolio: ${ws.businessName ?? ws.businessId}`);
    if (record.kind === 'whatsapp') for (const waba of ws.expectedWabas) picks.push(`WhatsApp account: ${waba.name} (${waba.id})`);
    for (const scope of planScopes([record.kind])) picks.push(`Permission: ${scope}`);
    if (picks.length) parts.push({ p: 'On Meta’s screens, keep these selected:' }, { list: picks });
    parts.push(
      { p: 'If Meta offers to continue with your previous settings and something above was missing before, choose “Edit previous settings”.', tone: 'small' },
      { button: { href: dialog.toString(), label: 'Continue to Facebook' } },
      { p: 'This step works once and for 10 minutes. You must be an admin of the business portfolio.', tone: 'small' },
    );
    this.#o.log.info('reconnect-start', { workspace: workspaceId, connection: connectionId });
    return page(200, `Reconnect ${ws.name}`, parts);
  }

  /** GET /reconnect/callback: Meta's redirect back, with `code` + `state` or `error…`. */
  async callbackPage(query: Record<string, string | undefined>): Promise<PageAnswer> {
    const now = this.#now();
    const checked = this.#signer.verify('state', query.state, now);
    const nothing = 'Nothing was stored; the connection is as it was.';

    if (query.error || query.error_reason || query.error_code) {
      // Meta ended the flow without a code. Claim a valid state anyway: it must not be used again.
      if (checked.ok) await this.#o.store.claimOnce(`state:${checked.claims.nonce}`, checked.claims.expiresAt.toISOString());
      this.#o.log.info('reconnect-callback', { outcome: 'meta-error', error: bounded(query.error), reason: bounded(query.error_reason), code: bounded(query.error_code) });
      const denied = query.error === 'access_denied';
      const details = [
        query.error ? `error: ${query.error}` : null,
        query.error_reason ? `reason: ${query.error_reason}` : null,
        query.error_code ? `error code: ${query.error_code}` : null,
        query.error_description ? `Meta’s description: ${query.error_description}` : null,
      ].filter((line): line is string => line !== null).map((line) => line.slice(0, 300));
      const parts: Part[] = [
        { p: denied ? 'Meta says access was not granted (access_denied): the dialog was cancelled or permission was refused.' : 'Meta ended the sign-in with an error.' },
        { list: details },
        { p: nothing },
      ];
      if (denied) {
        parts.push({
          p: 'If you did finish every step: Meta returns this same access_denied for apps still in Development mode, even after the admin completed the dialog. The product’s app must be Live (App Dashboard > App mode), or you must have a role on the app.',
          tone: 'small',
        });
      }
      return page(200, denied ? 'Reconnect cancelled: access was not granted' : 'Reconnect failed at Meta', parts, 'bad');
    }

    if (!checked.ok) {
      this.#o.log.info('reconnect-callback', { outcome: `state-${checked.reason}` });
      const why =
        checked.reason === 'expired'
          ? 'This sign-in took too long: its state expired (it lasts 10 minutes).'
          : checked.reason === 'not-ours'
            ? 'This sign-in was not started by this product: its state does not carry our signature (another installation, or an altered address).'
            : checked.reason === 'missing'
              ? 'Meta’s answer has no state, so it cannot be matched to a reconnect this product started.'
              : 'The state in Meta’s answer is damaged.';
      return page(400, 'Reconnect not accepted', [{ p: why }, { p: nothing }, { p: 'Start the reconnect again from the extension or the product.' }], 'bad');
    }
    const { workspaceId, connectionId, nonce, expiresAt } = checked.claims;
    if (!query.code) {
      return page(400, 'Reconnect not accepted', [{ p: 'Meta’s answer has neither an authorization code nor an error.' }, { p: nothing }], 'bad');
    }
    const record = await this.#o.store.getConnection(connectionId);
    if (!record || record.workspaceId !== workspaceId) {
      return page(404, 'Reconnect not accepted', [{ p: 'The connection this sign-in was started for no longer exists in its workspace.' }, { p: nothing }], 'bad');
    }
    // Single use, before the exchange: a replay never reaches Meta a second time.
    if (!(await this.#o.store.claimOnce(`state:${nonce}`, expiresAt.toISOString()))) {
      this.#o.log.info('reconnect-callback', { outcome: 'state-replayed', connection: connectionId });
      return page(409, 'This sign-in was already used', [
        { p: 'Meta’s answer for this sign-in has already been received once (a reload, or the address opened twice). It was not exchanged again.' },
        { p: 'Whatever the first answer stored stays as it is. Check the connection’s status in the extension or the product.' },
      ], 'warn');
    }
    const app = await this.#o.store.getAppSettings();
    if (!app) return page(502, 'Reconnect failed', [{ p: 'The product has no Meta app configured.' }, { p: nothing }], 'bad');
    const appSecret = this.#o.box.open(app.appSecret, secretContext.appSecret);
    const exchanged = await exchangeCode(this.#o.graph, { appId: app.appId, appSecret, redirectUri: this.redirectUri(), code: query.code });
    if (!exchanged.ok) {
      this.#o.log.warn('reconnect-exchange', { connection: connectionId, outcome: exchanged.kind });
      return page(502, 'Reconnect failed: Meta did not issue a token', [{ p: exchanged.message }, { p: nothing }, { p: 'Start the reconnect again.' }], 'bad');
    }
    this.#o.log.addSecrets([exchanged.accessToken]);
    const at = this.#now().toISOString();
    const stored = await this.#o.store.replaceConnectionToken(
      connectionId,
      this.#o.box.seal(exchanged.accessToken, secretContext.connectionToken(connectionId)),
      this.#o.box.fingerprint(exchanged.accessToken),
      at,
    );
    if (!stored) return page(404, 'Reconnect failed', [{ p: 'The connection disappeared before the new token could be stored.' }], 'bad');
    this.#o.log.info('reconnect-stored', { workspace: workspaceId, connection: connectionId, at });

    const run = await this.#o.runner.run(connectionId, 'reconnect');
    if (run) this.#o.scheduler.noteChecked(run);
    return page(200, ...verdict(record.workspace.name, run?.state ?? null, run?.completed ?? false));
  }
}

function verdict(workspaceName: string, state: ConnectionState | null, completed: boolean): [string, Part[], 'ok' | 'warn' | 'bad'] {
  const stored = `The new token for “${workspaceName}” is stored.`;
  if (!state) return ['Connected, with problems: not checked', [{ p: stored }, { p: 'It could not be checked yet; the status will follow.' }], 'warn'];
  const problems = state.problems.map((problem) => `${problem.message}${problem.hint ? ` — ${problem.hint}` : ''}`);
  if (state.status === 'healthy' && problems.length === 0 && completed) {
    return ['Connected', [{ p: stored }, { p: 'Meta confirmed the token: every expected WhatsApp account and permission is there.', tone: 'ok' }], 'ok'];
  }
  const summary = problems.length > 0 ? problems : [`Status: ${state.status}${completed ? '' : ' (the check did not finish)'}`];
  return [
    `Connected, with problems: ${state.status}`,
    [{ p: stored }, { p: 'The check that followed found:' }, { list: summary }, { p: 'Fix the items above (often by reconnecting again and selecting what is missing).' }],
    state.status === 'expiring' || state.status === 'degraded' ? 'warn' : 'bad',
  ];
}

function page(status: PageAnswer['status'], title: string, parts: Part[], tone?: 'ok' | 'warn' | 'bad'): PageAnswer {
  return { status, html: renderPage(title, parts, tone) };
}

/** Meta's error fields in a log line: short, and only the characters those values use. */
function bounded(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replace(/[^\w .-]/g, '').slice(0, 64);
}
