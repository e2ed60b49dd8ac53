-- Row-level security: the database's own enforcement of the access policy, under
-- the application's queries. Requests run as hub_app, a role that owns nothing, with
-- the viewer's organisation and sector in transaction-local settings
-- (hub.organisation, hub.sector, hub.safeguarding); see subgraphs/kit/database.ts.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_app') THEN
    CREATE ROLE hub_app NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
GRANT hub_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA people, finance, procurement, contacts TO hub_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA people, finance, procurement, contacts TO hub_app;
--> statement-breakpoint
-- People: a person's row is visible to their own organisation, and to the
-- shared-service company for council and shared-service people, never police ones.
ALTER TABLE people.person ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.person FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_visibility ON people.person FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (
    current_setting('hub.sector', true) = 'SHARED_SERVICE'
    AND NOT EXISTS (SELECT 1 FROM people.organisation o WHERE o.code = person.organisation_code AND o.sector = 'POLICE')
  )
);
--> statement-breakpoint
-- Contact cases: the owning organisation; the shared-service company for council
-- cases; the police for council cases referred under the safeguarding agreement.
ALTER TABLE contacts.contact_case ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts.contact_case FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contact_case_visibility ON contacts.contact_case FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (current_setting('hub.sector', true) = 'SHARED_SERVICE' AND kind = 'COUNCIL_SERVICE')
  OR (
    current_setting('hub.sector', true) = 'POLICE'
    AND current_setting('hub.safeguarding', true) = 'on'
    AND kind = 'COUNCIL_SERVICE'
    AND safeguarding_referral
  )
);
--> statement-breakpoint
-- Customers: the owning organisation; the police for customers of a referred case.
ALTER TABLE contacts.customer ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts.customer FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY customer_visibility ON contacts.customer FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (
    current_setting('hub.sector', true) = 'POLICE'
    AND current_setting('hub.safeguarding', true) = 'on'
    AND EXISTS (
      SELECT 1 FROM contacts.contact_case c
      WHERE c.customer_id = customer.id AND c.kind = 'COUNCIL_SERVICE' AND c.safeguarding_referral
    )
  )
);
--> statement-breakpoint
-- Case notes follow their case: the subquery is itself filtered by the case policy.
ALTER TABLE contacts.case_note ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts.case_note FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_note_visibility ON contacts.case_note FOR SELECT TO hub_app USING (
  EXISTS (SELECT 1 FROM contacts.contact_case c WHERE c.id = case_note.case_id)
);
