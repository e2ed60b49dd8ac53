// What each GraphQL object type of the audit subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { connectionOf } from '../../platform/mappers.js';

export default {
  AuditRecord: '../owners.js#HeldRecord',
  AuditRecordConnection: connectionOf('HeldRecord'),
  // The people subgraph's: audit holds only its id.
  InformationSharingAgreement: '{ id: string }',
} satisfies Record<string, string>;
