/**
 * Reads the live reconnect checklist the way assistive technology does: from Chromium's
 * accessibility tree (CDP `Accessibility.getFullAXTree`), which includes closed shadow roots. The
 * checklist's contract is accessible: a region whose name contains "Reconnect checklist", its
 * items a list, each item's text starting with its state word, and the revocation warning an alert.
 */
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

interface AXValue {
  type: string;
  value?: unknown;
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  childIds?: string[];
  parentId?: string;
}

export interface ChecklistReading {
  /** The region's accessible name. */
  name: string;
  /** Every list item's text, in order ("Failed — WhatsApp accounts: …"). */
  items: string[];
  /** Texts of `role="alert"` elements inside the region. */
  alerts: string[];
  /** All text of the region, whitespace collapsed. */
  text: string;
}

const role = (node: AXNode) => String(node.role?.value ?? '');
const name = (node: AXNode) => String(node.name?.value ?? '');

/** The checklist on `page`, or null when there is none. */
export async function readChecklist(page: Page): Promise<ChecklistReading | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const region = nodes.find((n) => !n.ignored && role(n) === 'region' && /Reconnect checklist/.test(name(n)));
    if (!region) return null;
    const texts = (node: AXNode): string[] => {
      if (role(node) === 'StaticText') return [name(node)];
      return (node.childIds ?? []).flatMap((id) => {
        const child = byId.get(id);
        return child ? texts(child) : [];
      });
    };
    const descendants = (node: AXNode): AXNode[] =>
      (node.childIds ?? []).flatMap((id) => {
        const child = byId.get(id);
        return child ? [child, ...descendants(child)] : [];
      });
    const inside = descendants(region);
    const clean = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ').trim();
    return {
      name: name(region),
      items: inside.filter((n) => role(n) === 'listitem').map((n) => clean(texts(n))),
      alerts: inside.filter((n) => role(n) === 'alert').map((n) => clean(texts(n))),
      text: clean(texts(region)),
    };
  } finally {
    await cdp.detach();
  }
}

/** Waits until the checklist has an item starting with `state — label`, and returns the checklist. */
export async function waitForItem(page: Page, state: string, label: string): Promise<ChecklistReading> {
  const prefix = `${state} — ${label}`;
  await expect
    .poll(async () => (await readChecklist(page))?.items.find((item) => item.startsWith(`${state} — ${label}`)) ?? `none: ${JSON.stringify((await readChecklist(page))?.items ?? null)}`, {
      message: `checklist item "${prefix}"`,
    })
    .toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return (await readChecklist(page)) as ChecklistReading;
}

/**
 * Clicks a control of the checklist by its role and accessible name, as a person would (a real
 * mouse click at its place): the overlay sits in a closed shadow root, which only the
 * accessibility tree and CDP's piercing DOM reach.
 */
export async function clickInChecklist(page: Page, roleName: string, accessibleName: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: { backendNodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', { backendNodeId: root.backendNodeId, accessibleName, role: roleName })) as { nodes: { backendDOMNodeId?: number }[] };
    const target = nodes.find((n) => n.backendDOMNodeId !== undefined);
    if (!target) throw new Error(`no ${roleName} named "${accessibleName}" in the checklist`);
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: target.backendDOMNodeId });
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: target.backendDOMNodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
}

interface DomNode {
  backendNodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * Copies the rendered shadow content of the first element carrying the attribute `hostAttr` (read
 * through CDP, which sees closed roots) into an open shadow root on a new host `#id` on the same
 * page, so tools that cannot enter a closed root (axe) can check the very same DOM and styles.
 */
export async function copyShadowForAxe(page: Page, hostAttr: string, id: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  let html = '';
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (node: DomNode): DomNode | null => {
      if (node.attributes?.includes(hostAttr)) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const hit = find(child);
        if (hit) return hit;
      }
      return null;
    };
    const host = find(root);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) throw new Error(`no shadow root on an element with ${hostAttr} on the page`);
    for (const child of shadow.children ?? []) html += ((await cdp.send('DOM.getOuterHTML', { backendNodeId: child.backendNodeId })) as { outerHTML: string }).outerHTML;
  } finally {
    await cdp.detach();
  }
  await page.evaluate(
    ([hostId, markup, attr]) => {
      document.getElementById(hostId)?.remove();
      // The original stays in the page but out of the way: overlapping it, axe could not tell the
      // copy's background and would leave colour contrast undetermined.
      for (const original of document.querySelectorAll<HTMLElement>(`[${attr}]`)) original.style.setProperty('visibility', 'hidden', 'important');
      const copy = document.createElement('div');
      copy.id = hostId;
      // Test-only copy of our own overlay's markup (no page text beyond what the overlay drew).
      copy.attachShadow({ mode: 'open' }).innerHTML = markup;
      // In <body>: axe cannot tell the background of an element placed outside it.
      document.body.append(copy);
    },
    [id, html, hostAttr] as const,
  );
}

/** The checklist overlay's copy for axe (see copyShadowForAxe). */
export const copyChecklistForAxe = (page: Page, id: string): Promise<void> => copyShadowForAxe(page, 'data-ra-checklist', id);
