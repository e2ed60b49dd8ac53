// The procurement subgraph, built without listening: tests and the all-in-one start use this.
import { defineSubgraph } from '../../platform/subgraph.js';
import { organisationItself, ownedByOrganisation, ownedByClaimedOrganisation } from '../../platform/shield.js';
import type { Resolvers } from './generated/resolvers.js';
import { createLoaders } from './loaders.js';
import { Contract } from './resolvers/Contract.js';
import { ContractExpiryGroup } from './resolvers/ContractExpiryGroup.js';
import { CostCentre } from './resolvers/CostCentre.js';
import { Mutation } from './resolvers/Mutation.js';
import { Organisation } from './resolvers/Organisation.js';
import { Person } from './resolvers/Person.js';
import { PurchaseOrder } from './resolvers/PurchaseOrder.js';
import { PurchaseOrderLine } from './resolvers/PurchaseOrderLine.js';
import { Query } from './resolvers/Query.js';
import { Supplier } from './resolvers/Supplier.js';

export default defineSubgraph({
  name: 'procurement',
  resolvers: {
    Query,
    Mutation,
    Organisation,
    Person,
    CostCentre,
    Supplier,
    Contract,
    ContractExpiryGroup,
    PurchaseOrder,
    PurchaseOrderLine,
  } satisfies Resolvers,
  createLoaders,
  owners: { Organisation: organisationItself, Person: ownedByClaimedOrganisation, CostCentre: ownedByClaimedOrganisation, PurchaseOrder: ownedByOrganisation },
});
