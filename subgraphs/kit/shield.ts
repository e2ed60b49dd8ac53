// Layer 2 of enforcement: graphql-shield rules generated from the subgraph's own
// SDL markings, deny by default, plus row checks. A subgraph answers exactly what
// its caller's own token allows, whether the call came through the gateway or not.
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { accessByField, unmarkedFields } from './markings.js';
import { registeredOrganisation, sectorOf } from './organisations.js';
import type { RequestAudit } from './audit.js';
import type { EntityStub } from './ids.js';
import { mayReadField, mayReadRow, UNESTABLISHED_OWNER, type Access, type RowOwner, type Viewer } from './policy.js';

/** How to find who owns a row of a type, for row checks. Types without one get field checks only. */
export type RowOwners = Record<string, (row: never) => RowOwner | null>;

export function forbidden(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'FORBIDDEN' } });
}

/** What the rules read from a subgraph's context. */
interface RuleContext {
  viewer: Viewer;
  audit: RequestAudit;
}

/** The id an audit record names a row by: entity rows carry `id`, organisations `code`. */
function rowIdOf(row: unknown): string {
  const { id, code } = (row ?? {}) as { id?: unknown; code?: unknown };
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  return typeof code === 'string' ? code : '';
}

function accessRule(coordinate: string, access: Access, ownerOf: ((row: never) => RowOwner | null) | undefined) {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  // Decisions depend on the row, so shield must not cache them across parents.
  return rule(coordinate, { cache: 'no_cache' })((parent: unknown, _args: unknown, context: RuleContext) => {
    const owner = ownerOf && parent ? ownerOf(parent as never) : undefined;
    const decision = owner !== undefined ? mayReadRow(context.viewer, access, owner) : mayReadField(context.viewer, access);
    context.audit.read(typeName, rowIdOf(parent), fieldName, access, owner ?? null, decision.allow);
    return decision.allow ? true : forbidden(decision.reason);
  });
}

/**
 * A root field that lists one organisation's rows (`people(organisation: ...)`) is
 * checked against that organisation as the owner, as `Organisation.people` is: a
 * list of rows the viewer may not read is refused whole, not served with each
 * field refused.
 */
function rootRule(coordinate: string, access: Access, ownerOf: ((args: never) => RowOwner | null) | undefined) {
  const fieldName = coordinate.split('.')[1]!;
  return rule(coordinate, { cache: 'no_cache' })((_parent: unknown, args: Record<string, unknown>, context: RuleContext) => {
    // A subgraph whose root fields all serve one owner's rows names it (the audit trail's keeper).
    // An unknown organisation owns no rows: the list is empty, nothing to refuse.
    const owner = ownerOf
      ? ownerOf(args as never)
      : typeof args.organisation === 'string' && registeredOrganisation(args.organisation)
        ? organisationItself({ code: args.organisation })
        : undefined;
    const decision = owner !== undefined ? mayReadRow(context.viewer, access, owner) : mayReadField(context.viewer, access);
    // The rows a refused root field would have returned are unknown: the refusal is recorded against its arguments.
    if (!decision.allow) context.audit.read('Query', rootArgumentId(args), fieldName, access, owner ?? null, false);
    return decision.allow ? true : forbidden(decision.reason);
  });
}

function rootArgumentId(args: Record<string, unknown>): string {
  for (const name of ['id', 'reference', 'organisation', 'code']) {
    if (typeof args[name] === 'string') return args[name].slice(0, 100);
  }
  return '';
}

export interface ProtectOptions {
  /** Serve `_service { sdl }` (the subgraph's SDL, with every field name): development only. */
  exposeSdl: boolean;
  /** Types whose rows may be police-only: even their PUBLIC fields are checked row by row. */
  policeOnlyRowTypes: readonly string[];
}

/** Federation's own fields, which carry no marking. */
const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

export function protectSchema(schema: GraphQLSchema, sdl: DocumentNode, owners: RowOwners, options: ProtectOptions): GraphQLSchema {
  // Deny by default: a subgraph with a field without a marking does not start
  // (composition refuses it too), so no field is ever served unchecked by omission.
  const unmarked = unmarkedFields(sdl);
  if (unmarked.length > 0) throw new Error(`Fields without an @access marking: ${unmarked.join(', ')}`);
  const markings = accessByField(sdl);

  const rules: Record<string, Record<string, ReturnType<typeof accessRule>>> = {};
  const checked = new Set<string>(FEDERATION_FIELDS);
  for (const [coordinate, access] of markings) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    rules[typeName] ??= {};
    rules[typeName][fieldName] = typeName === 'Query' ? rootRule(coordinate, access, owners.Query) : accessRule(coordinate, access, owners[typeName]);
    // A PUBLIC field is readable on every row but police-only ones, so it needs no
    // rule elsewhere; leaving it unwrapped is what keeps authorisation cheap on big lists.
    if (access.marking !== 'PUBLIC' || typeName === 'Query' || options.policeOnlyRowTypes.includes(typeName)) checked.add(coordinate);
  }
  const ruleTree = {
    ...rules,
    // Federation's own fields. `_entities` only resolves references: every field read
    // on an entity is then checked by its own rule, with the entity's row.
    // (A subgraph without entities, such as audit, has no `_entities`.)
    Query: {
      ...rules.Query,
      ...(schema.getQueryType()?.getFields()._entities ? { _entities: allow } : {}),
      _service: options.exposeSdl ? allow : deny,
    },
    _Service: { sdl: options.exposeSdl ? allow : deny },
  } as IRules;
  const generated = shield(ruleTree, {
    // Never reached for an unmarked field: protectSchema refuses to build one.
    fallbackRule: deny,
    fallbackError: () => forbidden('This field is not readable'),
    // Resolver errors (bad input, internal errors) pass through to the server's error masking.
    allowExternalErrors: true,
    debug: false,
  }).generate(schema) as Record<string, Record<string, unknown>>;
  const middleware: Record<string, Record<string, unknown>> = {};
  for (const [typeName, fields] of Object.entries(generated)) {
    for (const [fieldName, fieldMiddleware] of Object.entries(fields)) {
      if (!checked.has(`${typeName}.${fieldName}`)) continue;
      middleware[typeName] ??= {};
      middleware[typeName][fieldName] = fieldMiddleware;
    }
  }
  return applyMiddleware(schema, middleware as IMiddleware);
}

/** The owner of a row that carries its organisation's code; the sector comes from the registry. */
export function ownedByOrganisation(row: { organisationCode: string }): RowOwner {
  return { organisationCode: row.organisationCode, sector: sectorOf(row.organisationCode) };
}

/** An organisation owns itself: its OFFICIAL lists are for its own staff. */
export function organisationItself(organisation: { code: string }): RowOwner {
  return ownedByOrganisation({ organisationCode: organisation.code });
}

/** The owner of an extended entity, as claimed by its reference; unestablished without one. */
export function ownedByClaimedOrganisation(stub: EntityStub): RowOwner {
  return stub.organisationCode ? organisationItself({ code: stub.organisationCode }) : UNESTABLISHED_OWNER;
}
