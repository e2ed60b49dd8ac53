// Redis is a cache, not a dependency: with the APQ cache's Redis cut off or hanging in the
// middle of a load, no request waits longer than the cache's bound and every one is answered
// (a lookup that gives up is a miss, so the client sends the text again); once Redis is back,
// the gateway uses it again by itself.
import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APQ_CACHE_WAIT_MS } from '../gateway/persisted-operations.js';
import { post } from './support/attacks.js';
import { gatewayOver, testHub } from './support/hub.js';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until } from './support/until.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisReachable = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(1000);
  const answered = (reachable: boolean) => {
    socket.destroy();
    resolve(reachable);
  };
  socket.once('connect', () => answered(true));
  socket.once('error', () => answered(false));
  socket.once('timeout', () => answered(false));
});

/** What a client waits at most while Redis is away: the cache's bound, with room for the request itself on a busy machine. */
const STATED_BOUND_MS = 2_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byHash = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

let redis: TcpProxy;
let gateway: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  if (!redisReachable) return;
  const hub = await testHub();
  redis = await tcpProxy(REDIS_URL, 6379);
  gateway = await gatewayOver(hub, { settings: { REDIS_URL: redis.url } });
});

afterAll(async () => {
  await gateway?.stop();
  await redis?.close();
});

interface Outcome {
  ms: number;
  /** Whether the hash alone was enough (a cache hit). */
  hit: boolean;
  errors: unknown[];
}

/** One APQ client's request: the hash first, the text too when the cache has missed. */
async function apqRequest(query: string): Promise<Outcome> {
  const started = performance.now();
  const first = await post(gateway.url, byHash(query));
  const missed = first.body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND';
  const answer = missed ? await post(gateway.url, { query, ...byHash(query) }) : first;
  return { ms: performance.now() - started, hit: !missed, errors: answer.body.errors ?? (answer.body.data ? [] : ['no data']) };
}

describe.skipIf(!redisReachable)(`the APQ cache in Redis (${REDIS_URL}; skipped when unreachable)`, () => {
  it(`goes on without Redis when it is cut off or hangs mid-load, within ${STATED_BOUND_MS} ms a request, and uses it again when it is back`, async () => {
    expect(APQ_CACHE_WAIT_MS).toBeLessThan(STATED_BOUND_MS);
    const queries = Array.from({ length: 4 }, () => `{ organisations { code apq_${randomUUID().replaceAll('-', '')}: name } }`);
    const outcomes: Outcome[] = [];
    let loading = true;
    const clients = queries.map(async (query) => {
      while (loading) outcomes.push(await apqRequest(query));
    });
    const phase = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await phase(500);
    redis.stall();
    await phase(2_000);
    redis.restore();
    await phase(500);
    redis.cut();
    await phase(2_000);
    redis.restore();
    await phase(500);
    loading = false;
    await Promise.all(clients);

    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual([]);
    expect(Math.max(...outcomes.map((outcome) => outcome.ms))).toBeLessThan(STATED_BOUND_MS);
    // Back by itself: a query registered now is found by its hash alone.
    await until(
      async () => {
        const query = `{ organisations { back_${randomUUID().replaceAll('-', '')}: code } }`;
        await apqRequest(query);
        return (await apqRequest(query)).hit;
      },
      { deadlineMs: 10_000, what: 'the gateway to use Redis again' },
    );
  });
});
