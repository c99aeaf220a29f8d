/**
 * The simulator's interactive stand-in dialog (tests and the demo only): the screens of
 * ./dialog-page.ts, and a confirm step that turns what the admin selected into a grant, as Meta
 * does. Selecting fewer WhatsApp accounts or switching a permission off yields a token that covers
 * exactly that; "Continue" on "Reconnect to <App>?" re-applies the previous grant (the script's
 * kept selection, as a new token, or the scripted `previousToken`); Cancel is Meta's cancel redirect.
 *
 *   GET …/dialog/oauth            (scripted `interactive`) → the page, confirm URL relative to it
 *   GET …/dialog/oauth/confirm    → mints a single-use code for a derived token → 302 redirect_uri
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DialogConfirm, DialogScript } from './dialog-page';
import type { Scenario } from './scenario';
import { WHATSAPP_SCOPES } from '../../lib/meta/whatsapp-scopes';


export const InteractiveDialog = z
  .object({
    result: z.literal('interactive'),
    script: DialogScript,
    /** The scenario the new token starts from: its WABAs are the ones the dialog can grant. */
    baseToken: z.string().min(1).max(4096),
    /** The token "Continue" (re-apply the previous settings) yields: the connection's current grant. */
    previousToken: z.string().min(1).max(4096).optional(),
    validForSeconds: z.number().int().min(1).max(86_400).default(30),
  })
  .strict();
export type InteractiveDialog = z.output<typeof InteractiveDialog>;

/** What a grant is made of: the permissions and the WhatsApp accounts selected. */
export type GrantedSelection = Pick<Extract<DialogConfirm, { outcome: 'granted' }>, 'scopes' | 'waba_mode' | 'wabas'>;

/** The token scenario a confirmed selection yields (pure). */
export function grantFromSelection(base: Scenario, confirm: GrantedSelection): Scenario {
  const chosen = new Set(confirm.wabas);
  const all = confirm.waba_mode === 'all';
  const wabas = all ? base.wabas : base.wabas.filter((w) => chosen.has(w.id));
  const granted = new Set(confirm.scopes);
  const scopes = [...base.debugToken.scopes.filter((s) => !(WHATSAPP_SCOPES as readonly string[]).includes(s)), ...WHATSAPP_SCOPES.filter((s) => granted.has(s))];
  return {
    ...base,
    description: `granted in the stand-in dialog: ${scopes.join(', ') || 'no permission'}; ${all ? 'all WABAs' : `${wabas.length} WABA(s)`}`,
    debugToken: {
      ...base.debugToken,
      issued: { daysAgo: 0 },
      scopes,
      // "All current and future" has no target ids: it covers every asset.
      granularScopes: WHATSAPP_SCOPES.filter((s) => granted.has(s)).map((scope) => (all ? { scope } : { scope, targetIds: wabas.map((w) => w.id) })),
    },
    wabas,
  };
}

export interface ConfirmDeps {
  tokens: Map<string, Scenario>;
  codes: Map<string, { accessToken: string; validForSeconds: number; redirectUri?: string; createdAt: number; used: boolean }>;
  now: () => number;
}

/** Where the browser goes after the confirm step, or why the request is refused. */
export function confirmDialog(
  dialog: InteractiveDialog,
  query: Record<string, string>,
  deps: ConfirmDeps,
): { ok: true; location: string } | { ok: false; message: string } {
  const parsed = DialogConfirm.safeParse(query);
  if (!parsed.success) return { ok: false, message: `malformed confirm: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  let target: URL;
  try {
    target = new URL(query.redirect_uri ?? '');
  } catch {
    return { ok: false, message: 'redirect_uri is missing or not a URL.' };
  }
  const confirm = parsed.data;
  if (confirm.outcome === 'cancel') {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_code', '200');
    target.searchParams.set('error_description', 'Permissions error');
    target.searchParams.set('error_reason', 'user_denied');
  } else {
    let token: string;
    const previous = dialog.script.previousGrant;
    if (confirm.outcome === 'previous' && typeof previous !== 'object') {
      token = dialog.previousToken ?? dialog.baseToken;
    } else {
      const base = deps.tokens.get(dialog.baseToken);
      if (!base) return { ok: false, message: `no scenario for the base token (PUT /__sim/tokens/… first).` };
      // "Continue" with a kept selection: a new token for exactly that selection, as a Save of it would give.
      const selection: GrantedSelection =
        confirm.outcome === 'previous' && typeof previous === 'object' ? { scopes: previous.scopes, waba_mode: previous.wabaMode, wabas: previous.wabas } : (confirm as GrantedSelection);
      token = `${dialog.baseToken}~${confirm.outcome === 'previous' ? 'previous' : 'granted'}-${randomBytes(6).toString('hex')}`;
      deps.tokens.set(token, grantFromSelection(base, selection));
    }
    const code = `sim-code-${randomBytes(18).toString('base64url')}`;
    deps.codes.set(code, { accessToken: token, validForSeconds: dialog.validForSeconds, redirectUri: query.redirect_uri!, createdAt: deps.now(), used: false });
    target.searchParams.set('code', code);
  }
  target.searchParams.set('state', confirm.state);
  target.hash = '_=_';
  return { ok: true, location: target.toString() };
}
