// Whose the audit trail is. The shared-service company's information governance keeps
// the trail for every member organisation, so its records are rows of that company:
// with the SENSITIVE marking and the `audit` scope, only its auditors read them, and
// the row-level security policy on audit.record says the same (docs/audit-trail.md).
// Records made under an information-sharing agreement, reached through the agreement, are
// held by its two parties too: their information-governance leads read them there.
import { registeredOrganisations } from '../../platform/organisations.js';
import { UNESTABLISHED_OWNER, type RowOwner } from '../../platform/policy.js';
import { organisationItself } from '../../platform/shield.js';
import type { AuditRecordRow } from '../../drizzle/audit.js';

/** A record, with the parties of the agreement it was made under when reached through that agreement. */
export type HeldRecord = AuditRecordRow & { heldBy?: readonly string[] };

/** The owner of every audit record, and of every list of them: the registry's shared-service company. */
export function trailKept(record?: HeldRecord): RowOwner {
  const keeper = registeredOrganisations().find((organisation) => organisation.sector === 'SHARED_SERVICE');
  if (!keeper) return UNESTABLISHED_OWNER;
  return record?.heldBy ? { ...organisationItself(keeper), heldBy: record.heldBy } : organisationItself(keeper);
}
