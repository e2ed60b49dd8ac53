// Recording customers and opening cases through the gateway: createCustomer,
// correctCustomer and openContactCase. One transaction each, optimistic concurrency,
// idempotent creates, the duplicate check, and the same markings and policy as reads.
// Every value a test creates is unique per run, so a rerun on the same database passes.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { customer as customerTable } from '../drizzle/contacts.js';
import { asPersona, graphql, sqlRows, testDatabase, testHub } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, UNKNOWN_ID, writeMatrixCases } from './support/write-matrix.js';

let hub: RunningHub;
let agent: Record<string, string>;
const SOMERSET = 'E10000027';

beforeAll(async () => {
  hub = await testHub();
  agent = await asPersona('contact-centre');
});

const CUSTOMER_FIELDS = 'id organisation { code } givenName familyName dateOfBirth email phone address { line1 town postcode } uprn version';
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS} } }
`;
const CORRECT = /* GraphQL */ `
  mutation Correct($input: CorrectCustomerInput!) { correctCustomer(input: $input) { ${CUSTOMER_FIELDS} } }
`;
const OPEN = /* GraphQL */ `
  mutation Open($input: OpenContactCaseInput!) {
    openContactCase(input: $input) {
      id reference organisation { code } kind channel service { code name } status summary openedAt closedAt version
      customer { id familyName }
    }
  }
`;

const key = (what: string) => `${what}-${randomUUID()}`;

/** A new customer's input, unique to this run. */
function newCustomer(overrides: Record<string, unknown> = {}) {
  return {
    givenName: 'Rosalind',
    familyName: `Fairweather-${randomUUID().slice(0, 8)}`,
    dateOfBirth: '1978-04-23',
    email: 'r.fairweather@example.org',
    phone: '+44 1823 356356',
    address: { line1: '12 Canon Street', town: 'Taunton', postcode: 'ta1 1se' },
    uprn: '10009123456',
    ...overrides,
  };
}

/** Rows of the tables these mutations write, to prove a refusal wrote nothing. */
async function rowCounts(): Promise<{ customers: number; cases: number }> {
  const [row] = await sqlRows<{ customers: number; cases: number }>(sql`
    select (select count(*)::int from contacts.customer) as customers, (select count(*)::int from contacts.contact_case) as cases`);
  return row!;
}

async function customerRow(id: string) {
  const [row] = await sqlRows<Record<string, unknown>>(sql`select * from contacts.customer where id = ${id}`);
  return row;
}

async function customersNamed(familyName: string): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(sql`select count(*)::int as count from contacts.customer where lower(family_name) = lower(${familyName})`);
  return row!.count;
}

async function otherOrganisationsCustomers(): Promise<{ id: string; version: number }[]> {
  return sqlRows(sql`
    (select id, version from contacts.customer where organisation_code = 'E07000190' order by id desc limit 1)
    union all
    (select id, version from contacts.customer where organisation_code = 'E23000036' order by id desc limit 1)`);
}

async function created(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const response = await graphql(hub.url, CREATE, { input: { ...input, idempotencyKey: key('customer') } }, agent);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.createCustomer;
}

describe('creating a customer', () => {
  it('records a customer of the agent’s organisation, with the postcode normalised, and returns it', async () => {
    const input = newCustomer();
    const response = await graphql(hub.url, CREATE, { input: { ...input, idempotencyKey: key('customer') } }, agent);
    expect(response.body).toEqual({
      data: {
        createCustomer: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          organisation: { code: SOMERSET },
          givenName: 'Rosalind',
          familyName: input.familyName,
          dateOfBirth: '1978-04-23',
          email: 'r.fairweather@example.org',
          phone: '+44 1823 356356',
          address: { line1: '12 Canon Street', town: 'Taunton', postcode: 'TA1 1SE' },
          uprn: '10009123456',
          version: 1,
        },
      },
    });
    expect(await customerRow(response.body.data!.createCustomer.id)).toMatchObject({ organisation_code: SOMERSET, postcode: 'TA1 1SE', version: 1 });
  });

  it('creates once however often the request is retried with its key, and refuses the key with another input', async () => {
    const input = { ...newCustomer(), idempotencyKey: key('customer') };
    const first = await graphql(hub.url, CREATE, { input }, agent);
    const retry = await graphql(hub.url, CREATE, { input }, agent);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    expect(await customersNamed(input.familyName)).toBe(1);

    const before = await rowCounts();
    const reused = await graphql(hub.url, CREATE, { input: { ...input, givenName: 'Someone Else' } }, agent);
    expect(reused.body.errors).toEqual([
      {
        message: 'This idempotencyKey was already used for a different request: use a new key for a new request',
        path: ['createCustomer'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }],
          serviceName: 'contacts',
        },
      },
    ]);
    expect(await rowCounts()).toEqual(before);
    expect(await customersNamed(input.familyName)).toBe(1);
  });

  it('refuses a likely duplicate, naming the existing customer, unless allowDuplicate is set', async () => {
    const input = newCustomer();
    const existing = await created(input);
    const before = await rowCounts();
    const lookalike = {
      ...input,
      givenName: 'Ros',
      familyName: input.familyName.toUpperCase(),
      address: { ...input.address, line1: 'Flat 2, 12 Canon Street', postcode: 'TA11SE' },
    };
    const refused = await graphql(hub.url, CREATE, { input: { ...lookalike, idempotencyKey: key('customer') } }, agent);
    const message = `a customer of your organisation with the same family name, date of birth and postcode exists (${existing.id}): set allowDuplicate to true to record another`;
    expect(refused.body).toEqual({
      data: { createCustomer: null },
      errors: [
        {
          message: `Invalid input: input: ${message}`,
          path: ['createCustomer'],
          extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input', message }], duplicateOf: existing.id, serviceName: 'contacts' },
        },
      ],
    });
    expect(await rowCounts()).toEqual(before);

    const allowed = await graphql(hub.url, CREATE, { input: { ...lookalike, allowDuplicate: true, idempotencyKey: key('customer') } }, agent);
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data!.createCustomer.id).not.toBe(existing.id);
    expect(await customersNamed(input.familyName)).toBe(2);
  });

  it('does not count a customer of another date of birth as a duplicate', async () => {
    const input = newCustomer();
    await created(input);
    await created({ ...input, dateOfBirth: '1979-04-23' });
    expect(await customersNamed(input.familyName)).toBe(2);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await rowCounts();
    const response = await graphql(
      hub.url,
      CREATE,
      {
        input: {
          givenName: ' ',
          familyName: 'x'.repeat(101),
          dateOfBirth: '2999-01-01',
          email: 'not-an-email',
          phone: 'call me',
          address: { line1: '', town: 'y'.repeat(201), postcode: 'NOT A POSTCODE' },
          uprn: '1234567890123',
          idempotencyKey: 'short',
        },
      },
      agent,
    );
    expect(response.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.givenName', message: 'must not be empty' },
        { field: 'input.familyName', message: 'must be at most 100 characters' },
        { field: 'input.dateOfBirth', message: 'must not be in the future' },
        { field: 'input.email', message: 'must be a valid email address' },
        { field: 'input.phone', message: 'must be 7 to 20 digits, spaces or +' },
        { field: 'input.address.line1', message: 'must not be empty' },
        { field: 'input.address.town', message: 'must be at most 200 characters' },
        { field: 'input.address.postcode', message: 'must be a UK postcode such as TA1 1HE' },
        { field: 'input.uprn', message: 'must be 1 to 12 digits' },
        { field: 'input.idempotencyKey', message: 'must be 8 to 100 letters, digits, - or _' },
      ],
      serviceName: 'contacts',
    });
    for (const [dateOfBirth, message] of [
      ['1899-12-31', 'must not be before 1900-01-01'],
      ['1990-02-30', 'must be a real date'],
      ['23/04/1978', 'must be a date as YYYY-MM-DD'],
    ]) {
      const bad = await graphql(hub.url, CREATE, { input: { ...newCustomer({ dateOfBirth }), idempotencyKey: key('customer') } }, agent);
      expect(bad.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.dateOfBirth', message }]);
    }
    const missingKey = await graphql(hub.url, CREATE, { input: newCustomer() }, agent);
    expect(missingKey.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.idempotencyKey', message: expect.any(String) }]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('correcting a customer', () => {
  it('changes only the fields given, clears an optional one with null, and returns the new version', async () => {
    const input = newCustomer();
    const customer = await created(input);
    const response = await graphql(
      hub.url,
      CORRECT,
      { input: { customerId: customer.id, version: 1, email: null, address: { line1: '3 Bath Place', town: 'Taunton', postcode: 'ta1 4er' } } },
      agent,
    );
    expect(response.body).toEqual({
      data: {
        correctCustomer: {
          id: customer.id,
          organisation: { code: SOMERSET },
          givenName: 'Rosalind',
          familyName: input.familyName,
          dateOfBirth: '1978-04-23',
          email: null,
          phone: '+44 1823 356356',
          address: { line1: '3 Bath Place', town: 'Taunton', postcode: 'TA1 4ER' },
          uprn: '10009123456',
          version: 2,
        },
      },
    });
    expect(await customerRow(customer.id)).toMatchObject({ email: null, address_line1: '3 Bath Place', postcode: 'TA1 4ER', version: 2 });
  });

  it('refuses a stale version as a conflict and writes nothing', async () => {
    const customer = await created(newCustomer());
    await graphql(hub.url, CORRECT, { input: { customerId: customer.id, version: 1, givenName: 'Rosie' } }, agent);
    const before = await customerRow(customer.id);
    const stale = await graphql(hub.url, CORRECT, { input: { customerId: customer.id, version: 1, givenName: 'Roz' } }, agent);
    expect(stale.body).toEqual({
      data: { correctCustomer: null },
      errors: [
        {
          message: 'The customer has changed since you read it (it is now version 2): read it again and retry',
          path: ['correctCustomer'],
          extensions: { code: 'CONFLICT', currentVersion: 2, serviceName: 'contacts' },
        },
      ],
    });
    expect(await customerRow(customer.id)).toEqual(before);
  });

  it('lets exactly one of two racing corrections win', async () => {
    const customer = await created(newCustomer());
    const race = await Promise.all(
      ['Rosa', 'Rosamund'].map((givenName) => graphql(hub.url, CORRECT, { input: { customerId: customer.id, version: 1, givenName } }, agent)),
    );
    const winners = race.filter((response) => !response.body.errors);
    expect(winners).toHaveLength(1);
    expect(race.filter((response) => response.body.errors).map((response) => response.body.errors![0]!.extensions!.code)).toEqual(['CONFLICT']);
    expect(await customerRow(customer.id)).toMatchObject({ given_name: winners[0]!.body.data!.correctCustomer.givenName, version: 2 });
  });

  it("answers another council's customer, or a police customer, as unknown and writes nothing", async () => {
    for (const target of await otherOrganisationsCustomers()) {
      const before = await customerRow(target.id);
      const response = await graphql(hub.url, CORRECT, { input: { customerId: target.id, version: target.version, familyName: 'Overwritten' } }, agent);
      expect(response.body.errors).toEqual([
        {
          message: 'Invalid input: input.customerId: no customer of your organisation has this id',
          path: ['correctCustomer'],
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'input.customerId', message: 'no customer of your organisation has this id' }],
            serviceName: 'contacts',
          },
        },
      ]);
      expect(await customerRow(target.id)).toEqual(before);
    }
  });

  it('refuses a correction that changes nothing, or bad fields, naming them, and writes nothing', async () => {
    const customer = await created(newCustomer());
    const before = await customerRow(customer.id);
    const nothing = await graphql(hub.url, CORRECT, { input: { customerId: customer.id, version: 1 } }, agent);
    expect(nothing.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input', message: 'must change at least one field' }]);
    const bad = await graphql(
      hub.url,
      CORRECT,
      { input: { customerId: customer.id, version: 1, familyName: null, dateOfBirth: '1850-01-01', phone: '123', address: null } },
      agent,
    );
    expect(bad.body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input.familyName', message: 'must be given (it cannot be removed)' },
      { field: 'input.dateOfBirth', message: 'must not be before 1900-01-01' },
      { field: 'input.phone', message: 'must be 7 to 20 digits, spaces or +' },
      { field: 'input.address', message: 'must be given (it cannot be removed)' },
    ]);
    expect(await customerRow(customer.id)).toEqual(before);
  });
});

describe('opening a case', () => {
  const caseFor = (overrides: Record<string, unknown>) => ({
    channel: 'PHONE',
    serviceCode: 'LGSL-524',
    serviceName: 'Missed bin collection',
    summary: `Bin missed twice this month (${randomUUID()}).`,
    idempotencyKey: key('case'),
    ...overrides,
  });

  it('opens an OPEN council service case for an existing customer, with a new reference', async () => {
    const customer = await created(newCustomer());
    const input = caseFor({ customerId: customer.id });
    const response = await graphql(hub.url, OPEN, { input }, agent);
    expect(response.body).toEqual({
      data: {
        openContactCase: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          reference: expect.stringMatching(new RegExp(`^SCC-${new Date().getUTCFullYear()}-\\d{6}$`)),
          organisation: { code: SOMERSET },
          kind: 'COUNCIL_SERVICE',
          channel: 'PHONE',
          service: { code: 'LGSL-524', name: 'Missed bin collection' },
          status: 'OPEN',
          summary: input.summary,
          openedAt: expect.any(String),
          closedAt: null,
          version: 1,
          customer: { id: customer.id, familyName: expect.any(String) },
        },
      },
    });
    const opened = response.body.data!.openContactCase;
    expect(Math.abs(Date.parse(opened.openedAt) - Date.now())).toBeLessThan(60_000);
    const [row] = await sqlRows(sql`select organisation_code, customer_id, status, version from contacts.contact_case where id = ${opened.id}`);
    expect(row).toEqual({ organisation_code: SOMERSET, customer_id: customer.id, status: 'OPEN', version: 1 });
  });

  it('opens a case for a new customer, recording the customer in the same transaction', async () => {
    const customer = newCustomer();
    const response = await graphql(hub.url, OPEN, { input: caseFor({ newCustomer: customer }) }, agent);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.openContactCase.customer).toEqual({ id: expect.any(String), familyName: customer.familyName });
    expect(await customerRow(response.body.data!.openContactCase.customer.id)).toMatchObject({ organisation_code: SOMERSET, postcode: 'TA1 1SE' });
  });

  it('gives racing openers different references, one after the other', async () => {
    const customer = await created(newCustomer());
    const race = await Promise.all([1, 2, 3].map(() => graphql(hub.url, OPEN, { input: caseFor({ customerId: customer.id }) }, agent)));
    const references = race.map((response) => response.body.data!.openContactCase.reference as string).sort();
    expect(new Set(references).size).toBe(3);
    const serials = references.map((reference) => Number(reference.slice(-6)));
    expect(serials).toEqual([serials[0], serials[0]! + 1, serials[0]! + 2]);
  });

  it('opens once however often the request is retried with its key, and refuses the key with another input', async () => {
    const customer = newCustomer();
    const input = caseFor({ newCustomer: customer });
    const first = await graphql(hub.url, OPEN, { input }, agent);
    const afterFirst = await rowCounts();
    const retry = await graphql(hub.url, OPEN, { input }, agent);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    const reused = await graphql(hub.url, OPEN, { input: { ...input, summary: 'Another matter altogether.' } }, agent);
    expect(reused.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }],
      serviceName: 'contacts',
    });
    expect(await rowCounts()).toEqual(afterFirst);
    expect(await customersNamed(customer.familyName)).toBe(1);
  });

  it('refuses both a customer and a new customer, or neither, naming both fields, and writes nothing', async () => {
    const customer = await created(newCustomer());
    const before = await rowCounts();
    const both = { field: 'input.customerId', message: 'give exactly one of customerId and newCustomer' };
    for (const input of [caseFor({ customerId: customer.id, newCustomer: newCustomer() }), caseFor({})]) {
      const response = await graphql(hub.url, OPEN, { input }, agent);
      expect(response.body.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [both, { field: 'input.newCustomer', message: both.message }],
        serviceName: 'contacts',
      });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a new customer who is a likely duplicate, naming the existing one, and writes nothing', async () => {
    const input = newCustomer();
    const existing = await created(input);
    const before = await rowCounts();
    const response = await graphql(hub.url, OPEN, { input: caseFor({ newCustomer: { ...input, familyName: input.familyName.toLowerCase() } }) }, agent);
    expect(response.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.newCustomer', message: expect.stringContaining(existing.id) }],
      duplicateOf: existing.id,
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("answers another council's customer, or a police customer, as unknown and writes nothing", async () => {
    const before = await rowCounts();
    for (const target of await otherOrganisationsCustomers()) {
      const response = await graphql(hub.url, OPEN, { input: caseFor({ customerId: target.id }) }, agent);
      expect(response.body.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.customerId', message: 'no customer of your organisation has this id' }],
        serviceName: 'contacts',
      });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await rowCounts();
    const response = await graphql(
      hub.url,
      OPEN,
      {
        input: {
          customerId: 'not-a-customer',
          channel: 'PHONE',
          serviceCode: 'bin collection!',
          serviceName: '',
          summary: 'z'.repeat(2001),
          idempotencyKey: 'short',
        },
      },
      agent,
    );
    expect(response.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.customerId', message: 'must be a UUID' },
        { field: 'input.serviceCode', message: 'must be 1 to 20 letters, digits or -' },
        { field: 'input.serviceName', message: 'must not be empty' },
        { field: 'input.summary', message: 'must be at most 2000 characters' },
        { field: 'input.idempotencyKey', message: 'must be 8 to 100 letters, digits, - or _' },
      ],
      serviceName: 'contacts',
    });
    const ownKey = await graphql(hub.url, OPEN, { input: caseFor({ newCustomer: { ...newCustomer(), idempotencyKey: key('customer') } }) }, agent);
    expect(ownKey.body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input.newCustomer.idempotencyKey', message: "must be left out: the case's idempotencyKey covers the new customer" },
    ]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('who may write', () => {
  // Each probe is refused by the subgraph when it gets there (bad input, unknown customer): nothing is written.
  const probes = {
    createCustomer: { query: CREATE, input: { ...newCustomer({ givenName: '' }), idempotencyKey: 'matrix-probe-key' } },
    correctCustomer: { query: CORRECT, input: { customerId: UNKNOWN_ID, version: 1, givenName: 'Probe' } },
    openContactCase: {
      query: OPEN,
      input: {
        customerId: UNKNOWN_ID,
        channel: 'WEB',
        serviceCode: 'bad code!',
        serviceName: 'Probe',
        summary: 'matrix probe',
        idempotencyKey: 'matrix-probe-key',
      },
    },
  };

  it.each(writeMatrixCases(Object.keys(probes) as (keyof typeof probes)[]))('$name', async ({ viewer, mutation }) => {
    const before = await rowCounts();
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
    expect(response.body.errors?.[0]?.extensions?.code).toBe(expectedWriteCode(viewer, mutation));
    expect(await rowCounts()).toEqual(before);
  });
});

describe('the database itself', () => {
  const somersetStaff = { organisation: SOMERSET, sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' } as const;

  it('refuses a customer written for another organisation, changes none of its customers, and deletes nothing', async () => {
    const database = await testDatabase();
    const [taunton] = await otherOrganisationsCustomers();
    const before = await customerRow(taunton!.id);
    const counts = await rowCounts();
    const details = newCustomer();
    const insert = database.writeAs(somersetStaff, (db) =>
      db.insert(customerTable).values({
        id: randomUUID(),
        organisationCode: 'E07000190',
        givenName: details.givenName,
        familyName: details.familyName,
        addressLine1: details.address.line1,
        town: details.address.town,
        postcode: 'TA1 1SE',
      }),
    );
    // Drizzle wraps the server's error; its cause is PostgreSQL's own refusal.
    const refusedBy = (reason: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(reason) }) });
    await expect(insert).rejects.toMatchObject(refusedBy(/row-level security/));
    const changed = await database.writeAs(somersetStaff, (db) =>
      db.update(customerTable).set({ familyName: 'Overwritten' }).where(eq(customerTable.id, taunton!.id)).returning({ id: customerTable.id }),
    );
    expect(changed).toEqual([]);
    await expect(database.writeAs(somersetStaff, (db) => db.delete(customerTable).where(eq(customerTable.id, taunton!.id)))).rejects.toMatchObject(
      refusedBy(/permission denied/),
    );
    expect(await customerRow(taunton!.id)).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
  });
});
