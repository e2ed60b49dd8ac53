import { GraphQLError } from 'graphql';
import { loadReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { rowSecurityFor, SHARING_SCOPE } from '../../../platform/policy.js';
import type { CustomerResolvers } from '../generated/resolvers.js';
import { casesNewestFirst } from '../loaders.js';

export const Customer: CustomerResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.customerById, reference.id),
  organisation: (customer) => ({ code: customer.organisationCode }),
  displayName: (customer) => `${customer.givenName} ${customer.familyName}`,
  address: (customer) => ({ line1: customer.addressLine1, town: customer.town, postcode: customer.postcode }),
  cases: async (customer, args, { loaders }) =>
    loaders.casesAsSeen(await loaders.casesByCustomer.load({ parentId: customer.id, page: pageOf(casesNewestFirst, args) })),
  // Markers a force placed on the address for the customer's organisation. Its staff read them
  // only with a purpose an agreement allows: without one, row-level security would hide them
  // all, and an empty list would read as "no warning", so the field says why instead.
  warningMarkers: async (customer, _args, { viewer, loaders }) => {
    if (!customer.uprn) return [];
    if (viewer.kind === 'user' && viewer.organisation.code === customer.organisationCode && rowSecurityFor(viewer).purpose === '') {
      throw new GraphQLError(
        `Warning markers are shared by the police under information-sharing agreements: read them with the ${SHARING_SCOPE} scope and an X-Purpose starting with a purpose the agreement allows (STAFF_SAFETY)`,
        { extensions: { code: 'PURPOSE_NOT_ALLOWED' } },
      );
    }
    const markers = (await loaders.markersByUprn.load(customer.uprn)).filter((marker) => marker.recipientCode === customer.organisationCode);
    return Promise.all(markers.map(loaders.markerAsSeen));
  },
  disclosures: async (customer, _args, { loaders }) => (await loaders.disclosuresOfCustomer.load(customer.id)).map((row) => row.disclosure),
};
