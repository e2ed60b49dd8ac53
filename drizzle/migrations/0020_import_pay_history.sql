-- A staff import (importer/staff.ts) records a changed salary as a pay change, as the people
-- subgraph's writes do, rather than overwriting the salary on the person's record. hub_importer
-- may read and add (never change) its own organisation's pay changes, of its own people, while
-- it draws the people service down.
GRANT SELECT, INSERT ON people.pay_change TO hub_importer;
--> statement-breakpoint
CREATE POLICY pay_change_import_visibility ON people.pay_change FOR SELECT TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY pay_change_import ON people.pay_change FOR INSERT TO hub_importer WITH CHECK (
  organisation_code = current_setting('hub.organisation', true)
  AND EXISTS (
    SELECT 1 FROM people.person p
    WHERE p.id = pay_change.person_id AND p.organisation_code = pay_change.organisation_code
  )
);
--> statement-breakpoint
CREATE POLICY pay_change_import_entitlement ON people.pay_change AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
