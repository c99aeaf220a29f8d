import { isMetaId } from '../meta/ids';
/**
 * Deep links into Meta Business Settings for the popup's "Open in Business Settings".
 * Form from docs/meta-platform.md §7 (new UI, observed in integrators' code):
 *   https://business.facebook.com/latest/settings/whatsapp_account?business_id=<BID>
 *     &selected_asset_id=<WABA_ID>&selected_asset_type=whatsapp-business-account
 * Only digits go into it (Meta ids are validated by the contract), so nothing can be injected.
 */
export function businessSettingsWabaUrl(businessId: string | null, wabaId: string): string | null {
  if (!isMetaId(wabaId) || (businessId !== null && !isMetaId(businessId))) return null;
  const url = new URL('https://business.facebook.com/latest/settings/whatsapp_account');
  if (businessId) url.searchParams.set('business_id', businessId);
  url.searchParams.set('selected_asset_id', wabaId);
  url.searchParams.set('selected_asset_type', 'whatsapp-business-account');
  return url.toString();
}
