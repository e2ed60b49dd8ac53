// Whose the audit trail is. The shared-service company's information governance keeps
// the trail for every member organisation, so its records are rows of that company:
// with the SENSITIVE marking and the `audit` scope, only its auditors read them, and
// the row-level security policy on audit.record says the same (docs/audit-trail.md).
import { registeredOrganisations } from '../../platform/organisations.js';
import { UNESTABLISHED_OWNER, type RowOwner } from '../../platform/policy.js';
import { organisationItself } from '../../platform/shield.js';

/** The owner of every audit record, and of every list of them: the registry's shared-service company. */
export function trailKept(): RowOwner {
  const keeper = registeredOrganisations().find((organisation) => organisation.sector === 'SHARED_SERVICE');
  return keeper ? organisationItself(keeper) : UNESTABLISHED_OWNER;
}
