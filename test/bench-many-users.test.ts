// The many-users scenario is built as the issue describes it: distinct users with tokens of
// their own, the weighted mix over different people and pages, each request asked by a
// reader its answer belongs to; and every kind of request is answered by the hub and passes
// its check. No timing here: that is the benchmark's job.
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import {
  MIX,
  MIX_COUNCILS,
  POLICE,
  QUERIES,
  checkMixAnswer,
  chooseMixPeople,
  mixUsers,
  pageCursors,
  planMix,
  proportionalSample,
  userHeaders,
  type GraphqlCall,
  type ListPage,
  type MixRequest,
} from '../bench/many-users.js';
import { graphql, testConfig, testDatabase, testHub } from './support/hub.js';

const users = mixUsers();
const people = Array.from({ length: MIX.people }, (_, i) => ({ id: `person-${i}`, organisation: MIX_COUNCILS[i % 2]! }));
const pages = (organisation: string, n: number): ListPage[] => Array.from({ length: n }, (_, i) => ({ organisation, after: i === 0 ? null : `cursor-${i}` }));
const plan = planMix({
  users,
  people,
  staffPages: MIX_COUNCILS.flatMap((council) => pages(council, MIX.pages)),
  casePages: pages(POLICE, MIX.pages),
});

describe('many users: who sends the requests', () => {
  it('is 64 council staff, half of each council, and 16 police analysts, each a subject of their own', () => {
    expect(users.filter((user) => user.kind === 'council-staff').map((user) => user.organisation)).toEqual(
      Array.from({ length: 64 }, (_, i) => MIX_COUNCILS[i % 2]),
    );
    expect(users.filter((user) => user.kind === 'police-analyst').every((user) => user.organisation === POLICE)).toBe(true);
    expect(users.filter((user) => user.kind === 'police-analyst')).toHaveLength(16);
    expect(new Set(users.map((user) => user.subject)).size).toBe(80);
  });

  it('gives every user a token of their own, with their organisation and scopes, and every analyst a purpose', async () => {
    const headers = await userHeaders(users, testConfig());
    expect(new Set(headers.map((h) => h.authorization)).size).toBe(80);
    headers.forEach((h, i) => {
      const claims = decodeJwt(h.authorization!.replace('Bearer ', ''));
      expect(claims).toMatchObject({ sub: users[i]!.subject, org: users[i]!.organisation, scope: users[i]!.scopes.join(' ') });
      expect(h['x-purpose']).toBe(users[i]!.purpose);
    });
    expect(headers.filter((h) => h['x-purpose']).length).toBe(16);
  });
});

describe('many users: the mix', () => {
  const ofKind = (kind: MixRequest['kind']) => plan.filter((request) => request.kind === kind);

  it('is 60% profiles, 20% staff lists and 20% police case lists', () => {
    expect(ofKind('profile')).toHaveLength(400);
    expect(ofKind('staff-list')).toHaveLength(133);
    expect(ofKind('police-cases')).toHaveLength(133);
  });

  it('asks for 400 different people, each by staff of the person’s own council', () => {
    expect(new Set(ofKind('profile').map((request) => request.variables.id)).size).toBe(400);
    for (const request of ofKind('profile')) {
      const asked = people.find((chosen) => chosen.id === request.variables.id)!;
      expect(users[request.user]).toMatchObject({ kind: 'council-staff', organisation: asked.organisation });
    }
  });

  it('walks every page of both councils’ staff lists as their own staff, and the force’s cases as analysts', () => {
    expect(new Set(ofKind('staff-list').map((request) => JSON.stringify(request.variables))).size).toBe(2 * MIX.pages);
    for (const request of ofKind('staff-list')) expect(users[request.user]!.organisation).toBe(request.variables.organisation);
    expect(new Set(ofKind('police-cases').map((request) => request.variables.after)).size).toBe(MIX.pages);
    for (const request of ofKind('police-cases')) expect(users[request.user]!.kind).toBe('police-analyst');
  });

  it('uses every user, and is shuffled the same way every time', () => {
    expect(new Set(plan.map((request) => request.user)).size).toBe(80);
    expect(plan.slice(0, 20).map((request) => request.kind)).not.toEqual(Array(20).fill('profile'));
    expect(planMix({ users, people, staffPages: pages(MIX_COUNCILS[0], 3).concat(pages(MIX_COUNCILS[1], 3)), casePages: pages(POLICE, 3) })).toEqual(
      planMix({ users, people, staffPages: pages(MIX_COUNCILS[0], 3).concat(pages(MIX_COUNCILS[1], 3)), casePages: pages(POLICE, 3) }),
    );
  });

  it('counts statements over a sample in the mix’s proportions', () => {
    const sample = proportionalSample(plan, 20);
    expect(sample.map((request) => request.kind).sort()).toEqual([
      ...Array(4).fill('police-cases'),
      ...Array(12).fill('profile'),
      ...Array(4).fill('staff-list'),
    ]);
  });
});

describe('many users: answered by the hub', () => {
  let hub: RunningHub;
  let call: GraphqlCall;
  beforeAll(async () => {
    hub = await testHub();
    call = async (query, variables, headers) => {
      const response = await graphql(hub.url, query, variables, headers);
      expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
      return response.body.data;
    };
  });

  it('every kind of request, from people and pages of the seeded data, passes its check', async () => {
    const chosen = await chooseMixPeople((await testDatabase()).db, 6);
    expect(new Set(chosen.map((one) => one.organisation))).toEqual(new Set(MIX_COUNCILS));
    const few = mixUsers({ councilStaff: 4, policeAnalysts: 2 });
    const headers = await userHeaders(few, testConfig());
    const readerOf = (organisation: string) => headers[few.findIndex((user) => user.organisation === organisation)]!;
    const staffPages = (await Promise.all(MIX_COUNCILS.map((council) => pageCursors(call, 'people', council, readerOf(council), 2)))).flat();
    const casePages = await pageCursors(call, 'contactCases', POLICE, readerOf(POLICE), 2);
    expect(staffPages.filter((page) => page.after !== null).length).toBeGreaterThan(0);
    const mix = planMix({ users: few, people: chosen, staffPages, casePages });
    expect(new Set(mix.map((request) => request.kind))).toEqual(new Set(['profile', 'staff-list', 'police-cases']));
    for (const request of mix) {
      const data = await call(QUERIES[request.kind], request.variables, headers[request.user]!);
      expect(checkMixAnswer(request, data), `${request.kind} ${JSON.stringify(request.variables)}`).toBeUndefined();
    }
  });

  it('a check refuses an answer about someone else', () => {
    expect(checkMixAnswer({ kind: 'profile', user: 0, variables: { id: 'a' } }, { person: { id: 'b', salary: { amount: '1' } } })).toMatch(/expected person a/);
  });
});
