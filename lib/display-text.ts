/**
 * Text from the backend or from Meta's pages as the extension shows it (popup, in-page panels,
 * notifications, the diagnostics report): always text, never markup (React and `textContent` see to
 * that), and here made inert and bounded:
 *   - control characters (NUL, escape, C1) are dropped, line breaks and tabs become spaces, so a
 *     name cannot forge a line in a support ticket or a notification;
 *   - bidi embeddings, overrides and isolates, the Arabic letter mark and zero-width characters are
 *     dropped (the same set the screen readers' `normalizeText` drops): they could reorder or hide
 *     what an admin reads;
 *   - a lone surrogate (not a character) becomes U+FFFD;
 *   - the result is clipped to `max` characters with an ellipsis, never splitting a character.
 * Everything else is kept as the backend wrote it (quotes, punctuation). Right-to-left scripts and
 * emoji are kept too; the UI isolates each name (`<bdi>`) so a
 * right-to-left name cannot reorder the words around it.
 */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function displayText(text: string, max = 200): string {
  const clean = text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROLS, '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  // Never end on the first half of a surrogate pair: that would be a broken character.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

