// Whose the audit trail is. The shared-service company's information governance keeps
// the trail for every member organisation, so its records are rows of that company:
// with the SENSITIVE marking and the `audit` scope, only its auditors read them, and
// the row-level security policy on audit.record says the same (docs/audit-trail.md).
import { ORGANISATIONS } from '../../platform/organisations.js';
import type { RowOwner } from '../../platform/policy.js';
import { organisationItself } from '../../platform/shield.js';

const keeper = ORGANISATIONS.find((organisation) => organisation.member && organisation.sector === 'SHARED_SERVICE');
if (!keeper) throw new Error('the organisation registry has no shared-service company to keep the audit trail');

/** The owner of every audit record, and of every list of them. */
export const TRAIL_KEEPER: RowOwner = organisationItself(keeper);

export const trailKept = (): RowOwner => TRAIL_KEEPER;
