import { loadReference, referenceTo } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { PaymentResolvers } from '../generated/resolvers.js';
import { payeeWithheld, REDACTED_PAYEE } from '../redaction.js';

export const Payment: PaymentResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.paymentById, reference.id),
  organisation: (payment) => ({ code: payment.organisationCode }),
  costCentre: (payment, _args, { loaders }) => loaders.costCentreById.load(payment.costCentreId),
  // payment.expense_type_id is a foreign key (and expense types have no row security): never a miss.
  expenseType: async (payment, _args, { loaders }) => (await loaders.expenseTypeById.load(payment.expenseTypeId))!,
  beneficiaryName: (payment, _args, { viewer, audit }) => (payeeWithheld(viewer, audit, payment, 'beneficiaryName') ? REDACTED_PAYEE : payment.beneficiaryName),
  supplier: (payment, _args, { viewer, audit }) =>
    payment.supplierId && !payeeWithheld(viewer, audit, payment, 'supplier') ? referenceTo(payment.supplierId) : null,
  // Shield has checked this field's own marking (POLICE) on the row: no redaction to apply here.
  withheldPayeeName: (payment) => (payment.sensitivePayee ? payment.beneficiaryName : null),
  // money() is null only for a null amount, and these columns are not null.
  amount: (payment) => money(payment.amountPence),
  irrecoverableVat: (payment) => money(payment.irrecoverableVatPence),
};
