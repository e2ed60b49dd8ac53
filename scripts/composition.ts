// Build-time composition of the subgraph SDL files. The URLs written into the
// supergraph are the defaults for separate processes; the gateway overrides them
// from the environment. Composition also refuses a field without an access
// marking: every field of the graph says who may read it (DESIGN.md, Access markings).
import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';
import { accessByField, unmarkedFields } from '../platform/markings.js';
import type { Access } from '../platform/policy.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { subgraphSdl } from '../platform/sdl.js';

/** Each subgraph of the registry, at the URL it has as its own process by default. */
export const SUBGRAPH_SOURCES = SUBGRAPHS.map(({ name, port }) => ({ name, defaultUrl: `http://localhost:${port}/graphql` }));

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** One subgraph's SDL text, with the URL to write into the supergraph. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

const describeAccess = ({ marking, scopes }: Access) => (scopes.length > 0 ? `${marking} [${scopes.join(', ')}]` : marking);

/**
 * Markings that cannot be read (an unknown value), and fields defined in several
 * subgraphs (entity keys, shareable value types) marked differently: composition
 * would otherwise keep one of the markings silently.
 */
function markingErrors(parsed: readonly { name: string; document: DocumentNode }[]): string[] {
  const first = new Map<string, { subgraph: string; access: Access }>();
  const errors: string[] = [];
  for (const { name, document } of parsed) {
    let markings: Map<string, Access>;
    try {
      markings = accessByField(document);
    } catch (error) {
      errors.push(`${(error as Error).message} in ${name}`);
      continue;
    }
    for (const [field, access] of markings) {
      const seen = first.get(field);
      if (!seen) first.set(field, { subgraph: name, access });
      else if (describeAccess(seen.access) !== describeAccess(access)) {
        errors.push(`${field} is marked ${describeAccess(seen.access)} in ${seen.subgraph} but ${describeAccess(access)} in ${name}`);
      }
    }
  }
  return errors;
}

/**
 * Composes the given subgraph SDL texts and checks that every field carries one
 * @access marking, the same in every subgraph that defines it; reports marking
 * problems and composition errors together.
 */
export function composeSdl(sources: readonly SubgraphSource[]): CompositionResult {
  const parsed = sources.map((source) => ({ ...source, document: parse(source.sdl) }));
  const unmarked = parsed.flatMap(({ name, document }) => unmarkedFields(document).map((field) => `${field} in ${name} has no @access marking`));
  const result = composeServices(parsed.map(({ name, url, document }) => ({ name, url, typeDefs: document })));
  const errors = [...unmarked, ...markingErrors(parsed), ...(result.errors ?? []).map((error) => error.message)];
  if (errors.length > 0 || result.errors) return { ok: false, errors };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

export function composeSubgraphs(): CompositionResult {
  return composeSdl(SUBGRAPH_SOURCES.map(({ name, defaultUrl }) => ({ name, url: defaultUrl, sdl: subgraphSdl(name) })));
}
