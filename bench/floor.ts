// The plain-SQL floor: each scenario's `floor` statement behind the same kind of HTTP
// endpoint as a gateway (POST a JSON body with `variables`, get `{ "data": ... }`), so
// that the same load generator and the same answer check measure it.
import { createServer, type Server } from 'node:http';
import { SCENARIOS, type SqlClient } from './scenarios.js';

export const FLOOR_PATH = '/floor/';

export function floorServer(client: SqlClient): Server {
  return createServer((req, res) => {
    const scenario = SCENARIOS.find((candidate) => req.url === `${FLOOR_PATH}${candidate.name}`);
    if (!scenario?.floor || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as { variables: Record<string, unknown> };
      scenario.floor!(client, variables).then(
        (data) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data })),
        (error: unknown) => res.writeHead(500).end(JSON.stringify({ errors: [{ message: String(error) }] })),
      );
    });
  });
}
