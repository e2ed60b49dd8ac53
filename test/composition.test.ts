// The supergraph is composed at build time from the five SDL files and committed.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObjectType, Kind, parse, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Supergraph } from '@apollo/federation-internals';
import { accessNote, composeSdl, composeSubgraphs, SUBGRAPH_SOURCES as SUBGRAPHS } from '../scripts/composition.js';
import { supergraphPath } from '../gateway/server.js';
import { accessByField, unmarkedFields } from '../platform/markings.js';
import { subgraphSdl } from '../platform/sdl.js';

const sources = () => SUBGRAPHS.map(({ name, defaultUrl }) => ({ name, url: defaultUrl, sdl: subgraphSdl(name) }));
const committedSupergraph = () => parse(readFileSync(supergraphPath, 'utf8'));

/** Every object field of a document, "Type.field", with whether its outer type is non-null. */
function fieldNullability(sdl: string): Map<string, boolean> {
  const nonNull = new Map<string, boolean>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      nonNull.set(`${definition.name.value}.${field.name.value}`, field.type.kind === Kind.NON_NULL_TYPE);
    }
  }
  return nonNull;
}

describe('composition', () => {
  it('composes the five subgraphs without errors', () => {
    const result = composeSubgraphs();
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('matches the committed schema/supergraph.graphql (run `npm run compose` when this fails)', () => {
    const result = composeSubgraphs();
    if (!result.ok) throw new Error('composition failed');
    expect(readFileSync(supergraphPath, 'utf8')).toBe(result.supergraphSdl);
  });

  it.each(SUBGRAPHS.map((s) => s.name))('documents every type, field, argument and enum value of %s', (name) => {
    const undocumented: string[] = [];
    const check = (node: { description?: { value: string } | undefined }, label: string) => {
      if (!node.description?.value.trim()) undocumented.push(label);
    };
    for (const definition of parse(subgraphSdl(name)).definitions as DefinitionNode[]) {
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
        const typeName = definition.name.value;
        check(definition, typeName);
        for (const field of definition.fields ?? []) {
          check(field, `${typeName}.${field.name.value}`);
        }
      } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
        check(definition, definition.name.value);
        for (const value of definition.values ?? []) check(value, `${definition.name.value}.${value.name.value}`);
      } else if (definition.kind === Kind.SCALAR_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
        check(definition, definition.name.value);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('access markings', () => {
  it.each(SUBGRAPHS.map((s) => s.name))('mark every field of %s', (name) => {
    const document = parse(subgraphSdl(name));
    expect(unmarkedFields(document)).toEqual([]);
    // Not vacuous: the subgraph has marked fields, and every one of them is read.
    const fields = fieldNullability(subgraphSdl(name));
    expect(fields.size).toBeGreaterThan(0);
    expect([...accessByField(document).keys()].sort()).toEqual([...fields.keys()].sort());
  });

  it('keeps every subgraph marking, unchanged, in the composed supergraph', () => {
    const supergraph = accessByField(committedSupergraph());
    expect(unmarkedFields(committedSupergraph())).toEqual([]);
    for (const { name } of SUBGRAPHS) {
      for (const [field, access] of accessByField(parse(subgraphSdl(name)))) {
        expect({ field, subgraph: name, access: supergraph.get(field) }).toEqual({ field, subgraph: name, access });
      }
    }
  });

  it('reads markings and their scopes, with scopes defaulting to none', () => {
    const supergraph = accessByField(committedSupergraph());
    expect(supergraph.get('Query.organisations')).toEqual({ marking: 'PUBLIC', scopes: [] });
    expect(supergraph.get('Person.id')).toEqual({ marking: 'PUBLIC', scopes: [] });
    expect(supergraph.get('Person.workEmail')).toEqual({ marking: 'OFFICIAL', scopes: ['staff'] });
    expect(supergraph.get('Person.nationalInsuranceNumber')).toEqual({ marking: 'SENSITIVE', scopes: ['hr:sensitive'] });
    expect(supergraph.get('Person.vettingLevel')).toEqual({ marking: 'POLICE', scopes: ['hr'] });
    expect(supergraph.get('CaseNote.body')).toEqual({ marking: 'SENSITIVE', scopes: ['contacts:sensitive'] });
  });

  it('refuses an unknown marking, naming the field', () => {
    const document = parse(`type Query { secret: String @access(marking: TOP_SECRET) }`);
    expect(() => accessByField(document)).toThrow(/Query\.secret/);
  });

  it('fails composition on a field without a marking', () => {
    const altered = sources().map((source) =>
      source.name === 'finance' ? { ...source, sdl: source.sdl.replace(/(\n {2}purpose: String!) @access\(marking: PUBLIC\)/, '$1') } : source,
    );
    expect(altered.find((s) => s.name === 'finance')!.sdl).not.toBe(subgraphSdl('finance'));
    expect(composeSdl(altered)).toEqual({ ok: false, errors: ['Payment.purpose in finance has no @access marking'] });
  });

  it('fails composition on a field marked differently in two subgraphs', () => {
    const altered = sources().map((source) =>
      source.name === 'contacts'
        ? { ...source, sdl: source.sdl.replace(/(\n {2}code: ID!) @access\(marking: PUBLIC\)/, '$1 @access(marking: OFFICIAL, scopes: ["contacts"])') }
        : source,
    );
    expect(altered.find((s) => s.name === 'contacts')!.sdl).not.toBe(subgraphSdl('contacts'));
    expect(composeSdl(altered)).toEqual({
      ok: false,
      errors: ['Organisation.code is marked PUBLIC in people but OFFICIAL [contacts] in contacts'],
    });
  });

  it('makes every field that is not PUBLIC nullable in the supergraph, so a refusal nulls only that field', () => {
    const nonNull = fieldNullability(readFileSync(supergraphPath, 'utf8'));
    const markings = accessByField(committedSupergraph());
    expect(markings.size).toBe(nonNull.size);
    const nonNullRestricted = [...markings].filter(([field, access]) => access.marking !== 'PUBLIC' && nonNull.get(field) !== false).map(([field]) => field);
    expect(nonNullRestricted).toEqual([]);
  });

  it("ends each field's description in the API schema with what its marking means, from the marking itself", () => {
    const markings = accessByField(committedSupergraph());
    const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
    const described = new Map<string, string | undefined>();
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) described.set(`${type.name}.${field.name}`, field.description ?? undefined);
    }
    expect([...described.keys()].sort()).toEqual([...markings.keys()].sort());
    const wrong = [...markings].filter(([field, access]) => !described.get(field)?.endsWith(`\n\n${accessNote(access)}`)).map(([field]) => field);
    expect(wrong).toEqual([]);
    expect(described.get('Person.salary')).toBe(
      'Annual salary today: that of the latest pay change effective on or before today, or the salary on record before any change; null for volunteers.\n\nAccess: SENSITIVE; needs scope `hr:sensitive`; the owning organisation only.',
    );
    expect(accessNote({ marking: 'POLICE', scopes: ['contacts'] })).toBe(
      'Access: POLICE; needs scope `contacts`; police staff only, with a stated purpose (X-Purpose header); every read is audited.',
    );
  });
});

describe('generated types', () => {
  it("of the resolvers and of the app's operations match a fresh generation from the SDL, the app's sources and codegen.ts (run `npm run codegen` when this fails)", async () => {
    const { generate } = await import('@graphql-codegen/cli');
    const { default: config } = await import('../codegen.js');
    const root = fileURLToPath(new URL('..', import.meta.url));
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.map((output) => relative(root, resolve(root, output.filename))).sort()).toEqual(
      [
        ...SUBGRAPHS.map(({ name }) => `subgraphs/${name}/generated/resolvers.ts`),
        'app/src/generated/gql.ts',
        'app/src/generated/graphql.ts',
        'app/src/generated/index.ts',
        'app/src/generated/schema.ts',
      ].sort(),
    );
    for (const output of outputs) {
      expect({ file: output.filename, content: readFileSync(resolve(root, output.filename), 'utf8') }).toEqual({
        file: output.filename,
        content: output.content,
      });
    }
  });
});
