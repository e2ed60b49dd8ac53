import { badUserInput } from '../../../platform/errors.js';
import { organisationCodeArgument, uuidArgument } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { dateRangeArguments, dimensionsArgument } from '../../../platform/reporting.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { casesNewestFirst, customersByName } from '../loaders.js';

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

export const Query: QueryResolvers = {
  customer: (_parent, args, { loaders }) => loaders.customerById.load(uuidArgument(args.id)),
  customers: (_parent, args, { loaders }) =>
    loaders.customersByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(customersByName, args),
    }),
  contactCase: (_parent, args, { loaders }) => loaders.contactCaseById.load(uuidArgument(args.id)),
  contactCaseByReference: (_parent, args, { loaders }) => loaders.contactCaseByReference.load(caseReferenceArgument(args.reference)),
  contactCases: (_parent, args, { loaders }) => {
    if (args.status?.length === 0) throw badUserInput('"status" must list at least one status, or be left out for cases in any status', 'status');
    const key = { parentId: organisationCodeArgument(args.organisation), page: pageOf(casesNewestFirst, args) };
    return args.status ? loaders.casesByOrganisationInStatus(args.status).load(key) : loaders.casesByOrganisation.load(key);
  },
  contactCaseVolumes: (_parent, args, { loaders }) =>
    loaders.reports.caseVolumes(
      args.organisation == null ? null : organisationCodeArgument(args.organisation),
      dateRangeArguments(args.from, args.to),
      dimensionsArgument(args.groupBy),
    ),
};
