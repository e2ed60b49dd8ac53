// What each GraphQL object type of the contacts subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { ENTITY_STUB, ORGANISATION_REFERENCE, connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  Organisation: ORGANISATION_REFERENCE,
  Person: ENTITY_STUB,
  // Another organisation's rows, as the viewer's organisation reached them, carry the agreement they were disclosed under.
  Customer: '../owners.js#SharedCustomer',
  ContactCase: '../owners.js#SharedCase',
  WarningMarker: '../owners.js#SharedMarker',
  CaseNote: drizzleRow('contacts', 'CaseNoteRow'),
  CaseDisclosure: drizzleRow('contacts', 'CaseDisclosureRow'),
  // The people subgraph's: contacts holds only its id.
  InformationSharingAgreement: '{ id: string }',
  CustomerConnection: connectionOf('SharedCustomer'),
  ContactCaseConnection: connectionOf('SharedCase'),
  CaseDisclosureConnection: connectionOf('CaseDisclosureRow'),
  WarningMarkerConnection: connectionOf('SharedMarker'),
  ContactCaseVolume: '../reports.js#ContactCaseVolumeRow',
} satisfies Record<string, string>;
