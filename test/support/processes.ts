// The hub as real processes, as an operator runs it: the gateway and each subgraph apart, or
// everything in one process as `npm start` does, on a PostgreSQL server, with requests to them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { portSetting, SUBGRAPH_NAMES, urlSetting, type SubgraphName } from '../../subgraphs/registry.js';
import { until } from './until.js';

export const TSX_BIN = 'node_modules/.bin/tsx';

export interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** One request's answer; a request the gateway did not answer at all counts as NO_ANSWER. */
export async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
  } catch (error) {
    return { status: 0, retryAfter: null, body: { errors: [{ message: String(error), extensions: { code: 'NO_ANSWER' } }] } };
  }
}

export const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code ?? 'NONE');
export const isFull = (answer: Answer) => answer.status === 200 && codesOf(answer).length === 0 && answer.body.data != null;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface HubProcesses {
  url: string;
  /** Where each subgraph process listens (with separate processes), to call it directly. */
  subgraphUrls: Record<SubgraphName, string>;
  processes: { name: string; child: ChildProcess }[];
  output(): string;
  stop(): Promise<void>;
}

/** Starts the hub's processes on `databaseUrl` and waits until the gateway is ready. */
export async function startProcesses(layout: 'separate processes' | 'one process', databaseUrl: string): Promise<HubProcesses> {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
  const gatewayPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    PERSISTED_ONLY_CLIENTS: '',
    PORT: String(gatewayPort),
  };
  delete env.REDIS_URL;
  for (const name of SUBGRAPH_NAMES) {
    env[portSetting(name)] = String(ports[name]);
    env[urlSetting(name)] = `http://127.0.0.1:${ports[name]}/graphql`;
  }
  const commands =
    layout === 'one process'
      ? [{ name: 'hub', file: 'scripts/start.ts' }]
      : [...SUBGRAPH_NAMES.map((name) => ({ name, file: `subgraphs/${name}/index.ts` })), { name: 'gateway', file: 'gateway/index.ts' }];
  let output = '';
  const processes = commands.map(({ name, file }) => {
    const child = spawn(TSX_BIN, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`);
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return { name, child };
  });
  const url = `http://127.0.0.1:${gatewayPort}`;
  const running: HubProcesses = {
    url: `${url}/graphql`,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>,
    processes,
    output: () => output,
    async stop() {
      await Promise.all(
        processes.map(({ child }) =>
          child.exitCode !== null
            ? undefined
            : new Promise((resolve) => {
                child.once('exit', resolve);
                child.kill('SIGTERM');
              }),
        ),
      );
    },
  };
  try {
    await until(
      async () => {
        if (processes.some(({ child }) => child.exitCode !== null)) throw new Error(`a process exited at start:\n${output}`);
        const ready = await fetch(`${url}/ready`).catch(() => undefined);
        return ready?.status === 200;
      },
      { deadlineMs: 120_000, everyMs: 250, what: `the ${layout} to be ready` },
    );
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}
