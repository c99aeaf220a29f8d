/**
 * Features whose code loads only on the pages that run them. The Business Suite script matches every
 * business.facebook.com page, but only three page kinds read the page (People, the system-user token
 * dialog, hosted Embedded Signup): their readers, the live checklist and the screen outline are one
 * extra script (entrypoints/business-manager-readers.ts) that the content script imports the first
 * time one of those pages opens. Everything else on Business Suite runs the small script alone.
 *
 *   base script: onDemandFeature(meta, load) ──view of a matching kind──▶ load() (once per document)
 *        └─▶ import(runtime.getURL(chunk)) ─▶ the chunk runs provideFeatures({ id: start }) in the
 *            same isolated world ─▶ start(view) of the feature with that id
 *
 * The login-dialog script does the same with its own chunk (entrypoints/facebook-dialog-on-demand.ts:
 * the live checklist's drawer, the screen outline, the rule packs other than English), which
 * provides named entry points instead of feature starts (lib/content/facebook-dialog-features.ts).
 * One chunk per script: the chunk leaves what it provides in one place of the isolated world.
 *
 * The chunk reaches the extension only through the FeatureView it is given (send, tab messages),
 * so it carries no extension API of its own. Why a web-accessible resource, what a page can learn
 * from it and what the load costs: docs/permissions.json (web_accessible_resources).
 */
import type { ContentFeature, FeatureView } from '../features/types';

/** What a chunk provides: each feature's content part, by feature id. */
export type FeatureStarts = Readonly<Record<string, (view: FeatureView) => void>>;

/** Where a chunk leaves what it provides: a global of the content script's own isolated world (pages cannot see it). */
const PROVIDED = Symbol.for('reconnect-assistant/on-demand-features');

type Holder = { [PROVIDED]?: object };

/**
 * Called by the chunk when it runs. What it provides is feature starts by id (the Business Suite
 * readers), or another record of entry points its script agrees on (the dialog's checklist drawer).
 */
export function provideFeatures<T extends object = FeatureStarts>(provided: T, global: object = globalThis): void {
  (global as Holder)[PROVIDED] = provided;
}

/**
 * Loads a chunk once per document: `importUrl` is the browser's module loader (a dynamic import of
 * the extension URL); a failed load is retried by the next view instead of being remembered.
 */
export function chunkLoader<T extends object = FeatureStarts>(url: () => string, importUrl: (url: string) => Promise<unknown>, global: object = globalThis): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= importUrl(url()).then(() => {
      const provided = (global as Holder)[PROVIDED];
      if (!provided) throw new Error('the chunk loaded but provided no features');
      return provided as T;
    });
    loading.catch(() => {
      loading = null;
    });
    return loading;
  };
}

export type FeatureMeta = Pick<ContentFeature, 'id' | 'kinds' | 'placement'>;

/**
 * A feature whose code is in a chunk: the same id, kinds and placement as the real feature module
 * (lib/features/<id>.ts; a test compares them), and a start that loads the chunk first. A view that
 * ended while the chunk loaded starts nothing. A chunk that cannot load leaves the page unread: the
 * background has no reading, so what depends on one shows as not verified.
 */
export function onDemandFeature(meta: FeatureMeta, load: () => Promise<FeatureStarts>, onError: (error: unknown) => void = () => undefined): ContentFeature {
  return {
    ...meta,
    start: (view) => {
      load().then(
        (starts) => {
          if (view.signal.aborted) return;
          const start = starts[meta.id];
          if (!start) throw new Error(`the chunk has no feature ${meta.id}`);
          start(view);
        },
        onError,
      ).catch(onError);
    },
  };
}
