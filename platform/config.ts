// Runtime configuration, read from the environment once and validated. A wrong
// value stops the process with a message naming the variable; with nothing set,
// `npm start` runs on the embedded database.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { portSetting, SUBGRAPHS, urlSetting } from '../subgraphs/registry.js';

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().min(1);
const url = z.url({ protocol: /^https?$/ });
const host = z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'must be an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name' });
const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

/**
 * The shared secret of the embedded demo identity, so that `npm start` and
 * `npm run token` work with nothing set. Public by design: production refuses it.
 */
export const DEMO_AUTH_SECRET = 'cross-sector-hub-demo-identity-secret-not-for-production';

/** The pagination cursors' demo seal (pagination.ts), public in the same way: production refuses it. */
export const DEMO_CURSOR_SECRET = 'cross-sector-hub-demo-cursor-secret-not-for-production';

/** JWS algorithms the hub can verify, by key type. `none` is never one of them. */
const SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
const DEFAULT_SECRET_ALGORITHMS = ['HS256'];
const DEFAULT_JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** Each subgraph's port (PEOPLE_PORT, default from the registry) and URL (PEOPLE_URL, unset: its port on this machine). */
function subgraphSettings() {
  const settings = SUBGRAPHS.flatMap(({ name, port: defaultPort }) => [
    [portSetting(name), port.default(defaultPort)],
    [urlSetting(name), url.optional()],
  ]);
  return Object.fromEntries(settings) as Record<ReturnType<typeof portSetting>, ReturnType<typeof port.default>> &
    Record<ReturnType<typeof urlSetting>, ReturnType<typeof url.optional>>;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  // Where the gateway listens: loopback unless a deployment opens it (0.0.0.0, or one interface's address).
  HOST: host.default('127.0.0.1'),
  PORT: port.default(4000),
  // Where subgraphs listen: loopback, so that only the gateway on the same machine reaches them.
  SUBGRAPH_HOST: host.default('127.0.0.1'),
  ...subgraphSettings(),
  AUTH_ISSUER: z.string().min(1).default('https://hub.example.gov.uk/demo-identity'),
  AUTH_AUDIENCE: z.string().min(1).default('cross-sector-hub'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEMO_AUTH_SECRET),
  AUTH_JWKS_URL: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  AUTH_ALGORITHMS: z.string().optional(),
  // partial: refused fields come back null with FORBIDDEN errors; strict: the whole operation is refused.
  ACCESS_MODE: z.enum(['partial', 'strict']).default('partial'),
  // Seals pagination cursors; every process of one deployment needs the same value.
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEMO_CURSOR_SECRET),
  // The persisted-operation manifest (Apollo's persisted query list format); by default the
  // one beside the code (schema/, copied into dist/ by the build), wherever the process starts.
  PERSISTED_OPERATIONS_FILE: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../schema/persisted-operations.json', import.meta.url))),
  // Fill an empty database with the demo data at start: unset, yes in development and no
  // otherwise, so production never gets demo rows unless it asks (demoDataWanted).
  DEMO_DATA: flag.optional(),
  // Clients that may run persisted operations only: comma-separated `scope:<scope>` or `sub:<subject>`.
  PERSISTED_ONLY_CLIENTS: z
    .string()
    .default('scope:reporting')
    .transform((list) =>
      list
        .split(',')
        .map((client) => client.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.templateLiteral([z.enum(['scope', 'sub']), ':', z.string().regex(/^\S+$/)], { error: 'each entry must be scope:<scope> or sub:<subject>' })),
    ),
  // Automatic persisted queries are cached in Redis when set, in memory otherwise.
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  // What one request may ask for (docs/endpoint.md, Limits).
  LIMIT_DEPTH: positive.default(10),
  LIMIT_ALIASES: positive.default(20),
  LIMIT_DIRECTIVES: positive.default(20),
  LIMIT_TOKENS: positive.default(2000),
  LIMIT_COST: positive.default(20000),
  LIMIT_BODY_BYTES: positive.default(1_048_576),
  // Bearer token that /metrics asks for; without it /metrics is open outside production and closed in it.
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // On SIGTERM or SIGINT: how long requests in flight may take to finish before they are dropped.
  SHUTDOWN_GRACE_MS: positive.default(10_000),
  // How often every process reads the organisation registry again: a change takes effect everywhere within this, plus one read.
  REGISTRY_REFRESH_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
});

/**
 * Cross-variable rules of the identity settings: the algorithm list fits the key
 * source (HMAC with the secret, asymmetric with a JWKS, so one key can never be
 * read as the other), and production never runs on the published demo secret.
 */
const config = schema.transform((env, context) => {
  const { AUTH_ALGORITHMS: listed, ...rest } = env;
  const usesJwks = env.AUTH_JWKS_URL !== undefined || env.AUTH_JWKS_FILE !== undefined;
  const problem = (path: string, message: string) => context.issues.push({ code: 'custom', path: [path], message, input: env });
  if (env.AUTH_JWKS_URL !== undefined && env.AUTH_JWKS_FILE !== undefined) {
    problem('AUTH_JWKS_FILE', 'set AUTH_JWKS_URL or AUTH_JWKS_FILE, not both');
  }
  if (env.NODE_ENV === 'production' && !usesJwks && env.AUTH_SECRET === DEMO_AUTH_SECRET) {
    problem('AUTH_SECRET', 'the demo secret cannot be used in production; set AUTH_JWKS_URL or AUTH_JWKS_FILE (or your own AUTH_SECRET)');
  }
  if (env.NODE_ENV === 'production' && env.CURSOR_SECRET === DEMO_CURSOR_SECRET) {
    problem('CURSOR_SECRET', 'the demo cursor secret cannot be used in production; set your own (at least 32 characters)');
  }
  const allowed: readonly string[] = usesJwks ? JWKS_ALGORITHMS : SECRET_ALGORITHMS;
  const algorithms =
    listed === undefined
      ? usesJwks
        ? DEFAULT_JWKS_ALGORITHMS
        : DEFAULT_SECRET_ALGORITHMS
      : listed
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
  const unsupported = algorithms.filter((name) => !allowed.includes(name));
  if (algorithms.length === 0) problem('AUTH_ALGORITHMS', 'list at least one algorithm');
  else if (unsupported.length > 0) {
    const keys = usesJwks ? 'a JWKS (AUTH_JWKS_URL or AUTH_JWKS_FILE)' : 'AUTH_SECRET';
    problem('AUTH_ALGORITHMS', `${unsupported.join(', ')} cannot be used with ${keys}; use some of ${allowed.join(', ')}`);
  }
  return { ...rest, AUTH_ALGORITHMS: algorithms };
});

export type Config = z.output<typeof config>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {}

/** Whether an empty database gets the demo data: DEMO_DATA when set, else only in development. */
export function demoDataWanted(config: Pick<Config, 'DEMO_DATA' | 'NODE_ENV'>): boolean {
  return config.DEMO_DATA ?? config.NODE_ENV === 'development';
}
