import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { PaymentRow } from '../../../drizzle/finance.js';
import type { FinanceLoaders } from '../loaders.js';
import { payeeWithheldFrom, REDACTED_PAYEE } from '../redaction.js';

export const Payment: Resolvers<FinanceLoaders>['Payment'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.paymentById, reference.id),
  organisation: (payment: PaymentRow) => ({ code: payment.organisationCode }),
  costCentre: (payment: PaymentRow, _args, { loaders }) => loaders.costCentreById.load(payment.costCentreId),
  expenseType: (payment: PaymentRow, _args, { loaders }) => loaders.expenseTypeById.load(payment.expenseTypeId),
  beneficiaryName: (payment: PaymentRow, _args, { viewer }) => (payeeWithheldFrom(viewer, payment) ? REDACTED_PAYEE : payment.beneficiaryName),
  supplier: (payment: PaymentRow, _args, { viewer }) =>
    payment.supplierId && !payeeWithheldFrom(viewer, payment) ? { id: payment.supplierId } : null,
  amount: (payment: PaymentRow) => money(payment.amountPence),
  irrecoverableVat: (payment: PaymentRow) => money(payment.irrecoverableVatPence),
};
