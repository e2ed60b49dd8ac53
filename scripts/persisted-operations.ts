// Writes schema/persisted-operations.json (Apollo's persisted query list format) from
// the reporting operations in schema/reporting-operations.graphql; a test fails when
// the committed manifest is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { manifestOf } from '../gateway/persisted-operations.js';

const source = readFileSync(new URL('../schema/reporting-operations.graphql', import.meta.url), 'utf8');
writeFileSync(new URL('../schema/persisted-operations.json', import.meta.url), `${JSON.stringify(manifestOf(source), null, 2)}\n`);
process.stdout.write('Wrote schema/persisted-operations.json\n');
