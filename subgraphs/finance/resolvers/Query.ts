import { badUserInput } from '../../../platform/errors.js';
import { organisationCodeArgument, uuidArgument } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { mayReadRow, type Viewer } from '../../../platform/policy.js';
import { dateArgument, dateRangeArguments, dimensionsArgument } from '../../../platform/reporting.js';
import { markingOf } from '../../../platform/sdl.js';
import { forbidden, organisationItself } from '../../../platform/shield.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { costCentresByCode, paymentsNewestFirst } from '../loaders.js';

// Grouping by cost centre shows what a cost centre list shows: the marking is the SDL's own.
const COST_CENTRE_GROUPS = markingOf('finance', 'SpendGroup.costCentre');

/** Spend grouped by cost centre is one organisation's cost centres: checked like `costCentres(organisation:)`. */
function mayGroupByCostCentre(viewer: Viewer, organisation: string | null): void {
  if (organisation === null) throw badUserInput('Grouping by COST_CENTRE needs "organisation"', 'organisation');
  const decision = mayReadRow(viewer, COST_CENTRE_GROUPS, organisationItself({ code: organisation }));
  if (!decision.allow) throw forbidden(decision.reason);
}

/** The optional payment-date bounds of a payments list. */
function paymentDateBounds(from: string | null | undefined, to: string | null | undefined) {
  if (from && to) return dateRangeArguments(from, to, Number.POSITIVE_INFINITY);
  return { ...(from ? { from: dateArgument(from, 'from') } : {}), ...(to ? { to: dateArgument(to, 'to') } : {}) };
}

export const Query: QueryResolvers = {
  costCentre: (_parent, args, { loaders }) => loaders.costCentreById.load(uuidArgument(args.id)),
  costCentres: (_parent, args, { loaders }) =>
    loaders.costCentresByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(costCentresByCode, args),
    }),
  payment: (_parent, args, { loaders }) => loaders.paymentById.load(uuidArgument(args.id)),
  payments: (_parent, args, { loaders }) =>
    loaders.paymentsByOrganisation(paymentDateBounds(args.from, args.to)).load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(paymentsNewestFirst, args),
    }),
  expenseTypes: (_parent, _args, { loaders }) => loaders.expenseTypeList(),
  spend: (_parent, args, { loaders, viewer }) => {
    const organisation = args.organisation == null ? null : organisationCodeArgument(args.organisation);
    const range = dateRangeArguments(args.from, args.to);
    const dimensions = dimensionsArgument(args.groupBy);
    if (dimensions.has('COST_CENTRE')) mayGroupByCostCentre(viewer, organisation);
    return loaders.reports.spend(organisation, range, dimensions);
  },
  budgetAgainstActual: (_parent, args, { loaders }) => {
    if (!Number.isInteger(args.financialYear) || args.financialYear < 2000 || args.financialYear > 2100) {
      throw badUserInput('"financialYear" must be a year between 2000 and 2100', 'financialYear');
    }
    return loaders.reports.budgetAgainstActual(organisationCodeArgument(args.organisation), args.financialYear);
  },
  supplierSpend: (_parent, args, { loaders }) => loaders.reports.supplierSpend(dateRangeArguments(args.from, args.to)),
};
