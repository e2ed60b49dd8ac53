// The demo personas are seeded users: each member of staff among them is a person of
// their organisation, found by the subject of their own token.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { PERSONA_NAMES, PERSONAS } from '../platform/personas.js';
import { asPersona, graphql, testHub } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

const staffPersonas = PERSONA_NAMES.filter((name) => PERSONAS[name].scopes.includes('staff'));

describe('demo personas', () => {
  it('covers every persona but the BI service account', () => {
    expect(PERSONA_NAMES.filter((name) => !staffPersonas.includes(name))).toEqual(['reporting-service']);
  });

  it.each(staffPersonas)('%s reads their own person record by their token subject', async (name) => {
    const persona = PERSONAS[name];
    const response = await graphql(
      hub.url,
      `query($id: ID!) { person(id: $id) { id displayName organisation { code } } }`,
      { id: persona.subject },
      await asPersona(name),
    );
    expect(response.body).toEqual({
      data: { person: { id: persona.subject, displayName: persona.displayName, organisation: { code: persona.organisation } } },
    });
  });
});
