// The contacts (CRM) subgraph, built without listening: tests and the all-in-one start use this.
import { defineSubgraph } from '../../platform/subgraph.js';
import { organisationItself, ownedByClaimedOrganisation } from '../../platform/shield.js';
import { heldByParties } from '../../platform/agreements.js';
import { caseOwner, customerOwner, markerOwner } from './owners.js';
import type { Resolvers } from './generated/resolvers.js';
import { createLoaders } from './loaders.js';
import { CaseDisclosure } from './resolvers/CaseDisclosure.js';
import { CaseNote } from './resolvers/CaseNote.js';
import { ContactCase } from './resolvers/ContactCase.js';
import { ContactCaseVolume } from './resolvers/ContactCaseVolume.js';
import { Customer } from './resolvers/Customer.js';
import { InformationSharingAgreement } from './resolvers/InformationSharingAgreement.js';
import { WarningMarker } from './resolvers/WarningMarker.js';
import { Organisation } from './resolvers/Organisation.js';
import { Person } from './resolvers/Person.js';
import { Mutation } from './resolvers/Mutation.js';
import { Query } from './resolvers/Query.js';

export default defineSubgraph({
  name: 'contacts',
  resolvers: {
    Query,
    Mutation,
    Organisation,
    Person,
    Customer,
    ContactCase,
    CaseNote,
    ContactCaseVolume,
    CaseDisclosure,
    WarningMarker,
    InformationSharingAgreement,
  } satisfies Resolvers,
  createLoaders,
  owners: {
    Organisation: organisationItself,
    Person: ownedByClaimedOrganisation,
    Customer: customerOwner,
    ContactCase: caseOwner,
    CaseDisclosure: heldByParties,
    WarningMarker: markerOwner,
  },
  // 101 and crime reports: police-only whatever the field's marking.
  policeOnlyRowTypes: ['ContactCase'],
});
