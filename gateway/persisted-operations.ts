// Persisted operations. The reporting tools' operations are listed in a manifest in
// Apollo's persisted query list format; a client sends an operation's id as
// `extensions.persistedQuery.sha256Hash` and the gateway runs the manifest's text.
// Clients configured as persisted-only (PERSISTED_ONLY_CLIENTS: the reporting-service
// account by its `reporting` scope, by default) may run nothing else. Every other
// client may also send free-form operations and use automatic persisted queries
// (APQ), cached in memory, or in Redis when REDIS_URL is set.
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import type { Request } from 'express';
import { z } from 'zod';
import { ConfigError } from '../platform/config.js';
import { persistedQueryHashOf, refuseMismatchedPersistedQuery } from '../platform/input.js';
import { logger } from '../platform/logger.js';
import type { Viewer } from '../platform/policy.js';

export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

export type PersistedOperationManifest = z.infer<typeof manifestSchema>;
export type PersistedOperation = PersistedOperationManifest['operations'][number];

/** The manifest entries of a file of named operations: each id is the SHA-256 of its printed body, as Apollo's tools make them. */
export function manifestOf(operationsSource: string): PersistedOperationManifest {
  const operations = parse(operationsSource)
    .definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((definition) => {
      if (!definition.name) throw new Error('every persisted operation needs a name');
      const body = print(definition);
      return { id: createHash('sha256').update(body).digest('hex'), name: definition.name.value, type: definition.operation, body };
    });
  return { format: MANIFEST_FORMAT, version: 1, operations };
}

/** Reads and checks a manifest file; a missing or malformed one stops the process, naming the variable. */
export function loadManifest(path: string): Map<string, PersistedOperation> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Invalid configuration: PERSISTED_OPERATIONS_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) {
    throw new ConfigError(`Invalid configuration: PERSISTED_OPERATIONS_FILE: ${path} is not an ${MANIFEST_FORMAT} (version 1)`);
  }
  return new Map(manifest.data.operations.map((operation) => [operation.id, operation]));
}

/** `scope:<scope>` or `sub:<subject>`: a client that may run persisted operations only. */
export type PersistedOnlyClient = `${'scope' | 'sub'}:${string}`;

export function isPersistedOnly(viewer: Viewer, clients: readonly PersistedOnlyClient[]): boolean {
  if (viewer.kind !== 'user') return false;
  return clients.some((client) => {
    const separator = client.indexOf(':');
    const value = client.slice(separator + 1);
    return client.startsWith('scope:') ? viewer.scopes.has(value) : viewer.subject === value;
  });
}

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

export interface PersistedOperations {
  /**
   * Refuses a persisted-only client's request that does not name an operation of the
   * manifest, and any request whose persisted-query hash is not that of the text sent with
   * it (unless the hash is a manifest id: the manifest's text runs). Called while the context
   * is built, so it is a clean 400 before anything runs, and before the APQ cache is read:
   * a persisted-only client cannot register its own text.
   */
  admit(viewer: Viewer, req: Request): void;
  /** Runs the manifest's text for a request that names one of its operations. */
  plugin: ApolloServerPlugin<BaseContext>;
}

export function persistedOperations(
  manifest: ReadonlyMap<string, PersistedOperation>,
  persistedOnlyClients: readonly PersistedOnlyClient[],
): PersistedOperations {
  return {
    admit(viewer, req) {
      const id = persistedQueryHashOf(req);
      if (!isPersistedOnly(viewer, persistedOnlyClients)) {
        // A manifest id runs the manifest's text, whatever text came with it.
        if (id === undefined || !manifest.has(id)) refuseMismatchedPersistedQuery(req);
        return;
      }
      if (id === undefined) {
        throw refusal(
          'PERSISTED_QUERY_REQUIRED',
          'This client may run persisted operations only: send the id of an operation in the manifest as extensions.persistedQuery.sha256Hash',
        );
      }
      if (!manifest.has(id)) throw refusal('PERSISTED_QUERY_NOT_FOUND', 'No operation in the persisted-operation manifest has this id');
    },
    plugin: {
      async requestDidStart({ request }) {
        const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
        const operation = typeof hash === 'string' ? manifest.get(hash) : undefined;
        if (!operation) return;
        // The manifest's text runs, whatever text came with the id; the APQ cache is not consulted.
        const { persistedQuery: _persisted, ...extensions } = request.extensions ?? {};
        request.query = operation.body;
        request.extensions = extensions;
      },
    },
  };
}

export interface AutomaticPersistedQueries {
  /** Undefined for Apollo Server's own in-memory cache. */
  cache: KeyValueCache<string> | undefined;
  close(): Promise<void>;
}

/** The longest a request waits on Redis before it goes on as if the cache had missed. */
export const APQ_CACHE_WAIT_MS = 500;
/** The longest a gateway's start waits for its first connection to Redis; it goes on connecting after. */
const APQ_CONNECT_WAIT_MS = 2_000;

/**
 * The APQ cache: Apollo Server's in-memory one by default, Redis (shared by every gateway
 * process) when a URL is given. The Redis client is loaded only then. Redis is a cache, not
 * a dependency: while it is down or slow, a lookup gives up after APQ_CACHE_WAIT_MS (a miss:
 * the client sends the text again, as APQ clients do) and a store is skipped; the client
 * reconnects by itself, backing off to one attempt a second.
 */
export async function automaticPersistedQueries(redisUrl: string | undefined): Promise<AutomaticPersistedQueries> {
  if (!redisUrl) return { cache: undefined, close: async () => undefined };
  const [{ Keyv }, { default: KeyvRedis }, { createClient }] = await Promise.all([import('keyv'), import('@keyv/redis'), import('@redis/client')]);
  const client = createClient({
    url: redisUrl,
    // Commands sent while disconnected fail at once instead of queueing until Redis returns.
    disableOfflineQueue: true,
    commandsQueueMaxLength: 1_000,
    socket: { connectTimeout: APQ_CACHE_WAIT_MS, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000) },
  });
  const outage = cacheOutage();
  // The URL may hold a password, so only the message is logged, once an outage.
  client.on('error', (error: unknown) => outage.began(error));
  client.on('ready', () => outage.ended());
  // Commands are refused until the first connection is up (no offline queue): wait for it, briefly.
  const connected = client.connect().then(
    () => true,
    (error: unknown) => {
      outage.began(error);
      return false;
    },
  );
  if (!(await Promise.race([connected, delay(APQ_CONNECT_WAIT_MS, false)]))) outage.began(new Error(`no connection to Redis within ${APQ_CONNECT_WAIT_MS} ms`));
  const keyv = new Keyv<string>({ store: new KeyvRedis(client as never, { throwOnConnectError: false }), namespace: 'hub-apq', throwOnErrors: true });
  keyv.on('error', (error: unknown) => outage.began(error));
  // The adapter's types name keyv's CommonJS build and ours its ESM build: the same class.
  const redis = new KeyvAdapter<string>(keyv as never);
  return {
    cache: {
      get: (key) => withinWait(redis.get(key), outage).catch(() => undefined),
      set: (key, value, options) => withinWait(redis.set(key, value, options), outage).catch(() => undefined),
      delete: (key) => withinWait(redis.delete(key), outage).catch(() => false),
    },
    // Closing waits for commands in flight, which a stalled Redis never answers.
    close: async () => (client.isReady ? client.close() : client.destroy()),
  };
}

/** Logs the cache's outages, one line when one begins and one when it ends, not one per request. */
interface CacheOutage {
  began(error: unknown): void;
  ended(): void;
}

function cacheOutage(): CacheOutage {
  let down = false;
  return {
    began(error) {
      if (down) return;
      down = true;
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'APQ cache in Redis unavailable: going on without it');
    },
    ended() {
      if (!down) return;
      down = false;
      logger.info('APQ cache in Redis available again');
    },
  };
}

/** `work`'s result, or a rejection once APQ_CACHE_WAIT_MS has passed. */
function withinWait<T>(work: Promise<T>, outage: CacheOutage): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${APQ_CACHE_WAIT_MS} ms`)), APQ_CACHE_WAIT_MS);
  });
  // The abandoned call may still settle later; nothing waits for it.
  work.catch(() => undefined);
  return Promise.race([work, late])
    .then(
      (result) => {
        outage.ended();
        return result;
      },
      (error: unknown) => {
        outage.began(error);
        throw error;
      },
    )
    .finally(() => clearTimeout(timer));
}
