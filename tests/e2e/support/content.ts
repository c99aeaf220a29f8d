/**
 * Helpers for the content-script browser tests: read the guidance panel out of its *closed* shadow
 * root (through the DevTools protocol, which pierces it; page scripts and Playwright locators cannot),
 * read what the background stored for each tab, load a backend status into the extension the real
 * way (status server → options → refresh), and list the extension's isolated worlds in a page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { StatusResponse } from '../../../lib/contract';
import { configureBackend, expect, serviceWorker } from '../fixtures';
import type { StatusServer } from './status-server';
import { readCachedSnapshot } from './status-cache';

export const fixture = (name: string) => readFileSync(path.resolve('tests/fixtures/meta', name), 'utf8');

/** The panel's host: a built-in <div> marked with this attribute (lib/content/panel.ts). */
export const PANEL_ATTR = 'data-ra-panel';
export const PANEL_SELECTOR = `div[${PANEL_ATTR}]`;

interface DomNode {
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
}

export interface PanelReading {
  shadowRootType: string | undefined;
  role: string | null;
  label: string | null;
  tone: string | null;
  topic: string | null;
  text: string;
  /** Element names inside the shadow root (to prove page text never became markup). */
  tags: string[];
  buttons: (string | null)[];
}

const attr = (node: DomNode, name: string): string | null => {
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1] ?? null;
  return null;
};

function find(node: DomNode, test: (n: DomNode) => boolean): DomNode | null {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = find(child, test);
    if (hit) return hit;
  }
  return null;
}

function collect(node: DomNode, out: { text: string[]; tags: string[]; nodes: DomNode[] }): void {
  if (node.nodeType === 3) out.text.push(node.nodeValue ?? '');
  if (node.nodeType === 1) {
    out.tags.push(node.localName ?? node.nodeName.toLowerCase());
    out.nodes.push(node);
    if (node.localName === 'style') return;
  }
  for (const child of node.children ?? []) collect(child, out);
}

/** The panel as the user sees it, or null when the page has none. */
export async function readPanel(page: Page): Promise<PanelReading | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const host = find(root, (n) => n.localName === 'div' && attr(n, PANEL_ATTR) !== null);
    const shadow = host?.shadowRoots?.[0];
    if (!host || !shadow) return null;
    const out = { text: [] as string[], tags: [] as string[], nodes: [] as DomNode[] };
    collect(shadow, out);
    const aside = out.nodes.find((n) => n.localName === 'aside');
    return {
      shadowRootType: shadow.shadowRootType,
      role: aside ? attr(aside, 'role') : null,
      label: aside ? attr(aside, 'aria-label') : null,
      tone: aside ? attr(aside, 'data-tone') : null,
      topic: aside ? attr(aside, 'data-topic') : null,
      text: out.text.join(' ').replace(/\s+/g, ' ').trim(),
      tags: out.tags,
      buttons: out.nodes.filter((n) => n.localName === 'button').map((n) => attr(n, 'aria-label')),
    };
  } finally {
    await cdp.detach();
  }
}

/** Waits until the panel shows `topic` (and, optionally, `tone`), and returns it. */
export async function waitForPanel(page: Page, topic: string, tone?: string): Promise<PanelReading> {
  await expect.poll(async () => {
    const panel = await readPanel(page);
    return panel ? `${panel.topic}/${panel.tone}` : 'none';
  }).toEqual(tone ? `${topic}/${tone}` : expect.stringMatching(new RegExp(`^${topic}/`)));
  return (await readPanel(page)) as PanelReading;
}

export async function sessionValue<T>(context: BrowserContext, key: string): Promise<T | undefined> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async (k) => (await chrome.storage.session.get(k))[k], key) as Promise<T | undefined>;
}

/** The page kinds the background recorded, per tab (lib/background/pages-seen.ts). */
export async function recordedKinds(context: BrowserContext): Promise<string[]> {
  const pages = (await sessionValue<Record<string, { kind: string }>>(context, 'pagesByTab')) ?? {};
  return Object.values(pages).map((p) => p.kind);
}

/**
 * Serves `status` from the status server, points the extension at it and makes it poll (from an
 * extension page, as the popup's "Check now" would), then waits until the snapshot holds it.
 */
export async function loadStatus(context: BrowserContext, extensionId: string, server: StatusServer, status: StatusResponse): Promise<void> {
  server.reply({ status: 200, body: JSON.stringify(status) });
  await configureBackend(context, server.url, 'e2e-token');
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }));
  await expect
    .poll(async () => {
      const sw = await serviceWorker(context);
      const snapshot = (await sw.evaluate(readCachedSnapshot)) as { outcome?: string; lastGood?: { status?: { generatedAt?: string } } } | null;
      return snapshot?.outcome === 'ok' ? (snapshot.lastGood?.status?.generatedAt ?? null) : null;
    })
    .toBe(status.generatedAt);
  await page.close();
}

/**
 * Records the JavaScript worlds created in a page (main and isolated): a content script shows up as
 * an isolated world whose origin is the extension's. Attach before navigating.
 */
export async function watchWorlds(page: Page): Promise<{ worlds: { name: string; origin: string; type: string }[]; cdp: CDPSession }> {
  const cdp = await page.context().newCDPSession(page);
  const worlds: { name: string; origin: string; type: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: { name: string; origin: string; auxData?: { type?: string } } }) => {
    worlds.push({ name: event.context.name, origin: event.context.origin, type: event.context.auxData?.type ?? '' });
  });
  await cdp.send('Runtime.enable');
  return { worlds, cdp };
}
