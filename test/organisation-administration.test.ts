// The organisation registry's administration through the graph (docs/organisations.md): who
// may call it, what it does, and bad input refused with the field named and nothing changed.
// The worked example (docs/walkthroughs/new-member.md) and the processes' bound
// (organisation-lifecycle.test.ts) are tested apart.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInUk } from '../platform/dates.js';
import { registeredOrganisation, standingOf } from '../platform/organisations.js';
import { asPersona, asStaffOf, graphql, sqlRows, testDatabase, testHub } from './support/hub.js';
import { PARTIAL_MEMBER, registerTestMembers, SUSPENDED_MEMBER } from './support/registry.js';

const ONBOARD = `mutation($input: OnboardOrganisationInput!) { onboardOrganisation(input: $input) { code name status services joinedOn caseReferencePrefix version } }`;
const ENTITLEMENTS = `mutation($input: ChangeEntitlementsInput!) { changeEntitlements(input: $input) { services version } }`;
const SUSPEND = `mutation($input: SuspendOrganisationInput!) { suspendOrganisation(input: $input) { status version } }`;
const REINSTATE = `mutation($input: ReinstateOrganisationInput!) { reinstateOrganisation(input: $input) { status version } }`;
const LEAVING = `mutation($input: RecordOrganisationLeavingInput!) { recordOrganisationLeaving(input: $input) { status leavingOn version } }`;
const MENDIP = 'E07000187';

let url: string;
let admin: Record<string, string>;
const key = () => `admin-test-${Date.now()}-${randomInt(1e9)}`;
/** A council code no run has used: a unitary authority's kind, E06, with random digits. */
const freshCode = () => `E0690${String(randomInt(10_000)).padStart(4, '0')}`;

const versionOf = async (code: string) => (await sqlRows<{ version: number }>(sql`select version from people.organisation where code = ${code}`))[0]?.version;

/** The error's code and fields, as a client reads them. */
const refusal = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => {
  const { code, fields } = body.errors?.[0]?.extensions ?? {};
  return { code, fields };
};

beforeAll(async () => {
  const hub = await testHub();
  await registerTestMembers(await testDatabase());
  url = hub.url;
  admin = await asPersona('service-admin');
});

describe('onboarding', () => {
  it('registers an unknown council as a member drawing down the services given, once per key', async () => {
    const code = freshCode();
    const input = { code, name: 'Testshire Unitary Council', sector: 'COUNCIL', services: ['CONTACTS', 'PEOPLE', 'CONTACTS'], idempotencyKey: key() };
    const first = await graphql(url, ONBOARD, { input }, admin);
    expect(first.body).toEqual({
      data: {
        onboardOrganisation: {
          code,
          name: 'Testshire Unitary Council',
          status: 'MEMBER',
          services: ['PEOPLE', 'CONTACTS'],
          joinedOn: todayInUk(),
          caseReferencePrefix: expect.stringMatching(/^TUC\d*$/),
          version: 1,
        },
      },
    });
    // A retry with the same key changes nothing more, and answers the same.
    expect((await graphql(url, ONBOARD, { input }, admin)).body).toEqual(first.body);
    expect(await sqlRows(sql`select status, reason from people.organisation_status_change where organisation_code = ${code}`)).toEqual([
      { status: 'MEMBER', reason: 'Onboarded' },
    ]);
    // Its staff are served at once in this process.
    const staff = await asStaffOf(code, ['staff']);
    expect((await graphql(url, `{ organisation(code: "${code}") { services } }`, {}, staff)).body).toEqual({
      data: { organisation: { services: ['PEOPLE', 'CONTACTS'] } },
    });
  });

  it.each([
    ['a sector other than council or police', { sector: 'SHARED_SERVICE' }, 'input.sector'],
    ['a code of the wrong kind for its sector', { code: 'E23000099' }, 'input.code'],
    ['a code that is not a GSS code', { code: 'SEDGEMOOR' }, 'input.code'],
    ['a duplicate code', { code: 'E10000027' }, 'input.code'],
    ['no services', { services: [] }, 'input.services'],
    ['no name', { name: ' ' }, 'input.name'],
  ])('refuses %s, naming the field, and registers nothing', async (_case, change, field) => {
    const input = { code: freshCode(), name: 'Refused Council', sector: 'COUNCIL', services: ['PEOPLE'], idempotencyKey: key(), ...change };
    const response = await graphql(url, ONBOARD, { input }, admin);
    expect(refusal(response.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field })] });
    expect(response.body.data).toEqual({ onboardOrganisation: null });
    expect(await sqlRows(sql`select code from people.organisation where name = 'Refused Council'`)).toEqual([]);
  });

  it('refuses an unknown sector or service before running: the schema has no such value', async () => {
    for (const change of [{ sector: 'PARISH' }, { services: ['HOUSING'] }]) {
      const input = { code: freshCode(), name: 'Refused Council', sector: 'COUNCIL', services: ['PEOPLE'], idempotencyKey: key(), ...change };
      const response = await graphql(url, ONBOARD, { input }, admin);
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('who may administer the registry', () => {
  it('refuses everyone but the shared-service administrators: FORBIDDEN, nothing changed', async () => {
    const input = { code: MENDIP, services: ['PEOPLE'], version: 1 };
    const before = await versionOf(MENDIP);
    for (const headers of [await asPersona('council-hr'), await asPersona('auditor'), {}]) {
      const response = await graphql(url, ENTITLEMENTS, { input }, headers);
      expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    // A council's staff holding the scope are refused by the resolver: the registry is the shared-service company's.
    const councilAdmin = await asStaffOf('E10000027', ['staff', 'tenancy:admin']);
    const response = await graphql(url, ENTITLEMENTS, { input }, councilAdmin);
    expect(response.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['FORBIDDEN', "Only the shared-service company's administrators change the organisation registry"],
    ]);
    expect(await versionOf(MENDIP)).toBe(before);
  });
});

describe('changes against a version', () => {
  it('changes entitlements, suspends, reinstates and records leaving; a stale version is CONFLICT', async () => {
    const code = freshCode();
    await graphql(url, ONBOARD, { input: { code, name: 'Versioned Council', sector: 'COUNCIL', services: ['PEOPLE'], idempotencyKey: key() } }, admin);
    const changed = await graphql(url, ENTITLEMENTS, { input: { code, services: ['FINANCE', 'PEOPLE'], version: 1 } }, admin);
    expect(changed.body).toEqual({ data: { changeEntitlements: { services: ['PEOPLE', 'FINANCE'], version: 2 } } });
    const stale = await graphql(url, SUSPEND, { input: { code, reason: 'Stale', version: 1 } }, admin);
    expect(stale.body.errors?.map((error) => [error.extensions?.code, error.extensions?.currentVersion])).toEqual([['CONFLICT', 2]]);
    expect(registeredOrganisation(code)?.status).toBe('MEMBER');

    expect((await graphql(url, SUSPEND, { input: { code, reason: 'Audit', version: 2 } }, admin)).body).toEqual({
      data: { suspendOrganisation: { status: 'SUSPENDED', version: 3 } },
    });
    const again = await graphql(url, SUSPEND, { input: { code, reason: 'Again', version: 3 } }, admin);
    expect(refusal(again.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    const entitlementsWhileSuspended = await graphql(url, ENTITLEMENTS, { input: { code, services: ['PEOPLE'], version: 3 } }, admin);
    expect(refusal(entitlementsWhileSuspended.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    expect((await graphql(url, REINSTATE, { input: { code, reason: 'Resolved', version: 3 } }, admin)).body).toEqual({
      data: { reinstateOrganisation: { status: 'MEMBER', version: 4 } },
    });

    const past = await graphql(url, LEAVING, { input: { code, leavingDate: '2020-03-31', reason: 'Left', version: 4 } }, admin);
    expect(refusal(past.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.leavingDate' })] });
    const today = todayInUk();
    expect((await graphql(url, LEAVING, { input: { code, leavingDate: today, reason: 'Merged', version: 4 } }, admin)).body).toEqual({
      data: { recordOrganisationLeaving: { status: 'MEMBER', leavingOn: today, version: 5 } },
    });
    // Served to the end of its last day, and not after.
    const registered = registeredOrganisation(code)!;
    expect([standingOf(registered, today), standingOf(registered, '9999-12-31')]).toEqual(['MEMBER', 'LEFT']);
    expect(
      (await sqlRows<{ status: string }>(sql`select status from people.organisation_status_change where organisation_code = ${code} order by recorded_at`)).map(
        (row) => row.status,
      ),
    ).toEqual(['MEMBER', 'SUSPENDED', 'MEMBER', 'LEFT']);
  });

  it('refuses changes to unknown organisations and candidates, and suspending itself', async () => {
    const unknown = await graphql(url, SUSPEND, { input: { code: 'E07999999', reason: 'x', version: 1 } }, admin);
    expect(refusal(unknown.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    const candidate = await graphql(url, ENTITLEMENTS, { input: { code: MENDIP, services: ['PEOPLE'], version: await versionOf(MENDIP) } }, admin);
    expect(refusal(candidate.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    const itself = await graphql(url, SUSPEND, { input: { code: 'SWONE', reason: 'x', version: await versionOf('SWONE') } }, admin);
    expect(refusal(itself.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    const suspended = await graphql(
      url,
      REINSTATE,
      { input: { code: PARTIAL_MEMBER.code, reason: 'x', version: await versionOf(PARTIAL_MEMBER.code) } },
      admin,
    );
    expect(refusal(suspended.body)).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.code' })] });
    expect(registeredOrganisation(SUSPENDED_MEMBER.code)?.status).toBe('SUSPENDED');
  });
});
