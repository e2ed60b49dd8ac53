// The many-users scenario: what a working day looks like to the hub. Every simulated user
// has a token of their own (council staff of the two councils, police analysts of the
// force), and asks about different people, organisations and pages drawn from the seeded
// data, in a weighted mix of a frontend's person profile, a staff list across four
// subgraphs and an analyst's audited case list. No gateway can merge such requests in
// flight, so what decides throughput is each layer's own cost per request.
//
// Built in three steps, each testable on its own: `chooseMixPeople` picks the people from
// the database, `pageCursors` walks the lists' first pages through a gateway (cursors are
// sealed by the subgraphs, so they come from the graph), and `planMix` lays out the requests.
import { asc, inArray } from 'drizzle-orm';
import { person } from '../drizzle/people.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/database.js';
import { PERSONAS } from '../platform/personas.js';
import { staffToken } from './scenarios.js';

/** The scenario's name in results and in `--only`. */
export const MANY_USERS = 'many-users';
export const MANY_USERS_TITLE = 'Many users at once: profiles, staff lists and police case lists, each user with a token of their own';

export const SOMERSET = 'E10000027';
export const TAUNTON_DEANE = 'E07000190';
export const POLICE = 'E23000036';
/** The councils whose staff the mix simulates, half the council users each. */
export const MIX_COUNCILS = [SOMERSET, TAUNTON_DEANE] as const;

/** How many of each, and the weights of the mix (60% profiles, 20% staff lists, 20% case lists). */
export const MIX = {
  councilStaff: 64,
  policeAnalysts: 16,
  people: 400,
  weights: { profile: 0.6, 'staff-list': 0.2, 'police-cases': 0.2 },
  /** Rows a staff list and a case list page holds. */
  pageSize: 20,
  /** Pages of each list the mix asks for (the first, and those after it). */
  pages: 10,
  /** Load connections: more than the users active at any moment of a busy hour. */
  connections: 16,
} as const;

export type MixKind = keyof typeof MIX.weights;

/** A council member of staff who uses the frontend: every read scope of the staff pages. */
const COUNCIL_SCOPES = ['staff', 'hr', 'hr:sensitive', 'finance', 'procurement', 'contacts', 'contacts:sensitive'];

export interface MixUser {
  kind: 'council-staff' | 'police-analyst';
  organisation: string;
  subject: string;
  scopes: string[];
  /** Police analysts: the purpose every request of theirs states (X-Purpose). */
  purpose?: string;
}

const OPERATIONS = ['BLUEBELL', 'HAWTHORN', 'KESTREL', 'LARCH', 'MERLIN', 'NETTLE', 'OSPREY', 'PRIMROSE'];

/** The simulated users: council staff split between the councils, then the analysts, each with a subject of their own. */
export function mixUsers(counts: { councilStaff: number; policeAnalysts: number } = MIX): MixUser[] {
  const subject = (n: number) => `00000000-0000-4000-8000-${(0xbe0c0000 + n).toString(16).padStart(12, '0')}`;
  const users: MixUser[] = [];
  for (let i = 0; i < counts.councilStaff; i += 1) {
    users.push({ kind: 'council-staff', organisation: MIX_COUNCILS[i % MIX_COUNCILS.length]!, subject: subject(users.length), scopes: COUNCIL_SCOPES });
  }
  for (let i = 0; i < counts.policeAnalysts; i += 1) {
    users.push({
      kind: 'police-analyst',
      organisation: POLICE,
      subject: subject(users.length),
      scopes: PERSONAS['police-analyst'].scopes,
      purpose: `Op ${OPERATIONS[i % OPERATIONS.length]} case ${4400 + i}/2026`,
    });
  }
  return users;
}

/** Each user's headers: a token of their own, minted as the bench mints every token, and the analysts' purpose. */
export async function userHeaders(users: MixUser[], config: Config): Promise<Record<string, string>[]> {
  return Promise.all(
    users.map(async (user) => ({
      authorization: `Bearer ${await staffToken(config, user)}`,
      ...(user.purpose ? { 'x-purpose': user.purpose } : {}),
    })),
  );
}

export const QUERIES: Record<MixKind, string> = {
  profile: /* GraphQL */ `
    query PersonProfile($id: ID!) {
      person(id: $id) {
        id displayName jobTitle workEmail salary { amount }
        orgUnit { name }
        organisation { name sector }
        manager { displayName jobTitle }
        costCentresManaged { code name payments(first: 3) { edges { node { paymentDate amount { amount } supplier { name } } } } }
        ordersRaised(first: 5) { edges { node { orderNumber status total { amount } supplier { name } } } }
        casesAssigned(first: 5) { edges { node { reference status service { name } openedAt } } }
      }
    }
  `,
  'staff-list': /* GraphQL */ `
    query StaffList($organisation: ID!, $after: String) {
      people(organisation: $organisation, first: ${MIX.pageSize}, after: $after) {
        edges { node {
          id displayName jobTitle orgUnit { name }
          costCentresManaged { code name }
          ordersRaised(first: 3) { edges { node { orderNumber status total { amount } } } }
          casesAssigned(first: 3) { edges { node { reference status service { name } } } }
        } }
      }
    }
  `,
  'police-cases': /* GraphQL */ `
    query AnalystCases($organisation: ID!, $after: String) {
      contactCases(organisation: $organisation, first: ${MIX.pageSize}, after: $after) {
        edges { node {
          reference kind channel status openedAt summary
          service { name }
          customer { displayName }
          notes { body }
          assignedTo { displayName collarNumber rank }
        } }
      }
    }
  `,
};

/** The queries that walk a list's pages: the connection's page info only. */
const PAGE_QUERIES = {
  people: `query StaffPages($organisation: ID!, $after: String) { people(organisation: $organisation, first: ${MIX.pageSize}, after: $after) { pageInfo { hasNextPage endCursor } } }`,
  contactCases: `query CasePages($organisation: ID!, $after: String) { contactCases(organisation: $organisation, first: ${MIX.pageSize}, after: $after) { pageInfo { hasNextPage endCursor } } }`,
} as const;

/** The people whose profiles the mix asks for: spread evenly over each council's staff, half from each. */
export async function chooseMixPeople(db: Database, wanted: number = MIX.people): Promise<{ id: string; organisation: string }[]> {
  const rows = await db
    .select({ id: person.id, organisation: person.organisationCode })
    .from(person)
    .where(inArray(person.organisationCode, [...MIX_COUNCILS]))
    .orderBy(asc(person.organisationCode), asc(person.id));
  const chosen: { id: string; organisation: string }[] = [];
  for (const [index, council] of MIX_COUNCILS.entries()) {
    const staff = rows.filter((row) => row.organisation === council);
    const share = Math.floor(wanted / MIX_COUNCILS.length) + (index < wanted % MIX_COUNCILS.length ? 1 : 0);
    if (staff.length < share) throw new Error(`many users: ${council} has ${staff.length} people, the mix needs ${share} (seed at a larger scale)`);
    for (let i = 0; i < share; i += 1) chosen.push(staff[Math.floor((i * staff.length) / share)]!);
  }
  return chosen;
}

export type GraphqlCall = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => Promise<any>;

/** A list's page, by the cursor it comes after (null: the first page). */
export interface ListPage {
  organisation: string;
  after: string | null;
}

/** The cursors of a list's first pages, walked through a gateway as the list's own reader. */
export async function pageCursors(
  call: GraphqlCall,
  list: keyof typeof PAGE_QUERIES,
  organisation: string,
  headers: Record<string, string>,
  pages: number = MIX.pages,
): Promise<ListPage[]> {
  const found: ListPage[] = [{ organisation, after: null }];
  while (found.length < pages) {
    const data = await call(PAGE_QUERIES[list], { organisation, after: found.at(-1)!.after }, headers);
    const info = data?.[list]?.pageInfo;
    if (!info?.hasNextPage) break;
    found.push({ organisation, after: info.endCursor });
  }
  return found;
}

/** One request of the mix: who asks what. */
export interface MixRequest {
  kind: MixKind;
  /** Index into the users. */
  user: number;
  variables: Record<string, unknown>;
}

/** A deterministic shuffle (mulberry32), so every run and every target sees the same sequence. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The mix: one profile of each chosen person, asked by a member of staff of the person's
 * own council; staff lists and case lists in proportion to the weights, cycling through
 * the pages and their readers; then shuffled, so that autocannon's connections, taking
 * the requests in turn, send the weighted mix at every moment.
 */
export function planMix(input: {
  users: MixUser[];
  people: { id: string; organisation: string }[];
  staffPages: ListPage[];
  casePages: ListPage[];
  weights?: Record<MixKind, number>;
  seed?: number;
}): MixRequest[] {
  const weights = input.weights ?? MIX.weights;
  const readersOf = (organisation: string) => input.users.flatMap((user, index) => (user.organisation === organisation ? [index] : []));
  const analysts = input.users.flatMap((user, index) => (user.kind === 'police-analyst' ? [index] : []));
  const turn = new Map<string, number>();
  /** The next reader of an organisation, in turn, so every user is used. */
  const nextReader = (key: string, readers: number[]) => {
    if (readers.length === 0) throw new Error(`many users: no user to read ${key}`);
    const n = turn.get(key) ?? 0;
    turn.set(key, n + 1);
    return readers[n % readers.length]!;
  };
  const requests: MixRequest[] = input.people.map((chosen) => ({
    kind: 'profile',
    user: nextReader(chosen.organisation, readersOf(chosen.organisation)),
    variables: { id: chosen.id },
  }));
  const per = (kind: MixKind) => Math.round((input.people.length * weights[kind]) / weights.profile);
  for (let i = 0; i < per('staff-list'); i += 1) {
    const page = input.staffPages[i % input.staffPages.length]!;
    requests.push({ kind: 'staff-list', user: nextReader(page.organisation, readersOf(page.organisation)), variables: { ...page } });
  }
  for (let i = 0; i < per('police-cases'); i += 1) {
    const page = input.casePages[i % input.casePages.length]!;
    requests.push({ kind: 'police-cases', user: nextReader('police', analysts), variables: { ...page } });
  }
  return shuffled(requests, input.seed ?? 23);
}

const problem = (condition: boolean, message: string) => (condition ? undefined : message);

/** What one answer must show, by kind: the person asked for, a full page, the fields each reader may see. */
export function checkMixAnswer(request: MixRequest, data: any): string | undefined {
  switch (request.kind) {
    case 'profile':
      return (
        problem(data?.person?.id === request.variables.id, `expected person ${String(request.variables.id)}`) ??
        problem(typeof data.person.salary?.amount === 'string', 'expected the salary (own council, hr:sensitive)') ??
        problem(Array.isArray(data.person.costCentresManaged) && Array.isArray(data.person.ordersRaised?.edges), 'expected cost centres and orders')
      );
    case 'staff-list': {
      const edges = data?.people?.edges ?? [];
      return (
        problem(edges.length > 0 && edges.length <= MIX.pageSize, `expected 1 to ${MIX.pageSize} people, got ${edges.length}`) ??
        problem(
          edges.every((edge: any) => Array.isArray(edge.node.costCentresManaged) && Array.isArray(edge.node.casesAssigned?.edges)),
          'every person needs cost centres and cases (lists, even empty)',
        )
      );
    }
    case 'police-cases': {
      const edges = data?.contactCases?.edges ?? [];
      return (
        problem(edges.length > 0 && edges.length <= MIX.pageSize, `expected 1 to ${MIX.pageSize} cases, got ${edges.length}`) ??
        problem(
          edges.every((edge: any) => typeof edge.node.summary === 'string'),
          'expected every summary (police, with a purpose)',
        )
      );
    }
  }
}

/** A sample of the mix in its proportions (e.g. 12 profiles, 4 staff lists, 4 case lists of 20), for counting statements. */
export function proportionalSample(requests: MixRequest[], size: number): MixRequest[] {
  const kinds = Object.keys(MIX.weights) as MixKind[];
  return kinds.flatMap((kind) => requests.filter((request) => request.kind === kind).slice(0, Math.round(size * MIX.weights[kind])));
}
