import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PopupChecklist } from './PopupChecklist';

describe('PopupChecklist', () => {
  it('names the region by the worst state, puts each state word first and the revocation warning in an alert', () => {
    const html = renderToStaticMarkup(
      <PopupChecklist
        view={{
          items: [
            { state: 'passed', label: 'Admin access', found: 'Meta showed no admin-access error on the screens read so far' },
            { state: 'failed', label: 'WhatsApp accounts', found: 'Acme Sales Line is not selected' },
          ],
          alerts: ['Finishing now revokes the product’s access to Acme Sales Line.'],
          workspaceName: 'Acme Support',
          workspaceChoice: null,
          offerOutline: false,
        }}
      />,
    );
    expect(html).toContain('aria-label="Reconnect checklist: Failed"');
    expect(html).toContain('<li data-state="failed">Failed — WhatsApp accounts: Acme Sales Line is not selected</li>');
    expect(html).toContain('<p role="alert">Finishing now revokes');
    expect(html).toContain('for Acme Support');
  });
});
