// The people (HR) subgraph, built without listening: tests and the all-in-one start use this.
import { defineSubgraph } from '../../platform/subgraph.js';
import { organisationItself, ownedByOrganisation } from '../../platform/shield.js';
import type { Resolvers } from './generated/resolvers.js';
import { createLoaders } from './loaders.js';
import { heldByParties } from '../../platform/agreements.js';
import { AgreementApproval } from './resolvers/AgreementApproval.js';
import { Grade } from './resolvers/Grade.js';
import { InformationSharingAgreement } from './resolvers/InformationSharingAgreement.js';
import { Organisation } from './resolvers/Organisation.js';
import { OrgUnit } from './resolvers/OrgUnit.js';
import { Mutation } from './resolvers/Mutation.js';
import { PayChange } from './resolvers/PayChange.js';
import { Person } from './resolvers/Person.js';
import { Position } from './resolvers/Position.js';
import { Query } from './resolvers/Query.js';

export default defineSubgraph({
  name: 'people',
  resolvers: { Query, Mutation, Organisation, OrgUnit, Grade, Position, Person, PayChange, InformationSharingAgreement, AgreementApproval } satisfies Resolvers,
  createLoaders,
  owners: {
    Organisation: organisationItself,
    OrgUnit: ownedByOrganisation,
    Grade: ownedByOrganisation,
    Position: ownedByOrganisation,
    Person: ownedByOrganisation,
    PayChange: ownedByOrganisation,
    InformationSharingAgreement: heldByParties,
  },
});
