// The authorisation matrix: every marked field of the graph against every persona,
// generated from the schema's @access markings. What each persona should get is not
// written here: test/support/policy-table.ts parses the README's two policy tables
// ("Who may read a field", "Whose rows") and computes each expectation from them, the
// personas' organisation and scopes, and the organisation registry. So the README's
// policy table is what the tests expect, cell by cell.
//
// 1. Through the gateway, in strict mode: for each field, one query that reaches it
//    from the root by the shortest path, with arguments that match nothing, so what
//    is checked is the decision and not the data. The operation runs iff the README
//    lets the viewer read every field on the path; otherwise it is refused whole with
//    one FORBIDDEN error naming exactly the refused fields of that path.
// 2. Straight at each subgraph, past the gateway: every field of every entity type the
//    subgraph resolves, on real rows of each organisation, through `_entities`: the
//    field and row rules together. Forged identity headers without a token get exactly
//    what anonymous gets.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import {
  buildASTSchema,
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLField,
  type GraphQLObjectType,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { accessByField } from '../platform/markings.js';
import { isServed, registeredOrganisation, registeredOrganisations } from '../platform/organisations.js';
import { PERSONA_NAMES, PERSONAS } from '../platform/personas.js';
import { subgraphSdl } from '../platform/sdl.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import {
  expectedFieldOutcome,
  expectedRowOutcome,
  ORACLE_PURPOSE,
  FIELD_TABLE,
  membershipRefusal,
  ROW_SECURED_TABLES,
  ROW_TABLE,
  serviceOfSubgraph,
  servicesServing,
  viewerName,
  type FieldAccess,
  type MatrixRow,
  type PolicyViewer,
} from './support/policy-table.js';
import { PARTIAL_MEMBER } from './support/registry.js';
import { SAFEGUARDING_FIELDS, STAFF_SAFETY_FIELDS } from '../drizzle/seed/agreements.js';
import { POLICE as FORCE } from '../drizzle/seed/members.js';
import { asPersona, asStaffOf, graphql, sqlRows, testConfig, testDatabase, testHub, type GraphQLResponse } from './support/hub.js';

const PURPOSE = `${ORACLE_PURPOSE} matrix test`;
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_ORGANISATION = 'E99999999';

const isPolice = (persona: (typeof PERSONA_NAMES)[number]) => registeredOrganisation(PERSONAS[persona].organisation)?.sector === 'POLICE';

async function headersOf(viewer: PolicyViewer): Promise<Record<string, string>> {
  const purpose = viewer.kind !== 'anonymous' && viewer.purpose ? PURPOSE : undefined;
  if (viewer.kind === 'staff') return asStaffOf(viewer.organisation, [...viewer.scopes], purpose);
  return viewer.kind === 'anonymous' ? {} : asPersona(viewer.persona, purpose);
}

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * No error may carry a stack trace or SQL. Only the errors are searched for SQL words:
 * the data holds real seeded text (case summaries, descriptions) where "from" is an
 * ordinary word.
 */
function expectNoLeak(response: GraphQLResponse): void {
  const errors = JSON.stringify(response.body.errors ?? []).toLowerCase();
  for (const fragment of ['stack', 'select ', ' from ', 'at /']) expect(errors).not.toContain(fragment);
  expect(JSON.stringify(response.body)).not.toMatch(/stacktrace/i);
}

const SUPERGRAPH = parse(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'));
// With the services serving each field, as the policy page says (the subgraphs that resolve it).
const MARKINGS = new Map([...accessByField(SUPERGRAPH)].map(([coordinate, access]) => [coordinate, { ...access, services: servicesServing(coordinate) }]));

/** Staff of the member that draws down only HR and customer contact, with every scope a field asks for. */
const PARTIAL_MEMBER_STAFF: PolicyViewer = {
  kind: 'staff',
  organisation: PARTIAL_MEMBER.code,
  // The audit scope aside: the trail is the shared-service company's, read by its own auditors only.
  scopes: [...new Set([...MARKINGS.values()].flatMap((access) => access.scopes))].filter((scope) => scope !== 'audit').sort(),
  purpose: false,
};

/** Anonymous, every persona, the police personas both with and without X-Purpose, and a member drawing down some services only. */
const VIEWERS: PolicyViewer[] = [
  { kind: 'anonymous' },
  ...PERSONA_NAMES.flatMap((persona): PolicyViewer[] =>
    isPolice(persona)
      ? [
          { kind: 'persona', persona, purpose: false },
          { kind: 'persona', persona, purpose: true },
        ]
      : [{ kind: 'persona', persona, purpose: false }],
  ),
  PARTIAL_MEMBER_STAFF,
];
const NAMED_VIEWERS = VIEWERS.map((viewer) => ({ viewer, name: viewerName(viewer) }));

describe("the README's policy tables", () => {
  it('give an outcome for every marking the schema uses, for every viewer and row', () => {
    const used = new Set([...MARKINGS.values()].map((access) => access.marking));
    expect([...FIELD_TABLE.keys()]).toEqual(expect.arrayContaining([...used]));
    for (const { cells } of ROW_TABLE) expect([...cells.keys()]).toEqual(expect.arrayContaining([...used].filter((marking) => marking !== 'PUBLIC')));
    expect(ROW_SECURED_TABLES.length).toBeGreaterThan(0);
  });
});

// ---- 1. Through the gateway ---------------------------------------------------------

function markingOf(coordinate: string): FieldAccess {
  const access = MARKINGS.get(coordinate);
  if (!access) throw new Error(`${coordinate} has no @access marking in the supergraph`);
  return access;
}

// The schema clients query. The supergraph SDL declares its join__ and link__ directives
// and types itself, so graphql-js builds it as it stands; its object types, fields and
// arguments are those of the gateway's API schema, plus a few join__/link__ scalars and
// enums that no field reaches, so a walk from Query sees exactly what a client can ask.
// (That avoids reaching into @apollo/federation-internals, which is not our dependency.)
const API_SCHEMA = buildASTSchema(SUPERGRAPH, { assumeValidSDL: true });
const QUERY = API_SCHEMA.getQueryType()!;

/**
 * Values (GraphQL literals) for required root arguments that match nothing, so every query
 * is data-independent: by argument name, or by `field.argument` where one field differs.
 */
const NOTHING: Record<string, string> = {
  id: JSON.stringify(UNKNOWN_UUID),
  code: JSON.stringify(UNKNOWN_ORGANISATION),
  organisation: JSON.stringify(UNKNOWN_ORGANISATION),
  reference: '"MATRIX-NO-SUCH-CASE"',
  // Reporting aggregates over a month and a year before any seeded row.
  from: '"1990-01-01"',
  to: '"1990-01-31"',
  groupBy: '[MONTH]',
  financialYear: '2000',
  // The audit trail over a second before the hub existed (times, not dates).
  'auditRecords.from': '"2000-01-01T00:00:00Z"',
  'auditRecords.to': '"2000-01-01T00:00:01Z"',
};

const requiredArguments = (field: GraphQLField<unknown, unknown>) =>
  field.args.filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);

/** A root field with no required argument returns data whatever we pass (organisations, expenseTypes, ...). */
const returnsData = (root: GraphQLField<unknown, unknown>) => requiredArguments(root).length === 0;

function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const given = field.args.flatMap((argument) => {
    if (argument.name === 'first') return ['first: 1'];
    if (!requiredArguments(field).includes(argument)) return [];
    const value = NOTHING[`${field.name}.${argument.name}`] ?? NOTHING[argument.name];
    if (value === undefined) throw new Error(`no value that matches nothing for the argument ${field.name}(${argument.name})`);
    return [`${argument.name}: ${value}`];
  });
  return given.length > 0 ? `(${given.join(', ')})` : '';
}

interface Step {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** The shortest path from Query to each object type, through the given root fields (breadth first, schema order). */
function shortestPaths(roots: readonly GraphQLField<unknown, unknown>[]): Map<string, Step[]> {
  const paths = new Map<string, Step[]>();
  const queue: GraphQLObjectType[] = [];
  const reach = (type: unknown, path: Step[]) => {
    if (!isObjectType(type) || paths.has(type.name)) return;
    paths.set(type.name, path);
    queue.push(type);
  };
  for (const root of roots) reach(getNamedType(root.type), [{ parent: QUERY, field: root }]);
  for (let type = queue.shift(); type; type = queue.shift()) {
    for (const field of Object.values(type.getFields())) reach(getNamedType(field.type), [...paths.get(type.name)!, { parent: type, field }]);
  }
  return paths;
}

const ROOTS = Object.values(QUERY.getFields());
const PATHS_FROM_ANY_ROOT = shortestPaths(ROOTS);
const PATHS_FROM_ROOTS_WITH_ARGUMENTS = shortestPaths(ROOTS.filter((root) => !returnsData(root)));

const coordinateOf = (step: Step) => `${step.parent.name}.${step.field.name}`;

/** The selection for a path: arguments that match nothing, and __typename under an object-typed last field. */
function selectionFor(path: Step[]): string {
  let selection = isObjectType(getNamedType(path.at(-1)!.field.type)) ? '__typename' : '';
  for (const { field } of [...path].reverse()) selection = `${field.name}${argumentsOf(field)}${selection ? ` { ${selection} }` : ''}`;
  return selection;
}

interface GatewayProbe {
  coordinate: string;
  /** Every field on the path, root first, ending with the coordinate itself. */
  path: string[];
  route: string;
  /** The root field's selection, down to the coordinate. */
  selection: string;
  returnsData: boolean;
}

function probeFor(coordinate: string): GatewayProbe | undefined {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = API_SCHEMA.getType(typeName);
  if (!isObjectType(type)) return undefined;
  const field = type.getFields()[fieldName];
  if (!field) return undefined;
  const via = (prefix: Step[] | undefined) => (prefix || typeName === QUERY.name ? [...(prefix ?? []), { parent: type, field }] : undefined);
  let path = via(PATHS_FROM_ANY_ROOT.get(typeName));
  // A root that returns data may lead only to PUBLIC fields: anything else goes through a root that matches nothing.
  if (path && returnsData(path[0]!.field) && path.some((step) => markingOf(coordinateOf(step)).marking !== 'PUBLIC') && typeName !== QUERY.name) {
    path = via(PATHS_FROM_ROOTS_WITH_ARGUMENTS.get(typeName));
  }
  if (!path) return undefined;
  const coordinates = path.map(coordinateOf);
  return { coordinate, path: coordinates, route: coordinates.join(' > '), selection: selectionFor(path), returnsData: returnsData(path[0]!.field) };
}

// Reads only: every subgraph's write tests run the mutations' matrix (test/support/write-matrix.ts).
const READ_COORDINATES = [...MARKINGS.keys()].filter((coordinate) => !coordinate.startsWith('Mutation.'));
const PROBES = READ_COORDINATES.map((coordinate) => ({ coordinate, probe: probeFor(coordinate) }));
const GATEWAY_PROBES = PROBES.flatMap(({ probe }) => (probe ? [probe] : []));

/** The fields on a probe's path that the README's field table refuses this viewer. */
const refusedOnPath = (viewer: PolicyViewer, probe: GatewayProbe) => [
  ...new Set(probe.path.filter((coordinate) => expectedFieldOutcome(viewer, markingOf(coordinate)) === 'refused')),
];

const STRICT_REFUSAL = 'This operation reads fields you may not read: ';

/** The coordinates a strict-mode refusal names: "Type.field (reason); Type.field (reason)". */
function namedCoordinates(message: string): string[] {
  expect(message.startsWith(STRICT_REFUSAL)).toBe(true);
  return message
    .slice(STRICT_REFUSAL.length)
    .split('; ')
    .map((item) => {
      const match = /^([A-Za-z_]\w*\.[A-Za-z_]\w*) \(([^()]+)\)$/.exec(item);
      expect(match, `"${item}" is not "Type.field (reason)"`).not.toBeNull();
      return match![1]!;
    });
}

describe('through the gateway, in strict mode', () => {
  let strictHub: RunningHub;

  beforeAll(async () => {
    strictHub = await startHub(testConfig({ ACCESS_MODE: 'strict' }), { database: await testDatabase() });
  });

  afterAll(async () => {
    await strictHub?.stop();
  });

  it('reaches every marked field of the supergraph from the root', () => {
    expect(PROBES.filter(({ probe }) => !probe).map(({ coordinate }) => coordinate)).toEqual([]);
    expect(GATEWAY_PROBES.length).toBe(READ_COORDINATES.length);
    expect(GATEWAY_PROBES.length).toBeGreaterThan(200);
  });

  it('uses roots that return data (organisations, expenseTypes, ...) only on paths of PUBLIC fields', () => {
    const dataReturning = GATEWAY_PROBES.filter((probe) => probe.returnsData);
    expect(dataReturning.map((probe) => probe.path[0])).toEqual(expect.arrayContaining(['Query.organisations', 'Query.expenseTypes']));
    for (const probe of dataReturning)
      expect(probe.path.map((coordinate) => [coordinate, markingOf(coordinate).marking])).toEqual(probe.path.map((c) => [c, 'PUBLIC']));
  });

  describe.each(NAMED_VIEWERS)('as $name', ({ viewer }) => {
    const responses = new Map<string, GraphQLResponse>();

    // Probes the README refuses go one by one: each refusal must name exactly its own path's
    // refused fields. Probes it allows go as one aliased operation, which runs only if none
    // of its fields is refused; should it fail, they go one by one too, to say which.
    beforeAll(async () => {
      const headers = await headersOf(viewer);
      const ask = async (probes: GatewayProbe[]) =>
        inParallel(probes, 8, async (probe) => {
          responses.set(probe.coordinate, await graphql(strictHub.url, `{ ${probe.selection} }`, {}, headers));
        });
      const allowed = GATEWAY_PROBES.filter((probe) => refusedOnPath(viewer, probe).length === 0);
      await ask(GATEWAY_PROBES.filter((probe) => !allowed.includes(probe)));
      const together = await graphql(strictHub.url, `{ ${allowed.map((probe, index) => `p${index}: ${probe.selection}`).join(' ')} }`, {}, headers);
      if (together.status !== 200 || together.body.errors) return ask(allowed);
      allowed.forEach((probe, index) => {
        const root = probe.path[0]!.split('.')[1]!;
        responses.set(probe.coordinate, { ...together, body: { data: { [root]: together.body.data![`p${index}`] } } });
      });
    });

    it.each(GATEWAY_PROBES)('$coordinate via $route', (probe) => {
      const response = responses.get(probe.coordinate)!;
      const refused = refusedOnPath(viewer, probe);
      expectNoLeak(response);
      if (refused.length === 0) {
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        const root = response.body.data?.[probe.path[0]!.split('.')[1]!];
        // Data-returning roots give data; the others match nothing.
        if (probe.returnsData) expect(root).toBeTruthy();
        else expect(isEmpty(root), JSON.stringify(root)).toBe(true);
      } else {
        // One error per code: the fields of services not drawn down are NOT_ENTITLED, the others FORBIDDEN.
        const byCode = new Map<string, string[]>();
        for (const coordinate of refused) {
          const code = membershipRefusal(viewer, markingOf(coordinate)) ?? 'FORBIDDEN';
          byCode.set(code, [...(byCode.get(code) ?? []), coordinate]);
        }
        const errors = response.body.errors ?? [];
        expect(errors.map((error) => error.extensions?.code).sort()).toEqual([...byCode.keys()].sort());
        for (const error of errors) expect(namedCoordinates(error.message).sort()).toEqual(byCode.get(error.extensions!.code as string)!.sort());
        expect(response.body.data).toBeUndefined();
      }
    });
  });
});

/** What arguments that match nothing give: null, or connections and lists with nothing in them. */
function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value && typeof value === 'object') return Object.values(value).every(isEmpty);
  return true;
}

// ---- 2. Straight at the subgraphs, through _entities --------------------------------

interface EntityField {
  name: string;
  access: FieldAccess;
  nonNull: boolean;
  /** Object-typed: selected with `{ __typename }`. */
  object: boolean;
}

interface EntityType {
  subgraph: SubgraphName;
  typeName: string;
  key: string;
  fields: EntityField[];
  /** A stub whose fields @require the owning organisation in its representation. */
  requiresOrganisation: boolean;
}

/** The data subgraphs: the audit subgraph's records have their own tests (audit.test.ts). */
const SUBGRAPHS = SUBGRAPH_NAMES.filter((name) => name !== 'audit');

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** The types with @key in a subgraph's own SDL (its entities and the stubs it extends), with that SDL's fields of each. */
function entityTypesOf(subgraph: SubgraphName): EntityType[] {
  const document: DocumentNode = parse(subgraphSdl(subgraph));
  // Straight at the subgraph, a field needs the subgraph's own service.
  const service = serviceOfSubgraph(subgraph);
  const markings = new Map([...accessByField(document)].map(([coordinate, access]) => [coordinate, { ...access, services: service ? [service] : [] }]));
  const objects = document.definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION,
  );
  const objectNames = new Set(objects.map((object) => object.name.value));
  return objects.flatMap((object) => {
    const keyDirective = object.directives?.find((directive) => directive.name.value === 'key');
    if (!keyDirective) return [];
    const keyArgument = keyDirective.arguments?.find((argument) => argument.name.value === 'fields')?.value;
    if (keyArgument?.kind !== Kind.STRING || !/^\w+$/.test(keyArgument.value)) throw new Error(`${object.name.value}: the matrix expects a single-field @key`);
    const typeName = object.name.value;
    return [
      {
        subgraph,
        typeName,
        key: keyArgument.value,
        requiresOrganisation: (object.fields ?? []).some((field) => field.directives?.some((d) => d.name.value === 'requires')),
        // @external fields are resolved by their owner, never by this subgraph: they are
        // what the gateway sends in with a representation (@requires), not what it asks for.
        fields: (object.fields ?? [])
          .filter((field) => !field.directives?.some((d) => d.name.value === 'external'))
          .map((field) => ({
            name: field.name.value,
            access: markings.get(`${typeName}.${field.name.value}`) ?? { marking: 'UNMARKED', scopes: [] },
            nonNull: field.type.kind === Kind.NON_NULL_TYPE,
            object: objectNames.has(namedTypeOf(field.type)),
          })),
      },
    ];
  });
}

const ENTITY_TYPES = SUBGRAPHS.flatMap(entityTypesOf);

interface SampleRow {
  label: string;
  key: string;
  row: MatrixRow;
}

interface Sampling {
  /** The table the rows come from, as schema.table. */
  table: string;
  rows(subgraph: SubgraphName): Promise<SampleRow[]>;
}

/** One row of each organisation; `prefer` picks rows whose stub fields have something to return. */
function ownedRows(table: string, prefer: Partial<Record<SubgraphName, string>> = {}): Sampling {
  return {
    table,
    async rows(subgraph) {
      const preference = prefer[subgraph] ? `(${prefer[subgraph]}) desc,` : '';
      const rows = await sqlRows<{ key: string; owner: string }>(
        sql.raw(`select distinct on (organisation_code) t.id::text as key, t.organisation_code as owner
                 from ${table} t order by organisation_code, ${preference} t.id`),
      );
      return rows.map(({ key, owner }) => ({ label: `${owner} row`, key, row: { owner } }));
    },
  };
}

/** A row of a table that no organisation owns. */
function unownedRow(table: string): Sampling {
  return {
    table,
    async rows() {
      const rows = await sqlRows<{ key: string }>(sql.raw(`select id::text as key from ${table} order by id limit 1`));
      return rows.map(({ key }) => ({ label: 'unowned row', key, row: { owner: null } }));
    },
  };
}

/** Real rows to ask each subgraph for, by entity type: one per owning organisation where rows have an owner. */
const SAMPLES: Record<string, Sampling> = {
  Organisation: {
    table: 'people.organisation',
    rows: async () =>
      registeredOrganisations()
        .filter((o) => isServed(o))
        .map((o) => ({ label: `${o.code} itself`, key: o.code, row: { owner: o.code } })),
  },
  OrgUnit: ownedRows('people.org_unit'),
  Grade: ownedRows('people.grade'),
  Position: ownedRows('people.position'),
  Person: ownedRows('people.person', {
    finance: 'exists (select 1 from finance.cost_centre c where c.manager_person_id = t.id)',
    procurement: 'exists (select 1 from procurement.purchase_order o where o.requester_person_id = t.id)',
    contacts: 'exists (select 1 from contacts.contact_case k where k.assigned_person_id = t.id)',
  }),
  CostCentre: ownedRows('finance.cost_centre', { procurement: 'exists (select 1 from procurement.purchase_order o where o.cost_centre_id = t.id)' }),
  Payment: ownedRows('finance.payment'),
  PurchaseOrder: ownedRows('procurement.purchase_order'),
  Customer: ownedRows('contacts.customer'),
  ExpenseType: unownedRow('finance.expense_type'),
  Supplier: unownedRow('procurement.supplier'),
  Contract: unownedRow('procurement.contract'),
  ContactCase: {
    table: 'contacts.contact_case',
    async rows() {
      // One case of each organisation, kind and disclosure: police 101 and crime reports, and council cases disclosed to the force or not.
      const rows = await sqlRows<{ key: string; owner: string; kind: string; disclosed: boolean }>(sql`
        select distinct on (organisation_code, kind, disclosed) key, owner, kind, disclosed from (
          select c.id::text as key, c.organisation_code as owner, c.kind::text as kind, c.organisation_code, c.id,
            exists (select 1 from contacts.case_disclosure d where d.case_id = c.id) as disclosed
          from contacts.contact_case c) t
        order by organisation_code, kind, disclosed, id`);
      return rows.map(({ key, owner, kind, disclosed }) => ({
        label: `${owner} ${kind}${disclosed ? ' disclosed for safeguarding' : ''} case`,
        key,
        row: {
          owner,
          policeContactCase: kind !== 'COUNCIL_SERVICE',
          ...(disclosed ? { disclosedTo: { recipient: FORCE, inForce: true, purposes: ['SAFEGUARDING'], fields: new Set(SAFEGUARDING_FIELDS) } } : {}),
        },
      }));
    },
  },
  // Held by both parties: one per providing organisation.
  CaseDisclosure: {
    table: 'contacts.case_disclosure',
    async rows() {
      const rows = await sqlRows<{ key: string; owner: string; recipient: string }>(sql`
        select distinct on (provider_code) id::text as key, provider_code as owner, recipient_code as recipient
        from contacts.case_disclosure order by provider_code, id`);
      return rows.map(({ key, owner, recipient }) => ({ label: `${owner} disclosure to ${recipient}`, key, row: { owner, heldBy: [owner, recipient] } }));
    },
  },
  // The people subgraph holds agreements as their parties' rows; contacts and audit hold only
  // their id, and row-level security keeps what hangs off it (disclosures, audit records) to the parties.
  InformationSharingAgreement: {
    table: 'people.sharing_agreement',
    async rows(subgraph) {
      const rows = await sqlRows<{ key: string; owner: string; recipient: string }>(sql`
        select id::text as key, provider_code as owner, recipient_code as recipient from people.sharing_agreement order by reference`);
      return rows.map(({ key, owner, recipient }) => ({
        label: `agreement from ${owner} to ${recipient}`,
        key,
        row: subgraph === 'people' ? { owner, heldBy: [owner, recipient] } : { owner: null },
      }));
    },
  },
  WarningMarker: {
    table: 'contacts.warning_marker',
    async rows() {
      const rows = await sqlRows<{ key: string; owner: string; recipient: string }>(sql`
        select id::text as key, organisation_code as owner, recipient_code as recipient from contacts.warning_marker order by id limit 1`);
      return rows.map(({ key, owner, recipient }) => ({
        label: `${owner} warning marker for ${recipient}`,
        key,
        row: { owner, disclosedTo: { recipient, inForce: true, purposes: ['STAFF_SAFETY'], fields: new Set(STAFF_SAFETY_FIELDS) } },
      }));
    },
  },
};

/** Records only one side makes: councils disclose cases to the force; the force places warning markers. */
const ONE_SIDED: Record<string, string[]> = { CaseDisclosure: ['E10000027', 'E07000190'], WarningMarker: [FORCE] };

/** What came back for one field of one row. */
type Observed = 'read' | 'refused' | 'hidden' | string;

type EntitiesResponse = GraphQLResponse<{ _entities: (Record<string, unknown> | null)[] }>;

/** Some fields of one entity type, asked on its sample rows, which sit at `offset` in `_entities`. */
interface EntityProbe {
  entity: EntityType;
  fields: EntityField[];
  rows: SampleRow[];
  offset: number;
}

const aliasOf = (entity: EntityType, position: number) => `${entity.typeName}_f${position}`;

/** One `_entities` request for several probes: their rows one after the other, a fragment per type. */
async function askEntities(subgraph: SubgraphName, probes: EntityProbe[], headers: Record<string, string>): Promise<EntitiesResponse> {
  // As the gateway does: a stub's representation carries its owner (`@requires(fields: "organisation { code }")`).
  const representations = probes.flatMap(({ entity, rows }) =>
    rows.map((sample) => ({
      __typename: entity.typeName,
      [entity.key]: sample.key,
      ...(entity.requiresOrganisation ? { organisation: { code: sample.row.owner } } : {}),
    })),
  );
  const fragments = probes.map(
    ({ entity, fields }) =>
      `... on ${entity.typeName} { ${fields.map((field, position) => `${aliasOf(entity, position)}: ${field.name}${field.object ? ' { __typename }' : ''}`).join(' ')} }`,
  );
  const query = `query Matrix($representations: [_Any!]!) { _entities(representations: $representations) { ${fragments.join(' ')} } }`;
  return graphql((await testHub()).subgraphs[subgraph].url, query, { representations }, headers);
}

/** The name of one cell of the matrix: the row, the coordinate and its path in the answer. */
const cellName = ({ entity, offset }: EntityProbe, sample: SampleRow, index: number, field: EntityField, position: number) =>
  `${sample.label}: ${entity.typeName}.${field.name} at _entities.${offset + index}.${aliasOf(entity, position)}`;

/**
 * Reads an `_entities` answer cell by cell: `read` (no error at the field's path),
 * `refused` (null with one FORBIDDEN error at exactly its path), `hidden` (the whole
 * row null with no error: row-level security), or a description of anything else.
 * Any other error on the probe's rows, or on none, is reported too.
 */
function observe(response: EntitiesResponse, probe: EntityProbe): Record<string, Observed> {
  const { entity, fields, rows, offset } = probe;
  const observed: Record<string, Observed> = {};
  const errors = response.body.errors ?? [];
  const entities = response.body.data?._entities;
  const probed = new Set<string>();
  rows.forEach((sample, index) => {
    const value = entities?.[offset + index];
    fields.forEach((field, position) => {
      const alias = aliasOf(entity, position);
      const path = JSON.stringify(['_entities', offset + index, alias]);
      probed.add(path);
      const at = errors.filter((error) => JSON.stringify(error.path) === path);
      const cell = cellName(probe, sample, index, field, position);
      const refusalCode = at.length === 1 && typeof at[0]!.message === 'string' && at[0]!.message.length > 0 ? at[0]!.extensions?.code : undefined;
      const forbidden = refusalCode === 'FORBIDDEN' || refusalCode === 'NOT_ENTITLED';
      const refusal = refusalCode === 'NOT_ENTITLED' ? 'not entitled' : 'refused';
      if (value === undefined) observed[cell] = `no _entities[${offset + index}] in ${JSON.stringify(response.body)}`;
      else if (value === null) observed[cell] = at.length === 0 ? 'hidden' : forbidden && field.nonNull ? refusal : `null row with ${JSON.stringify(at)}`;
      else if (at.length === 0) {
        observed[cell] = field.name === entity.key && value[alias] !== sample.key ? `read ${JSON.stringify(value[alias])}, not the key` : 'read';
      } else observed[cell] = forbidden && value[alias] === null ? refusal : `${JSON.stringify(value[alias])} with ${JSON.stringify(at)}`;
    });
  });
  const ours = (error: { path?: (string | number)[] }) => {
    const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
    return typeof index !== 'number' || (index >= offset && index < offset + rows.length);
  };
  const stray = errors.filter((error) => ours(error) && !probed.has(JSON.stringify(error.path)));
  if (stray.length > 0) observed['other errors'] = JSON.stringify(stray);
  if (response.status !== 200) observed['HTTP status'] = String(response.status);
  return observed;
}

/**
 * What the README says for each cell. A row of one of the row-secured personal tables
 * (README: people.person, contacts.customer, contacts.contact_case, contacts.case_note)
 * "that the viewer may not see" is "`null` when asked for by id": a null row is accepted
 * there when the viewer may read none of its non-PUBLIC fields, and nowhere else. A row
 * nulled by a refused non-null field hides what its other fields got: those are not judged.
 */
function expected(viewer: PolicyViewer, probe: EntityProbe, observed: Record<string, Observed>): Record<string, Observed> {
  const { entity, fields, rows } = probe;
  const table = SAMPLES[entity.typeName]!.table;
  const rowSecured = ROW_SECURED_TABLES.includes(table);
  const cells: Record<string, Observed> = {};
  rows.forEach((sample, index) => {
    const names = fields.map((field, position) => cellName(probe, sample, index, field, position));
    // A row of a service the viewer's organisation does not draw down may be hidden too ("Membership and services").
    const mayBeHidden =
      (rowSecured &&
        entity.fields.every(
          (field) =>
            field.access.marking === 'PUBLIC' || expectedRowOutcome(viewer, field.access, `${entity.typeName}.${field.name}`, sample.row) === 'refused',
        )) ||
      entity.fields.every((field) => field.access.marking === 'PUBLIC' || membershipRefusal(viewer, field.access) === 'NOT_ENTITLED');
    const nulledByRefusal = names.some((name, position) => fields[position]!.nonNull && (observed[name] === 'refused' || observed[name] === 'not entitled'));
    fields.forEach((field, position) => {
      const name = names[position]!;
      if ((mayBeHidden || nulledByRefusal) && observed[name] === 'hidden') cells[name] = 'hidden';
      else {
        const outcome = expectedRowOutcome(viewer, field.access, `${entity.typeName}.${field.name}`, sample.row);
        cells[name] = outcome === 'refused' && membershipRefusal(viewer, field.access) === 'NOT_ENTITLED' ? 'not entitled' : outcome;
      }
    });
  });
  return cells;
}

/** An answer with its errors in path order: errors of concurrent resolvers may come in any order. */
const comparable = ({ status, body }: EntitiesResponse) => ({
  status,
  data: body.data,
  errors: [...(body.errors ?? [])].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
});

describe.each(SUBGRAPHS)('straight at the %s subgraph, through _entities', (subgraph) => {
  const entityTypes = ENTITY_TYPES.filter((entity) => entity.subgraph === subgraph);
  const samples = new Map<string, SampleRow[]>();
  // Nullable fields, then non-null ones, apart because a refused non-null field nulls its
  // whole row, hiding what its siblings got; each request within the subgraph's alias limit.
  const requests: EntityProbe[][] = [];
  const answers = new Map<PolicyViewer, EntitiesResponse[]>();

  beforeAll(async () => {
    for (const entity of entityTypes) {
      const sampling = SAMPLES[entity.typeName];
      if (!sampling) throw new Error(`no sample rows for ${entity.typeName}: add it to SAMPLES`);
      samples.set(entity.typeName, await sampling.rows(subgraph));
    }
    const maxAliases = testConfig().LIMIT_ALIASES;
    for (const nonNull of [false, true]) {
      let offset = 0;
      let aliases = 0;
      let probes: EntityProbe[] = [];
      for (const entity of entityTypes) {
        const rows = samples.get(entity.typeName)!;
        const fields = entity.fields.filter((field) => field.nonNull === nonNull);
        for (let start = 0; start < fields.length; start += maxAliases) {
          const some = fields.slice(start, start + maxAliases);
          if (aliases + some.length > maxAliases) {
            requests.push(probes);
            [probes, offset, aliases] = [[], 0, 0];
          }
          probes.push({ entity, fields: some, rows, offset });
          offset += rows.length;
          aliases += some.length;
        }
      }
      if (probes.length > 0) requests.push(probes);
    }
    await inParallel(VIEWERS, 4, async (viewer) => {
      const headers = await headersOf(viewer);
      answers.set(viewer, await Promise.all(requests.map((probes) => askEntities(subgraph, probes, headers))));
    });
  });

  describe.each(entityTypes.map((entity) => ({ typeName: entity.typeName, fields: entity.fields.map((field) => field.name).join(', ') })))(
    '$typeName ($fields)',
    ({ typeName }) => {
      it('is asked for real rows of each owning organisation', () => {
        const rows = samples.get(typeName)!;
        expect(rows.length).toBeGreaterThan(0);
        const owners = new Set(rows.map((sample) => sample.row.owner));
        // Own-organisation and other-sector rows for every persona: councils and the police (and SWONE where it has rows),
        // or, for records only one side makes, that side's.
        if (!owners.has(null)) for (const code of ONE_SIDED[typeName] ?? ['E10000027', 'E07000190', 'E23000036']) expect(owners).toContain(code);
      });

      it.each(NAMED_VIEWERS)('as $name', ({ viewer }) => {
        let asked = 0;
        requests.forEach((probes, request) => {
          for (const probe of probes.filter((candidate) => candidate.entity.typeName === typeName)) {
            const response = answers.get(viewer)![request]!;
            expectNoLeak(response);
            const observed = observe(response, probe);
            expect(observed).toEqual(expected(viewer, probe, observed));
            asked += probe.fields.length;
          }
        });
        expect(asked).toBe(ENTITY_TYPES.find((entity) => entity.typeName === typeName && entity.subgraph === subgraph)!.fields.length);
      });
    },
  );

  it('gives a caller with forged identity headers and no token exactly what anonymous gets', async () => {
    // Anonymous is asked again beside each forgery: on PostgreSQL, another worker's test may change the data in between.
    const askAll = (headers: Record<string, string>) => Promise.all(requests.map((probes) => askEntities(subgraph, probes, headers)));
    const forgeries: Record<string, string>[] = [
      { 'x-user-org': 'E23000036' },
      { 'x-organisation': 'E23000036' },
      {
        'x-viewer': JSON.stringify({ organisation: 'E23000036', sector: 'POLICE', scopes: ['staff', 'hr', 'hr:sensitive', 'contacts', 'contacts:sensitive'] }),
      },
    ];
    for (const forged of forgeries) {
      const [anonymous, answered] = await Promise.all([askAll({}), askAll({ ...forged, 'x-purpose': PURPOSE })]);
      expect(answered.map(comparable)).toEqual(anonymous.map(comparable));
    }
  });
});
