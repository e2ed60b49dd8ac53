// `npm run build`: compiles the production code with tsc (tsconfig.build.json) into a
// fresh dist/, then copies beside it the files the code reads at run time, so that
// dist/ finds them where the sources do (new URL('../schema/...', import.meta.url)),
// and builds the web app (app/) with Vite into dist/app, which the gateway serves at /app.
//   node dist/gateway/index.js, node dist/subgraphs/<name>/index.js, node dist/scripts/start.js
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build as buildApp } from 'vite';

// `--out-dir <dir>` builds elsewhere (the production test builds into a directory of its own).
const outDirArg = process.argv.indexOf('--out-dir');
const DIST = outDirArg === -1 ? 'dist' : process.argv[outDirArg + 1];
if (!DIST) throw new Error('usage: build [--out-dir <dir>]');

/** What the runtime reads besides its code: the SDL, the supergraph, the persisted operations, the migrations. */
const ASSETS = [
  ...readdirSync('schema')
    .filter((file) => file.endsWith('.graphql') || file === 'persisted-operations.json')
    .map((file) => `schema/${file}`),
  'drizzle/migrations',
];

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', DIST], { stdio: 'inherit' });
for (const asset of ASSETS) cpSync(asset, `${DIST}/${asset}`, { recursive: true });
await buildApp({ configFile: 'app/vite.config.ts', logLevel: 'warn', build: { outDir: resolve(DIST, 'app'), emptyOutDir: true } });
process.stdout.write(`Built ${DIST}/: node ${DIST}/scripts/start.js runs the whole hub\n`);
