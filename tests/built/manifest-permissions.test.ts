/**
 * The built manifests ask for nothing that docs/permissions.json does not justify: permissions,
 * host permissions, optional host permissions, content-script matches and web-accessible resources
 * (each readable only where a content script of ours runs, in Chromium only at the dynamic URL), for every build present
 * in .output/ (the Chrome/Edge build is required; the Firefox one is checked when built).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const justified = JSON.parse(readFileSync('docs/permissions.json', 'utf8')) as Record<string, Record<string, string>>;

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[]; use_dynamic_url?: boolean }[];
}

function unjustified(list: string[] | undefined, key: string): string[] {
  const allowed = justified[key] ?? {};
  return (list ?? []).filter((entry) => !(entry in allowed) || !allowed[entry]?.trim());
}

const builds = [
  { dir: '.output/chrome-mv3', required: true },
  { dir: '.output/firefox-mv3', required: process.env.CI === 'true' },
];

describe.each(builds)('manifest of $dir', ({ dir, required }) => {
  const file = path.join(dir, 'manifest.json');
  it('asks only for justified permissions', () => {
    if (!existsSync(file)) {
      expect(required, `${file} missing: build it first`).toBe(false);
      return;
    }
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    expect(unjustified(m.permissions, 'permissions'), 'permissions without a justification').toEqual([]);
    // Optional API permissions are justified in the same list as required ones.
    expect(unjustified(m.optional_permissions, 'permissions'), 'optional permissions without a justification').toEqual([]);
    expect(unjustified(m.host_permissions, 'host_permissions'), 'host permissions without a justification').toEqual([]);
    expect(unjustified(m.optional_host_permissions, 'optional_host_permissions'), 'optional host permissions without a justification').toEqual([]);
    const matches = (m.content_scripts ?? []).flatMap((c) => c.matches);
    expect(unjustified(matches, 'content_script_matches'), 'content-script matches without a justification').toEqual([]);
    const exposed = m.web_accessible_resources ?? [];
    const origins = new Set(matches.map((match) => /^https:\/\/[a-z0-9.-]+/.exec(match)?.[0]).filter(Boolean));
    expect(unjustified(exposed.flatMap((r) => r.resources), 'web_accessible_resources'), 'web-accessible resources without a justification').toEqual([]);
    for (const entry of exposed) {
      // Only pages our content scripts already run on, never other extensions, never a wildcard.
      expect(entry.extension_ids ?? [], 'web-accessible to other extensions').toEqual([]);
      expect(entry.matches?.length, `${entry.resources.join(', ')}: no matches`).toBeGreaterThan(0);
      // Chromium takes only an origin here (a path other than /* is an invalid manifest): each match
      // is one, and it is the origin of one of our content scripts' matches.
      expect(entry.matches?.filter((match) => !/^https:\/\/[a-z0-9.-]+\/\*$/.test(match)), 'web-accessible matches that are not an origin').toEqual([]);
      expect(entry.matches?.filter((match) => !origins.has(match.slice(0, -2))), 'web-accessible where no content script of ours runs').toEqual([]);
      // Chromium: only at the per-session dynamic URL; Firefox's extension origin is random per install.
      if (!dir.includes('firefox')) expect(entry.use_dynamic_url, `${entry.resources.join(', ')}: use_dynamic_url`).toBe(true);
    }
  });
});
