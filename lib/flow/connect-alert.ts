/**
 * The product's own alert "Unable to connect WhatsApp phone numbers" (products show it after a
 * reconnect that left them without usable numbers, with no explanation), recognised on the
 * product's page (lib/flow/connect-alert-explanation.ts says why it probably happened). The texts are data, per language, like lib/screens/rules: the English one is the
 * product's; the others are the wording we expect from a translated product UI (inferred,
 * unconfirmed). Matched with lib/screens/text.ts (`contains`, after whitespace/quote normalisation,
 * case-insensitively), so the sentence may sit inside a longer message.
 *
 * Content-script safe: no zod, no DOM beyond what the caller passes.
 */
import { clip, matchText } from '../screens/text';
import { OUTCOME_LIMITS } from './outcome';

export const CONNECT_ALERT_TEXTS: Readonly<Record<'en' | 'es' | 'pt-BR', readonly string[]>> = {
  en: ['Unable to connect WhatsApp phone numbers', 'Unable to connect WhatsApp phone number', 'Unable to connect your WhatsApp phone numbers'],
  // inferred translations
  es: ['No se pueden conectar los números de teléfono de WhatsApp', 'No se pudieron conectar los números de teléfono de WhatsApp'],
  'pt-BR': ['Não foi possível conectar os números de telefone do WhatsApp', 'Não é possível conectar os números de telefone do WhatsApp'],
};

const ALL_TEXTS = Object.values(CONNECT_ALERT_TEXTS).flat();

/** The alert's text (the whole message it sits in, clipped) when `text` contains it; else null. */
export function matchConnectAlert(text: string): string | null {
  if (text.length > 20_000) return null;
  const hit = matchText(text, ALL_TEXTS, 'contains');
  return hit ? clip(text, OUTCOME_LIMITS.alertText) : null;
}

/** ARIA containers a product's alert is usually in; the text search below covers the rest. */
const ALERT_CONTAINERS = '[role=alert],[role=alertdialog],[role=status],[aria-live]';
const BLOCKS = 'p,li,div,section,article,aside,dialog,header,h1,h2,h3,h4,td';

/**
 * Finds the alert in a document: ARIA alert containers first, then any text node with the
 * sentence (its nearest block, so the cause the product adds is read too). Null when absent.
 */
export function findConnectAlert(root: ParentNode & Node): string | null {
  const doc = root.ownerDocument ?? (root as Document);
  for (const el of root.querySelectorAll(ALERT_CONTAINERS)) {
    const found = matchConnectAlert(textOf(doc, el));
    if (found) return found;
  }
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const own = node.textContent ?? '';
    if (own.length < 10 || !/whats\s*app/i.test(own)) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('script,style,noscript,template')) continue;
    const near = matchConnectAlert(textOf(doc, parent));
    if (!near) continue;
    const block = parent.closest(BLOCKS);
    return (block && matchConnectAlert(textOf(doc, block))) || near;
  }
  return null;
}

/** An element's text with its text nodes joined by spaces ("numbers</strong><p>Please" stays two words). */
function textOf(doc: Document, el: Node): string {
  const parts: string[] = [];
  let length = 0;
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node && length < 20_000; node = walker.nextNode()) {
    if (node.parentElement?.closest('script,style,noscript,template')) continue;
    const t = node.textContent ?? '';
    parts.push(t);
    length += t.length + 1;
  }
  return parts.join(' ');
}
