import { z } from 'zod';
import { uuidArgument } from '../../../platform/ids.js';
import { validated } from '../../../platform/mutations.js';
import { pageOf } from '../../../platform/pagination.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { newestFirst, type RecordFilter } from '../loaders.js';

const time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-04-01T00:00:00Z' }).transform((text) => new Date(text));
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const AuditRecordFilter = z
  .object({
    user: text(100).nullish(),
    organisation: z
      .string()
      .regex(/^[A-Z0-9]{1,12}$/, 'must be an organisation code such as E10000027')
      .nullish(),
    entityType: z
      .string()
      .regex(/^[A-Za-z]{1,50}$/, 'must be a type name such as Person')
      .nullish(),
    entityId: text(100).nullish(),
    purpose: text(200).nullish(),
    action: z.enum(['CONSULTATION', 'DISCLOSURE', 'COLLECTION', 'ALTERATION', 'ERASURE']).nullish(),
    outcome: z.enum(['RETURNED', 'REFUSED', 'CHANGED']).nullish(),
    agreement: z.uuid({ error: 'must be the id (UUID) of an information-sharing agreement' }).nullish(),
  })
  .transform((filter) => Object.fromEntries(Object.entries(filter).filter(([, value]) => value != null)));

/** The arguments of auditRecords but the page: a period, always, and the filter. */
const AuditRecordsQuery = z
  .object({ from: time, to: time, filter: AuditRecordFilter.nullish() })
  // Checked only once both times are valid: a bad `from` is reported as such, not as a bad period.
  .refine(({ from, to }) => !(from instanceof Date && to instanceof Date) || from < to, { message: 'must be after from', path: ['to'] })
  .transform(({ from, to, filter }): RecordFilter => ({ from, to, ...filter }));

export const Query: QueryResolvers = {
  auditRecord: (_parent, args, { loaders }) => loaders.recordById.load(uuidArgument(args.id)),
  auditRecords: (_parent, { from, to, filter, ...page }, { loaders }) =>
    loaders.records(validated(AuditRecordsQuery, { from, to, filter }, null), pageOf(newestFirst, page)),
};
