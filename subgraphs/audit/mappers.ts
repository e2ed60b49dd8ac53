// What each GraphQL object type of the audit subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  AuditRecord: drizzleRow('audit', 'AuditRecordRow'),
  AuditRecordConnection: connectionOf('AuditRecordRow'),
} satisfies Record<string, string>;
