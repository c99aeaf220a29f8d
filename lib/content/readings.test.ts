import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMetaFixture, metaFixtureNames } from '../../tests/support/meta-fixtures';
import { ScreenReadingReport } from '../messaging';
import { readPeoplePage } from '../screens/people-page';
import { readScreen } from '../screens/read-screen';
import { readPeopleAccess, readScreenReport } from './readings';

// happy-dom has no layout: checkVisibility is either missing or true for everything here.
const FIXTURES = metaFixtureNames();

describe('readScreenReport', () => {
  it.each(FIXTURES)('%s: the text gate never changes what readScreen reads, and the report is schema-valid', (name) => {
    const doc = loadMetaFixture(name);
    const direct = readScreen(doc.body);
    const report = readScreenReport(doc.body);
    expect(report.kind).toBe(direct.kind);
    expect(report.wabas.map((w) => [w.name, w.selected])).toEqual(direct.wabas.map((w) => [w.name, w.selected]));
    expect(report.permissions).toEqual(direct.permissions.map((p) => ({ scope: p.scope, granted: p.granted })));
    expect(report.alerts.map((a) => a.kind)).toEqual(direct.alerts.map((a) => a.kind));
    expect(ScreenReadingReport.safeParse(report).success).toBe(true);
  });

  it('skips the full read when no pack word is on the page, even when an inline script holds them', () => {
    const doc = new DOMParser().parseFromString(
      `<html lang="en"><body><div role="main"><p>Item 1</p><p>Entry 2</p></div>
       <script type="application/json">{"t":"Choose the WhatsApp accounts you want Acme to access.","u":"Admin permission required"}</script></body></html>`,
      'text/html',
    );
    expect(readScreenReport(doc.body)).toMatchObject({ kind: 'unknown', confidence: 'none', evidence: ['gate:no-anchor-text'], lang: 'en' });
  });

  it('reads a screen whose words are both in a script and on the page', () => {
    const doc = loadMetaFixture('error-admin-required.en.html');
    const script = doc.createElement('script');
    script.textContent = '{"s":"Admin permission required"}';
    doc.body.append(script);
    expect(readScreenReport(doc.body).kind).toBe(readScreen(doc.body).kind);
    expect(readScreenReport(doc.body).kind).not.toBe('unknown');
  });

  it('clips hostile page text to the message bounds, so a reading is never lost to validation', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const long = 'x'.repeat(5000);
    for (const label of Array.from(doc.querySelectorAll('[role="checkbox"], input[type="checkbox"]'))) {
      label.setAttribute('aria-label', `${long}<img src=x onerror=alert(1)>`);
    }
    const report = readScreenReport(doc.body);
    expect(ScreenReadingReport.safeParse(report).success).toBe(true);
    for (const waba of report.wabas) expect(waba.name.length).toBeLessThanOrEqual(200);
  });

  it('never throws and always produces a schema-valid report on arbitrary markup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom('', 'Admin permission required', 'Choose a WhatsApp Business account', 'People'), (junk, words) => {
        const doc = new DOMParser().parseFromString(`<html><body>${junk}<div role="alert">${words}</div>${junk}</body></html>`, 'text/html');
        const report = readScreenReport(doc.body);
        expect(ScreenReadingReport.safeParse(report).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('readPeopleAccess', () => {
  it.each(FIXTURES)('%s: the text gate never changes what readPeoplePage reads', (name) => {
    const doc = loadMetaFixture(name);
    const main = doc.querySelector('[role="main"]') ?? doc.body;
    const direct = readPeoplePage(main);
    const { access, complete, absent } = readPeopleAccess(main);
    expect(absent).toBe(direct.kind !== 'people');
    const level = direct.self?.accessLevel ?? null;
    expect(access.access).toBe(level === 'full-control' ? 'full-control' : level === 'partial-access' ? 'partial' : 'unknown');
    expect(complete).toBe(direct.kind === 'people' && direct.people.length > 0);
  });

  it('reports the signed-in person’s row on the People fixtures, and unknown where the page does not mark it', () => {
    const read = (name: string) => {
      const doc = loadMetaFixture(name);
      return readPeopleAccess(doc.querySelector('[role="main"]') ?? doc.body);
    };
    expect(read('people.en.html')).toEqual({ access: { access: 'partial', evidence: 'Sam Sample' }, complete: true, absent: false });
    expect(read('people.es.html')).toEqual({ access: { access: 'full-control', evidence: 'Ana Ejemplo' }, complete: true, absent: false });
    expect(read('people.pt-BR.html')).toEqual({ access: { access: 'unknown', evidence: null }, complete: true, absent: false });
    expect(read('unknown-unrelated-meta-page.en.html')).toEqual({ access: { access: 'unknown', evidence: null }, complete: false, absent: true });
  });
});
