/**
 * readScreen: which step of Meta's reconnect / Embedded Signup dialog is on screen, and what it shows.
 *
 *   root ─▶ language (<html lang> or options.lang) ─▶ pack(s) (rules/index.ts: own pack, or all)
 *        ─▶ scopes: visible dialogs, topmost first, then the whole root
 *        ─▶ per scope, every step reader (reconnect-confirm, business-selection, waba-selection,
 *           permissions-review, success) reports its anchors; alerts are read on every step
 *        ─▶ kind = a blocking alert ? 'error' : the reader with the most anchors (ties → unknown,
 *           except portfolio+WABA, which ES v4 shows on one page: WABA wins, both are reported)
 *
 * A reader that finds none of its identifying anchors contributes nothing; when none does, the
 * screen is `unknown` with confidence `none`, and the UI says it could not read the screen. Nothing
 * here throws: a failure becomes `unknown` with a `reader-error` evidence entry.
 */
import { readAlerts } from './alerts';
import { readBusinessSelection } from './business-selection';
import { declaredLang } from './page-lang';
import { innermost, PageView } from './page-view';
import { readPermissions } from './permissions-review';
import { readReconnect } from './reconnect-confirm';
import { normalizeLang, packsFor } from './rules/index';
import type { RulePack } from './rules/types';
import { readSuccess } from './success';
import type { Confidence, ReadOptions, ScreenKind, ScreenReading } from './types';
import { readWabaSelection } from './waba-selection';

export function emptyReading(lang: string | null, evidence: string[] = []): ScreenReading {
  return {
    kind: 'unknown',
    locale: null,
    lang,
    confidence: 'none',
    evidence,
    appName: null,
    editPreviousSettings: null,
    businesses: [],
    wabaMode: null,
    wabas: [],
    selectedCount: null,
    permissions: [],
    alerts: [],
    busy: false,
  };
}

/** Priority on a tie, and the pair that legitimately shares one page (ES v4 asset selection). */
const ORDER: readonly ScreenKind[] = ['reconnect-confirm', 'permissions-review', 'waba-selection', 'business-selection', 'success'];

function readScope(view: PageView, pack: RulePack, lang: string | null): ScreenReading {
  const reconnect = readReconnect(view, pack);
  const business = readBusinessSelection(view, pack);
  const waba = readWabaSelection(view, pack);
  const permissions = readPermissions(view, pack);
  const success = readSuccess(view, pack);
  const alerts = [...readAlerts(view, pack), ...business.alerts];
  const busy = view.query(pack.aria.busy).length > 0 || view.scopeWithin(pack.aria.busy);

  const parts: { kind: ScreenKind; anchors: string[]; identifying: boolean }[] = [
    { kind: 'reconnect-confirm', ...reconnect },
    { kind: 'permissions-review', ...permissions },
    { kind: 'waba-selection', ...waba },
    { kind: 'business-selection', ...business },
    { kind: 'success', ...success },
  ];
  const candidates = parts.filter((p) => p.identifying).sort((a, b) => b.anchors.length - a.anchors.length || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const evidence = parts.flatMap((p) => (p.identifying ? p.anchors : []));
  const blocking = alerts.filter((a) => a.blocking);

  let kind: ScreenKind = 'unknown';
  let confidence: Confidence = 'none';
  const best = candidates[0];
  if (blocking.length > 0) {
    kind = 'error';
    confidence = 'high';
    evidence.push(...blocking.map((a) => `alert:${a.rule}`));
  } else if (best) {
    const rival = candidates[1];
    const sharedPage = rival && best.kind === 'waba-selection' && rival.kind === 'business-selection';
    if (rival && rival.anchors.length === best.anchors.length && !sharedPage) {
      evidence.push(`ambiguous:${best.kind}/${rival.kind}`);
    } else {
      kind = best.kind;
      confidence = best.anchors.length >= 2 ? 'high' : 'low';
    }
  }
  if (view.truncated) evidence.push('truncated');
  if (busy && kind !== 'unknown') {
    evidence.push('busy');
    confidence = 'low';
  }
  evidence.push(...waba.notes, ...permissions.notes);
  if (kind === 'unknown' && alerts.length === 0 && evidence.length === 0) return { ...emptyReading(lang), busy };

  return {
    kind,
    locale: kind === 'unknown' && alerts.length === 0 ? null : pack.locale,
    lang,
    confidence,
    evidence,
    appName: reconnect.appName ?? permissions.appName ?? waba.appName ?? success.appName,
    editPreviousSettings: kind === 'reconnect-confirm' ? reconnect.editPrevious : null,
    businesses: business.businesses,
    wabaMode: waba.wabaMode,
    wabas: waba.wabas,
    selectedCount: waba.selectedCount,
    permissions: permissions.permissions,
    alerts,
    busy,
  };
}

const RANK: Record<Confidence, number> = { none: 0, low: 1, high: 2 };
const score = (r: ScreenReading) => (r.kind === 'unknown' ? 0 : 10) + RANK[r.confidence] * 3 + Math.min(r.evidence.length, 2);

export function readScreen(root: ParentNode, options: ReadOptions = {}): ScreenReading {
  const lang = normalizeLang(options.lang ?? declaredLang(root));
  try {
    const { packs } = packsFor(lang);
    let best: ScreenReading | null = null;
    // A view depends only on its scope, the ARIA rules and the visibility test, and the packs share
    // their ARIA rules: on the all-packs fallback each scope is walked (and its texts read) once, not
    // once per pack (with `isVisible`, that is one checkVisibility per element instead of three).
    const viewCache = new Map<RulePack['aria'], Map<ParentNode, PageView>>();
    // The dialog views lie inside the root view: one answer per element for the whole read, so the
    // page's visibility test (a style lookup per call) runs once per element, not once per view.
    const given = options.isVisible;
    const seen = new Map<Element, boolean>();
    const viewOptions: ReadOptions = given
      ? {
          isVisible: (el) => {
            let shown = seen.get(el);
            if (shown === undefined) seen.set(el, (shown = given(el)));
            return shown;
          },
        }
      : {};
    const viewOf = (scope: ParentNode, aria: RulePack['aria']) => {
      let byScope = viewCache.get(aria);
      if (!byScope) viewCache.set(aria, (byScope = new Map()));
      let view = byScope.get(scope);
      if (!view) byScope.set(scope, (view = new PageView(scope, aria, viewOptions)));
      return view;
    };
    for (const pack of packs) {
      const rootView = viewOf(root, pack.aria);
      // Topmost dialog first: the last visible dialog in document order that holds no other dialog.
      const dialogs = rootView.query(pack.aria.dialogs);
      const scopes = innermost(dialogs, (d) => d).reverse();
      const views = [...scopes.map((d) => viewOf(d, pack.aria)), rootView];
      for (const view of views) {
        const reading = readScope(view, pack, lang);
        if (best === null || score(reading) > score(best)) best = reading;
        if (reading.kind !== 'unknown') break;
      }
    }
    return best ?? emptyReading(lang);
  } catch (error) {
    return emptyReading(lang, [`reader-error:${error instanceof Error ? error.name : 'unknown'}`]);
  }
}
