// Build-time composition of the subgraph SDL files. The URLs written into the
// supergraph are the defaults for separate processes; the gateway overrides them
// from the environment. Composition also refuses a field without an access
// marking: every field of the graph says who may read it (DESIGN.md, Access markings).
import { composeServices } from '@apollo/composition';
import { Kind, parse, visit, type DocumentNode, type StringValueNode } from 'graphql';
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

/** Who may read the field, in one sentence for frontend developers: what the @access marking means. */
export function accessNote({ marking, scopes }: Access): string {
  const needs = scopes.length === 0 ? '' : `; needs ${scopes.length === 1 ? 'scope' : 'scopes'} ${scopes.map((scope) => `\`${scope}\``).join(', ')}`;
  switch (marking) {
    case 'PUBLIC':
      return 'Access: PUBLIC, readable without a token.';
    case 'OFFICIAL':
      return `Access: OFFICIAL${needs}; staff of the owning organisation (or of the shared-service company where its role needs it).`;
    case 'SENSITIVE':
      return `Access: SENSITIVE${needs}; the owning organisation only.`;
    case 'POLICE':
      return `Access: POLICE${needs}; police staff only, with a stated purpose (X-Purpose header); every read is audited.`;
  }
}

/**
 * The subgraph's SDL with each marked field's description ending in its access note, so the
 * composed schema's descriptions (introspection, the explorer's docs, generated client types)
 * say who may read each field and cannot disagree with the markings.
 */
function withAccessNotes(document: DocumentNode): DocumentNode {
  const markings = accessByField(document);
  // The object type being visited: markings are read on object types' fields only.
  let typeName = '';
  const enterType = (objectType: boolean) => (node: { name: { value: string } }) => {
    typeName = objectType ? node.name.value : '';
  };
  return visit(document, {
    [Kind.OBJECT_TYPE_DEFINITION]: { enter: enterType(true) },
    [Kind.OBJECT_TYPE_EXTENSION]: { enter: enterType(true) },
    [Kind.INTERFACE_TYPE_DEFINITION]: { enter: enterType(false) },
    [Kind.INPUT_OBJECT_TYPE_DEFINITION]: { enter: enterType(false) },
    [Kind.FIELD_DEFINITION](field) {
      const access = markings.get(`${typeName}.${field.name.value}`);
      if (!access) return undefined;
      const text = [field.description?.value, accessNote(access)].filter(Boolean).join('\n\n');
      const description: StringValueNode = { kind: Kind.STRING, value: text, block: true };
      return { ...field, description };
    },
  });
}

/**
 * Composes the given subgraph SDL texts and checks that every field carries one
 * @access marking, the same in every subgraph that defines it; reports marking
 * problems and composition errors together.
 */
export function composeSdl(sources: readonly SubgraphSource[]): CompositionResult {
  const parsed = sources.map((source) => ({ ...source, document: parse(source.sdl) }));
  const unmarked = parsed.flatMap(({ name, document }) => unmarkedFields(document).map((field) => `${field} in ${name} has no @access marking`));
  const errors = [...unmarked, ...markingErrors(parsed)];
  // Notes only from markings that could all be read; composition errors are reported either way.
  const described = errors.length === 0;
  const result = composeServices(parsed.map(({ name, url, document }) => ({ name, url, typeDefs: described ? withAccessNotes(document) : document })));
  errors.push(...(result.errors ?? []).map((error) => error.message));
  if (errors.length > 0 || result.errors) return { ok: false, errors };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

export function composeSubgraphs(): CompositionResult {
  return composeSdl(SUBGRAPH_SOURCES.map(({ name, defaultUrl }) => ({ name, url: defaultUrl, sdl: subgraphSdl(name) })));
}
