// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSeed, SeedError } from './seed';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate the JSON freely to break it
const demo = () => JSON.parse(readFileSync(new URL('./demo/seed.json', import.meta.url), 'utf8')) as Record<string, any>;

function errorOf(json: unknown): string {
  try {
    parseSeed(json, 'test seed');
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return (error as Error).message;
  }
  throw new Error('the seed was accepted');
}

describe('seed validation', () => {
  it('accepts the demo seed', () => {
    expect(parseSeed(demo()).workspaces).toHaveLength(9);
  });

  // Consistency rules (duplicates, references) run once the structure is valid.
  it('names every offending path', () => {
    const seed = demo();
    seed.meta.appId = 'abc';
    seed.meta.graphApiVersion = '24';
    seed.workspaces[0].connections[0].kind = 'instagram';
    seed.workspaces[2].id = 'has space';
    const message = errorOf(seed);
    expect(message).toContain('test seed is not a valid seed');
    expect(message).toContain('meta.appId: a Meta id is a string of digits');
    expect(message).toContain('meta.graphApiVersion: a Graph API version looks like v24.0');
    expect(message).toContain('workspaces[0].connections[0].kind');
    expect(message).toContain('workspaces[2].id');
  });

  it('refuses unknown keys (typos), duplicate ids and unknown admin workspaces', () => {
    const typo = demo();
    typo.workspaces[0].reconectUrl = 'https://x.test';
    expect(errorOf(typo)).toContain('Unrecognized key: "reconectUrl"');
    const dup = demo();
    dup.workspaces[1].id = dup.workspaces[0].id;
    dup.workspaces[1].connections[0].id = dup.workspaces[0].connections[0].id;
    const message = errorOf(dup);
    expect(message).toContain('workspace id "acme-support" is used twice');
    expect(message).toContain('connection id "acme-wa" is used twice');
    const twice = demo();
    twice.workspaces[1].expectedWabas.push({ ...twice.workspaces[1].expectedWabas[0] });
    expect(errorOf(twice)).toContain('workspaces[1].expectedWabas: WABA "900000000000021" is listed twice');
    const ghost = demo();
    ghost.admins[0].workspaces = ['ghost'];
    expect(errorOf(ghost)).toContain('admins[0].workspaces[0]: unknown workspace "ghost"');
  });

  it('requires high-entropy admin tokens and never echoes one', () => {
    const seed = demo();
    seed.admins[0].token = 'short-token';
    seed.admins[1].token = 'has a space in it 0123456789abcdef';
    const message = errorOf(seed);
    expect(message).toContain('admins[0].token: admin tokens must be at least 24 random characters');
    expect(message).toContain('admins[1].token: admin tokens are printable ASCII without spaces');
    expect(message).not.toContain('short-token');
    const same = demo();
    same.admins[1].token = same.admins[0].token;
    const dupMessage = errorOf(same);
    expect(dupMessage).toContain('two admins share the same token');
    expect(dupMessage).not.toContain(same.admins[0].token);
  });

  it('only allows https (or http on localhost) reconnect URLs', () => {
    // Relative and empty URLs too: they once made the URL check throw a raw TypeError at start-up.
    for (const url of ['javascript:alert(1)', 'http://app.example.test/reconnect', 'ftp://x.test', '/settings/reconnect', '', 'not a url']) {
      const seed = demo();
      seed.workspaces[0].reconnectUrl = url;
      expect(errorOf(seed)).toContain('workspaces[0].reconnectUrl');
    }
    const local = demo();
    local.workspaces[0].reconnectUrl = 'http://localhost:3000/reconnect';
    expect(() => parseSeed(local)).not.toThrow();
  });

  it('only allows an https Graph API URL, or plain http to this machine (the simulator)', () => {
    for (const url of ['http://graph.example.test', 'ftp://127.0.0.1', 'not a url']) {
      const seed = demo();
      seed.meta.graphApiBaseUrl = url;
      expect(errorOf(seed)).toContain('meta.graphApiBaseUrl');
    }
    const local = demo();
    local.meta.graphApiBaseUrl = 'http://127.0.0.1:9100';
    expect(() => parseSeed(local)).not.toThrow();
  });
});
