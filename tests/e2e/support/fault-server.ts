/**
 * A backend that misbehaves on cue, for the browser resilience suite: each fault is real at the
 * HTTP level (a closed port, a stall before or after the headers, a status code with its headers,
 * bytes that are not JSON, JSON that breaks the contract), so the extension meets it exactly as it
 * would meet a broken product backend. CORS is answered as a conforming backend must: ETag and
 * Retry-After are exposed to the extension.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'ok'; body: string; etag?: string }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'stall-before-headers'; ms: number }
  | { kind: 'stall-after-headers' }
  | { kind: 'raw'; contentType: string; body: string };

export interface FaultServer {
  url: string;
  /** The port stays reserved for `restart()`. */
  port: number;
  set(fault: Fault): void;
  /** Paths of the requests received (preflights excluded), oldest first. */
  requests: string[];
  /** Closes the listener: the port refuses connections until `restart()`. */
  down(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultServer(initial: Fault): Promise<FaultServer> {
  let fault = initial;
  const requests: string[] = [];
  const pending = new Set<ServerResponse>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    requests.push(req.url ?? '');
    const current = fault;
    switch (current.kind) {
      case 'ok':
        if (current.etag && req.headers['if-none-match'] === current.etag) return void res.writeHead(304, { ETag: current.etag }).end();
        return void res.writeHead(200, { 'Content-Type': 'application/json', ...(current.etag ? { ETag: current.etag } : {}) }).end(current.body);
      case 'status':
        return void res.writeHead(current.status, { 'Content-Type': 'application/json', ...current.headers }).end(current.body ?? '{"error":{"code":"internal","message":"fault"}}');
      case 'stall-before-headers': {
        pending.add(res);
        const timer = setTimeout(() => {
          pending.delete(res);
          if (!res.destroyed) res.writeHead(503).end();
        }, current.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'stall-after-headers':
        pending.add(res);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"apiVersion":"v1","generatedAt":');
        return;
      case 'raw':
        return void res.writeHead(200, { 'Content-Type': current.contentType }).end(current.body);
    }
  };
  let server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const res of pending) res.destroy();
      pending.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    set: (next) => {
      fault = next;
    },
    requests,
    down: stop,
    restart: async () => {
      server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}
