// Layer 1 of enforcement: the gateway checks each operation against the schema's
// access markings before the query planner sees it. Fields the viewer may not read
// are removed, so they are never fetched; they come back as null with a FORBIDDEN
// error at their path. In strict mode the whole operation is refused instead.
// Only what the operation asks for counts: a field it skips (@skip, @include) is not
// in the answer, so it is neither refused nor reported.
import { createHash } from 'node:crypto';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  TypeInfo,
  getDirectiveValues,
  getVariableValues,
  isIntrospectionType,
  print,
  visit,
  visitWithTypeInfo,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { mayReadField, type Access, type RefusalCode, type Viewer } from '../platform/policy.js';
import { SUBGRAPHS, type Service } from '../subgraphs/registry.js';

type GatewayInterface = ApolloServerOptionsWithGateway<{ viewer: Viewer }>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type RequestContext = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;

/** Response key the gateway selects in place of a selection set left empty by refusals. */
const PLACEHOLDER = 'hubAccessPlaceholder';
const PLACEHOLDER_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER },
  name: { kind: Kind.NAME, value: '__typename' },
};

export interface AccessEnforcementOptions {
  /** Markings by "Type.field", read from the supergraph. A field with none is refused. */
  accessByField: ReadonlyMap<string, Access>;
  /** Refuse the whole operation when any field is refused. */
  strict: boolean;
}

/** Wraps a gateway so that every operation is checked before planning. */
export function enforceAccess(inner: GatewayInterface, options: AccessEnforcementOptions): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
    async load(loadOptions) {
      const { executor } = await inner.load(loadOptions);
      if (!executor) return { executor };
      return { executor: (requestContext) => executeChecked(requestContext, executor, options) };
    },
  };
}

async function executeChecked(requestContext: RequestContext, executor: Executor, options: AccessEnforcementOptions): Promise<ExecutionResult> {
  const viewer = (requestContext.context as { viewer?: Viewer }).viewer;
  if (!viewer) throw new Error('gateway context has no viewer');
  // No operation to run: the gateway's executor would fail on it (an internal error), so
  // the client's mistake is answered here, in graphql-js's words (Apollo Server makes it a 400).
  if (!requestContext.operation) {
    const name = requestContext.request.operationName;
    return { errors: [new GraphQLError(name ? `Unknown operation named "${name}".` : 'Must provide operation name if query contains multiple operations.')] };
  }
  const included = inclusion(requestContext);
  const refusals = refusedFields(requestContext, included, viewer, options.accessByField);
  if (refusals.size === 0) return executor(requestContext);

  if (options.strict) {
    // One error per code: a service not drawn down is NOT_ENTITLED in both modes.
    const byCode = new Map<RefusalCode, Set<string>>();
    for (const refusal of refusals.values()) {
      const refused = byCode.get(refusal.code) ?? new Set<string>();
      refused.add(`${refusal.coordinate} (${refusal.reason})`);
      byCode.set(refusal.code, refused);
    }
    return {
      errors: [...byCode].map(
        ([code, refused]) => new GraphQLError(`This operation reads fields you may not read: ${[...refused].join('; ')}`, { extensions: { code } }),
      ),
    };
  }

  const document = withoutFields(requestContext.document, refusals);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === requestContext.operation.name?.value,
  )!;
  const result = await executor({
    ...requestContext,
    document,
    operation,
    // The gateway caches query plans by this hash: the reduced operation needs its own.
    queryHash: createHash('sha256').update(print(document)).digest('hex'),
  });
  return withRefusalsReported(result, requestContext, refusals, included);
}

/** Whether a selection is in the answer: false when skipped by @skip(if: true) or @include(if: false). */
type Inclusion = (selection: FieldNode | FragmentSpreadNode | InlineFragmentNode) => boolean;

/**
 * The operation's @skip and @include, decided as graphql-js decides them, with its variables.
 * Variables that do not fit their types (the executor refuses them) or a directive it cannot
 * read leave the selection in: checked, never waved through.
 */
function inclusion(requestContext: RequestContext): Inclusion {
  const variables = getVariableValues(requestContext.schema, requestContext.operation.variableDefinitions ?? [], requestContext.request.variables ?? {});
  const coerced = variables.coerced ?? {};
  return (selection) => {
    if (!selection.directives?.length) return true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, selection, coerced)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, selection, coerced)?.if !== false;
    } catch {
      return true;
    }
  };
}

/** The fragments the operation spreads where it is not skipped, directly or through other fragments. */
function includedFragments(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, included: Inclusion): Set<string> {
  const reached = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind !== Kind.FRAGMENT_SPREAD) {
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (!reached.has(selection.name.value)) {
        reached.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return reached;
}

interface Refusal {
  coordinate: string;
  reason: string;
  code: RefusalCode;
}

/**
 * Every field node that the operation asks for (the one being run, where not skipped) and
 * this viewer may not read, with the reason.
 */
function refusedFields(
  requestContext: RequestContext,
  included: Inclusion,
  viewer: Viewer,
  accessByField: ReadonlyMap<string, Access>,
): Map<FieldNode, Refusal> {
  const { schema, document, operation } = requestContext;
  const reachable = includedFragments(operation, fragmentsOf(document), included);
  const refusals = new Map<FieldNode, Refusal>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Returning false leaves out what is under the node.
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (reachable.has(node.name.value) ? undefined : false),
      InlineFragment: (node) => (included(node) ? undefined : false),
      FragmentSpread: (node) => (included(node) ? undefined : false),
      Field(node) {
        if (!included(node)) return false;
        const parent = typeInfo.getParentType();
        // Introspection is the server's to allow (development only), not a marking's.
        if (!parent || node.name.value.startsWith('__') || isIntrospectionType(parent)) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const access = accessByField.get(coordinate);
        // Deny by default: a field without a marking is never served.
        const decision = access ? mayReadField(viewer, access) : { allow: false as const, reason: 'This field is not readable', code: 'FORBIDDEN' as const };
        if (!decision.allow) refusals.set(node, { coordinate, reason: decision.reason, code: decision.code });
      },
    }),
  );
  return refusals;
}

/** The document without the refused fields, and without fragments or variables only they used. */
function withoutFields(document: DocumentNode, refusals: Map<FieldNode, Refusal>): DocumentNode {
  const reduced = visit(document, {
    Field: (node) => (refusals.has(node) ? null : undefined),
    SelectionSet: {
      leave: (node: SelectionSetNode) => (node.selections.length === 0 ? { ...node, selections: [PLACEHOLDER_FIELD] } : undefined),
    },
  });
  return withoutUnused(reduced);
}

/** The document's fragment definitions by name. */
function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
}

function withoutUnused(document: DocumentNode): DocumentNode {
  const fragments = fragmentsOf(document);
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node.selectionSet, {
      Variable: (variable) => {
        usedVariables.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        if (usedFragments.has(spread.name.value)) return;
        usedFragments.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) collect(fragment);
      },
    });
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  for (const operation of operations) {
    collect(operation);
    for (const directive of operation.directives ?? []) visit(directive, { Variable: (v) => void usedVariables.add(v.name.value) });
  }
  return {
    ...document,
    definitions: document.definitions
      .filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION || usedFragments.has(d.name.value))
      .map((d) =>
        d.kind === Kind.OPERATION_DEFINITION
          ? { ...d, variableDefinitions: d.variableDefinitions?.filter((v) => usedVariables.has(v.variable.name.value)) }
          : d,
      ),
  };
}

/** The service of each graph the supergraph joins (its join__Graph value): the audit trail's has none. */
const SERVICE_OF_GRAPH = new Map<string, Service | null>(SUBGRAPHS.map((subgraph) => [subgraph.name.toUpperCase(), subgraph.service]));

function joinGraphs(directives: readonly DirectiveNode[] | undefined, name: string): { graph: string; external: boolean }[] {
  return (directives ?? [])
    .filter((directive) => directive.name.value === name)
    .flatMap((directive) => {
      const args = new Map((directive.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
      const graph = args.get('graph');
      const external = args.get('external');
      return graph?.kind === Kind.ENUM ? [{ graph: graph.value, external: external?.kind === Kind.BOOLEAN && external.value }] : [];
    });
}

/**
 * The services that can serve each field of the supergraph, from its join directives: the
 * graphs its @join__field names (external ones aside), else every graph of its type. A field
 * that the audit trail's graph serves needs no service.
 */
export function servicesOfFields(supergraph: DocumentNode): (coordinate: string) => readonly Service[] {
  const services = new Map<string, Service[]>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = joinGraphs(definition.directives, 'join__type').map((joined) => joined.graph);
    for (const field of definition.fields ?? []) {
      const fieldGraphs = joinGraphs(field.directives, 'join__field');
      const graphs = fieldGraphs.length > 0 ? fieldGraphs.filter((joined) => !joined.external).map((joined) => joined.graph) : typeGraphs;
      const serving = graphs.map((graph) => SERVICE_OF_GRAPH.get(graph));
      if (serving.some((service) => service === null)) continue;
      services.set(`${definition.name.value}.${field.name.value}`, [...new Set(serving.filter((service): service is Service => typeof service === 'string'))]);
    }
  }
  return (coordinate) => services.get(coordinate) ?? [];
}

/** Puts null and a FORBIDDEN (or NOT_ENTITLED) error at every response path of a refused field the operation asked for. */
function withRefusalsReported(
  result: ExecutionResult,
  requestContext: RequestContext,
  refusals: Map<FieldNode, Refusal>,
  included: Inclusion,
): ExecutionResult {
  const fragments = fragmentsOf(requestContext.document);
  const errors: GraphQLError[] = [];
  const reported = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, value: Record<string, unknown>, path: (string | number)[]): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, value, path);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, value, path);
      } else {
        const key = selection.alias?.value ?? selection.name.value;
        const refusal = refusals.get(selection);
        if (refusal) {
          value[key] = null;
          const fieldPath = [...path, key];
          if (!reported.has(fieldPath.join('.'))) {
            reported.add(fieldPath.join('.'));
            errors.push(new GraphQLError(refusal.reason, { path: fieldPath, extensions: { code: refusal.code } }));
          }
        } else if (selection.selectionSet) {
          const child = value[key];
          if (Array.isArray(child)) {
            child.forEach((item, index) => {
              if (item && typeof item === 'object') walk(selection.selectionSet!, item as Record<string, unknown>, [...path, key, index]);
            });
          } else if (child && typeof child === 'object') {
            walk(selection.selectionSet, child as Record<string, unknown>, [...path, key]);
          }
        }
      }
    }
    delete value[PLACEHOLDER];
  };

  const data = result.data as Record<string, unknown> | null | undefined;
  if (data) walk(requestContext.operation.selectionSet, data, []);
  const allErrors = [...(result.errors ?? []), ...errors];
  // The spec: `errors`, when present, is a non-empty list.
  return allErrors.length > 0 ? { ...result, errors: allErrors } : { ...result, errors: undefined };
}
