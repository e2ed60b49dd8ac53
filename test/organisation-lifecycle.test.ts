// An organisation joins, gives up and takes up services, is suspended and reinstated while the
// hub runs as separate processes (the gateway and five subgraphs, each with its own copy of the
// registry) on PostgreSQL. Each change must take effect in every process, the gateway and each
// subgraph called directly, within the bound docs/organisations.md states; nothing of the
// member's data is deleted, and the auditor still reads its trail while it is suspended.
// PostgreSQL only: PGlite is one process (the walkthrough docs/walkthroughs/new-member.md
// covers it there).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tokenFor, tokenOf } from '../platform/personas.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { sqlRows, testConfig, testDatabase } from './support/hub.js';
import { post, startProcesses, type Answer, type HubProcesses } from './support/processes.js';
import { resetToCandidate } from './support/registry.js';
import { until } from './support/until.js';
import { sql } from 'drizzle-orm';

const provided = inject('database');
const onPostgres = provided.engine === 'postgres';

/** The bound docs/organisations.md states (REGISTRY_REFRESH_MS, 1 s, plus a read), with room for a busy shared machine. */
const TAKES_EFFECT_WITHIN_MS = 5_000;
const MENDIP = 'E07000187';

const ONBOARD = `mutation($input: OnboardOrganisationInput!) { onboardOrganisation(input: $input) { status services version } }`;
const ENTITLEMENTS = `mutation($input: ChangeEntitlementsInput!) { changeEntitlements(input: $input) { services version } }`;
const SUSPEND = `mutation($input: SuspendOrganisationInput!) { suspendOrganisation(input: $input) { status version } }`;
const REINSTATE = `mutation($input: ReinstateOrganisationInput!) { reinstateOrganisation(input: $input) { status version } }`;
const COST_CENTRES = `{ costCentres(organisation: "${MENDIP}") { edges { node { code } } } }`;

describe.skipIf(!onPostgres)('an organisation joining, changing services and suspended while separate processes run', () => {
  const config = testConfig();
  let hub: HubProcesses;
  let admin: Record<string, string>;
  let mendip: Record<string, string>;
  /** Every process a Mendip user can call: the gateway, and each subgraph directly. */
  let endpoints: { name: string; url: string }[];
  /** When this run began: the trail keeps earlier runs' records of the same organisation. */
  const started = new Date();

  beforeAll(async () => {
    const database = await testDatabase();
    await resetToCandidate(database, MENDIP);
    hub = await startProcesses('separate processes', provided.engine === 'postgres' ? provided.url : '');
    endpoints = [{ name: 'gateway', url: hub.url }, ...SUBGRAPH_NAMES.map((name) => ({ name, url: hub.subgraphUrls[name] }))];
    admin = { authorization: `Bearer ${await tokenFor('service-admin', config)}` };
    const token = await tokenOf({ subject: 'mendip-hr-1', organisation: MENDIP, scopes: ['staff', 'hr', 'hr:write', 'finance'] }, config);
    mendip = { authorization: `Bearer ${token}` };
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    await resetToCandidate(await testDatabase(), MENDIP);
  });

  const ask = (url: string, query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}) => post(url, query, variables, headers);
  const accepted = (answer: Answer) => answer.status === 200 && !(answer.body.errors ?? []).some((error) => error.extensions?.code === 'UNAUTHENTICATED');
  const refusedAs = (message: string) => (answer: Answer) =>
    answer.status === 401 && answer.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && answer.body.errors[0].message === message;

  /** How long until every process answers Mendip's request as `holds` says; fails past the bound. */
  async function everyProcess(what: string, holds: (answer: Answer) => boolean, query = '{ __typename }', url?: (name: string) => boolean) {
    const waits = await Promise.all(
      endpoints
        .filter(({ name }) => !url || url(name))
        .map(({ name, url: endpoint }) =>
          until(async () => holds(await ask(endpoint, query, mendip)), { deadlineMs: 30_000, everyMs: 50, what: `${name}: ${what}` }),
        ),
    );
    const slowest = Math.max(...waits);
    expect(slowest, `${what}: the slowest process took ${Math.round(slowest)} ms`).toBeLessThan(TAKES_EFFECT_WITHIN_MS);
  }

  it('refuses a candidate, accepts it everywhere once onboarded, and enforces its services in the gateway and the subgraph', async () => {
    for (const { url } of endpoints) expect(refusedAs('Your organisation has not joined the hub yet')(await ask(url, '{ __typename }', mendip))).toBe(true);

    const onboarded = await ask(hub.url, ONBOARD, admin, {
      input: { code: MENDIP, name: 'Mendip District Council', sector: 'COUNCIL', services: ['PEOPLE'], idempotencyKey: `onboard-mendip-${Date.now()}` },
    });
    expect(onboarded.body).toEqual({ data: { onboardOrganisation: { status: 'MEMBER', services: ['PEOPLE'], version: 2 } } });
    await everyProcess('a newly onboarded member is accepted', accepted);

    // Finance is not drawn down: the gateway refuses before planning, the finance subgraph itself too.
    for (const url of [hub.url, hub.subgraphUrls.finance]) {
      const answer = await ask(url, COST_CENTRES, mendip);
      expect(answer.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
        ['NOT_ENTITLED', 'Your organisation does not draw down the FINANCE service'],
      ]);
    }

    const taken = await ask(hub.url, ENTITLEMENTS, admin, { input: { code: MENDIP, services: ['PEOPLE', 'FINANCE'], version: 2 } });
    expect(taken.body).toEqual({ data: { changeEntitlements: { services: ['PEOPLE', 'FINANCE'], version: 3 } } });
    const entitled = (answer: Answer) => answer.status === 200 && !(answer.body.errors ?? []).some((error) => error.extensions?.code === 'NOT_ENTITLED');
    await everyProcess('a service taken up is served', entitled, COST_CENTRES, (name) => name === 'gateway' || name === 'finance');
  });

  it('refuses a suspended member everywhere within the bound, keeps its data and trail, and accepts it again when reinstated', async () => {
    const unit = await ask(hub.url, `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { name } }`, mendip, {
      input: { name: 'Revenues and Benefits', idempotencyKey: `mendip-unit-${Date.now()}` },
    });
    expect(unit.body).toEqual({ data: { createOrgUnit: { name: 'Revenues and Benefits' } } });
    const unitsOfMendip = sql`select count(*)::int as units from people.org_unit where organisation_code = ${MENDIP}`;
    expect(await sqlRows(unitsOfMendip)).toEqual([{ units: 1 }]);
    const suspended = await ask(hub.url, SUSPEND, admin, { input: { code: MENDIP, reason: 'Lifecycle test', version: 3 } });
    expect(suspended.body).toEqual({ data: { suspendOrganisation: { status: 'SUSPENDED', version: 4 } } });
    await everyProcess('a suspended member is refused', refusedAs("Your organisation's access to the hub is suspended"));

    // The auditor still reads the member's trail: the onboarding and the changes are there.
    const auditor = { authorization: `Bearer ${await tokenFor('auditor', config)}` };
    const day = 24 * 60 * 60 * 1000;
    const trail = await ask(
      hub.url,
      `query($from: String!, $to: String!) { auditRecords(from: $from, to: $to, filter: { entityType: "Organisation", entityId: "${MENDIP}" }, first: 10) { edges { node { action fields } } } }`,
      auditor,
      { from: started.toISOString(), to: new Date(Date.now() + day).toISOString() },
    );
    expect(trail.body.data?.auditRecords).toEqual({
      edges: [
        { node: { action: 'ALTERATION', fields: ['status'] } },
        { node: { action: 'ALTERATION', fields: ['services'] } },
        { node: { action: 'COLLECTION', fields: ['caseReferencePrefix', 'joinedOn', 'leavingOn', 'name', 'sector', 'services', 'status'] } },
      ],
    });

    const reinstated = await ask(hub.url, REINSTATE, admin, { input: { code: MENDIP, reason: 'Lifecycle test over', version: 4 } });
    expect(reinstated.body).toEqual({ data: { reinstateOrganisation: { status: 'MEMBER', version: 5 } } });
    await everyProcess('a reinstated member is accepted', accepted);
    expect(await sqlRows(unitsOfMendip)).toEqual([{ units: 1 }]);
  });
});
