/**
 * Every name and message from the backend goes through `displayText` (lib/display-text.ts): a name
 * with a line break or a bidi override cannot forge or reorder a line of the report.
 *
 * The "Copy diagnostics" report: plain text an admin pastes into a support ticket. It carries what
 * support needs (statuses, problem codes, Graph error codes and fbtrace ids, times, extension
 * version, backend host) and nothing that grants access: no access token (not even masked), no
 * credentials from the backend URL, no query strings, no authorizing person's name.
 * As a last line of defence the finished text is scrubbed of the configured token and of anything
 * shaped like a bearer or Meta token, in case a backend echoed one into a message.
 */
import type { Connection, Workspace } from './contract';
import { effectiveStatus } from './health/effective-status';
import { overallHealth } from './health/model';
import { badgeFor, STATUS_WORDS } from './health/words';
import type { Settings } from './storage/settings';
import type { Snapshot } from './storage/snapshot';
import { redactSecrets } from './util/redact';
import { yesNo } from './util/english';
import { displayText } from './display-text';

export interface DiagnosticsInput {
  snapshot: Snapshot | null;
  settings: Settings;
  now: Date;
  extensionVersion: string;
  userAgent?: string;
  /** Only this workspace (the popup's per-workspace button); all when absent. */
  workspaceId?: string;
}


export function backendForDisplay(backendUrl: string | null): string {
  if (!backendUrl) return 'not set';
  try {
    const url = new URL(backendUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'set (not a valid URL)';
  }
}

const time = (iso: string | null, never = 'never') => iso ?? never;

function connectionLines(connection: Connection, now: number): string[] {
  const effective = effectiveStatus(connection, now);
  const lines = [
    `  Connection ${connection.id} (${connection.kind}): ${connection.status}${effective !== connection.status ? ` (now ${effective}: expiry passed since the last check)` : ''} — ${STATUS_WORDS[effective]}`,
    `    Token type: ${connection.tokenType}; expires: ${connection.lastCheckedAt ? time(connection.expiresAt) : 'unknown'}; data access expires: ${connection.lastCheckedAt ? time(connection.dataAccessExpiresAt) : 'unknown'}; issued: ${time(connection.issuedAt, 'unknown')}`,
    `    Last checked: ${time(connection.lastCheckedAt)}; authorizing user role: ${connection.authorizingUser.role}`,
  ];
  for (const scope of connection.scopes) {
    lines.push(`    Permission ${scope.scope}: declared ${yesNo(scope.declared)}, proven ${yesNo(scope.proven)}${scope.note ? ` (${displayText(scope.note, 300)})` : ''}`);
  }
  for (const waba of connection.wabas) {
    lines.push(
      `    WABA ${waba.id}${waba.name ? ` "${displayText(waba.name)}"` : ''}: expected ${yesNo(waba.expected)}, management ${yesNo(waba.management)}, messaging ${yesNo(waba.messaging)}, reachable ${yesNo(waba.reachable)}, health ${waba.health}`,
    );
  }
  for (const problem of connection.problems) {
    lines.push(`    Problem ${problem.code}${problem.wabaId ? ` (WABA ${problem.wabaId})` : ''}${problem.scope ? ` (${problem.scope})` : ''}: ${displayText(problem.message, 500)}`);
  }
  const error = connection.lastError;
  lines.push(
    error
      ? `    Last Graph error: ${error.category}, code ${error.code ?? 'none'}${error.subcode !== null ? `/${error.subcode}` : ''}, fbtrace_id ${error.fbtraceId ? displayText(error.fbtraceId, 100) : 'none'}, at ${error.at}: ${displayText(error.message, 1000)}`
      : '    Last Graph error: none',
  );
  return lines;
}

function workspaceLines(workspace: Workspace, now: number): string[] {
  return [
    `Workspace ${displayText(workspace.name)} (${workspace.id}); business portfolio ${workspace.businessId ?? 'unknown'}`,
    ...workspace.connections.flatMap((c) => connectionLines(c, now)),
    ...(workspace.connections.length ? [] : ['  No connections.']),
  ];
}

export function buildDiagnostics(input: DiagnosticsInput): string {
  const { snapshot, settings, now } = input;
  const nowMs = now.getTime();
  const overall = overallHealth(snapshot, nowMs, settings.pollMinutes);
  const badge = badgeFor(overall);
  const lines = [
    'Reconnect Assistant diagnostics',
    `Generated: ${now.toISOString()}`,
    `Extension version: ${input.extensionVersion}`,
    ...(input.userAgent ? [`Browser: ${input.userAgent}`] : []),
    `Backend: ${backendForDisplay(settings.backendUrl)}`,
    `Access token: ${settings.accessToken ? 'set' : 'not set'}`,
    `Poll interval: ${settings.pollMinutes} min; notifications ${settings.notifications ? 'on' : 'off'}; muted workspaces: ${settings.mutedWorkspaces.length}`,
    `Last poll: ${snapshot ? `${snapshot.lastAttemptAt}, ${snapshot.outcome}${snapshot.detail ? ` (${displayText(snapshot.detail, 1000)})` : ''}` : 'never'}`,
    ...(snapshot?.failingSince ? [`Failing since: ${snapshot.failingSince} (${snapshot.failures} failed polls)`] : []),
    `Last good status: ${snapshot?.lastGood ? `fetched ${snapshot.lastGood.fetchedAt}, generated by the backend ${snapshot.lastGood.status.generatedAt}` : 'none'}`,
    `Overall: ${overall.state}; badge "${badge.text}"; ${badge.title}`,
    '',
  ];
  const workspaces = (snapshot?.lastGood?.status.workspaces ?? []).filter((w) => !input.workspaceId || w.id === input.workspaceId);
  if (input.workspaceId && !workspaces.length) lines.push(`Workspace ${input.workspaceId}: not in the last known status.`);
  for (const workspace of workspaces) lines.push(...workspaceLines(workspace, nowMs), '');
  return redactSecrets(lines.join('\n').trimEnd() + '\n', [settings.accessToken]);
}

