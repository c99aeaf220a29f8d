/**
 * Screen readers for Meta's UI: pure functions of a DOM root, zod-free, safe to import from content
 * scripts. See read-screen.ts (the reconnect / Embedded Signup dialog), people-page.ts and
 * waba-page.ts (Business Settings), and rules/ (the per-language rule packs, as data).
 */
export { readScreen } from './read-screen';
export { readPeoplePage, type PeopleReadOptions } from './people-page';
export { readWabaPage, type WabaPageReadOptions } from './waba-page';
export { declaredLang } from './page-lang';
export { PACKS, packsFor, normalizeLang } from './rules/index';
export { RULE_LOCALES, WHATSAPP_SCOPES, ALERT_KINDS } from './rules/types';
export type { RulePack, RuleLocale, WhatsAppScope, AlertKind } from './rules/types';
export * from './types';
