// Composes the five subgraph SDL files into schema/supergraph.graphql with
// @apollo/composition. Fails on a composition error and on a field without an
// @access marking. `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSubgraphs } from './composition.js';

const target = new URL('../schema/supergraph.graphql', import.meta.url);
const check = process.argv.includes('--check');

const result = composeSubgraphs();
if (!result.ok) {
  process.stderr.write(`Composition failed:\n${result.errors.map((e) => `- ${e}`).join('\n')}\n`);
  process.exit(1);
}
if (check) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== result.supergraphSdl) {
    process.stderr.write('schema/supergraph.graphql is stale: run `npm run compose` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write('schema/supergraph.graphql is up to date.\n');
} else {
  writeFileSync(target, result.supergraphSdl);
  process.stdout.write('Wrote schema/supergraph.graphql\n');
}
