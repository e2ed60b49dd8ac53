// The "who may write" matrix every subgraph's write tests share: anonymous and every
// persona (police personas with and without X-Purpose) against every mutation, with
// the outcome the README's field table and the mutation's own @access marking expect.
// Each mutation is probed with an input its subgraph refuses once it gets there (an
// unknown id, a bad field), so a viewer who may write gets BAD_USER_INPUT, anyone else
// FORBIDDEN, and nothing is written either way.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { supergraphPath } from '../../gateway/server.js';
import { accessByField } from '../../platform/markings.js';
import { registeredOrganisation } from '../../platform/organisations.js';
import { PERSONA_NAMES, PERSONAS } from '../../platform/personas.js';
import { asPersona } from './hub.js';
import { expectedFieldOutcome, viewerName, type FieldAccess, type MatrixViewer } from './policy-table.js';

const MARKINGS = accessByField(parse(readFileSync(supergraphPath, 'utf8')));

/** An id no row has: a probe with it reaches the subgraph and is refused there. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const isPolice = (persona: (typeof PERSONA_NAMES)[number]) => registeredOrganisation(PERSONAS[persona].organisation)?.sector === 'POLICE';

/** Anonymous, every persona, and the police personas once more without a purpose. */
export const WRITE_MATRIX_VIEWERS: MatrixViewer[] = [
  { kind: 'anonymous' },
  ...PERSONA_NAMES.flatMap((persona) => [
    { kind: 'persona' as const, persona, purpose: true },
    ...(isPolice(persona) ? [{ kind: 'persona' as const, persona, purpose: false }] : []),
  ]),
];

export interface WriteMatrixCase<Mutation extends string> {
  name: string;
  viewer: MatrixViewer;
  mutation: Mutation;
}

/** Every viewer against every mutation, named for `it.each('$name')`. */
export function writeMatrixCases<Mutation extends string>(mutations: readonly Mutation[]): WriteMatrixCase<Mutation>[] {
  return WRITE_MATRIX_VIEWERS.flatMap((viewer) => mutations.map((mutation) => ({ name: `${mutation} as ${viewerName(viewer)}`, viewer, mutation })));
}

/** What a probe of `mutation` gets: let through to the subgraph (which refuses the probe), or refused at the gateway. */
export function expectedWriteCode(viewer: MatrixViewer, mutation: string): 'BAD_USER_INPUT' | 'FORBIDDEN' {
  const access = MARKINGS.get(`Mutation.${mutation}`) as FieldAccess | undefined;
  if (!access) throw new Error(`Mutation.${mutation} has no @access marking in the supergraph`);
  return expectedFieldOutcome(viewer, access) === 'read' ? 'BAD_USER_INPUT' : 'FORBIDDEN';
}

/** The headers a matrix viewer sends. */
export async function matrixHeaders(viewer: MatrixViewer): Promise<Record<string, string>> {
  if (viewer.kind === 'anonymous') return {};
  return asPersona(viewer.persona, viewer.purpose ? 'write matrix probe' : undefined);
}
