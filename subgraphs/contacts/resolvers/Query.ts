import { badUserInput } from '../../../platform/errors.js';
import { refusalUnder } from '../../../platform/agreements.js';
import type { Viewer } from '../../../platform/policy.js';
import { organisationCodeArgument, uuidArgument } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { dateRangeArguments, dimensionsArgument } from '../../../platform/reporting.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { casesNewestFirst, customersByName, disclosuresNewestFirst, markersNewestFirst, type ContactsLoaders } from '../loaders.js';
import { readableDisclosures } from '../sharing.js';

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

/**
 * A case the viewer asked for that row-level security hid: when it was disclosed to the viewer's
 * organisation, say once why it cannot be read now (the agreement is not in force, or not for
 * the stated purpose) rather than answer a bare null. Otherwise null, as for a case that is not there.
 */
async function hiddenCase(viewer: Viewer, loaders: ContactsLoaders, by: { caseId: string } | { reference: string }): Promise<null> {
  const disclosures = await ('caseId' in by ? loaders.disclosuresToViewerByCase.load(by.caseId) : loaders.disclosuresToViewerByReference.load(by.reference));
  const refusal = refusalUnder(viewer, await loaders.termsOfDisclosuresToViewer(disclosures));
  if (refusal) throw refusal;
  return null;
}

export const Query: QueryResolvers = {
  customer: (_parent, args, { loaders }) => loaders.customerById.load(uuidArgument(args.id)),
  customers: (_parent, args, { loaders }) =>
    loaders.customersByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(customersByName, args),
    }),
  contactCase: async (_parent, args, { viewer, loaders }) => {
    const caseId = uuidArgument(args.id);
    return (await loaders.contactCaseById.load(caseId)) ?? hiddenCase(viewer, loaders, { caseId });
  },
  contactCaseByReference: async (_parent, args, { viewer, loaders }) => {
    const reference = caseReferenceArgument(args.reference);
    return (await loaders.contactCaseByReference.load(reference)) ?? hiddenCase(viewer, loaders, { reference });
  },
  contactCases: async (_parent, args, { loaders }) => {
    if (args.status?.length === 0) throw badUserInput('"status" must list at least one status, or be left out for cases in any status', 'status');
    const key = { parentId: organisationCodeArgument(args.organisation), page: pageOf(casesNewestFirst, args) };
    return loaders.casesAsSeen(await (args.status ? loaders.casesByOrganisationInStatus(args.status).load(key) : loaders.casesByOrganisation.load(key)));
  },
  // The root rule let through only the viewer's own organisation (or the shared-service company, for a council).
  disclosedContactCases: async (_parent, args, context) => {
    const { loaders } = context;
    const recipient = organisationCodeArgument(args.organisation);
    const page = pageOf(disclosuresNewestFirst, args);
    if (args.agreement == null)
      return readableDisclosures(context, recipient, await loaders.disclosuresToOrganisation.load({ parentId: recipient, page }), null);
    const agreementId = uuidArgument(args.agreement, 'agreement');
    const terms = await loaders.agreementTerms.load(agreementId);
    if (!terms || terms.recipientCode !== recipient) throw badUserInput('"agreement" must be an agreement the organisation receives under', 'agreement');
    return readableDisclosures(context, recipient, await loaders.disclosuresUnderAgreement.load({ parentId: agreementId, page }), terms);
  },
  warningMarkers: (_parent, args, { loaders }) =>
    loaders.markersPlacedBy.load({ parentId: organisationCodeArgument(args.organisation), page: pageOf(markersNewestFirst, args) }),
  contactCaseVolumes: (_parent, args, { loaders }) =>
    loaders.reports.caseVolumes(
      args.organisation == null ? null : organisationCodeArgument(args.organisation),
      dateRangeArguments(args.from, args.to),
      dimensionsArgument(args.groupBy),
    ),
};
