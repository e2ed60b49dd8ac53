// Express wiring shared by the gateway and the subgraphs: /health, /graphql, listen.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The caller's request id when it is well formed (the gateway sends one), else a new one. */
export function requestIdOf(req: Request): string {
  const given = req.header(REQUEST_ID_HEADER);
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export function graphqlApp<Context extends BaseContext>(
  server: ApolloServer<Context>,
  context: (req: Request, requestId: string) => Promise<Context>,
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
    express.json({ limit: '1mb' }),
    expressMiddleware(server, { context: ({ req, res }) => context(req, res.locals.requestId as string) }),
  );
  return app;
}

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
    // The gateway keeps idle connections to its subgraphs open; a server that closed them
    // after Node's default 5 s would race the gateway's next request on one (ECONNRESET,
    // seen under load as SUBGRAPH_UNAVAILABLE). 65 s is above common load-balancer idle timeouts.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
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
