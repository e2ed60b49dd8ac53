// The supergraph is composed at build time from the four SDL files and committed.
import { readFileSync } from 'node:fs';
import { Kind, parse, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSubgraphs, SUBGRAPHS } from '../gateway/composition.js';
import { supergraphPath } from '../gateway/server.js';
import { subgraphSdl } from '../subgraphs/kit/subgraph.js';

describe('composition', () => {
  it('composes the four subgraphs without errors', () => {
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
