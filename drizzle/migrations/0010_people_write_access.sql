-- HR writes, as the viewer: the application role may change the job, manager, grade
-- and vetting of people of the viewer's own organisation, and add to their pay
-- history, nothing else. Only the columns those changes touch are granted, so names,
-- birth dates, NI numbers and addresses cannot be written through the hub at all; pay
-- history is insert-only, so a change once recorded is never overwritten.
GRANT UPDATE (job_title, org_unit_id, manager_id, grade_id, vetting_level, version, updated_at) ON people.person TO hub_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON people.pay_change TO hub_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON people.idempotency_key TO hub_app;
--> statement-breakpoint
CREATE POLICY person_change ON people.person FOR UPDATE TO hub_app
  USING (organisation_code = current_setting('hub.organisation', true))
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
-- Vetting is police data: it is recorded for police people only, so (with the policy
-- above) only the force itself can change it.
CREATE FUNCTION people.vetting_for_police_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.vetting_level IS DISTINCT FROM OLD.vetting_level
     AND NOT EXISTS (SELECT 1 FROM people.organisation o WHERE o.code = NEW.organisation_code AND o.sector = 'POLICE') THEN
    RAISE EXCEPTION 'vetting is recorded for police people only';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER person_vetting_for_police_only BEFORE UPDATE OF vetting_level ON people.person
  FOR EACH ROW EXECUTE FUNCTION people.vetting_for_police_only();
--> statement-breakpoint
-- Pay history is SENSITIVE: the person's own organisation only, never the shared-service company.
ALTER TABLE people.pay_change ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.pay_change FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pay_change_visibility ON people.pay_change FOR SELECT TO hub_app
  USING (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY pay_change_addition ON people.pay_change FOR INSERT TO hub_app WITH CHECK (
  organisation_code = current_setting('hub.organisation', true)
  AND EXISTS (
    SELECT 1 FROM people.person p
    WHERE p.id = pay_change.person_id AND p.organisation_code = pay_change.organisation_code
  )
);
