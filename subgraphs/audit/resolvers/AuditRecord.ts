import type { AuditRecordResolvers } from '../generated/resolvers.js';

export const AuditRecord: AuditRecordResolvers = {
  sequence: (record) => String(record.seq),
  recordedAt: (record) => record.recordedAt.toISOString(),
  user: (record) => record.subject,
  ownerOrganisationCode: (record) => record.ownerOrganisation,
};
