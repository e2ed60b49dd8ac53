import { loadReference } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { CustomerRow } from '../../../drizzle/contacts.js';
import { casesNewestFirst, type ContactsLoaders } from '../loaders.js';

export const Customer: Resolvers<ContactsLoaders>['Customer'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.customerById, reference.id),
  organisation: (customer: CustomerRow) => ({ code: customer.organisationCode }),
  displayName: (customer: CustomerRow) => `${customer.givenName} ${customer.familyName}`,
  address: (customer: CustomerRow) => ({ line1: customer.addressLine1, town: customer.town, postcode: customer.postcode }),
  cases: (customer: CustomerRow, args: PageArgs, { loaders }) =>
    loaders.casesByCustomer.load({ parentId: customer.id, page: pageOf(casesNewestFirst, args) }),
};
