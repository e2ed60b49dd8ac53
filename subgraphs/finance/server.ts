// The finance subgraph, built without listening: tests and the all-in-one start use this.
import { defineSubgraph } from '../../platform/subgraph.js';
import { organisationItself, ownedByOrganisation, ownedByClaimedOrganisation } from '../../platform/shield.js';
import type { Resolvers } from './generated/resolvers.js';
import { createLoaders } from './loaders.js';
import { Budget } from './resolvers/Budget.js';
import { BudgetAgainstActual } from './resolvers/BudgetAgainstActual.js';
import { CostCentre } from './resolvers/CostCentre.js';
import { ExpenseType } from './resolvers/ExpenseType.js';
import { Organisation } from './resolvers/Organisation.js';
import { Payment } from './resolvers/Payment.js';
import { Person } from './resolvers/Person.js';
import { Query } from './resolvers/Query.js';
import { SpendGroup } from './resolvers/SpendGroup.js';
import { Supplier } from './resolvers/Supplier.js';
import { OrganisationSpend, SupplierSpend } from './resolvers/SupplierSpend.js';

export default defineSubgraph({
  name: 'finance',
  resolvers: {
    Query,
    CostCentre,
    ExpenseType,
    Budget,
    Payment,
    Organisation,
    Person,
    Supplier,
    SpendGroup,
    BudgetAgainstActual,
    SupplierSpend,
    OrganisationSpend,
  } satisfies Resolvers,
  createLoaders,
  owners: { Organisation: organisationItself, Person: ownedByClaimedOrganisation, CostCentre: ownedByOrganisation, Payment: ownedByOrganisation },
});
