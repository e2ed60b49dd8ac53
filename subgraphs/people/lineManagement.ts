// Who manages whom: a person's line of management must end at the top of their
// organisation, never loop back to them.
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/database.js';
import { person, type PersonRow } from '../../drizzle/people.js';

/**
 * Makes the manager changes of one organisation take turns until commit, so that two
 * of them cannot each pass the loop check on what the other has not committed yet
 * and make a loop together (A to report to B while B is set to report to A).
 */
export async function takeTurnsAtLineManagement(db: Database, organisation: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`people.line-management:${organisation}`}))`);
}

/** Why `managerId` cannot manage `subject`, or null when they can. */
export async function managerProblem(db: Database, subject: PersonRow, managerId: string): Promise<string | null> {
  if (managerId === subject.id) return 'a person cannot be their own manager';
  // The manager's own line of management, upwards; depth-bounded against data already looping.
  const result = await db.execute(sql`
    with recursive line (id, organisation_code, manager_id, depth) as (
      select id, organisation_code, manager_id, 1 from ${person} where id = ${managerId}
      union all
      select p.id, p.organisation_code, p.manager_id, line.depth + 1
      from ${person} p join line on p.id = line.manager_id
      where line.depth < 1000
    )
    select id, organisation_code from line`);
  // Both drivers return { rows }; Drizzle's shared type does not say so.
  const line = (result as unknown as { rows: { id: string; organisation_code: string }[] }).rows;
  const manager = line.find((above) => above.id === managerId);
  if (manager?.organisation_code !== subject.organisationCode) return "no person of the person's organisation has this id";
  if (line.some((above) => above.id === subject.id)) return 'reports, directly or through others, to this person: that would make a loop';
  return null;
}
