// Puts a candidate organisation back as fresh demo data has it, for tests that onboard it:
// a candidate again, with no entitlements, history or data (written as the database's owner).
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../platform/database.js';
import { rereadRegistry } from '../../platform/organisations.js';

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
