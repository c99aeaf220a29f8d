/**
 * The extension's two tone vocabularies, in one place so that neither is written again:
 *   StatusTone  the colour of a connection status (toolbar badge, popup pills, alert table);
 *   PanelTone   the tone of an in-page panel and its items, which also has `info` ("not used by
 *               the product": neither good nor bad news about the connection).
 * Content-script safe: plain data.
 */

export type StatusTone = 'red' | 'amber' | 'grey' | 'green';
export type PanelTone = 'ok' | 'info' | 'warning' | 'danger' | 'unknown';

/** Higher is worse: what a panel made of several items shows as its own tone. */
const PANEL_TONE_RANK: Readonly<Record<PanelTone, number>> = { danger: 4, warning: 3, unknown: 2, info: 1, ok: 0 };

export function worstPanelTone(tones: Iterable<PanelTone>, empty: PanelTone = 'unknown'): PanelTone {
  let worst: PanelTone | null = null;
  for (const tone of tones) if (worst === null || PANEL_TONE_RANK[tone] > PANEL_TONE_RANK[worst]) worst = tone;
  return worst ?? empty;
}
