// A buyer's and an approving manager's everyday writes through the gateway: raising a
// purchase order and moving it through its state machine, with approval only under
// delegated authority. One transaction each, optimistic concurrency, idempotent raising,
// and the same markings and policy as reads. Every order a test raises is new, so a
// rerun on the same database passes.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { purchaseOrder } from '../drizzle/procurement.js';
import { PERSONAS } from '../platform/personas.js';
import { asPersona, asPerson, graphql, sqlRows, testConfig, testDatabase, testHub, type GraphQLResponse } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, writeMatrixCases } from './support/write-matrix.js';

const SOMERSET = 'E10000027';
const TAUNTON = 'E07000190';
const POLICE = 'E23000036';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const BUYER = PERSONAS['procurement-officer'];
const MANAGER = PERSONAS['approving-manager'];
// A buyer reads the cost centre it charges an order to (finance), as the procurement officer does.
const WRITE = ['staff', 'procurement', 'finance', 'procurement:write'];
const APPROVE = ['staff', 'procurement', 'procurement:approve'];

let hub: RunningHub;
let buyer: Record<string, string>;
let manager: Record<string, string>;
/** Fixtures from the seed: a cost centre of each organisation, a supplier, contracts. */
let costCentre: Record<string, string>;
let supplierId: string;
let activeContract: { id: string; supplierId: string; status: string };
let endedContract: { id: string; supplierId: string; status: string };
/** A Somerset budget holder (up to £10,000) and Taunton Deane's head of a service (up to £100,000, for Taunton Deane). */
let budgetHolder: string;
let tauntonHead: string;

beforeAll(async () => {
  hub = await testHub();
  buyer = await asPersona('procurement-officer');
  manager = await asPersona('approving-manager');
  const centres = await sqlRows<{ organisation: string; id: string }>(sql`
    select distinct on (organisation_code) organisation_code as organisation, id from finance.cost_centre order by organisation_code, id desc`);
  costCentre = Object.fromEntries(centres.map((row) => [row.organisation, row.id]));
  supplierId = (await sqlRows<{ id: string }>(sql`select id from procurement.supplier order by id desc limit 1`))[0]!.id;
  const contractOf = (active: boolean) =>
    sqlRows<{ id: string; supplierId: string; status: string }>(sql`
    select c.id, s.supplier_id as "supplierId", c.status from procurement.contract c
    join procurement.contract_buyer b on b.contract_id = c.id and b.organisation_code = ${SOMERSET}
    join procurement.contract_supplier s on s.contract_id = c.id
    where (c.status = 'ACTIVE') = ${active} order by c.id limit 1`);
  activeContract = (await contractOf(true))[0]!;
  endedContract = (await contractOf(false))[0]!;
  const delegate = async (organisation: string, basis: string) =>
    (
      await sqlRows<{ id: string }>(sql`
      select person_id as id from procurement.approval_delegation
      where organisation_code = ${organisation} and basis = ${basis} order by person_id limit 1`)
    )[0]!.id;
  budgetHolder = await delegate(SOMERSET, 'Budget holder');
  tauntonHead = await delegate(TAUNTON, 'Head of service');
});

const ORDER_FIELDS = /* GraphQL */ `
  id orderNumber status version rejectionReason raisedAt
  organisation { code } requester { id } approver { id } costCentre { id } supplier { id } contract { id }
  total { amount currency }
  lines { lineNumber description quantity unitPrice { amount } lineTotal { amount } }
`;
const RAISE = `mutation Raise($input: RaisePurchaseOrderInput!) { raisePurchaseOrder(input: $input) { ${ORDER_FIELDS} } }`;
const SUBMIT = `mutation Submit($input: SubmitPurchaseOrderInput!) { submitPurchaseOrder(input: $input) { id status version } }`;
const APPROVE_ORDER = `mutation Approve($input: ApprovePurchaseOrderInput!) { approvePurchaseOrder(input: $input) { id status version approver { id } } }`;
const REJECT = `mutation Reject($input: RejectPurchaseOrderInput!) { rejectPurchaseOrder(input: $input) { id status version approver { id } rejectionReason } }`;
const RECEIPT = `mutation Receipt($input: ReceiptPurchaseOrderInput!) { receiptPurchaseOrder(input: $input) { id status version } }`;
const CANCEL = `mutation Cancel($input: CancelPurchaseOrderInput!) { cancelPurchaseOrder(input: $input) { id status version } }`;

const key = (what: string) => `${what}-${randomUUID()}`;

/** A new order's input: two lines (4 x 12.50 and 1 x 199.99, so 249.99 in all) against a Somerset cost centre. */
function newOrder(overrides: Record<string, unknown> = {}) {
  return {
    costCentreId: costCentre[SOMERSET],
    supplierId,
    lines: [
      { description: 'A4 copier paper, box of 5 reams', quantity: 4, unitPrice: '12.50' },
      { description: 'Desk-side shredder', quantity: 1, unitPrice: '199.99' },
    ],
    idempotencyKey: key('order'),
    ...overrides,
  };
}

/** Raises an order as `as` (the buyer unless given) and returns it, failing the test on any error. */
async function raised(overrides: Record<string, unknown> = {}, as = buyer): Promise<{ id: string; version: number; orderNumber: string }> {
  const response = await graphql(hub.url, RAISE, { input: newOrder(overrides) }, as);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.raisePurchaseOrder;
}

/** An order moved on to `status` along the happy path, with the version it is now at. */
async function orderIn(status: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'CANCELLED', overrides: Record<string, unknown> = {}) {
  const order = await raised(overrides);
  let version = order.version;
  const step = async (query: string, as: Record<string, string>) => {
    const response = await graphql(hub.url, query, { input: { orderId: order.id, version } }, as);
    expect(response.body.errors).toBeUndefined();
    version += 1;
  };
  if (status !== 'DRAFT') await step(status === 'CANCELLED' ? CANCEL : SUBMIT, buyer);
  if (status === 'APPROVED') await step(APPROVE_ORDER, manager);
  return { id: order.id, version };
}

/** An order's row and its lines as stored, to prove a refusal changed nothing. */
async function orderRow(id: string) {
  const [order] = await sqlRows<Record<string, unknown>>(sql`select * from procurement.purchase_order where id = ${id}`);
  const lines = await sqlRows<Record<string, unknown>>(sql`select * from procurement.purchase_order_line where purchase_order_id = ${id} order by line_number`);
  return { order, lines };
}

/** How many orders, lines and idempotency keys there are: a refused raise adds none. */
async function counts(): Promise<{ orders: number; lines: number; keys: number }> {
  const [row] = await sqlRows<{ orders: number; lines: number; keys: number }>(sql`
    select (select count(*)::int from procurement.purchase_order) as orders,
           (select count(*)::int from procurement.purchase_order_line) as lines,
           (select count(*)::int from procurement.idempotency_key) as keys`);
  return row!;
}

const refusal = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions;

describe('a buyer raising an order, and the manager approving it', () => {
  it('raises a DRAFT order for a client council, with a new order number and the total of its lines', async () => {
    const before = await counts();
    const response = await graphql(hub.url, RAISE, { input: newOrder() }, buyer);
    expect(response.body.errors).toBeUndefined();
    const order = response.body.data!.raisePurchaseOrder;
    expect(order).toEqual({
      id: expect.any(String),
      orderNumber: expect.stringMatching(/^45\d{8}$/),
      status: 'DRAFT',
      version: 1,
      rejectionReason: null,
      raisedAt: expect.any(String),
      organisation: { code: SOMERSET },
      requester: { id: BUYER.subject },
      approver: null,
      costCentre: { id: costCentre[SOMERSET] },
      supplier: { id: supplierId },
      contract: null,
      total: { amount: '249.99', currency: 'GBP' },
      lines: [
        { lineNumber: 1, description: 'A4 copier paper, box of 5 reams', quantity: 4, unitPrice: { amount: '12.50' }, lineTotal: { amount: '50.00' } },
        { lineNumber: 2, description: 'Desk-side shredder', quantity: 1, unitPrice: { amount: '199.99' }, lineTotal: { amount: '199.99' } },
      ],
    });
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, keys: before.keys + 1 });
    const { order: row } = await orderRow(order.id);
    // bigint columns come back as numbers from PGlite and as strings from node-postgres.
    expect({ ...row, total_pence: Number(row!.total_pence) }).toMatchObject({
      organisation_code: SOMERSET,
      requester_person_id: BUYER.subject,
      status: 'DRAFT',
      total_pence: 24_999,
      version: 1,
    });
  });

  it('numbers each new order one above the highest so far', async () => {
    const first = await raised();
    const second = await raised();
    expect(BigInt(second.orderNumber) - BigInt(first.orderNumber)).toBe(1n);
  });

  it('takes the order through submission, approval and receipt, each step a new version', async () => {
    const order = await raised();
    const submitted = await graphql(hub.url, SUBMIT, { input: { orderId: order.id, version: 1 } }, buyer);
    expect(submitted.body).toEqual({ data: { submitPurchaseOrder: { id: order.id, status: 'SUBMITTED', version: 2 } } });
    const approved = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: 2 } }, manager);
    expect(approved.body).toEqual({ data: { approvePurchaseOrder: { id: order.id, status: 'APPROVED', version: 3, approver: { id: MANAGER.subject } } } });
    const receipted = await graphql(hub.url, RECEIPT, { input: { orderId: order.id, version: 3 } }, buyer);
    expect(receipted.body).toEqual({ data: { receiptPurchaseOrder: { id: order.id, status: 'RECEIPTED', version: 4 } } });
    expect((await orderRow(order.id)).order).toMatchObject({ status: 'RECEIPTED', version: 4, approver_person_id: MANAGER.subject });
  });

  it('lets the manager reject a submitted order with a reason, and the buyer cancel another', async () => {
    const submitted = await orderIn('SUBMITTED');
    const rejected = await graphql(
      hub.url,
      REJECT,
      { input: { orderId: submitted.id, version: submitted.version, reason: '  Use the stationery framework instead.  ' } },
      manager,
    );
    expect(rejected.body).toEqual({
      data: {
        rejectPurchaseOrder: {
          id: submitted.id,
          status: 'REJECTED',
          version: submitted.version + 1,
          approver: { id: MANAGER.subject },
          rejectionReason: 'Use the stationery framework instead.',
        },
      },
    });
    const approved = await orderIn('APPROVED');
    const cancelled = await graphql(hub.url, CANCEL, { input: { orderId: approved.id, version: approved.version } }, buyer);
    expect(cancelled.body).toEqual({ data: { cancelPurchaseOrder: { id: approved.id, status: 'CANCELLED', version: approved.version + 1 } } });
  });

  it('raises an order under an active contract that the council let with that supplier', async () => {
    const response = await graphql(hub.url, RAISE, { input: newOrder({ contractId: activeContract.id, supplierId: activeContract.supplierId }) }, buyer);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.raisePurchaseOrder).toMatchObject({ contract: { id: activeContract.id }, supplier: { id: activeContract.supplierId } });
  });
});

describe('retrying a raise', () => {
  it('returns the first order for a retry with the same key, and refuses the key with another input', async () => {
    const input = newOrder();
    const before = await counts();
    const first = await graphql(hub.url, RAISE, { input }, buyer);
    const retry = await graphql(hub.url, RAISE, { input }, buyer);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, keys: before.keys + 1 });

    const reused = await graphql(hub.url, RAISE, { input: { ...input, lines: [{ description: 'Something else', quantity: 1, unitPrice: '1.00' }] } }, buyer);
    expect(reused.body.errors).toEqual([
      {
        message: 'This idempotencyKey was already used for a different request: use a new key for a new request',
        path: ['raisePurchaseOrder'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }],
          serviceName: 'procurement',
        },
      },
    ]);
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, keys: before.keys + 1 });
  });

  it('raises one order when the same request is sent twice at once', async () => {
    const input = newOrder();
    const before = await counts();
    const [one, two] = await Promise.all([graphql(hub.url, RAISE, { input }, buyer), graphql(hub.url, RAISE, { input }, buyer)]);
    expect(one!.body.errors).toBeUndefined();
    expect(two!.body).toEqual(one!.body);
    expect((await counts()).orders).toBe(before.orders + 1);
  });
});

describe('refusing bad input to a raise', () => {
  it('names every bad field, and raises nothing', async () => {
    const before = await counts();
    const response = await graphql(
      hub.url,
      RAISE,
      {
        input: {
          costCentreId: 'CC1001',
          supplierId,
          contractId: 'not-a-contract',
          lines: [
            { description: '   ', quantity: 0, unitPrice: '-5.00' },
            { description: 'x'.repeat(501), quantity: 100_001, unitPrice: '12.345' },
            { description: 'Gold-plated stapler', quantity: 1, unitPrice: '1000000.01' },
            { description: 'Free sample', quantity: 1, unitPrice: '0.00' },
            { description: 'Priced in words', quantity: 1, unitPrice: 'twelve pounds' },
          ],
          idempotencyKey: 'short',
        },
      },
      buyer,
    );
    expect(response.body.errors).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "code": "BAD_USER_INPUT",
            "fields": [
              {
                "field": "input.costCentreId",
                "message": "must be a UUID",
              },
              {
                "field": "input.contractId",
                "message": "must be a UUID",
              },
              {
                "field": "input.lines.0.description",
                "message": "must not be empty",
              },
              {
                "field": "input.lines.0.quantity",
                "message": "must be at least 1",
              },
              {
                "field": "input.lines.0.unitPrice",
                "message": "must be more than 0",
              },
              {
                "field": "input.lines.1.description",
                "message": "must be at most 500 characters",
              },
              {
                "field": "input.lines.1.quantity",
                "message": "must be at most 100000",
              },
              {
                "field": "input.lines.1.unitPrice",
                "message": "must be an amount in pounds with at most two decimal places, such as 12.50",
              },
              {
                "field": "input.lines.2.unitPrice",
                "message": "must be at most 1000000.00",
              },
              {
                "field": "input.lines.3.unitPrice",
                "message": "must be more than 0",
              },
              {
                "field": "input.lines.4.unitPrice",
                "message": "must be an amount in pounds with at most two decimal places, such as 12.50",
              },
              {
                "field": "input.idempotencyKey",
                "message": "must be 8 to 100 letters, digits, - or _",
              },
            ],
            "serviceName": "procurement",
          },
          "message": "Invalid input: input.costCentreId: must be a UUID; input.contractId: must be a UUID; input.lines.0.description: must not be empty; input.lines.0.quantity: must be at least 1; input.lines.0.unitPrice: must be more than 0; input.lines.1.description: must be at most 500 characters; input.lines.1.quantity: must be at most 100000; input.lines.1.unitPrice: must be an amount in pounds with at most two decimal places, such as 12.50; input.lines.2.unitPrice: must be at most 1000000.00; input.lines.3.unitPrice: must be more than 0; input.lines.4.unitPrice: must be an amount in pounds with at most two decimal places, such as 12.50; input.idempotencyKey: must be 8 to 100 letters, digits, - or _",
          "path": [
            "raisePurchaseOrder",
          ],
        },
      ]
    `);
    expect(await counts()).toEqual(before);
  });

  it('refuses an order with no lines, too many lines, or an absurd total', async () => {
    const before = await counts();
    const line = { description: 'Minibus', quantity: 1, unitPrice: '1000000.00' };
    const cases = [
      { lines: [], field: 'input.lines', message: 'must have at least one line' },
      { lines: Array.from({ length: 101 }, () => ({ ...line, unitPrice: '1.00' })), field: 'input.lines', message: 'must have at most 100 lines' },
      { lines: Array.from({ length: 11 }, () => line), field: 'input.lines', message: "the order's total must be at most 10000000.00" },
    ];
    for (const { lines, field, message } of cases) {
      const response = await graphql(hub.url, RAISE, { input: newOrder({ lines }) }, buyer);
      expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field, message }], serviceName: 'procurement' });
    }
    expect(await counts()).toEqual(before);
  });

  it('names unknown cost centres and suppliers, and contracts that do not fit, and raises nothing', async () => {
    const before = await counts();
    const unknown = await graphql(hub.url, RAISE, { input: newOrder({ costCentreId: UNKNOWN, supplierId: UNKNOWN }) }, buyer);
    expect(refusal(unknown)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.costCentreId', message: 'no cost centre of an organisation you order for has this id' },
        { field: 'input.supplierId', message: 'no supplier has this id' },
      ],
      serviceName: 'procurement',
    });
    const [offContract] = await sqlRows<{ id: string }>(sql`
      select id from procurement.supplier s
      where not exists (select 1 from procurement.contract_supplier c where c.contract_id = ${activeContract.id} and c.supplier_id = s.id)
      order by id limit 1`);
    const otherSupplier = await graphql(hub.url, RAISE, { input: newOrder({ contractId: activeContract.id, supplierId: offContract!.id }) }, buyer);
    const ended = await graphql(hub.url, RAISE, { input: newOrder({ contractId: endedContract.id, supplierId: endedContract.supplierId }) }, buyer);
    const unknownContract = await graphql(hub.url, RAISE, { input: newOrder({ contractId: UNKNOWN }) }, buyer);
    expect(refusal(otherSupplier)!.fields).toEqual([
      { field: 'input.contractId', message: "no contract let by the cost centre's organisation with this supplier has this id" },
    ]);
    expect(refusal(ended)!.fields).toEqual([{ field: 'input.contractId', message: `the contract is ${endedContract.status}, not ACTIVE` }]);
    expect(refusal(unknownContract)!.fields).toEqual([
      { field: 'input.contractId', message: "no contract let by the cost centre's organisation with this supplier has this id" },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("answers the police's cost centres to the shared-service buyer, and another council's to a council's staff, as unknown", async () => {
    const before = await counts();
    const police = await graphql(hub.url, RAISE, { input: newOrder({ costCentreId: costCentre[POLICE] }) }, buyer);
    const somersetStaff = await asPerson(randomUUID(), SOMERSET, WRITE);
    const taunton = await graphql(hub.url, RAISE, { input: newOrder({ costCentreId: costCentre[TAUNTON] }) }, somersetStaff);
    for (const response of [police, taunton]) {
      expect(refusal(response)).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.costCentreId', message: 'no cost centre of an organisation you order for has this id' }],
        serviceName: 'procurement',
      });
    }
    // The police raise their own orders: the same rule, from their side.
    const policeBuyer = await asPerson(randomUUID(), POLICE, WRITE);
    const own = await graphql(hub.url, RAISE, { input: newOrder({ costCentreId: costCentre[POLICE] }) }, policeBuyer);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.raisePurchaseOrder.organisation).toEqual({ code: POLICE });
    expect(await counts()).toMatchObject({ orders: before.orders + 1 });
  });

  it('answers a cost centre the buyer may not read in finance as unknown, even of its own organisation', async () => {
    const before = await counts();
    // Without the finance scope, finance withholds the cost centre's organisation from this caller.
    const noFinance = await asPerson(randomUUID(), SOMERSET, ['staff', 'procurement', 'procurement:write']);
    const response = await graphql(hub.url, RAISE, { input: newOrder() }, noFinance);
    expect(response.body).toEqual({
      data: { raisePurchaseOrder: null },
      errors: [
        {
          message: 'Invalid input: input.costCentreId: no cost centre of an organisation you order for has this id',
          path: ['raisePurchaseOrder'],
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'input.costCentreId', message: 'no cost centre of an organisation you order for has this id' }],
            serviceName: 'procurement',
          },
        },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  describe('while the finance subgraph is down', () => {
    let financeDown: RunningHub;

    beforeAll(async () => {
      financeDown = await startHub(testConfig(), { database: await testDatabase() });
      await financeDown.subgraphs.finance.close();
    });

    afterAll(async () => {
      await financeDown?.stop();
    });

    it('refuses a raise with SUBGRAPH_UNAVAILABLE, naming finance, and raises nothing, not even for a retry', async () => {
      const before = await counts();
      const input = newOrder();
      for (const attempt of [1, 2]) {
        const response = await graphql(financeDown.url, RAISE, { input }, buyer);
        expect(response.body, `attempt ${attempt}`).toEqual({
          data: { raisePurchaseOrder: null },
          errors: [
            {
              message: 'The finance service is unavailable',
              path: ['raisePurchaseOrder'],
              extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'procurement' },
            },
          ],
        });
      }
      expect(await counts()).toEqual(before);
      // The key was not spent: once finance answers, the same request raises the order.
      const raisedLater = await graphql(hub.url, RAISE, { input }, buyer);
      expect(raisedLater.body.errors).toBeUndefined();
      expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, keys: before.keys + 1 });
    });
  });

  it('refuses a caller whose token names no person, before anything is written', async () => {
    const before = await counts();
    const response = await graphql(hub.url, RAISE, { input: newOrder() }, await asPerson('svc-integration', 'SWONE', WRITE));
    expect(response.body.errors).toEqual([
      {
        message: 'Only a member of staff with a person record may raise or decide purchase orders',
        path: ['raisePurchaseOrder'],
        extensions: { code: 'FORBIDDEN', serviceName: 'procurement' },
      },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('moving an order on', () => {
  it('refuses a stale version as a conflict and changes nothing', async () => {
    const order = await orderIn('SUBMITTED');
    const before = await orderRow(order.id);
    const stale = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version - 1 } }, manager);
    expect(stale.body).toEqual({
      data: { approvePurchaseOrder: null },
      errors: [
        {
          message: `The purchase order has changed since you read it (it is now version ${order.version}): read it again and retry`,
          path: ['approvePurchaseOrder'],
          extensions: { code: 'CONFLICT', currentVersion: order.version, serviceName: 'procurement' },
        },
      ],
    });
    expect(await orderRow(order.id)).toEqual(before);
  });

  it('refuses an illegal move, naming the allowed ones, and changes nothing', async () => {
    const draft = await orderIn('DRAFT');
    const cancelled = await orderIn('CANCELLED');
    const beforeDraft = await orderRow(draft.id);
    const beforeCancelled = await orderRow(cancelled.id);
    const early = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: draft.id, version: draft.version } }, manager);
    expect(early.body.errors).toEqual([
      {
        message: 'Invalid input: input.orderId: A DRAFT order cannot move to APPROVED; it can move to SUBMITTED, CANCELLED',
        path: ['approvePurchaseOrder'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.orderId', message: 'A DRAFT order cannot move to APPROVED; it can move to SUBMITTED, CANCELLED' }],
          serviceName: 'procurement',
        },
      },
    ]);
    const receiptDraft = await graphql(hub.url, RECEIPT, { input: { orderId: draft.id, version: draft.version } }, buyer);
    expect(refusal(receiptDraft)!.fields).toEqual([
      { field: 'input.orderId', message: 'A DRAFT order cannot move to RECEIPTED; it can move to SUBMITTED, CANCELLED' },
    ]);
    for (const query of [SUBMIT, CANCEL, RECEIPT]) {
      const final = await graphql(hub.url, query, { input: { orderId: cancelled.id, version: cancelled.version } }, buyer);
      expect(refusal(final)!.fields).toEqual([{ field: 'input.orderId', message: 'A CANCELLED order cannot be moved: CANCELLED is final' }]);
    }
    expect(await orderRow(draft.id)).toEqual(beforeDraft);
    expect(await orderRow(cancelled.id)).toEqual(beforeCancelled);
  });

  it("answers unknown orders, and the police's orders to the shared-service buyer, as unknown", async () => {
    const [policeOrder] = await sqlRows<{ id: string; version: number }>(sql`
      select id, version from procurement.purchase_order where organisation_code = ${POLICE} and status = 'DRAFT' order by id limit 1`);
    const before = await orderRow(policeOrder!.id);
    for (const orderId of [UNKNOWN, policeOrder!.id]) {
      const response = await graphql(hub.url, SUBMIT, { input: { orderId, version: policeOrder!.version } }, buyer);
      expect(refusal(response)).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.orderId', message: 'no purchase order you may change has this id' }],
        serviceName: 'procurement',
      });
    }
    expect(await orderRow(policeOrder!.id)).toEqual(before);
  });

  it('names every bad field of a change', async () => {
    const response = await graphql(hub.url, REJECT, { input: { orderId: 'PO-1', version: 0, reason: 'x'.repeat(1001) } }, manager);
    expect(refusal(response)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.orderId', message: 'must be a UUID' },
        { field: 'input.version', message: 'must be a version you read (1 or more)' },
        { field: 'input.reason', message: 'must be at most 1000 characters' },
      ],
      serviceName: 'procurement',
    });
  });

  it('lets exactly one of two racing submitters win', async () => {
    const order = await orderIn('DRAFT');
    const race = await Promise.all([buyer, buyer].map((as) => graphql(hub.url, SUBMIT, { input: { orderId: order.id, version: order.version } }, as)));
    expect(race.filter((response) => !response.body.errors)).toHaveLength(1);
    expect(race.filter((response) => response.body.errors).map(refusal)).toEqual([
      { code: 'CONFLICT', currentVersion: order.version + 1, serviceName: 'procurement' },
    ]);
    expect((await orderRow(order.id)).order).toMatchObject({ status: 'SUBMITTED', version: order.version + 1 });
  });

  it('lets exactly one of two racing approvers win, whether approving or rejecting', async () => {
    const order = await orderIn('SUBMITTED');
    const holder = await asPerson(budgetHolder, SOMERSET, APPROVE);
    const race = await Promise.all([
      graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version } }, manager),
      graphql(hub.url, REJECT, { input: { orderId: order.id, version: order.version, reason: 'Duplicate of an earlier order' } }, holder),
    ]);
    const winners = race.filter((response) => !response.body.errors);
    expect(winners).toHaveLength(1);
    expect(race.filter((response) => response.body.errors).map(refusal)).toEqual([
      { code: 'CONFLICT', currentVersion: order.version + 1, serviceName: 'procurement' },
    ]);
    const won = Object.values(winners[0]!.body.data!)[0] as { status: string };
    expect((await orderRow(order.id)).order).toMatchObject({ status: won.status, version: order.version + 1 });
  });
});

describe('delegated approval', () => {
  const forbidden = (mutation: string, message: string) => [{ message, path: [mutation], extensions: { code: 'FORBIDDEN', serviceName: 'procurement' } }];

  it('refuses the requester approving or rejecting their own order, even with a delegation', async () => {
    const holder = await asPerson(budgetHolder, SOMERSET, [...WRITE, 'procurement:approve']);
    const order = await raised({}, holder);
    const submitted = await graphql(hub.url, SUBMIT, { input: { orderId: order.id, version: 1 } }, holder);
    expect(submitted.body.errors).toBeUndefined();
    const before = await orderRow(order.id);
    const message = 'You raised this order: someone else with delegated authority must approve or reject it';
    const approve = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: 2 } }, holder);
    const reject = await graphql(hub.url, REJECT, { input: { orderId: order.id, version: 2, reason: 'Mine' } }, holder);
    expect(approve.body.errors).toEqual(forbidden('approvePurchaseOrder', message));
    expect(reject.body.errors).toEqual(forbidden('rejectPurchaseOrder', message));
    expect(await orderRow(order.id)).toEqual(before);
  });

  it('refuses the buyer at the gateway: approving needs procurement:approve', async () => {
    const order = await orderIn('SUBMITTED');
    const before = await orderRow(order.id);
    const response = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version } }, buyer);
    expect(response.body).toEqual({
      data: { approvePurchaseOrder: null },
      errors: [{ message: 'Your access does not include the scope procurement:approve', path: ['approvePurchaseOrder'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(await orderRow(order.id)).toEqual(before);
  });

  it("refuses someone with no delegation for the order's organisation", async () => {
    const order = await orderIn('SUBMITTED');
    const before = await orderRow(order.id);
    const undelegated = await asPerson(randomUUID(), SOMERSET, APPROVE);
    const response = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version } }, undelegated);
    expect(response.body.errors).toEqual(
      forbidden('approvePurchaseOrder', 'You hold no delegated authority to approve or reject orders of Somerset County Council'),
    );
    // Taunton Deane's head of service holds a delegation, for Taunton Deane: Somerset's order is not theirs to see.
    const otherCouncil = await graphql(
      hub.url,
      APPROVE_ORDER,
      { input: { orderId: order.id, version: order.version } },
      await asPerson(tauntonHead, TAUNTON, APPROVE),
    );
    expect(refusal(otherCouncil)!.fields).toEqual([{ field: 'input.orderId', message: 'no purchase order you may change has this id' }]);
    expect(await orderRow(order.id)).toEqual(before);
  });

  it('refuses approval above the delegated limit, which a head of service then gives', async () => {
    const order = await orderIn('SUBMITTED', { lines: [{ description: 'Replacement boiler, Shire Hall', quantity: 1, unitPrice: '12500.00' }] });
    const before = await orderRow(order.id);
    const holder = await asPerson(budgetHolder, SOMERSET, APPROVE);
    const above = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version } }, holder);
    expect(above.body.errors).toEqual(
      forbidden('approvePurchaseOrder', "This order's total (12500.00) is above your delegated limit for Somerset County Council (10000.00)"),
    );
    expect(await orderRow(order.id)).toEqual(before);
    const approved = await graphql(hub.url, APPROVE_ORDER, { input: { orderId: order.id, version: order.version } }, manager);
    expect(approved.body.data!.approvePurchaseOrder).toMatchObject({ status: 'APPROVED', approver: { id: MANAGER.subject } });
  });

  it('lets a budget holder approve within their limit', async () => {
    const order = await orderIn('SUBMITTED', { lines: [{ description: 'Laptops', quantity: 10, unitPrice: '1000.00' }] });
    const response = await graphql(
      hub.url,
      APPROVE_ORDER,
      { input: { orderId: order.id, version: order.version } },
      await asPerson(budgetHolder, SOMERSET, APPROVE),
    );
    expect(response.body.data!.approvePurchaseOrder).toMatchObject({ status: 'APPROVED', approver: { id: budgetHolder } });
  });
});

describe('who may write', () => {
  const MUTATIONS = [
    'raisePurchaseOrder',
    'submitPurchaseOrder',
    'approvePurchaseOrder',
    'rejectPurchaseOrder',
    'receiptPurchaseOrder',
    'cancelPurchaseOrder',
  ] as const;
  // Each probe is refused by the subgraph when it gets there (no lines, an unknown order): nothing is written.
  const probes: Record<(typeof MUTATIONS)[number], { query: string; input: () => Record<string, unknown> }> = {
    raisePurchaseOrder: { query: RAISE, input: () => newOrder({ lines: [], idempotencyKey: 'matrix-probe-key' }) },
    submitPurchaseOrder: { query: SUBMIT, input: () => ({ orderId: UNKNOWN, version: 1 }) },
    approvePurchaseOrder: { query: APPROVE_ORDER, input: () => ({ orderId: UNKNOWN, version: 1 }) },
    rejectPurchaseOrder: { query: REJECT, input: () => ({ orderId: UNKNOWN, version: 1, reason: 'matrix probe' }) },
    receiptPurchaseOrder: { query: RECEIPT, input: () => ({ orderId: UNKNOWN, version: 1 }) },
    cancelPurchaseOrder: { query: CANCEL, input: () => ({ orderId: UNKNOWN, version: 1 }) },
  };

  it.each(writeMatrixCases(MUTATIONS))('$name', async ({ viewer, mutation }) => {
    const before = await counts();
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input() }, await matrixHeaders(viewer));
    expect(refusal(response)?.code).toBe(expectedWriteCode(viewer, mutation));
    expect(await counts()).toEqual(before);
  });

  // Past the gateway the subgraph decides the same from the caller's own token.
  it.each(writeMatrixCases(MUTATIONS))('$name, straight at the subgraph', async ({ viewer, mutation }) => {
    const before = await counts();
    const response = await graphql(hub.subgraphs.procurement.url, probes[mutation].query, { input: probes[mutation].input() }, await matrixHeaders(viewer));
    expect(refusal(response)?.code).toBe(expectedWriteCode(viewer, mutation));
    expect(await counts()).toEqual(before);
  });
});

describe('the database itself', () => {
  const tauntonStaff = { organisation: TAUNTON, sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' } as const;

  it('refuses an order written for another organisation and changes none of its orders', async () => {
    const database = await testDatabase();
    const order = await orderIn('DRAFT');
    const before = await orderRow(order.id);
    const total = await counts();
    const insert = database.writeAs(tauntonStaff, (db) =>
      db.insert(purchaseOrder).values({
        id: randomUUID(),
        orderNumber: `T${randomUUID().slice(0, 8)}`,
        organisationCode: SOMERSET,
        requesterPersonId: randomUUID(),
        costCentreId: costCentre[SOMERSET]!,
        supplierId,
        status: 'DRAFT',
        totalPence: 100,
        raisedAt: new Date(),
      }),
    );
    // Drizzle wraps the server's error; its cause is PostgreSQL's own refusal.
    await expect(insert).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/row-level security/) }) });
    const changed = await database.writeAs(tauntonStaff, (db) =>
      db.update(purchaseOrder).set({ status: 'APPROVED' }).where(eq(purchaseOrder.id, order.id)).returning({ id: purchaseOrder.id }),
    );
    expect(changed).toEqual([]);
    expect(await orderRow(order.id)).toEqual(before);
    expect(await counts()).toEqual(total);
  });

  it('leaves nothing behind when the database fails part-way through a raise', async () => {
    const { db } = await testDatabase();
    const fault = `Fault injected ${randomUUID()}`;
    // A trigger that fails the second line of this one order: the order row is written by then.
    await db.execute(
      sql.raw(`
      create or replace function procurement.fail_line_for_test() returns trigger language plpgsql as $$
      begin if new.description = '${fault}' then raise exception 'injected fault'; end if; return new; end $$`),
    );
    await db.execute(sql`drop trigger if exists fail_line_for_test on procurement.purchase_order_line`);
    await db.execute(
      sql.raw(`create trigger fail_line_for_test before insert on procurement.purchase_order_line
      for each row execute function procurement.fail_line_for_test()`),
    );
    try {
      const before = await counts();
      const input = newOrder({
        lines: [
          { description: 'Toner', quantity: 2, unitPrice: '45.00' },
          { description: fault, quantity: 1, unitPrice: '1.00' },
        ],
      });
      const response = await graphql(hub.url, RAISE, { input }, buyer);
      expect(response.body).toEqual({
        data: { raisePurchaseOrder: null },
        errors: [{ message: 'Internal server error', path: ['raisePurchaseOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      expect(await counts()).toEqual(before);
    } finally {
      await db.execute(sql`drop trigger if exists fail_line_for_test on procurement.purchase_order_line`);
      await db.execute(sql`drop function if exists procurement.fail_line_for_test()`);
    }
  });
});
