// What each GraphQL object type of the people subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  Organisation: drizzleRow('people', 'OrganisationRow'),
  OrgUnit: drizzleRow('people', 'OrgUnitRow'),
  Grade: drizzleRow('people', 'GradeRow'),
  Position: drizzleRow('people', 'PositionRow'),
  Person: drizzleRow('people', 'PersonRow'),
  PayChange: drizzleRow('people', 'PayChangeRow'),
  PersonConnection: connectionOf('PersonRow'),
  InformationSharingAgreement: drizzleRow('people', 'SharingAgreementRow'),
  InformationSharingAgreementConnection: connectionOf('SharingAgreementRow'),
  AgreementApproval: '../agreementState.js#Approval',
} satisfies Record<string, string>;
