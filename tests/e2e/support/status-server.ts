/**
 * A minimal programmable HTTP server for browser tests of the extension's backend handling:
 * each test sets what `/v1/status` answers (a body, a status code, or a dropped connection).
 * Tests of the real backend use server/ instead.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply = { status: number; body: string } | { drop: true };

export interface StatusServer {
  url: string;
  reply: (next: Reply) => void;
  requests: { path: string; auth: string | undefined }[];
  close: () => Promise<void>;
}

export async function startStatusServer(initial: Reply): Promise<StatusServer> {
  let current = initial;
  const requests: StatusServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match');
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    requests.push({ path: req.url ?? '', auth: req.headers.authorization });
    if ('drop' in current) return void req.socket.destroy();
    res.writeHead(current.status, { 'Content-Type': 'application/json' }).end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reply: (next) => {
      current = next;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
