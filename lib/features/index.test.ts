import { describe, expect, it } from 'vitest';
import { FEATURES, featureFor } from './index';

describe('the in-page features', () => {
  it('are found by the background, each with a content part and a panel', () => {
    expect(FEATURES.map((m) => m.feature.id).sort()).toEqual(['admin-access', 'app-removal', 'dialog-reading', 'token-dialog', 'waba-status']);
  });
  it('claim each page kind at most once', () => {
    const kinds = FEATURES.flatMap((m) => m.feature.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(featureFor('bm-people')?.feature.id).toBe('admin-access');
    expect(featureFor('other')).toBeNull();
  });
});
