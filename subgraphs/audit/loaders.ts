// Per-request DataLoaders of the audit subgraph. Its reads run as hub_audit_reader,
// the one role that may read the trail (platform/database.ts).
import { and, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import { agreementTermsById } from '../../platform/agreements.js';
import { rowsByKey } from '../../platform/loaders.js';
import { pageOfRows, type Connection, type Ordering, type Page } from '../../platform/pagination.js';
import { auditRecord, type AuditRecordRow } from '../../drizzle/audit.js';
import type { HeldRecord } from './owners.js';

export const newestFirst: Ordering<AuditRecordRow> = {
  name: 'audit-newest-first',
  direction: 'desc',
  keys: [{ column: auditRecord.seq, kind: 'bigint', of: (row) => String(row.seq) }],
};

/** A validated filter: a period, and every other condition given must hold. */
export interface RecordFilter {
  from: Date;
  to: Date;
  user?: string;
  organisation?: string;
  entityType?: string;
  entityId?: string;
  purpose?: string;
  action?: AuditRecordRow['action'];
  outcome?: AuditRecordRow['outcome'];
  agreement?: string;
}

/** ILIKE pattern for "contains", the caller's % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(filter: RecordFilter): SQL | undefined {
  return and(
    gte(auditRecord.recordedAt, filter.from),
    lt(auditRecord.recordedAt, filter.to),
    filter.user ? eq(auditRecord.subject, filter.user) : undefined,
    filter.organisation ? eq(auditRecord.organisationCode, filter.organisation) : undefined,
    filter.entityType ? eq(auditRecord.entityType, filter.entityType) : undefined,
    // Served by the GIN index on entity_ids.
    filter.entityId ? sql`${auditRecord.entityIds} @> array[${filter.entityId}]::text[]` : undefined,
    filter.purpose ? ilike(auditRecord.purpose, containing(filter.purpose)) : undefined,
    filter.action ? eq(auditRecord.action, filter.action) : undefined,
    filter.outcome ? eq(auditRecord.outcome, filter.outcome) : undefined,
    filter.agreement ? eq(auditRecord.sharingRoute, filter.agreement) : undefined,
  );
}

export function createLoaders(db: Database) {
  const agreementTerms = agreementTermsById(db);
  return {
    /**
     * The records made under an agreement, held by its two parties: null unless the viewer's
     * organisation may see the agreement (row-level security), so a stranger learns nothing.
     */
    recordsUnder: async (agreementId: string, page: Page): Promise<Connection<HeldRecord> | null> => {
      const terms = await agreementTerms.load(agreementId);
      if (!terms) return null;
      const heldBy = [terms.providerCode, terms.recipientCode];
      const records = await pageOfRows(db, auditRecord, newestFirst, page, eq(auditRecord.sharingRoute, agreementId));
      return { ...records, edges: records.edges.map((edge) => ({ cursor: edge.cursor, node: { ...edge.node, heldBy } })) };
    },
    recordById: rowsByKey(db, auditRecord, auditRecord.id, (row) => row.id),
    /** One page of records: a single keyset query. */
    records: (filter: RecordFilter, page: Page) => pageOfRows(db, auditRecord, newestFirst, page, conditions(filter)),
  };
}

export type AuditLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<AuditLoaders>;
