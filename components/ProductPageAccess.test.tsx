import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { unseenOutcome } from '@/lib/product-page/access';
import { stored } from '@/lib/storage/items';
import { ProductPageAccess } from './ProductPageAccess';

afterEach(() => cleanup());

async function seedStart(url: string) {
  await stored.reconnectStarts.set({ 'ws-1': { workspaceId: 'ws-1', startedAt: '2026-12-01T10:00:00.000Z', source: 'popup', url, plan: null, before: null } });
}

describe('Allow on <product host>', () => {
  it('asks the browser for exactly the product’s origin from the click, and shows it allowed', async () => {
    await seedStart('https://app.example.com/reconnect/start?ticket=t');
    const granted = new Set<string>();
    fakeBrowser.permissions.contains = vi.fn(async ({ origins }: { origins?: string[] }) => (origins ?? []).every((o) => granted.has(o)));
    const request = vi.fn(async ({ origins }: { origins?: string[] }) => {
      (origins ?? []).forEach((o) => granted.add(o));
      return true;
    });
    fakeBrowser.permissions.request = request;
    render(<ProductPageAccess />);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow on app.example.com' }));
    expect(request).toHaveBeenCalledWith({ origins: ['https://app.example.com/*'] });
    expect(await screen.findByText('Allowed on app.example.com.')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Remove' })).toBeTruthy();
  });

  it('says so when no product site is known yet', async () => {
    render(<ProductPageAccess />);
    expect(await screen.findByText(/No product site is known yet/)).toBeTruthy();
  });
});

describe('unseenOutcome', () => {
  it('is not-allowed without any grant, not-seen with one', () => {
    expect(unseenOutcome({ granted: [] })).toEqual({ kind: 'none', why: 'not-allowed' });
    expect(unseenOutcome({ granted: ['https://app.example.com'] })).toEqual({ kind: 'none', why: 'not-seen' });
  });
});
