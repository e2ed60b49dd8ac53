// Layer 2 of enforcement, generated from the subgraph's own SDL markings, deny by
// default: graphql-shield rules on the root fields, and synchronous row checks on the
// fields of rows (one per field per row, so they must be cheap). A subgraph answers
// exactly what its caller's own token allows, whether the call came through the gateway or not.
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isObjectType,
  type DocumentNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { applyMiddleware, type IMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { accessByField, unmarkedFields } from './markings.js';
import { AgreementRefusal } from './agreements.js';
import { registeredOrganisation, sectorOf } from './organisations.js';
import type { RequestAudit, RowRead } from './audit.js';
import type { EntityStub } from './ids.js';
import type { Service } from '../subgraphs/registry.js';
import { mayReadField, mayReadRow, UNESTABLISHED_OWNER, type Access, type Decision, type RowOwner, type Viewer } from './policy.js';

/** How to find who owns a row of a type, for row checks. Types without one get field checks only. */
export type RowOwners = Record<string, (row: never) => RowOwner | null>;

export function forbidden(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'FORBIDDEN' } });
}

/** A refused decision as the field's error: FORBIDDEN, or NOT_ENTITLED for a service not drawn down. */
function refused(decision: Extract<Decision, { allow: false }>): GraphQLError {
  return new GraphQLError(decision.reason, { extensions: { code: decision.code } });
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

/** What a row check answers: true, or the refusal the field resolves to instead of its value. */
type Verdict = true | GraphQLError;

/** One row's owner and the decisions already taken on it, within one request. */
interface RowDecisions {
  owner: RowOwner | null;
  /** Each decision (by access, or by field on a disclosed row), and where the audit trail records the fields it let through or refused. */
  byAccess: Map<Access | string, { decision: Decision; recorded: RowRead | null }>;
}

// Per request (keyed by its context) and per row: a police case's ten fields share one owner
// and two markings, so the owner is found once and each marking decided once per row.
const decisionsByRequest = new WeakMap<RuleContext, WeakMap<object, RowDecisions>>();

function decisionsFor(context: RuleContext, row: object, ownerOf: (row: never) => RowOwner | null): RowDecisions {
  let rows = decisionsByRequest.get(context);
  if (!rows) {
    rows = new WeakMap();
    decisionsByRequest.set(context, rows);
  }
  let decisions = rows.get(row);
  if (!decisions) {
    decisions = { owner: ownerOf(row as never), byAccess: new Map() };
    rows.set(row, decisions);
  }
  return decisions;
}

/**
 * The check of one field on one row. It is synchronous: graphql-shield's rules are
 * promises, and on a list of police cases, whose every field is checked row by row,
 * awaiting each of them cost more than resolving the list.
 */
function rowCheck(coordinate: string, access: Access, ownerOf: ((row: never) => RowOwner | null) | undefined) {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  return (parent: unknown, context: RuleContext): Verdict => {
    if (!ownerOf || !parent) {
      const decision = mayReadField(context.viewer, access);
      context.audit.read(typeName, rowIdOf(parent), fieldName, access, null, decision.allow);
      return decision.allow ? true : refused(decision);
    }
    const row = decisionsFor(context, parent as object, ownerOf);
    // A disclosed row is read field by field: the agreement shares some of a marking's fields, not all.
    const key = row.owner?.sharedUnder ? coordinate : access;
    let decided = row.byAccess.get(key);
    if (!decided) {
      const decision = mayReadRow(context.viewer, access, row.owner, coordinate);
      decided = { decision, recorded: context.audit.fieldsRead(typeName, rowIdOf(parent), access, row.owner, decision.allow) };
      row.byAccess.set(key, decided);
    }
    decided.recorded?.add(fieldName);
    return decided.decision.allow ? true : refused(decided.decision);
  };
}

type FieldResolve = (parent: unknown, args: unknown, context: RuleContext, info: unknown) => unknown;

/** Field middleware running a row check before the resolver; a refusal becomes the field's error. */
function guardedBy(check: ReturnType<typeof rowCheck>) {
  return (resolve: FieldResolve, parent: unknown, args: unknown, context: RuleContext, info: unknown) => {
    const verdict = check(parent, context);
    return verdict === true ? resolve(parent, args, context, info) : verdict;
  };
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
    return decision.allow ? true : refused(decision);
  });
}

/** The id, reference or code a root field was asked for (at most 100 characters). */
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
  /** The service the subgraph serves: its fields are for organisations that draw it down. Null for none. */
  service: Service | null;
}

/**
 * The types whose rows hold personal or police data: a field marked SENSITIVE or POLICE,
 * or rows that may be police-only. Row-level security hides such rows from viewers who may
 * not read them, before any field is checked.
 */
function recordedRowTypes(markings: ReadonlyMap<string, Access>, policeOnlyRowTypes: readonly string[]): Set<string> {
  const types = new Set(policeOnlyRowTypes);
  for (const [coordinate, access] of markings) {
    const typeName = coordinate.split('.')[0]!;
    if (typeName !== 'Query' && typeName !== 'Mutation' && (access.marking === 'SENSITIVE' || access.marking === 'POLICE')) types.add(typeName);
  }
  return types;
}

/** The fields asked for on a root field's row, through fragments. */
function requestedFields(info: GraphQLResolveInfo): string[] {
  const fields = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) fields.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else {
        collect(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) collect(node.selectionSet);
  return [...fields];
}

/**
 * Field middleware of a root field that looks up one row by id or reference (`person(id:)`,
 * `contactCase(id:)`): when it returns nothing, the attempt is recorded (RequestAudit.notReturned).
 * Without it, a council's request for a police case by id left no record: row-level security
 * hid the row, so no field of it was ever checked. The record is kept in memory and appended
 * with the request's other records: no statement more.
 */
function recordedWhenNotReturned(entityType: string) {
  type Resolve = (parent: unknown, args: Record<string, unknown>, context: RuleContext, info: GraphQLResolveInfo) => unknown;
  return async (resolve: Resolve, parent: unknown, args: Record<string, unknown>, context: RuleContext, info: GraphQLResolveInfo) => {
    let row: unknown;
    try {
      row = await resolve(parent, args, context, info);
    } catch (error) {
      if (error instanceof AgreementRefusal) context.audit.notReturned(entityType, rootArgumentId(args), requestedFields(info), error.agreementId);
      throw error;
    }
    if (row === null || row === undefined) context.audit.notReturned(entityType, rootArgumentId(args), requestedFields(info));
    return row;
  };
}

/** Federation's own fields, which carry no marking. */
const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

export function protectSchema(schema: GraphQLSchema, sdl: DocumentNode, owners: RowOwners, options: ProtectOptions): GraphQLSchema {
  // Deny by default: a subgraph with a field without a marking does not start
  // (composition refuses it too), so no field is ever served unchecked by omission.
  const unmarked = unmarkedFields(sdl);
  if (unmarked.length > 0) throw new Error(`Fields without an @access marking: ${unmarked.join(', ')}`);
  const markings = accessByField(sdl, options.service === null ? [] : [options.service]);
  // Fields with the same marking and scopes share one Access, so a row's decision on it is taken once.
  const sameAccess = new Map<string, Access>();
  const shared = (access: Access) => {
    const key = `${access.marking} ${access.scopes.join(' ')}`;
    if (!sameAccess.has(key)) sameAccess.set(key, access);
    return sameAccess.get(key)!;
  };

  // Root fields are checked by graphql-shield rules; the fields of rows by synchronous row checks.
  const rootRules: Record<string, ReturnType<typeof rootRule>> = {};
  const middleware: Record<string, Record<string, unknown>> = {};
  for (const [coordinate, marked] of markings) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const access = shared(marked);
    if (typeName === 'Query') {
      rootRules[fieldName] = rootRule(coordinate, access, owners.Query);
      continue;
    }
    // A PUBLIC field is readable on every row but police-only ones, so it needs no
    // check elsewhere; leaving it unwrapped is what keeps authorisation cheap on big lists.
    if (access.marking === 'PUBLIC' && !options.policeOnlyRowTypes.includes(typeName)) continue;
    middleware[typeName] ??= {};
    middleware[typeName][fieldName] = guardedBy(rowCheck(coordinate, access, owners[typeName]));
  }
  const ruleTree = {
    // Federation's own fields. `_entities` only resolves references: every field read
    // on an entity is then checked by its own rule, with the entity's row.
    // (A subgraph without entities, such as audit, has no `_entities`.)
    Query: {
      ...rootRules,
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
  for (const coordinate of [...Object.keys(rootRules).map((field) => `Query.${field}`), ...FEDERATION_FIELDS]) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const fieldMiddleware = generated[typeName]?.[fieldName];
    if (!fieldMiddleware) continue;
    middleware[typeName] ??= {};
    middleware[typeName][fieldName] = fieldMiddleware;
  }
  // Lookups of one row of a recorded type: inside the root rules, so only an allowed lookup runs.
  const recorded = recordedRowTypes(markings, options.policeOnlyRowTypes);
  const lookups: Record<string, unknown> = {};
  for (const [fieldName, field] of Object.entries(schema.getQueryType()?.getFields() ?? {})) {
    const returned = getNullableType(field.type);
    const lookup = field.args.some((arg) => arg.name === 'id' || arg.name === 'reference');
    if (lookup && isObjectType(returned) && recorded.has(getNamedType(returned).name)) lookups[fieldName] = recordedWhenNotReturned(returned.name);
  }
  return applyMiddleware(schema, middleware as IMiddleware, { Query: lookups } as IMiddleware);
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
