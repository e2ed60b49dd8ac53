// The audit subgraph, built without listening: tests and the all-in-one start use this.
import { defineSubgraph } from '../../platform/subgraph.js';
import type { Resolvers } from './generated/resolvers.js';
import { createLoaders } from './loaders.js';
import { trailKept } from './owners.js';
import { AuditRecord } from './resolvers/AuditRecord.js';
import { InformationSharingAgreement } from './resolvers/InformationSharingAgreement.js';
import { Query } from './resolvers/Query.js';

export default defineSubgraph({
  name: 'audit',
  resolvers: { Query, AuditRecord, InformationSharingAgreement } satisfies Resolvers,
  createLoaders,
  // Every record, and every list of them, belongs to the trail's keeper.
  owners: { Query: () => trailKept(), AuditRecord: trailKept },
  databaseRole: 'hub_audit_reader',
});
