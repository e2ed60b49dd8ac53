// Build-time composition of the subgraph SDL files. The URLs written into the
// supergraph are the defaults for separate processes; the gateway overrides them
// from the environment.
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphSdl, type SubgraphName } from '../subgraphs/kit/subgraph.js';

export const SUBGRAPHS: { name: SubgraphName; defaultUrl: string }[] = [
  { name: 'people', defaultUrl: 'http://localhost:4001/graphql' },
  { name: 'finance', defaultUrl: 'http://localhost:4002/graphql' },
  { name: 'procurement', defaultUrl: 'http://localhost:4003/graphql' },
  { name: 'contacts', defaultUrl: 'http://localhost:4004/graphql' },
];

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export function composeSubgraphs(): CompositionResult {
  const result = composeServices(
    SUBGRAPHS.map(({ name, defaultUrl }) => ({ name, url: defaultUrl, typeDefs: parse(subgraphSdl(name)) })),
  );
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
