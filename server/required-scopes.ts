/**
 * Which Meta permissions a connection needs, by kind. WhatsApp needs both WhatsApp permissions
 * (meta-platform-docs/meta-platform.md §1.3: the ES v4 configuration grants whatsapp_business_management and
 * whatsapp_business_messaging); a Catalog connection needs catalog_management.
 */
import type { ConnectionKind } from './store/store';
import { WHATSAPP_SCOPES } from '../lib/meta/whatsapp-scopes';

export { WHATSAPP_SCOPES };
export const CATALOG_SCOPES = ['catalog_management'] as const;

export function requiredScopesFor(kind: ConnectionKind): string[] {
  return kind === 'catalog' ? [...CATALOG_SCOPES] : [...WHATSAPP_SCOPES];
}

/** What the reconnect flow must grant for a workspace: the WhatsApp scopes, plus catalog when used. */
export function planScopes(kinds: Iterable<ConnectionKind>): string[] {
  const scopes: string[] = [...WHATSAPP_SCOPES];
  if ([...kinds].includes('catalog')) scopes.push(...CATALOG_SCOPES);
  return scopes;
}
