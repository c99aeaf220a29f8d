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
