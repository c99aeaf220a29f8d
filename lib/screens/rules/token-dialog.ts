/**
 * Rule-pack data for Business Settings > Users > System users > "Generate new token" (the dialog in
 * which an admin generates a system-user token by hand: choose the app, the token expiration, the
 * permissions). Kept apart from the dialog packs (en.ts, es.ts, pt-BR.ts) because it is a different
 * Meta surface; same pattern language (../text.ts) and the same ARIA rules (./aria.ts).
 *
 * Sources: Meta's "Install apps and generate tokens" guide
 * (https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens)
 * names the steps; the English labels are quoted from public setup walkthroughs ("Generate new
 * token", "Select app", "Never" / "60 days", "Assign permissions"). The permission checkboxes are
 * labelled with the raw permission names (business_management, whatsapp_business_messaging, …), so
 * they need no translation. Spanish and Portuguese texts are [INF]: our translations, to be
 * confirmed on a live UI; several variants are kept for that reason.
 */
import type { RuleLocale } from './types';

export interface TokenDialogRules {
  locale: RuleLocale;
  version: number;
  /** exact: the dialog title. */
  titles: string[];
  /** exact: the label of the app picker. */
  appLabels: string[];
  /** exact: the label of the expiration choice. */
  expirationLabels: string[];
  /** prefix: the "never expires" option. */
  never: string[];
  /** prefix: the 60-day option. */
  sixtyDays: string[];
  /** exact: the label over the permission checkboxes. */
  permissionsLabels: string[];
  /** contains: texts shown once the token has been generated (it is then shown once, with a copy action). */
  generated: string[];
}

export const TOKEN_DIALOG_RULES: Record<RuleLocale, TokenDialogRules> = {
  en: {
    locale: 'en',
    version: 1,
    titles: ['Generate token', 'Generate new token', 'Generate access token'],
    appLabels: ['Select app', 'Select an app', 'App'],
    expirationLabels: ['Token expiration', 'Set expiration', 'Expiration', 'Token expiry'],
    never: ['Never', 'Never expires'],
    sixtyDays: ['60 days', 'Expires in 60 days'],
    permissionsLabels: ['Assign permissions', 'Permissions', 'Available permissions'],
    generated: ["You can't see it again", 'Copy this token', 'Token generated', "won't be able to see it again"],
  },
  es: {
    locale: 'es',
    version: 1,
    titles: ['Generar token', 'Generar nuevo token', 'Generar identificador', 'Generar token de acceso'],
    appLabels: ['Seleccionar app', 'Selecciona una app', 'Seleccionar aplicación', 'App'],
    expirationLabels: ['Caducidad del token', 'Vencimiento del token', 'Caducidad', 'Vencimiento'],
    never: ['Nunca', 'Nunca caduca', 'No caduca nunca'],
    sixtyDays: ['60 días', 'Caduca en 60 días'],
    permissionsLabels: ['Asignar permisos', 'Permisos', 'Permisos disponibles'],
    generated: ['No podrás volver a verlo', 'Copia este token', 'Token generado'],
  },
  'pt-BR': {
    locale: 'pt-BR',
    version: 1,
    titles: ['Gerar token', 'Gerar novo token', 'Gerar token de acesso'],
    appLabels: ['Selecionar app', 'Selecione um app', 'Selecionar aplicativo', 'App'],
    expirationLabels: ['Expiração do token', 'Validade do token', 'Expiração', 'Validade'],
    never: ['Nunca', 'Nunca expira'],
    sixtyDays: ['60 dias', 'Expira em 60 dias'],
    permissionsLabels: ['Atribuir permissões', 'Permissões', 'Permissões disponíveis'],
    generated: ['Você não poderá vê-lo novamente', 'Copie este token', 'Token gerado'],
  },
};
