// What each GraphQL object type of the contacts subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { ENTITY_STUB, ORGANISATION_REFERENCE, connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  Organisation: ORGANISATION_REFERENCE,
  Person: ENTITY_STUB,
  // A customer reached through a case carries whether that case shares it for safeguarding.
  Customer: '../owners.js#CustomerSeenThroughCase',
  ContactCase: drizzleRow('contacts', 'ContactCaseRow'),
  CaseNote: drizzleRow('contacts', 'CaseNoteRow'),
  CustomerConnection: connectionOf('CustomerSeenThroughCase'),
  ContactCaseConnection: connectionOf('ContactCaseRow'),
  ContactCaseVolume: '../reports.js#ContactCaseVolumeRow',
} satisfies Record<string, string>;
