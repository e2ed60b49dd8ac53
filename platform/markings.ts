// Reads the access markings written next to each field in the SDL, from a subgraph's
// own SDL or from the composed supergraph (which keeps them: @access is composed
// with @composeDirective). The SDL is the one place the markings live; the gateway,
// the subgraphs and the tests all read them through this module.
import { Kind, print, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ValueNode } from 'graphql';
import type { Service } from '../subgraphs/registry.js';
import { MARKINGS, type Access, type Marking } from './policy.js';

const ACCESS_DIRECTIVE = 'access';

/** Federation and link machinery in a supergraph: not part of the graph clients see. */
function isFederationInternal(typeName: string): boolean {
  return typeName.startsWith('join__') || typeName.startsWith('link__') || typeName === '_Service' || typeName === '_Entity' || typeName === '_Any';
}

/** Object types and object type extensions, with their fields, skipping federation internals. */
function* objectFields(document: DocumentNode): Generator<{ typeName: string; field: FieldDefinitionNode }> {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeName = (definition as ObjectTypeDefinitionNode).name.value;
    if (isFederationInternal(typeName)) continue;
    for (const field of definition.fields ?? []) yield { typeName, field };
  }
}

function isMarking(value: string): value is Marking {
  return (MARKINGS as readonly string[]).includes(value);
}

function readMarking(coordinate: string, value: ValueNode | undefined): Marking {
  if (!value) throw new Error(`${coordinate}: @access has no marking`);
  const name = value.kind === Kind.ENUM || value.kind === Kind.STRING ? value.value : print(value);
  if (!isMarking(name)) throw new Error(`${coordinate}: unknown access marking ${name} (expected one of ${MARKINGS.join(', ')})`);
  return name;
}

function readScopes(coordinate: string, value: ValueNode | undefined): string[] {
  if (!value) return [];
  const items = value.kind === Kind.LIST ? value.values : [value];
  return items.map((item) => {
    if (item.kind !== Kind.STRING) throw new Error(`${coordinate}: @access scopes must be strings, got ${print(item)}`);
    return item.value;
  });
}

function accessOf(coordinate: string, field: FieldDefinitionNode): Access | undefined {
  const applications = (field.directives ?? []).filter((directive) => directive.name.value === ACCESS_DIRECTIVE);
  if (applications.length === 0) return undefined;
  if (applications.length > 1) throw new Error(`${coordinate}: more than one @access marking`);
  const args = new Map((applications[0]!.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
  return { marking: readMarking(coordinate, args.get('marking')), scopes: readScopes(coordinate, args.get('scopes')) };
}

/**
 * The access marking of every marked object field, keyed "Type.field". `services` says which
 * services serve each field (a subgraph's SDL: its own service for every field; a supergraph:
 * a function of the coordinate); without it, no field asks for a service.
 */
export function accessByField(document: DocumentNode, services?: readonly Service[] | ((coordinate: string) => readonly Service[])): Map<string, Access> {
  const markings = new Map<string, Access>();
  for (const { typeName, field } of objectFields(document)) {
    const coordinate = `${typeName}.${field.name.value}`;
    const access = accessOf(coordinate, field);
    if (!access) continue;
    const serving = typeof services === 'function' ? services(coordinate) : services;
    markings.set(coordinate, serving && serving.length > 0 ? { ...access, services: serving } : access);
  }
  return markings;
}

/** Object fields ("Type.field") that carry no @access marking; every field must have one. */
export function unmarkedFields(document: DocumentNode): string[] {
  const unmarked: string[] = [];
  for (const { typeName, field } of objectFields(document)) {
    if (!(field.directives ?? []).some((directive) => directive.name.value === ACCESS_DIRECTIVE)) {
      unmarked.push(`${typeName}.${field.name.value}`);
    }
  }
  return unmarked;
}
