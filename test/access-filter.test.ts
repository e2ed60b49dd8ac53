// The gateway's access filter (gateway/access.ts), in process: enforceAccess wraps a stand-in
// for the Apollo gateway that records the operation it would plan and answers it with
// made-up data shaped by the schema. No subgraph, no database, no HTTP; the schema is the
// real supergraph's API schema and the markings are the supergraph's @access.
//
// 1. Every marked field of the supergraph, reached from the root by its shortest path, for
//    every viewer of test/support/policy-viewers.ts, against the README oracle
//    (test/support/policy-table.ts): in strict mode an operation runs iff the README lets
//    the viewer read every field on it, and a refusal names exactly the refused fields; in
//    partial mode the planner never sees a refused field, still sees every allowed one, gets
//    a valid operation, and the answer has null and FORBIDDEN at each refused path.
// 2. Representative operations per marking, with the whole answer pinned inline.
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { enforceAccess } from '../gateway/access.js';
import type { Viewer } from '../platform/policy.js';
import { expectedFieldOutcome, membershipRefusal, type PolicyViewer } from './support/policy-table.js';
import { hubViewer, POLICY_VIEWERS, SUPERGRAPH_MARKINGS } from './support/policy-viewers.js';
import { API_SCHEMA } from './support/supergraph.js';

type GatewayInterface = ApolloServerOptionsWithGateway<{ viewer: Viewer }>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type RequestContext = Parameters<Executor>[0];

// ---- A gateway stand-in, and the filter around it -----------------------------------

/** A value of the schema's shape for a selection: one item per list, the first value of an enum. */
function madeUp(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [madeUp(nullable.ofType, selectionSet, fragments)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (!isObjectType(nullable)) return nullable.name === 'Int' ? 1 : nullable.name === 'Boolean' ? true : 'x';
  const value: Record<string, unknown> = {};
  const fill = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) fill(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) fill(fragments.get(selection.name.value)!.selectionSet);
      else {
        const key = selection.alias?.value ?? selection.name.value;
        value[key] =
          selection.name.value === '__typename' ? nullable.name : madeUp(nullable.getFields()[selection.name.value]!.type, selection.selectionSet, fragments);
      }
    }
  };
  if (selectionSet) fill(selectionSet);
  return value;
}

interface Filtered {
  /** The operation as the client sent it. */
  sent: DocumentNode;
  /** What the filter answered. */
  result: Awaited<ReturnType<Executor>>;
  /** The document the gateway would have planned, or undefined when the filter refused the operation itself. */
  planned: DocumentNode | undefined;
}

/** Parsed operations by their text: the same probes are sent as every viewer. */
const parsed = new Map<string, DocumentNode>();

/** Runs an operation through enforceAccess over the stand-in, as this viewer. */
async function filtered(viewer: Viewer, operation: string, mode: 'strict' | 'partial', variables: Record<string, unknown> = {}): Promise<Filtered> {
  let planned: DocumentNode | undefined;
  const inner: GatewayInterface = {
    onSchemaLoadOrUpdate: () => () => {},
    stop: async () => {},
    load: async () => ({
      executor: async (requestContext) => {
        planned = requestContext.document;
        const fragments = new Map(
          requestContext.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
        );
        const root = requestContext.operation.operation === 'mutation' ? API_SCHEMA.getMutationType()! : API_SCHEMA.getQueryType()!;
        return { data: madeUp(root, requestContext.operation.selectionSet, fragments) as Record<string, unknown> };
      },
    }),
  };
  const { executor } = await enforceAccess(inner, { accessByField: SUPERGRAPH_MARKINGS, strict: mode === 'strict' }).load({ apollo: {} as never });
  const document = parsed.get(operation) ?? parsed.set(operation, parse(operation)).get(operation)!;
  const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const requestContext = {
    request: { query: operation, operationName: definition.name?.value, variables },
    document,
    operation: definition,
    operationName: definition.name?.value ?? null,
    source: operation,
    schema: API_SCHEMA,
    context: { viewer },
    queryHash: 'unit-test',
  } as unknown as RequestContext;
  const result = await executor!(requestContext);
  return { sent: document, result, planned };
}

/** A filtered answer as plain data: errors as their message, path and code. */
const plain = ({ result }: Filtered) => JSON.parse(JSON.stringify({ data: result.data, errors: result.errors }));

const STRICT_REFUSAL = 'This operation reads fields you may not read: ';

/** The coordinates a strict-mode refusal names: "Type.field (reason); Type.field (reason)". */
function namedCoordinates(message: string): string[] {
  if (!message.startsWith(STRICT_REFUSAL)) throw new Error(`not a strict-mode refusal: ${message}`);
  return message
    .slice(STRICT_REFUSAL.length)
    .split('; ')
    .map((item) => /^([A-Za-z_]\w*\.[A-Za-z_]\w*) \([^()]+\)$/.exec(item)?.[1] ?? `unreadable: ${item}`);
}

/** Every "Type.field" a document selects, as the filter would name it. */
function coordinatesIn(document: DocumentNode): Set<string> {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(API_SCHEMA);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !node.name.value.startsWith('__')) coordinates.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return coordinates;
}

// ---- 1. Every marked field, every viewer --------------------------------------------

interface Step {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** The shortest path from a root to each object type (breadth first, schema order). */
function shortestPaths(root: GraphQLObjectType): Map<string, Step[]> {
  const paths = new Map<string, Step[]>([[root.name, []]]);
  const queue = [root];
  for (let type = queue.shift(); type; type = queue.shift()) {
    for (const field of Object.values(type.getFields())) {
      const next = getNamedType(field.type);
      if (!isObjectType(next) || paths.has(next.name)) continue;
      paths.set(next.name, [...paths.get(type.name)!, { parent: type, field }]);
      queue.push(next);
    }
  }
  return paths;
}

interface Probe {
  coordinate: string;
  operation: 'query' | 'mutation';
  steps: Step[];
}

const QUERY = API_SCHEMA.getQueryType()!;
const MUTATION = API_SCHEMA.getMutationType()!;
const FROM_QUERY = shortestPaths(QUERY);

const PROBES: Probe[] = [...SUPERGRAPH_MARKINGS.keys()].map((coordinate) => {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = API_SCHEMA.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${coordinate}: ${typeName} is not an object type of the API schema`);
  const field = type.getFields()[fieldName]!;
  if (type === MUTATION) return { coordinate, operation: 'mutation', steps: [{ parent: type, field }] };
  const prefix = FROM_QUERY.get(typeName);
  if (!prefix) throw new Error(`${coordinate}: ${typeName} is not reachable from Query`);
  return { coordinate, operation: 'query', steps: [...prefix, { parent: type, field }] };
});

const coordinateOf = ({ parent, field }: Step) => `${parent.name}.${field.name}`;

/** One probe as an aliased root selection, its required arguments as variables numbered from `first`. */
function selectionOf(probe: Probe, alias: string, variables: string[]): string {
  let selection = isObjectType(getNamedType(probe.steps.at(-1)!.field.type)) ? '{ __typename }' : '';
  for (const [index, { field }] of [...probe.steps.entries()].reverse()) {
    const required = field.args.filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);
    const args = required.map((argument) => {
      variables.push(`$v${variables.length}: ${String(argument.type)}`);
      return `${argument.name}: $v${variables.length - 1}`;
    });
    selection = `${index === 0 ? `${alias}: ` : ''}${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} ${selection}`.trim();
    if (index > 0) selection = `{ ${selection} }`;
  }
  return selection;
}

/** An operation of single probes or of many, each under its alias. */
function operationOf(kind: 'query' | 'mutation', probes: readonly { alias: string; probe: Probe }[]): string {
  const variables: string[] = [];
  const selections = probes.map(({ alias, probe }) => selectionOf(probe, alias, variables));
  return `${kind} Probes${variables.length > 0 ? `(${variables.join(', ')})` : ''} { ${selections.join(' ')} }`;
}

/** Where the first refused field of a probe answers: the response path (one item per list), or undefined. */
function refusedPath(viewer: PolicyViewer, probe: Probe, alias: string): (string | number)[] | undefined {
  const first = probe.steps.findIndex((step) => refusedBy(viewer, step));
  if (first < 0) return undefined;
  const path: (string | number)[] = [];
  probe.steps.slice(0, first + 1).forEach((step, index) => {
    path.push(index === 0 ? alias : step.field.name);
    if (index < first && isListType(getNullableType(step.field.type))) path.push(0);
  });
  return path;
}

const refusedBy = (viewer: PolicyViewer, step: Step) => expectedFieldOutcome(viewer, SUPERGRAPH_MARKINGS.get(coordinateOf(step))!) === 'refused';

/** The code the README gives a refused field: NOT_ENTITLED for a service not drawn down, else FORBIDDEN. */
const refusalCodeOf = (viewer: PolicyViewer, coordinate: string) =>
  membershipRefusal(viewer, SUPERGRAPH_MARKINGS.get(coordinate)!) === 'NOT_ENTITLED' ? 'NOT_ENTITLED' : 'FORBIDDEN';

/** The fields on a probe's path that the README refuses this viewer. */
const refusedOn = (viewer: PolicyViewer, probe: Probe) => [...new Set(probe.steps.filter((step) => refusedBy(viewer, step)).map(coordinateOf))];

/** The fields on a probe's path before the first one the README refuses. */
const readableOn = (viewer: PolicyViewer, probe: Probe) => {
  const first = probe.steps.findIndex((step) => refusedBy(viewer, step));
  return probe.steps.slice(0, first < 0 ? undefined : first).map(coordinateOf);
};

describe('every marked field of the supergraph, through the filter', () => {
  it('is reached by a valid operation', () => {
    expect(PROBES.length).toBe(SUPERGRAPH_MARKINGS.size);
    for (const kind of ['query', 'mutation'] as const) {
      const probes = PROBES.filter((probe) => probe.operation === kind).map((probe, index) => ({ alias: `p${index}`, probe }));
      expect(validate(API_SCHEMA, parse(operationOf(kind, probes))).map((error) => error.message)).toEqual([]);
    }
  });

  describe.each(POLICY_VIEWERS)('as $name', ({ viewer }) => {
    const hub = hubViewer(viewer);

    it('strict: runs a field iff the README lets the viewer read its whole path, else names exactly the refused fields', async () => {
      const wrong: string[] = [];
      for (const probe of PROBES) {
        const operation = operationOf(probe.operation, [{ alias: 'probe', probe }]);
        const answer = await filtered(hub, operation, 'strict');
        const refused = refusedOn(viewer, probe).sort();
        const got =
          answer.planned !== undefined && answer.result.errors === undefined
            ? answer.planned === answer.sent
              ? []
              : ['the operation was changed']
            : (answer.result.errors ?? []).length > 0 &&
                answer.result.errors!.every((error) => {
                  // One error per code, each naming the refused fields of that code.
                  const named = namedCoordinates(error.message);
                  return named.every((coordinate) => refusalCodeOf(viewer, coordinate) === error.extensions?.code);
                })
              ? answer.result.errors!.flatMap((error) => namedCoordinates(error.message)).sort()
              : [`unexpected answer ${JSON.stringify(plain(answer))}`];
        if (JSON.stringify(got) !== JSON.stringify(refused))
          wrong.push(`${probe.coordinate}: refused ${JSON.stringify(got)}, the README refuses ${JSON.stringify(refused)}`);
      }
      expect(wrong).toEqual([]);
    });

    it.each(['query', 'mutation'] as const)(
      'partial: a %s plans only the readable fields, and answers null and FORBIDDEN where the README refuses',
      async (kind) => {
        const probes = PROBES.filter((probe) => probe.operation === kind).map((probe, index) => ({ alias: `p${index}`, probe }));
        const answer = await filtered(hub, operationOf(kind, probes), 'partial');
        const expectedPaths = probes.flatMap(({ alias, probe }) => {
          const path = refusedPath(viewer, probe, alias);
          return path ? [path] : [];
        });
        const readable = new Set(probes.flatMap(({ probe }) => readableOn(viewer, probe)));
        expect(answer.planned, 'the gateway was asked to plan').toBeDefined();
        // What the planner sees: valid, with every readable field on the probes' paths and no refused one.
        expect(validate(API_SCHEMA, answer.planned!).map((error) => error.message)).toEqual([]);
        expect([...coordinatesIn(answer.planned!)].sort()).toEqual([...readable].sort());
        // What the client gets: FORBIDDEN and null at the outermost refused field of each probe, nothing else.
        const errors = plain(answer).errors ?? [];
        expect(errors.map((error: { path: (string | number)[] }) => JSON.stringify(error.path)).sort()).toEqual(
          expectedPaths.map((path) => JSON.stringify(path)).sort(),
        );
        const codeAt = new Map(
          probes.flatMap(({ alias, probe }) => {
            const path = refusedPath(viewer, probe, alias);
            const first = probe.steps.find((step) => refusedBy(viewer, step));
            return path && first ? [[JSON.stringify(path), refusalCodeOf(viewer, coordinateOf(first))] as const] : [];
          }),
        );
        const malformed = errors.filter(
          (error: Record<string, unknown>) =>
            Object.keys(error).sort().join() !== 'extensions,message,path' ||
            !/\w/.test(String(error.message)) ||
            JSON.stringify(error.extensions) !== JSON.stringify({ code: codeAt.get(JSON.stringify(error.path)) }),
        );
        expect(malformed).toEqual([]);
        const notNull = expectedPaths.filter((path) => path.reduce((value: any, key) => value?.[key], answer.result.data) !== null);
        expect(notNull).toEqual([]);
        expect(JSON.stringify(answer.result.data)).not.toContain('hubAccessPlaceholder');
      },
    );
  });
});

// ---- 2. Representative operations, answered whole -----------------------------------

/** What the filter did with one operation for each viewer named, in both modes, compactly. */
async function outcomes(operation: string, viewers: readonly string[]) {
  const table: Record<string, unknown> = {};
  for (const name of viewers) {
    const entry = POLICY_VIEWERS.find((candidate) => candidate.name === name);
    if (!entry) throw new Error(`no viewer named ${name}`);
    const viewer = hubViewer(entry.viewer);
    const partial = await filtered(viewer, operation, 'partial');
    const strict = await filtered(viewer, operation, 'strict');
    table[name] = {
      partial: {
        planned: partial.planned === partial.sent ? 'as sent' : partial.planned && print(partial.planned).replace(/\s+/g, ' '),
        errors: plain(partial).errors?.map(
          (error: { path: unknown[]; extensions: { code: string }; message: string }) =>
            `${error.extensions.code} at ${error.path.join('.')}: ${error.message}`,
        ),
      },
      strict: strict.planned === strict.sent ? 'runs as sent' : plain(strict).errors,
    };
  }
  return table;
}

describe('representative operations, in partial and strict modes', () => {
  it('PUBLIC: the published spend runs as sent for anyone; an OFFICIAL field inside it is refused alone', async () => {
    const operation = `query Spend {
      organisations { code name sector }
      payments(organisation: "E10000027", first: 1) { edges { node { transactionNumber amount { amount } costCentre { code } } } }
    }`;
    expect(await outcomes(operation, ['anonymous', 'council-finance', 'police-analyst with X-Purpose'])).toMatchInlineSnapshot(`
      {
        "anonymous": {
          "partial": {
            "errors": [
              "FORBIDDEN at payments.edges.0.node.costCentre: Sign in to read this field: it is not public",
            ],
            "planned": "query Spend { organisations { code name sector } payments(organisation: "E10000027", first: 1) { edges { node { transactionNumber amount { amount } } } } }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Payment.costCentre (Sign in to read this field: it is not public); CostCentre.code (Sign in to read this field: it is not public)",
            },
          ],
        },
        "council-finance": {
          "partial": {
            "errors": undefined,
            "planned": "as sent",
          },
          "strict": "runs as sent",
        },
        "police-analyst with X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at payments.edges.0.node.costCentre: Your access does not include the scope finance",
            ],
            "planned": "query Spend { organisations { code name sector } payments(organisation: "E10000027", first: 1) { edges { node { transactionNumber amount { amount } } } } }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Payment.costCentre (Your access does not include the scope finance); CostCentre.code (Your access does not include the scope finance)",
            },
          ],
        },
      }
    `);
  });

  it('OFFICIAL, SENSITIVE and POLICE fields of a person, through a fragment and an alias', async () => {
    const operation = `query Profile($id: ID!) {
      person(id: $id) { id ...Card pay: salary { amount } collarNumber vettingLevel }
    }
    fragment Card on Person { displayName workEmail }`;
    expect(
      await outcomes(operation, [
        'anonymous',
        'council-finance',
        'council-hr',
        'police-hr without X-Purpose',
        'police-hr with X-Purpose',
        'police-analyst with X-Purpose',
        'made-up Southwest One staff with every scope and X-Purpose',
      ]),
    ).toMatchInlineSnapshot(`
      {
        "anonymous": {
          "partial": {
            "errors": [
              "FORBIDDEN at person: Sign in to read this field: it is not public",
            ],
            "planned": "query Profile { hubAccessPlaceholder: __typename }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Query.person (Sign in to read this field: it is not public); Person.salary (Sign in to read this field: it is not public); Person.collarNumber (Sign in to read this field: it is not public); Person.vettingLevel (Sign in to read this field: it is not public); Person.displayName (Sign in to read this field: it is not public); Person.workEmail (Sign in to read this field: it is not public)",
            },
          ],
        },
        "council-finance": {
          "partial": {
            "errors": [
              "FORBIDDEN at person.pay: Your access does not include the scope hr:sensitive",
              "FORBIDDEN at person.collarNumber: Police data is readable by police staff only",
              "FORBIDDEN at person.vettingLevel: Your access does not include the scope hr",
            ],
            "planned": "query Profile($id: ID!) { person(id: $id) { id ...Card } } fragment Card on Person { displayName workEmail }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.salary (Your access does not include the scope hr:sensitive); Person.collarNumber (Police data is readable by police staff only); Person.vettingLevel (Your access does not include the scope hr)",
            },
          ],
        },
        "council-hr": {
          "partial": {
            "errors": [
              "FORBIDDEN at person.collarNumber: Police data is readable by police staff only",
              "FORBIDDEN at person.vettingLevel: Police data is readable by police staff only",
            ],
            "planned": "query Profile($id: ID!) { person(id: $id) { id ...Card pay: salary { amount } } } fragment Card on Person { displayName workEmail }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.collarNumber (Police data is readable by police staff only); Person.vettingLevel (Police data is readable by police staff only)",
            },
          ],
        },
        "made-up Southwest One staff with every scope and X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at person.collarNumber: Police data is readable by police staff only",
              "FORBIDDEN at person.vettingLevel: Police data is readable by police staff only",
            ],
            "planned": "query Profile($id: ID!) { person(id: $id) { id ...Card pay: salary { amount } } } fragment Card on Person { displayName workEmail }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.collarNumber (Police data is readable by police staff only); Person.vettingLevel (Police data is readable by police staff only)",
            },
          ],
        },
        "police-analyst with X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at person.pay: Your access does not include the scope hr:sensitive",
              "FORBIDDEN at person.vettingLevel: Your access does not include the scope hr",
            ],
            "planned": "query Profile($id: ID!) { person(id: $id) { id ...Card collarNumber } } fragment Card on Person { displayName workEmail }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.salary (Your access does not include the scope hr:sensitive); Person.vettingLevel (Your access does not include the scope hr)",
            },
          ],
        },
        "police-hr with X-Purpose": {
          "partial": {
            "errors": undefined,
            "planned": "as sent",
          },
          "strict": "runs as sent",
        },
        "police-hr without X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at person.collarNumber: Reading police data needs a stated purpose: send an X-Purpose header",
              "FORBIDDEN at person.vettingLevel: Reading police data needs a stated purpose: send an X-Purpose header",
            ],
            "planned": "query Profile($id: ID!) { person(id: $id) { id ...Card pay: salary { amount } } } fragment Card on Person { displayName workEmail }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.collarNumber (Reading police data needs a stated purpose: send an X-Purpose header); Person.vettingLevel (Reading police data needs a stated purpose: send an X-Purpose header)",
            },
          ],
        },
      }
    `);
  });

  it("POLICE: the analyst's case list, and the officers on it", async () => {
    const operation = `query AnalystCases($organisation: ID!) {
      contactCases(organisation: $organisation, first: 2) { edges { node { reference summary assignedTo { displayName collarNumber rank vettingLevel } } } }
    }`;
    expect(await outcomes(operation, ['contact-centre', 'police-analyst without X-Purpose', 'police-analyst with X-Purpose'])).toMatchInlineSnapshot(`
      {
        "contact-centre": {
          "partial": {
            "errors": [
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.collarNumber: Police data is readable by police staff only",
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.rank: Police data is readable by police staff only",
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.vettingLevel: Your access does not include the scope hr",
            ],
            "planned": "query AnalystCases($organisation: ID!) { contactCases(organisation: $organisation, first: 2) { edges { node { reference summary assignedTo { displayName } } } } }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.collarNumber (Police data is readable by police staff only); Person.rank (Police data is readable by police staff only); Person.vettingLevel (Your access does not include the scope hr)",
            },
          ],
        },
        "police-analyst with X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.vettingLevel: Your access does not include the scope hr",
            ],
            "planned": "query AnalystCases($organisation: ID!) { contactCases(organisation: $organisation, first: 2) { edges { node { reference summary assignedTo { displayName collarNumber rank } } } } }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.vettingLevel (Your access does not include the scope hr)",
            },
          ],
        },
        "police-analyst without X-Purpose": {
          "partial": {
            "errors": [
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.collarNumber: Reading police data needs a stated purpose: send an X-Purpose header",
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.rank: Reading police data needs a stated purpose: send an X-Purpose header",
              "FORBIDDEN at contactCases.edges.0.node.assignedTo.vettingLevel: Your access does not include the scope hr",
            ],
            "planned": "query AnalystCases($organisation: ID!) { contactCases(organisation: $organisation, first: 2) { edges { node { reference summary assignedTo { displayName } } } } }",
          },
          "strict": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "This operation reads fields you may not read: Person.collarNumber (Reading police data needs a stated purpose: send an X-Purpose header); Person.rank (Reading police data needs a stated purpose: send an X-Purpose header); Person.vettingLevel (Your access does not include the scope hr)",
            },
          ],
        },
      }
    `);
  });
});
