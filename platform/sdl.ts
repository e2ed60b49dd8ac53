// Each subgraph's SDL, the one place where its types, documentation and access markings
// are written. Checks that code makes beyond Shield's field rules read their markings here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import type { SubgraphName } from '../subgraphs/registry.js';
import { accessByField } from './markings.js';
import type { Access } from './policy.js';

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(fileURLToPath(new URL(`../schema/${name}.graphql`, import.meta.url)), 'utf8');
}

/** The marking of one field ("Type.field") as its subgraph's SDL writes it. */
export function markingOf(subgraph: SubgraphName, coordinate: string): Access {
  const access = accessByField(parse(subgraphSdl(subgraph))).get(coordinate);
  if (!access) throw new Error(`${coordinate} has no @access marking in schema/${subgraph}.graphql`);
  return access;
}
