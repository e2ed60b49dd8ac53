// Express wiring shared by the gateway and the subgraphs: /graphql, /health (alive),
// /ready (able to serve), /metrics, one JSON log line per GraphQL request, and a
// listener that drains in-flight requests when it closes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { logger } from './logger.js';
import { metricsEndpoint, type Metrics, type MetricsAccess } from './metrics.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The caller's request id when it is well formed (the gateway sends one), else a new one. */
export function requestIdOf(req: Request): string {
  const given = req.header(REQUEST_ID_HEADER);
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Whether each dependency answers: the database for a subgraph, each subgraph for the gateway. */
export type Readiness = () => Promise<Record<string, boolean>>;

export interface HttpOptions {
  /** Largest request body accepted, in bytes. */
  bodyBytes: number;
  /** Bytes accepted beyond bodyBytes for `variables.representations` only (a subgraph's entity fetches). */
  representationBytes?: number;
  metrics: Metrics;
  metricsAccess: MetricsAccess;
  ready: Readiness;
  /**
   * The organisation registry, served at GET /registry to the standalone gateway (which has no
   * database): a subgraph's own port, private to the deployment like every subgraph endpoint.
   */
  registry?: () => Promise<unknown>;
  /** Answers a browser's GET /graphql before the server does (the gateway's explorer, in development). */
  explorer?: RequestHandler | undefined;
}

export function graphqlApp<Context extends BaseContext>(
  server: ApolloServer<Context>,
  context: (req: Request, requestId: string) => Promise<Context>,
  options: HttpOptions,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(options.metrics.httpRequests);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await options.ready();
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      checks: Object.fromEntries(Object.entries(checks).map(([name, ok]) => [name, ok ? 'ok' : 'unavailable'])),
    });
  });
  app.get('/metrics', metricsEndpoint(options.metrics, options.metricsAccess));
  const { registry } = options;
  if (registry) {
    app.get('/registry', async (_req, res) => {
      try {
        res.set('cache-control', 'no-store').json(await registry());
      } catch {
        res.status(503).json({ status: 'unavailable' });
      }
    });
  }
  app.use(
    '/graphql',
    (req, res, next) => {
      const requestId = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.locals.requestId = requestId;
      logRequest(req, res, requestId);
      next();
    },
    ...(options.explorer ? [options.explorer] : []),
    express.json({ limit: options.bodyBytes + (options.representationBytes ?? 0), verify: recordBodyLength }),
    ...(options.representationBytes ? [withinBodyLimit(options.bodyBytes)] : []),
    expressMiddleware(server, { context: ({ req, res }) => context(req, res.locals.requestId as string) }),
  );
  app.use(requestErrors(options));
  return app;
}

const BODY_LENGTH = Symbol('bodyLength');

function recordBodyLength(req: IncomingMessage, _res: ServerResponse, body: Buffer): void {
  (req as IncomingMessage & { [BODY_LENGTH]?: number })[BODY_LENGTH] = body.length;
}

/**
 * A body past the limit is refused as the body parser refuses it unless what is past the
 * limit is `variables.representations`, which a router fills with the entities of the
 * operation the gateway admitted and whose count the cost limit bounds.
 */
function withinBodyLimit(bodyBytes: number): RequestHandler {
  return (req, _res, next) => {
    const length = (req as Request & { [BODY_LENGTH]?: number })[BODY_LENGTH] ?? 0;
    if (length <= bodyBytes) return next();
    const representations: unknown = (req.body as { variables?: { representations?: unknown } } | undefined)?.variables?.representations;
    const room = Array.isArray(representations) ? Buffer.byteLength(JSON.stringify(representations)) : 0;
    next(length - room > bodyBytes ? Object.assign(new Error('request entity too large'), { type: 'entity.too.large' }) : undefined);
  };
}

/**
 * One line when the response is sent: who asked what is not logged (no headers, no query
 * string, which holds a GET's operation and variables), only what an operator needs.
 */
function logRequest(req: Request, res: Response, requestId: string): void {
  const started = process.hrtime.bigint();
  const path = req.originalUrl.split('?')[0];
  res.once('finish', () => {
    const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    logger.info({ requestId, method: req.method, path, status: res.statusCode, durationMs }, 'graphql request');
  });
}

/** The body parser's refusals as GraphQL errors; anything else is an opaque 500, logged. */
function requestErrors(options: HttpOptions): ErrorRequestHandler {
  return (error: { type?: unknown; status?: unknown }, req, res, _next) => {
    const refusal = BODY_REFUSALS[String(error.type)] ?? undecodedBody(error, req);
    if (!refusal) logger.error({ err: error, requestId: res.locals.requestId }, 'request failed');
    const [status, code, message] = refusal ? refusal(options) : [500, 'INTERNAL_SERVER_ERROR', 'Internal server error'];
    options.metrics.countError(code);
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}

const BODY_REFUSALS: Record<string, (options: HttpOptions) => [number, string, string]> = {
  'entity.too.large': ({ bodyBytes }) => [413, 'PAYLOAD_TOO_LARGE', `Request body is larger than the limit of ${bodyBytes} bytes`],
  'entity.parse.failed': () => [400, 'BAD_REQUEST', 'Request body is not valid JSON'],
  'encoding.unsupported': () => [415, 'BAD_REQUEST', 'Content-Encoding is not supported'],
  'charset.unsupported': () => [415, 'BAD_REQUEST', 'Only UTF-8 request bodies are supported'],
  'request.aborted': () => [400, 'BAD_REQUEST', 'Request body was not received in full'],
  'request.size.invalid': () => [400, 'BAD_REQUEST', 'Request body does not match its Content-Length'],
};

/**
 * A body that does not decompress as its Content-Encoding says: the body parser passes on
 * zlib's error with status 400 and no type of its own. Only encodings it supports get this
 * far (gzip, deflate, br; any other is encoding.unsupported), so the header can be named.
 */
function undecodedBody(error: { type?: unknown; status?: unknown }, req: Request): ((options: HttpOptions) => [number, string, string]) | undefined {
  const encoding = req.headers['content-encoding']?.toLowerCase();
  if (error.type !== undefined || error.status !== 400 || !encoding || encoding === 'identity') return undefined;
  return () => [400, 'BAD_REQUEST', `Request body is not valid ${encoding} data, as its Content-Encoding says it is`];
}

export interface Listening {
  url: string;
  port: number;
  /** TCP connections accepted so far: shows whether callers keep connections alive. */
  connectionsAccepted(): number;
  /**
   * Stops accepting connections, lets requests in flight finish (for at most `graceMs`,
   * then drops what is left), and resolves when every connection is closed.
   */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * How a process on this machine reaches one listening on `host`: an address that means
 * every interface (0.0.0.0, ::) is reached on loopback; an IPv6 address goes in brackets.
 */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Listens on a port (0 for any free one) and resolves with the GraphQL URL. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    // Idle kept-alive connections stay open longer than callers keep them (the gateway's
    // agent, load balancers' 60 s), so a caller never reuses one the server is closing.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    // A client that sends its request slowly gives up its connection after this long.
    server.requestTimeout = 70_000;
    let connections = 0;
    let closing = false;
    server.on('connection', () => {
      connections += 1;
    });
    // Before the app's own listener, which may answer at once (/health).
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      // While draining, a kept-alive connection closes once its response is sent: ended,
      // not destroyed, so the response still being written reaches the caller.
      if (closing) res.setHeader('connection', 'close');
      res.once('finish', () => {
        if (closing) req.socket.end();
      });
    });
    server.once('error', reject);
    server.once('listening', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${reachableHost(host)}:${actual}/graphql`,
        port: actual,
        connectionsAccepted: () => connections,
        close: (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) =>
          new Promise<void>((done) => {
            closing = true;
            const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(deadline);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
