import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FeatureTopic, PanelTopic } from '../guidance/panel-model';
import { FEATURES, featureFor } from './index';

describe('the in-page features', () => {
  it('are found by the background, each with a content part and a panel', () => {
    expect(FEATURES.map((m) => m.feature.id).sort()).toEqual(['admin-access', 'app-removal', 'dialog-reading', 'temporary-token', 'token-dialog', 'waba-status']);
  });
  it('name the panel topics: the feature ids typed as literals, plus the panels no feature composes', () => {
    // Checked by the type checker (npx tsc --noEmit): a feature whose id widened to string would fail here.
    expectTypeOf<FeatureTopic>().toEqualTypeOf<'admin-access' | 'app-removal' | 'dialog-reading' | 'temporary-token' | 'token-dialog' | 'waba-status'>();
    expectTypeOf<Exclude<PanelTopic, FeatureTopic>>().toEqualTypeOf<'flow-outcome'>();
  });
  it('claim each page kind at most once', () => {
    const kinds = FEATURES.flatMap((m) => m.feature.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(featureFor('bm-people')?.feature.id).toBe('admin-access');
    expect(featureFor('other')).toBeNull();
  });
});
