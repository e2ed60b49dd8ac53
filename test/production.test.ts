// Running like production: the build in dist/ runs with node and the production
// dependencies alone, and a production start on an empty database migrates it, adds no
// demo data and says so. The build goes to a directory of its own, beside a
// node_modules that holds only package.json's "dependencies" (links to the installed
// ones), so an import of tsx or of any development package fails here as it would on a
// server installed with `npm ci --omit=dev`.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { portSetting, SUBGRAPH_NAMES, urlSetting } from '../subgraphs/registry.js';
import { demoDataWanted, loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { graphql } from './support/hub.js';
import { APP_CONTENT_SECURITY_POLICY } from '../gateway/app.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

let root: string;
let dist: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'hub-production-'));
  dist = join(root, 'dist');
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out-dir', dist], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
  // The package's own package.json ("type": "module") and its production dependencies only.
  writeFileSync(join(root, 'package.json'), readFileSync('package.json'));
  for (const name of Object.keys(manifest.dependencies)) {
    const link = join(root, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(resolve('node_modules', name), link, 'dir');
  }
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every module specifier that a compiled file imports, dynamic imports of a literal included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);
}

describe('the build', () => {
  it('has the production entry points and the files they read', () => {
    const files = readdirSync(dist, { recursive: true }).map(String);
    for (const entry of [
      'gateway/index.js',
      'scripts/start.js',
      'scripts/seed.js',
      'scripts/audit-verify.js',
      ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/index.js`),
    ]) {
      expect(files).toContain(entry);
    }
    for (const asset of [
      'schema/supergraph.graphql',
      'schema/persisted-operations.json',
      'drizzle/migrations/meta/_journal.json',
      'app/index.html',
      ...SUBGRAPH_NAMES.map((name) => `schema/${name}.graphql`),
    ]) {
      expect(files).toContain(asset);
    }
    // Development tools stay out of it.
    expect(files.filter((file) => /^(test|bench)\/|token\.js$|compose\.js$|composition\.js$/.test(file))).toEqual([]);
  });

  it('imports nothing but Node built-ins, its own files and production dependencies', () => {
    const outside = new Set<string>();
    for (const file of readdirSync(dist, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.js'))) {
      for (const specifier of importsOf(join(dist, file))) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!(name in manifest.dependencies)) outside.add(`${file}: ${specifier}`);
      }
    }
    expect([...outside]).toEqual([]);
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['tsx', '@graphql-yoga/render-graphiql']));
  });
});

describe('demo data setting', () => {
  it('is wanted in development unless refused, and elsewhere only when asked for', () => {
    const wanted = (env: Record<string, string>) => demoDataWanted(loadConfig({ ...env, AUTH_SECRET: 'x'.repeat(32), CURSOR_SECRET: 'y'.repeat(32) }));
    expect(wanted({ NODE_ENV: 'development' })).toBe(true);
    expect(wanted({ NODE_ENV: 'development', DEMO_DATA: 'false' })).toBe(false);
    expect(wanted({ NODE_ENV: 'production' })).toBe(false);
    expect(wanted({ NODE_ENV: 'production', DEMO_DATA: 'true' })).toBe(true);
    expect(wanted({ NODE_ENV: 'test' })).toBe(false);
    expect(() => loadConfig({ DEMO_DATA: 'yes' })).toThrowError(/^Invalid configuration: DEMO_DATA: must be true or false$/);
    expect(() => loadConfig({ SUBGRAPH_HOST: 'http://10.0.0.1' })).toThrowError(/^Invalid configuration: SUBGRAPH_HOST: must be an IP address/);
  });
});

/** A process started from the build: its output so far, and a way to wait for a line. */
interface Started {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  CURSOR_SECRET: randomBytes(32).toString('base64url'),
  PORT: '0',
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [portSetting(name), '0'])),
};

function startFromBuild(entry: string, env: Record<string, string>): Started {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/_(URL|PORT)$|^(DEMO_DATA|PGLITE_DIR|NODE_ENV|LOG_LEVEL|NODE_OPTIONS)$/.test(name)),
  );
  // Plain node, from outside the repository: nothing but the build and its production dependencies.
  const child = spawn(process.execPath, [join(dist, entry)], { cwd: root, env: { ...inherited, ...PRODUCTION_ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    output: () => output,
    async waitFor(pattern) {
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`${entry} exited ${child.exitCode}: ${output}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The JSON log lines of a process (the one-process hub also prints one plain line). */
function logLines(output: string): { msg: string; level: number; [key: string]: unknown }[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

async function demoRows(count: (table: string) => Promise<number>): Promise<Record<string, number>> {
  const tables = ['people.organisation', 'people.person', 'finance.payment', 'procurement.supplier', 'contacts.customer', 'contacts.contact_case'];
  const rows: Record<string, number> = {};
  for (const table of tables) rows[table] = await count(table);
  return rows;
}

// No demo data: the registry holds only the shared-service company, which the migrations enter.
const NO_ROWS = {
  'people.organisation': 1,
  'people.person': 0,
  'finance.payment': 0,
  'procurement.supplier': 0,
  'contacts.customer': 0,
  'contacts.contact_case': 0,
};

describe('a production start on an empty database', () => {
  const engine = inject('database').engine;

  it.runIf(engine === 'pglite')(
    '(the one-process hub on PGlite) migrates, seeds nothing, says so, and answers',
    async () => {
      const dir = join(root, 'pglite');
      const hub = startFromBuild('scripts/start.js', { PGLITE_DIR: dir });
      try {
        const [, url] = await hub.waitFor(/hub ready: (\S+)/);
        const response = await graphql(url!.replace('localhost', '127.0.0.1'), '{ organisations { code } }');
        // The registry starts with the shared-service company, whose administrators onboard the others.
        expect(response.body).toEqual({ data: { organisations: [{ code: 'SWONE' }] } });
        expect(logLines(hub.output()).filter((line) => line.msg.startsWith('migrated'))).toEqual([
          expect.objectContaining({ level: 30, msg: 'migrated; no demo data (DEMO_DATA not set)' }),
        ]);
      } finally {
        await hub.stop();
      }
      expect(hub.child.exitCode).toBe(0);
      const database = await openDatabase({ pgliteDir: dir });
      try {
        const rows = await demoRows(async (table) =>
          Number(((await database.db.execute(sql.raw(`select count(*) as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n),
        );
        expect(rows).toEqual(NO_ROWS);
      } finally {
        await database.close();
      }
    },
    120_000,
  );

  it.runIf(engine === 'postgres')(
    '(gateway and five subgraphs, each its own process, on PostgreSQL) migrate, seed nothing, say so, and answer',
    async () => {
      const provided = inject('database');
      if (provided.engine !== 'postgres') return;
      const name = `${new URL(provided.url).pathname.slice(1)}_production_${randomUUID().slice(0, 8)}`;
      const admin = new pg.Client({ connectionString: provided.url });
      await admin.connect();
      await admin.query(`create database "${name}"`);
      const url = new URL(provided.url);
      url.pathname = `/${name}`;
      const processes: Started[] = [];
      try {
        const subgraphUrls: Record<string, string> = {};
        for (const subgraph of SUBGRAPH_NAMES) {
          const started = startFromBuild(`subgraphs/${subgraph}/index.js`, { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '2', ...subgraphUrls });
          processes.push(started);
          // Contacts asks people, and procurement finance, so each learns the URLs of those before it.
          const [, listening] = await started.waitFor(/"url":"([^"]+)","msg":"subgraph listening"/);
          subgraphUrls[urlSetting(subgraph)] = listening!;
        }
        const gateway = startFromBuild('gateway/index.js', subgraphUrls);
        processes.push(gateway);
        const [, gatewayUrl] = await gateway.waitFor(/"url":"([^"]+)","msg":"gateway listening"/);
        const response = await graphql(gatewayUrl!, '{ organisations { code } contracts(first: 1) { edges { node { id } } } }');
        expect(response.body).toEqual({ data: { organisations: [{ code: 'SWONE' }], contracts: { edges: [] } } });

        for (const started of processes.slice(0, SUBGRAPH_NAMES.length)) {
          expect(logLines(started.output()).filter((line) => line.msg.startsWith('migrated'))).toEqual([
            expect.objectContaining({ level: 30, msg: 'migrated; no demo data (DEMO_DATA not set)' }),
          ]);
        }
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          expect(await demoRows(async (table) => Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n))).toEqual(NO_ROWS);
        } finally {
          await client.end();
        }
      } finally {
        for (const started of processes.reverse()) await started.stop();
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
    120_000,
  );
});

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('the standalone gateway', () => {
  it('serves the built web app at /app with its Content-Security-Policy, and no demo sign-in', async () => {
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [portSetting(name), String(await closedPort())] as const)));
    const gateway = startFromBuild('gateway/index.js', ports);
    try {
      const [, url] = await gateway.waitFor(/"url":"([^"]+)","msg":"gateway listening"/);
      const origin = new URL(url!).origin;
      const redirect = await fetch(`${origin}/app`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/app/']);
      const page = await fetch(`${origin}/app/`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      // Built: hashed files under /app/assets/, no inline script, nothing of Vite's development server.
      const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]!);
      expect(scripts).toEqual([expect.stringMatching(/^\/app\/assets\/index-[\w-]+\.js$/)]);
      expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>|@vite|@react-refresh/);
      const script = await fetch(`${origin}${scripts[0]}`);
      expect([script.status, script.headers.get('content-type'), script.headers.get('cache-control')]).toEqual([
        200,
        'text/javascript; charset=utf-8',
        'public, max-age=31536000, immutable',
      ]);
      await script.body?.cancel();
      // The demo identity's token minting exists outside production only.
      expect((await fetch(`${origin}/demo-identity/personas`)).status).toBe(404);
      expect(
        (await fetch(`${origin}/demo-identity/token`, { method: 'POST', body: '{"persona":"auditor"}', headers: { 'content-type': 'application/json' } }))
          .status,
      ).toBe(404);
    } finally {
      await gateway.stop();
    }
  }, 60_000);

  it('finds each subgraph on its port setting, and names the ones it cannot reach once, in one line, without a stack', async () => {
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [portSetting(name), String(await closedPort())] as const)));
    const gateway = startFromBuild('gateway/index.js', ports);
    try {
      const [, url] = await gateway.waitFor(/"url":"([^"]+)","msg":"gateway listening"/);
      await gateway.waitFor(/subgraphs not reachable at start/);
      for (let i = 0; i < 3; i += 1) {
        const response = await graphql(url!, '{ organisations { code } }');
        expect(response.body.errors).toEqual([
          expect.objectContaining({ message: 'The people service is unavailable', extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }) }),
        ]);
      }
      const warnings = logLines(gateway.output()).filter((line) => line.level >= 40);
      // In the supergraph's order of services: by name.
      const names = [...SUBGRAPH_NAMES].sort();
      const listed = names.map((name) => `${name} (http://127.0.0.1:${ports[portSetting(name)]}/graphql: ECONNREFUSED)`).join(', ');
      // And once that it cannot read the organisation registry (which people serves) either.
      expect(warnings).toEqual([
        expect.objectContaining({ msg: 'organisation registry unreadable: keeping the last copy' }),
        expect.objectContaining({ msg: `subgraphs not reachable at start: ${listed}`, unreachable: names }),
      ]);
      expect(gateway.output()).not.toMatch(/"stack"|\n\s+at /);
    } finally {
      await gateway.stop();
    }
  }, 60_000);
});
