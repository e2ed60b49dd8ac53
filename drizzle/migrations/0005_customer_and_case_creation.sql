-- Creating customers and cases, and correcting customers, as the viewer: the
-- application role may add customers and contact cases of the viewer's own
-- organisation and change its customers, nothing else. Row-level security checks
-- every written row, so a customer or case written for another organisation is
-- refused by the database even if the application let it through.
GRANT INSERT, UPDATE ON contacts.customer TO hub_app;
--> statement-breakpoint
GRANT INSERT ON contacts.contact_case TO hub_app;
--> statement-breakpoint
CREATE POLICY customer_creation ON contacts.customer FOR INSERT TO hub_app
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY customer_change ON contacts.customer FOR UPDATE TO hub_app
  USING (organisation_code = current_setting('hub.organisation', true))
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY contact_case_creation ON contacts.contact_case FOR INSERT TO hub_app
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
