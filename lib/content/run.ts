/**
 * The one way a content script entrypoint starts: the page runtime wired to the real extension
 * bridge and the real screen readers. Entrypoints only say which page kinds are theirs.
 */
import type { PageKind } from '../meta/pages';
import { answerDocumentAlive, messenger, onStatusChange } from './extension-bridge';
import { startPageRuntime } from './page-runtime';
import { readPeopleAccess, readScreenReport } from './readings';

type Ctx = Parameters<typeof messenger>[0] & { signal: AbortSignal };

export function runContentScript(ctx: Ctx, kinds: ReadonlySet<PageKind>): void {
  answerDocumentAlive(ctx.signal);
  startPageRuntime({
    signal: ctx.signal,
    kinds,
    send: messenger(ctx),
    onStatusChange,
    readPeople: readPeopleAccess,
    readScreen: readScreenReport,
  });
}
