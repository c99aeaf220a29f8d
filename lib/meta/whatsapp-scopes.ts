/**
 * The two WhatsApp permissions a WhatsApp connection needs, as Meta spells them, and the English
 * labels Meta's permission review screen shows for them (docs/meta-platform.md §2.2; the label →
 * permission mapping is inferred from the wording). The one list: the Graph assessment, the rule
 * packs, the popup, the guidance panels and the simulator all take it from here.
 * Content-script safe: plain data.
 */

export const MANAGEMENT_SCOPE = 'whatsapp_business_management';
export const MESSAGING_SCOPE = 'whatsapp_business_messaging';

export const WHATSAPP_SCOPES = [MANAGEMENT_SCOPE, MESSAGING_SCOPE] as const;
export type WhatsAppScope = (typeof WHATSAPP_SCOPES)[number];

/** The English label of each permission on Meta's review screen. */
export const PERMISSION_LABELS: Readonly<Record<WhatsAppScope, string>> = {
  [MANAGEMENT_SCOPE]: 'Manage your WhatsApp accounts',
  [MESSAGING_SCOPE]: 'Manage and access conversations in WhatsApp',
};

export function isWhatsAppScope(scope: string): scope is WhatsAppScope {
  return (WHATSAPP_SCOPES as readonly string[]).includes(scope);
}
