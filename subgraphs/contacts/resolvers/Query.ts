import { badUserInput } from '../../kit/errors.js';
import { organisationCodeArgument, uuidArgument } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { casesNewestFirst, customersByName, type ContactsLoaders } from '../loaders.js';

const CASE_REFERENCE = /^[A-Z0-9-]+$/;
const MAX_CASE_REFERENCE_LENGTH = 40;

function caseReferenceArgument(value: string, argument = 'reference'): string {
  if (value.length > MAX_CASE_REFERENCE_LENGTH || !CASE_REFERENCE.test(value)) {
    throw badUserInput(
      `"${argument}" must be a case reference of capital letters, digits and hyphens (at most ${MAX_CASE_REFERENCE_LENGTH} characters)`,
      argument,
    );
  }
  return value;
}

export const Query: Resolvers<ContactsLoaders>['Query'] = {
  customer: (_parent, args: { id: string }, { loaders }) => loaders.customerById.load(uuidArgument(args.id)),
  customers: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.customersByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(customersByName, args),
    }),
  contactCase: (_parent, args: { id: string }, { loaders }) => loaders.contactCaseById.load(uuidArgument(args.id)),
  contactCaseByReference: (_parent, args: { reference: string }, { loaders }) =>
    loaders.contactCaseByReference.load(caseReferenceArgument(args.reference)),
  contactCases: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.casesByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(casesNewestFirst, args),
    }),
};
