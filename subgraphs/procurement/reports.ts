// Reporting aggregates of the procurement subgraph: one statement, counted and
// summed by the database. The contracts register is PUBLIC, so these read every contract.
import { and, eq, exists, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database.js';
import { MAX_GROUPS, dateWithin, monthOf, withinGroupLimit, type DateRange } from '../../platform/reporting.js';
import { contract, contractBuyer, type ContractRow } from '../../drizzle/procurement.js';

export interface ContractExpiryGroupRow {
  month: string;
  category: ContractRow['category'];
  contracts: number;
  valuePence: string;
}

export function procurementReports(db: Database) {
  return {
    /** Active contracts ending in the range, per month and category; a joint contract is one row of `contract`, so counted once. */
    async contractsExpiring(organisation: string | null, range: DateRange): Promise<ContractExpiryGroupRow[]> {
      const month = monthOf(contract.endDate, 'date');
      const boughtBy =
        organisation === null
          ? undefined
          : exists(
              db
                .select({ one: sql`1` })
                .from(contractBuyer)
                .where(and(eq(contractBuyer.contractId, contract.id), eq(contractBuyer.organisationCode, organisation))),
            );
      const rows = await db
        .select({
          month,
          category: contract.category,
          contracts: sql<number>`count(*)::int`,
          valuePence: sql<string>`sum(${contract.valuePence})::text`,
        })
        .from(contract)
        .where(and(eq(contract.status, 'ACTIVE'), dateWithin(contract.endDate, range), boughtBy))
        .groupBy(month, contract.category)
        .orderBy(month, contract.category)
        .limit(MAX_GROUPS + 1);
      return withinGroupLimit(rows);
    },
  };
}
