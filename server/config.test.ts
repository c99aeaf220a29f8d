// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseEnv } from './config';

describe('environment', () => {
  it('refuses GRAPH_API_BASE_URL over plain http to another host', () => {
    expect(() => parseEnv({ GRAPH_API_BASE_URL: 'http://graph.example.test' })).toThrow(/GRAPH_API_BASE_URL/);
    expect(parseEnv({ GRAPH_API_BASE_URL: 'http://localhost:9100' }).GRAPH_API_BASE_URL).toBe('http://localhost:9100');
    expect(parseEnv({}).HEADERS_TIMEOUT_MS).toBe(30_000);
  });
});
