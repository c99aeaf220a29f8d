/**
 * The words of the health model (./model.ts decides, this says it): each status's name, the
 * backend failure words and the toolbar badge's title, which says in words what the badge marks
 * say. The popup, the badge, the notifications and the diagnostics read their words from here, in
 * the browser's language (lib/i18n).
 */
import type { ConnectionStatus } from '../contract';
import { plural, t } from '../i18n';
import type { Snapshot } from '../storage/snapshot';
import { formatUtc } from '../util/utc-time';
import { OVERALL_BADGES, toneOf, type Flagged, type Overall, type OverallState } from './model';

/** The product's name (the manifest's, in the browser's language: it stays "Reconnect Assistant"). */
export const APP_NAME = 'Reconnect Assistant';

/** A record whose values are read when used, so each reads the message of the browser's language. */
function lazyRecord<K extends string>(words: Record<K, () => string>): Readonly<Record<K, string>> {
  const record = {} as Record<K, string>;
  for (const key of Object.keys(words) as K[]) Object.defineProperty(record, key, { get: words[key], enumerable: true });
  return record;
}

/** Each status's name, as a label ("Token expired"). */
export const STATUS_WORDS: Readonly<Record<ConnectionStatus, string>> = lazyRecord({
  healthy: () => t('status.healthy'),
  expiring: () => t('status.expiring'),
  degraded: () => t('status.degraded'),
  expired: () => t('status.expired'),
  invalid: () => t('status.invalid'),
  revoked: () => t('status.revoked'),
  'missing-scope': () => t('status.missingScope'),
  'missing-waba': () => t('status.missingWaba'),
  'not-admin': () => t('status.notAdmin'),
  unknown: () => t('status.unknown'),
});

/** The same inside a sentence ("Acme (WhatsApp): token expired"); not a lower-cased label, which German would get wrong. */
export const STATUS_INLINE_WORDS: Readonly<Record<ConnectionStatus, string>> = lazyRecord({
  healthy: () => t('statusInline.healthy'),
  expiring: () => t('statusInline.expiring'),
  degraded: () => t('statusInline.degraded'),
  expired: () => t('statusInline.expired'),
  invalid: () => t('statusInline.invalid'),
  revoked: () => t('statusInline.revoked'),
  'missing-scope': () => t('statusInline.missingScope'),
  'missing-waba': () => t('statusInline.missingWaba'),
  'not-admin': () => t('statusInline.notAdmin'),
  unknown: () => t('statusInline.unknown'),
});

/** A connection's kind as the UI names it. */
export const KIND_WORDS: Readonly<Record<Flagged['kind'], string>> = lazyRecord({
  whatsapp: () => t('kind.whatsapp'),
  catalog: () => t('kind.catalog'),
});

const FAILURE_WORDS: Readonly<Record<Snapshot['outcome'], string>> = lazyRecord({
  ok: () => t('backendState.ok'),
  'not-configured': () => t('backendState.notConfigured'),
  unreachable: () => t('backendState.unreachable'),
  unauthorized: () => t('backendState.unauthorized'),
  'http-error': () => t('backendState.httpError'),
  'invalid-response': () => t('backendState.invalidResponse'),
  'storage-error': () => t('backendState.storageError'),
});

const when = (iso: string | null) => formatUtc(iso, t('badge.unknownTime'));

function flaggedWords(flagged: Flagged[], limit = 3): string {
  const named = flagged.slice(0, limit).map((f) => {
    const what = f.status === 'expiring' && f.daysLeft !== null ? t('badge.tokenExpiresIn', { days: plural('count.day', f.daysLeft) }) : STATUS_INLINE_WORDS[f.status];
    return t('badge.flagged', { workspace: f.workspace, kind: KIND_WORDS[f.kind], what });
  });
  return named.join(t('badge.flaggedSeparator')) + (flagged.length > limit ? plural('badge.andMore', flagged.length - limit) : '');
}

function backendState(o: Overall): string {
  return FAILURE_WORDS[o.backendFailure?.outcome ?? 'unreachable'];
}

/** The badge's title per overall state: the same thing as its marks, in words. */
export const BADGE_TITLES: Record<OverallState, (o: Overall) => string> = {
  'not-configured': () => t('badge.notConfigured', { app: APP_NAME }),
  'no-data': (o) =>
    o.backendFailure?.detail
      ? t('badge.noDataDetail', { app: APP_NAME, state: backendState(o), detail: o.backendFailure.detail })
      : t('badge.noData', { app: APP_NAME, state: backendState(o) }),
  stale: (o) => {
    const red = o.flagged.filter((f) => toneOf(f.status) === 'red').length;
    const known = o.flagged.length ? (red ? plural('badge.staleNeededAttention', red) : plural('badge.staleHadWarnings', o.flagged.length)) : t('badge.staleAllHealthy');
    return t('badge.stale', { app: APP_NAME, state: backendState(o), since: when(o.backendFailure?.since ?? null), lastGood: when(o.lastGoodAt), known });
  },
  failing: (o) => plural('badge.failing', o.counts.red, { app: APP_NAME, flagged: flaggedWords(o.flagged) }),
  expiring: (o) =>
    o.daysLeft !== null
      ? t('badge.expiringIn', { app: APP_NAME, days: plural('count.day', o.daysLeft), flagged: flaggedWords(o.flagged) })
      : t('badge.expiringSoon', { app: APP_NAME, flagged: flaggedWords(o.flagged) }),
  degraded: (o) => t('badge.degraded', { app: APP_NAME, flagged: flaggedWords(o.flagged) }),
  unchecked: (o) => plural('badge.unchecked', o.counts.grey, { app: APP_NAME }),
  healthy: (o) => plural('badge.healthy', o.counts.green, { app: APP_NAME }),
  empty: () => t('badge.empty', { app: APP_NAME }),
};

export interface BadgeView {
  text: string;
  color: string;
  title: string;
}

export function badgeFor(overall: Overall): BadgeView {
  return { ...OVERALL_BADGES[overall.state](overall), title: BADGE_TITLES[overall.state](overall) };
}
