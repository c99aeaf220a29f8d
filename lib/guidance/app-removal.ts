/**
 * The panel on Connected apps (Business Settings) and Business Integrations (facebook.com settings):
 * removing the product's app there revokes its access to every WhatsApp account it was granted
 * (docs/meta-platform.md §6: `business_integration_uninstall`, `PARTNER_APP_UNINSTALLED`; §7).
 *
 * The accounts at stake come from the cached backend status. On a Business Settings page of a known
 * portfolio, only workspaces of that portfolio count (plus those whose portfolio the backend does
 * not know, which we cannot rule out); on the personal Business Integrations page, all of them.
 * No status → the warning still stands, and the list is said to be unknown.
 */
import type { PageInfo } from '../meta/pages';
import type { Snapshot } from '../storage/snapshot';
import { freshnessNote } from './format';
import type { PanelItem, PanelModel } from './panel-model';

export function appRemovalPanel(snapshot: Snapshot | null, page: Pick<PageInfo, 'kind' | 'businessId'>): PanelModel {
  const where = page.kind === 'fb-business-integrations' ? 'Business Integrations' : 'Connected apps';
  const paragraphs = [
    `Removing the product’s app from ${where} immediately revokes its access to the WhatsApp accounts it was granted: messages, templates and phone numbers stop syncing until someone with Full control reconnects.`,
  ];
  const steps = [
    'Remove the app only if you mean to disconnect the product.',
    'If a reconnect did not apply new permissions, removing the app and reconnecting right away is a known fix: reconnect from the product and select every account listed here.',
  ];
  const status = snapshot?.lastGood?.status;
  if (!status) {
    return {
      topic: 'app-removal',
      tone: 'warning',
      title: 'Removing the product’s app cuts off WhatsApp',
      paragraphs: [...paragraphs, 'Which WhatsApp accounts are at stake: unknown (no status from the product’s backend).'],
      items: [],
      steps,
      note: snapshot && snapshot.outcome !== 'not-configured' ? freshnessNote(snapshot) : null,
    };
  }
  const workspaces = status.workspaces.filter(
    (w) => page.businessId === null || w.businessId === null || w.businessId === page.businessId,
  );
  const seen = new Map<string, PanelItem>();
  for (const workspace of workspaces) {
    for (const connection of workspace.connections) {
      for (const waba of connection.wabas) {
        // Only accounts the token covers now (or the backend cannot tell): an expected WABA the token
        // already lacks is not lost by removing the app.
        if (waba.management === false && waba.messaging === false) continue;
        const existing = seen.get(waba.id);
        const label = waba.name ?? 'Unnamed WhatsApp account';
        if (existing) {
          if (existing.detail && !existing.detail.includes(workspace.name)) existing.detail += `, ${workspace.name}`;
          continue;
        }
        seen.set(waba.id, { tone: 'warning', label, detail: `ID ${waba.id} · workspace ${workspace.name}` });
      }
    }
  }
  const items = [...seen.values()];
  if (items.length === 0) {
    paragraphs.push(
      page.businessId && workspaces.length === 0
        ? 'The product’s status lists no workspace for this business portfolio.'
        : 'The product’s status lists no WhatsApp account that the app can reach now.',
    );
  } else {
    paragraphs.push(`The product would lose ${items.length === 1 ? 'this account' : `these ${items.length} accounts`}:`);
  }
  return {
    topic: 'app-removal',
    tone: 'warning',
    title: 'Removing the product’s app cuts off WhatsApp',
    paragraphs,
    items,
    steps,
    note: freshnessNote(snapshot),
  };
}
