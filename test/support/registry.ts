// Puts a candidate organisation back as fresh demo data has it, for tests that onboard it:
// a candidate again, with no entitlements, history or data (written as the database's owner).
import { eq, sql } from 'drizzle-orm';
import { organisation } from '../../drizzle/people.js';
import type { DatabaseHandle } from '../../platform/database.js';
import { registeredOrganisation, rereadRegistry } from '../../platform/organisations.js';
import { onboard, recordStatus } from '../../subgraphs/people/registry.js';

/** A member that draws down only some services: HR and customer contact. */
export const PARTIAL_MEMBER = { code: 'E07000189', name: 'South Somerset District Council', services: ['PEOPLE', 'CONTACTS'] } as const;
/** A member that is suspended. */
export const SUSPENDED_MEMBER = { code: 'E07000191', name: 'West Somerset Council' } as const;

/**
 * Onboards two of the demo candidates as the authorisation tests need them: one drawing down
 * only some services, one suspended. Once per database: a rerun finds them there.
 */
export async function registerTestMembers(database: DatabaseHandle): Promise<void> {
  await rereadRegistry();
  const joinedOn = '2026-01-05';
  await database.db.transaction(async (tx) => {
    if (registeredOrganisation(PARTIAL_MEMBER.code)?.status === 'CANDIDATE') {
      await onboard(tx, { ...PARTIAL_MEMBER, sector: 'COUNCIL', joinedOn, reason: 'Authorisation tests', recordedBy: 'tests' });
    }
    if (registeredOrganisation(SUSPENDED_MEMBER.code)?.status === 'CANDIDATE') {
      const services = ['PEOPLE', 'FINANCE', 'PROCUREMENT', 'CONTACTS'] as const;
      await onboard(tx, { ...SUSPENDED_MEMBER, sector: 'COUNCIL', services, joinedOn, reason: 'Authorisation tests', recordedBy: 'tests' });
      await tx.update(organisation).set({ status: 'SUSPENDED' }).where(eq(organisation.code, SUSPENDED_MEMBER.code));
      await recordStatus(tx, SUSPENDED_MEMBER.code, 'SUSPENDED', joinedOn, 'Authorisation tests', 'tests');
    }
  });
  await rereadRegistry();
}

export async function resetToCandidate(database: DatabaseHandle, code: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const statement of [
      sql`delete from contacts.case_note where case_id in (select id from contacts.contact_case where organisation_code = ${code})`,
      sql`delete from contacts.contact_case where organisation_code = ${code}`,
      sql`delete from contacts.customer where organisation_code = ${code}`,
      sql`delete from people.pay_change where organisation_code = ${code}`,
      sql`update people.person set manager_id = null where organisation_code = ${code}`,
      sql`delete from people.person where organisation_code = ${code}`,
      sql`delete from people.position where organisation_code = ${code}`,
      sql`delete from people.grade where organisation_code = ${code}`,
      sql`update people.org_unit set parent_id = null where organisation_code = ${code}`,
      sql`delete from people.org_unit where organisation_code = ${code}`,
      sql`delete from people.organisation_service where organisation_code = ${code}`,
      sql`delete from people.organisation_status_change where organisation_code = ${code}`,
      sql`update people.organisation set status = 'CANDIDATE', joined_on = null, leaving_on = null, case_reference_prefix = null, version = 1
            where code = ${code}`,
    ]) {
      await tx.execute(statement);
    }
  });
  await rereadRegistry();
}
