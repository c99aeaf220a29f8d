/**
 * The one way a content script entrypoint starts: the page runtime wired to the real extension
 * bridge. Entrypoints say which page kinds they report and which features they carry.
 */
import type { ContentFeature } from '../features/types';
import type { PageKind } from '../meta/pages';
import { answerDocumentAlive, messenger, onStatusChange, onTabMessage } from './extension-bridge';
import { startPageRuntime } from './page-runtime';

type Ctx = Parameters<typeof messenger>[0] & { signal: AbortSignal };

export function runContentScript(ctx: Ctx, kinds: ReadonlySet<PageKind>, features: readonly ContentFeature[]): void {
  answerDocumentAlive(ctx.signal);
  startPageRuntime({ signal: ctx.signal, kinds, features, send: messenger(ctx), onStatusChange, onTabMessage });
}
