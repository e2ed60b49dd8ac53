import { loadReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { CustomerResolvers } from '../generated/resolvers.js';
import { casesNewestFirst } from '../loaders.js';

export const Customer: CustomerResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.customerById, reference.id),
  organisation: (customer) => ({ code: customer.organisationCode }),
  displayName: (customer) => `${customer.givenName} ${customer.familyName}`,
  address: (customer) => ({ line1: customer.addressLine1, town: customer.town, postcode: customer.postcode }),
  cases: (customer, args, { loaders }) => loaders.casesByCustomer.load({ parentId: customer.id, page: pageOf(casesNewestFirst, args) }),
};
