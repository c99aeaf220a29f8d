/** The language a page declares, which picks the rule pack (rules/index.ts). Zod-free, DOM-only. */
const DOCUMENT_NODE = 9;
const ELEMENT_NODE = 1;

/** The root's nearest `lang` attribute, else its document's `<html lang>`; null when none is declared. */
export function declaredLang(root: ParentNode): string | null {
  try {
    const node = root as unknown as Node;
    if (node.nodeType === ELEMENT_NODE) {
      const withLang = (root as Element).closest('[lang]');
      if (withLang) return withLang.getAttribute('lang');
    }
    const doc = node.nodeType === DOCUMENT_NODE ? (root as Document) : node.ownerDocument;
    return doc?.documentElement?.getAttribute('lang') ?? null;
  } catch {
    return null;
  }
}
