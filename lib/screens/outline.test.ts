import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { META_FIXTURES_DIR } from '../../tests/support/meta-fixtures';
import { NameScrubber, screenOutline, type OutlineElement } from './outline';
import { renderOutline } from './outline-render';
import { parseOutline } from './outline-schema';
import { readScreen } from './read-screen';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const dialogFixtures = readdirSync(META_FIXTURES_DIR).filter((f) => /^(business-selection|error-|permissions-review|reconnect-confirm|success|unknown-|waba-selection)/.test(f) && f.endsWith('.html'));

/** The reading with names, ids and texts taken out: what must be the same from the page and from its outline. */
const shape = (doc: Document) => {
  const r = readScreen(doc);
  return {
    kind: r.kind,
    locale: r.locale,
    confidence: r.confidence,
    editPreviousSettings: r.editPreviousSettings,
    wabaMode: r.wabaMode,
    wabas: r.wabas.map((w) => ({ selected: w.selected, disabled: w.disabled })),
    businesses: r.businesses.map((b) => ({ selected: b.selected, disabled: b.disabled })),
    selectedCount: r.selectedCount,
    permissions: r.permissions,
    alerts: r.alerts.map((a) => a.kind),
    busy: r.busy,
  };
};

function roundTrip(doc: Document): Document {
  const outline = JSON.parse(JSON.stringify(screenOutline(doc.body))) as unknown;
  const parsed = parseOutline(outline);
  if (!parsed.ok) throw new Error(parsed.error);
  const out = parse('<!doctype html><html><body></body></html>');
  renderOutline(parsed.outline, out);
  return out;
}

describe('screenOutline', () => {
  it.each(dialogFixtures)('%s: the outline reads as the page did', (name) => {
    const doc = parse(readFileSync(join(META_FIXTURES_DIR, name), 'utf8'));
    expect(shape(roundTrip(doc))).toEqual(shape(doc));
  });

  it('replaces every account, business and person name, keeps rule texts, and drops input values', () => {
    const doc = parse(`<html lang="en"><body><div role="dialog">
      <div role="heading" aria-level="2">Choose the WhatsApp accounts you want Acme Helpdesk to access.</div>
      <div role="list"><div role="listitem"><div role="checkbox" aria-checked="false" aria-labelledby="a"></div><span id="a">Juniper Appointments</span></div></div>
      <div role="alert">You don't have permission to edit these settings. Contact admin of the Business manager "Juniper Dental Group" to gain access.</div>
      <span>Signed in as Dana Example</span>
      <input type="text" value="secret-typed-text" aria-label="Search"><textarea>TESTTOKENxQ9vR2mK7pL4sT8wZ1yB6nC3dF5gH0jA2eU7iO9qW4rY6tP1aS3dF8gJ0kL5zX</textarea>
      <span>whatsapp_business_messaging</span></div></body></html>`);
    const text = JSON.stringify(screenOutline(doc.body));
    for (const name of ['Acme Helpdesk', 'Juniper Appointments', 'Juniper Dental Group', 'Dana Example', 'secret-typed-text', 'TESTTOKEN']) expect(text).not.toContain(name);
    expect(text).toContain('Choose the WhatsApp accounts you want Name 1 to access.');
    expect(text).toContain("You don't have permission to edit these settings");
    expect(text).toContain('whatsapp_business_messaging');
    expect(text).toContain('"checked":"false"');
    expect(text.length).toBeLessThan(3000);
  });

  it('gives the same name the same placeholder, and a name containing a rule word is still replaced whole', () => {
    const scrub = new NameScrubber();
    expect(scrub.scrub('Acme Sales Line')).toBe('Name 1');
    expect(scrub.scrub('acme  sales line')).toBe('Name 1');
    expect(scrub.scrub('Next Level Bakery')).not.toContain('Bakery');
    expect(scrub.scrub('12 selected')).toMatch(/^12 /);
    expect(scrub.scrub('ID: 900000000000011')).not.toContain('900000000000011');
  });

  it('skips our own panels and hidden elements', () => {
    const doc = parse('<html><body><div data-ra-checklist>Passed — Acme</div><div hidden>Hidden Name</div><div aria-hidden="true">Other</div><p>Edit previous settings</p></body></html>');
    const outline = screenOutline(doc.body);
    expect(JSON.stringify(outline)).not.toMatch(/Acme|Hidden Name|Other/);
    // body held only the <p> that counts: the wrapper is collapsed into it.
    expect(outline.root).toEqual({ tag: 'p', children: ['Edit previous settings'] } satisfies OutlineElement);
  });

  it('a document that is not an outline is refused with what is wrong, never thrown on', () => {
    expect(parseOutline({ format: 'something-else' })).toMatchObject({ ok: false, error: expect.stringContaining('format') });
    expect(parseOutline(null)).toMatchObject({ ok: false });
    const tag = parseOutline({ format: 'reconnect-assistant/screen-outline', version: 1, lang: null, names: 0, truncated: false, root: { tag: '<script>' } });
    expect(tag).toMatchObject({ ok: false, error: expect.stringContaining('root.tag') });
  });
});
