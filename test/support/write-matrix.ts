// Who may write: anonymous and every persona against each mutation of a subgraph. What
// each should get is not written in the tests: the README's field table and the
// mutation's @access marking (read from the supergraph) say whether the caller is refused
// at the gateway (FORBIDDEN) or let through to the subgraph, whose answer to the probe
// each test names. A probe is built to be refused there too, so nothing is written.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { supergraphPath } from '../../gateway/server.js';
import { accessByField } from '../../subgraphs/kit/markings.js';
import { PERSONA_NAMES } from '../../subgraphs/kit/personas.js';
import { asPersona } from './hub.js';
import { expectedFieldOutcome, viewerName, type MatrixViewer } from './policy-table.js';

const MARKINGS = accessByField(parse(readFileSync(supergraphPath, 'utf8')));

/** Anonymous and every persona; police personas state a purpose, so what decides is the marking's scopes. */
export const WRITERS: MatrixViewer[] = [
  { kind: 'anonymous' },
  ...PERSONA_NAMES.map((persona) => ({ kind: 'persona' as const, persona, purpose: true })),
];

export interface WriteCase<Mutation extends string> {
  viewer: MatrixViewer;
  /** For test names: the persona, or anonymous. */
  name: string;
  mutation: Mutation;
  /** True when the README lets this caller through to the subgraph. */
  allowed: boolean;
}

/** Every writer against every one of `mutations`. */
export function writeMatrix<Mutation extends string>(mutations: readonly Mutation[]): WriteCase<Mutation>[] {
  return WRITERS.flatMap((viewer) =>
    mutations.map((mutation) => {
      const access = MARKINGS.get(`Mutation.${mutation}`);
      if (!access) throw new Error(`Mutation.${mutation} has no @access marking in the supergraph`);
      return { viewer, name: viewerName(viewer), mutation, allowed: expectedFieldOutcome(viewer, access) === 'read' };
    }),
  );
}

/** The writer's request headers: none for anonymous. */
export async function writerHeaders(viewer: MatrixViewer): Promise<Record<string, string>> {
  return viewer.kind === 'anonymous' ? {} : asPersona(viewer.persona, 'matrix probe');
}
