// The platform's entity lookup in another subgraph (platform/peers.ts): against the real
// people subgraph, the caller gets what their own token lets them read; against a
// recording server, what is sent; against servers that fail, SUBGRAPH_UNAVAILABLE.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { peersFor } from '../platform/peers.js';
import { asPersona, sqlRows, testHub } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

type PersonAnswer = { id: string; organisation: { code: string } | null } | null;

async function personOf(organisation: string): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(sql`select id from people.person where organisation_code = ${organisation} order by id limit 1`);
  return row!.id;
}

describe('asking the people subgraph', () => {
  it("answers as the caller: a colleague with their organisation, another council's person as null, in the order asked", async () => {
    const somerset = await personOf('E10000027');
    const taunton = await personOf('E07000190');
    const { authorization } = await asPersona('contact-centre');
    const peers = peersFor({ people: hub.subgraphs.people.url }, { requestId: 'peers-test-1', authorization });
    const answer = await peers.entities<PersonAnswer>('people', 'Person', 'id organisation { code }', [{ id: taunton }, { id: somerset }]);
    expect(answer).toEqual([null, { id: somerset, organisation: { code: 'E10000027' } }]);
  });

  it('gives an anonymous caller no one: people are hidden from it', async () => {
    const somerset = await personOf('E10000027');
    const peers = peersFor({ people: hub.subgraphs.people.url }, { requestId: 'peers-test-2' });
    expect(await peers.entities<PersonAnswer>('people', 'Person', 'id organisation { code }', [{ id: somerset }])).toEqual([null]);
  });
});

describe('what is sent, and when the peer fails', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  /** A server answering every request with `respond`, recording what it received. */
  async function peerAnswering(respond: (body: string) => { status: number; body: string } | null) {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const answer = respond(body);
        // null: never answer.
        if (answer) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, received };
  }

  const unavailable = new GraphQLError('The people service is unavailable', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });

  it("forwards the caller's Authorization, X-Purpose and request id, and asks through _entities", async () => {
    const peer = await peerAnswering(() => ({ status: 200, body: JSON.stringify({ data: { _entities: [null] } }) }));
    const caller = { requestId: 'req-42', authorization: 'Bearer a.b.c', purpose: 'Case SCC-2026-000001' };
    const answer = await peersFor({ people: peer.url }, caller).entities('people', 'Person', 'id', [{ id: 'p-1' }]);
    expect(answer).toEqual([null]);
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]!.headers).toMatchObject({ authorization: 'Bearer a.b.c', 'x-purpose': 'Case SCC-2026-000001', 'x-request-id': 'req-42' });
    expect(JSON.parse(peer.received[0]!.body)).toEqual({
      query: 'query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { id } } }',
      variables: { representations: [{ __typename: 'Person', id: 'p-1' }] },
    });
  });

  it('treats FORBIDDEN errors as what the caller may not read, and any other error as the peer failing', async () => {
    let errorCode = 'FORBIDDEN';
    const peer = await peerAnswering(() => ({
      status: 200,
      body: JSON.stringify({ data: { _entities: [{ id: 'p-1', organisation: null }] }, errors: [{ message: 'x', extensions: { code: errorCode } }] }),
    }));
    const peers = peersFor({ people: peer.url }, { requestId: 'req-43' });
    expect(await peers.entities('people', 'Person', 'id organisation { code }', [{ id: 'p-1' }])).toEqual([{ id: 'p-1', organisation: null }]);
    errorCode = 'INTERNAL_SERVER_ERROR';
    await expect(peers.entities('people', 'Person', 'id organisation { code }', [{ id: 'p-1' }])).rejects.toEqual(unavailable);
  });

  it('refuses an answer of the wrong shape, an HTTP error, a peer that does not answer in time, and a peer with no URL', async () => {
    const wrongShape = await peerAnswering(() => ({ status: 200, body: JSON.stringify({ data: { _entities: [] } }) }));
    await expect(peersFor({ people: wrongShape.url }, { requestId: 'r' }).entities('people', 'Person', 'id', [{ id: 'p-1' }])).rejects.toEqual(unavailable);
    server!.closeAllConnections();
    await new Promise((done) => server!.close(done));

    const failing = await peerAnswering(() => ({ status: 502, body: '{}' }));
    await expect(peersFor({ people: failing.url }, { requestId: 'r' }).entities('people', 'Person', 'id', [{ id: 'p-1' }])).rejects.toEqual(unavailable);
    server!.closeAllConnections();
    await new Promise((done) => server!.close(done));

    const silent = await peerAnswering(() => null);
    await expect(peersFor({ people: silent.url }, { requestId: 'r' }, 200).entities('people', 'Person', 'id', [{ id: 'p-1' }])).rejects.toEqual(unavailable);
    expect(silent.received).toHaveLength(1);

    await expect(peersFor({}, { requestId: 'r' }).entities('people', 'Person', 'id', [{ id: 'p-1' }])).rejects.toEqual(unavailable);
  });
});
