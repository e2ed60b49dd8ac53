// The demo data of every subgraph, seeded in dependency order. The same scale always
// produces the same rows: all randomness comes from seeded PRNG streams (one per table
// group, so changing one generator does not shift the others) and all dates are
// anchored on the two financial years 2024-04-01 to 2026-03-31, never on the clock.
// Names, companies, NI numbers, phone numbers and postcodes are plainly synthetic.
// Each subgraph's rows come from drizzle/<name>.seed.ts, which writes only its own
// tables and is handed the ids it refers to as plain values.
// The runtime loads this module only when it seeds (see platform/prepare.ts).
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/database.js';
import { budget, costCentre, expenseType, payment } from '../finance.js';
import {
  grade,
  organisation,
  organisationService,
  organisationStatusChange,
  orgUnit,
  payChange,
  peopleIdempotencyKey,
  person,
  position,
  sharingAgreement,
} from '../people.js';
import {
  approvalDelegation,
  contract,
  contractBuyer,
  contractSupplier,
  purchaseOrder,
  procurementIdempotencyKey,
  purchaseOrderLine,
  supplier,
} from '../procurement.js';
import { caseDisclosure, caseNote, contactCase, customer, idempotencyKey as contactsIdempotencyKey, warningMarker } from '../contacts.js';
import { seedContacts } from '../contacts.seed.js';
import { seedFinance } from '../finance.seed.js';
import { seedPeople } from '../people.seed.js';
import { seedPurchaseOrders, seedSuppliersAndContracts } from '../procurement.seed.js';
import { seedSharingAgreements } from './agreements.js';
import { registerDemoOrganisations } from './members.js';
import { pipelinedInsert, type SeedRun, type SeedSummary } from './bulk.js';

export type { SeedSummary };

export interface SeedOptions {
  /** Multiplies the row volumes; 1 is about 220,000 rows. */
  scale: number;
  log?: (message: string) => void;
}

// Children before parents is not needed: TRUNCATE ... CASCADE empties them in one go.
const ALL_TABLES: PgTable[] = [
  organisation,
  organisationService,
  organisationStatusChange,
  orgUnit,
  grade,
  position,
  person,
  payChange,
  peopleIdempotencyKey,
  sharingAgreement,
  costCentre,
  expenseType,
  budget,
  payment,
  supplier,
  contract,
  contractBuyer,
  contractSupplier,
  purchaseOrder,
  purchaseOrderLine,
  approvalDelegation,
  procurementIdempotencyKey,
  customer,
  contactCase,
  caseNote,
  caseDisclosure,
  warningMarker,
  contactsIdempotencyKey,
];

/**
 * Empties every table of the four schemas and fills them again, all in one
 * transaction: a failure leaves the previous data as it was.
 */
export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const { scale } = options;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const log = options.log ?? (() => undefined);
  return db.transaction(async (tx) => {
    const restore = await suspendIndexesAndForeignKeys(tx);
    await tx.execute(sql`TRUNCATE TABLE ${sql.join(ALL_TABLES, sql`, `)} RESTART IDENTITY CASCADE`);
    await registerDemoOrganisations(tx);
    await seedSharingAgreements(tx);
    const { insert, finished } = pipelinedInsert(tx);
    await fillTables({ insert, scale, log });
    const summary = await finished();
    log('rebuilding indexes and checking foreign keys');
    for (const statement of restore) await tx.execute(sql.raw(statement));
    // As after pg_restore: without statistics the planner guesses, and under row-level
    // security it guessed badly (a police case page sorted every police case, and case
    // notes were checked against a hash of every visible case: hundreds of milliseconds
    // a request). Autovacuum would get there later, or never where it is off.
    log('analysing tables');
    await tx.execute(sql`ANALYZE ${sql.join(ALL_TABLES, sql`, `)}`);
    return summary;
  });
}

/**
 * Each subgraph inserts its rows and hands on only the ids later tables refer to, so
 * no table's rows outlive their insert: memory stays bounded at large scales.
 * Procurement comes in two steps: finance pays its suppliers, and its orders are
 * charged to finance's cost centres.
 */
async function fillTables(run: SeedRun): Promise<void> {
  const staff = await seedPeople(run);
  const procurement = await seedSuppliersAndContracts(run);
  const finance = await seedFinance(run, staff, procurement.supplierInfo);
  await seedPurchaseOrders(run, staff, finance.costCentresByOrg, procurement);
  await seedContacts(run, staff);
}

/**
 * Bulk loading the way pg_restore does it: secondary indexes and foreign keys are
 * dropped for the load and recreated from their own catalog definitions afterwards.
 * Building an index once is cheaper than maintaining it row by row, and re-adding a
 * foreign key checks every row in one set-based query instead of one lookup per row
 * (together about a third of the load time on PGlite). Primary keys and unique
 * constraints stay, so duplicates still fail at once. Returns the restoring statements.
 */
async function suspendIndexesAndForeignKeys(db: Database): Promise<string[]> {
  const schemas = sql.join(
    [...new Set(ALL_TABLES.map((t) => getTableConfig(t).schema ?? 'public'))].map((s) => sql`${s}`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select format('alter table %I.%I drop constraint %I', n.nspname, t.relname, k.conname) as suspend,
           format('alter table %I.%I add constraint %I %s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)) as restore,
           2 as restore_order
      from pg_constraint k
      join pg_class t on t.oid = k.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where k.contype = 'f' and n.nspname in (${schemas})
    union all
    select format('drop index %I.%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid), 1
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in (${schemas})
       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
     order by 3 desc, 1`);
  // Both drivers return { rows }; Drizzle's shared type does not say so.
  const statements = (result as unknown as { rows: { suspend: string; restore: string; restore_order: number }[] }).rows;
  // Foreign keys go first (restore_order 2), then the indexes; restoring runs the other way.
  for (const { suspend } of statements) await db.execute(sql.raw(suspend));
  return statements.map((s) => s.restore).reverse();
}
