// A proxy in front of one subgraph that records what the gateway sends and can hold
// GraphQL requests until released: it makes a request slow on purpose, to show what a
// server does with requests in flight.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SubgraphProxy {
  /** The proxy's GraphQL URL, to give the gateway in place of the subgraph's. */
  url: string;
  /** Headers of each GraphQL request received, and of the subgraph's answer to it. */
  exchanges: { request: IncomingHttpHeaders; response: Headers }[];
  /** From now on GraphQL requests wait for release(); resolves when the first one arrives. */
  hold(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function subgraphProxy(target: string): Promise<SubgraphProxy> {
  const exchanges: SubgraphProxy['exchanges'] = [];
  let held: { arrived: () => void; released: Promise<void>; release: () => void } | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const graphql = req.method === 'POST';
    if (graphql && held) {
      held.arrived();
      await held.released;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0]),
      ),
    );
    const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method ?? 'GET', headers, ...(graphql ? { body: Buffer.concat(chunks) } : {}) });
    if (graphql) exchanges.push({ request: req.headers, response: answer.headers });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
      ...(answer.headers.get('x-request-id') ? { 'x-request-id': answer.headers.get('x-request-id')! } : {}),
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    exchanges,
    hold() {
      return new Promise((arrived) => {
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        held = { arrived, released, release };
      });
    },
    release() {
      held?.release();
      held = undefined;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
