// Express wiring shared by the gateway and the subgraphs: /health, /graphql, listen.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { logger } from './logger.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The caller's request id when it is well formed (the gateway sends one), else a new one. */
export function requestIdOf(req: Request): string {
  const given = req.header(REQUEST_ID_HEADER);
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface HttpOptions {
  /** Largest request body accepted, in bytes. */
  bodyBytes: number;
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
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    (req, res, next) => {
      const requestId = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.locals.requestId = requestId;
      next();
    },
    ...(options.explorer ? [options.explorer] : []),
    express.json({ limit: options.bodyBytes }),
    expressMiddleware(server, { context: ({ req, res }) => context(req, res.locals.requestId as string) }),
  );
  app.use(requestErrors(options));
  return app;
}

/** The body parser's refusals as GraphQL errors; anything else is an opaque 500, logged. */
function requestErrors(options: HttpOptions): ErrorRequestHandler {
  return (error: { type?: unknown; status?: unknown }, _req, res, _next) => {
    const refusal = BODY_REFUSALS[String(error.type)];
    if (!refusal) logger.error({ err: error, requestId: res.locals.requestId }, 'request failed');
    const [status, code, message] = refusal ? refusal(options) : [500, 'INTERNAL_SERVER_ERROR', 'Internal server error'];
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

export interface Listening {
  url: string;
  port: number;
  /** TCP connections accepted so far: shows whether callers keep connections alive. */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

/** Listens on a port (0 for any free one) and resolves with the GraphQL URL. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    let connections = 0;
    server.on('connection', () => {
      connections += 1;
    });
    server.once('error', reject);
    server.once('listening', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`,
        port: actual,
        connectionsAccepted: () => connections,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
