import { GraphQLError } from 'graphql';
import { loadReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { SHARING_SCOPE } from '../../../platform/policy.js';
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
  // only with a purpose an agreement in force allows. Without one, row-level security hides
  // them, and an empty list would read as "no warning": the field says a warning is withheld.
  warningMarkers: async (customer, _args, { loaders }) => {
    if (!customer.uprn) return [];
    const markers = (await loaders.markersByUprn.load(customer.uprn)).filter((marker) => marker.recipientCode === customer.organisationCode);
    if (markers.length === 0) {
      const withheld = await loaders.warningsWithheld.load(customer.uprn);
      if (withheld.length > 0) {
        const purposes = [...new Set(withheld.flatMap((warning) => warning.purposes))].join(' or ');
        throw new GraphQLError(
          `A staff-safety warning is held for this address under an information-sharing agreement: read it with the ${SHARING_SCOPE} scope and an X-Purpose starting with ${purposes}`,
          { extensions: { code: 'PURPOSE_NOT_ALLOWED' } },
        );
      }
    }
    return Promise.all(markers.map(loaders.markerAsSeen));
  },
  disclosures: async (customer, _args, { loaders }) => (await loaders.disclosuresOfCustomer.load(customer.id)).map((row) => row.disclosure),
};
