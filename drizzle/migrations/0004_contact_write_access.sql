-- Writes to contact cases, as the viewer: the application role may change cases of
-- the viewer's own organisation and add notes to them, nothing else. Row-level
-- security checks every written row, so a change to another organisation's case, or a
-- note on it, is refused by the database even if the application let it through.
GRANT UPDATE ON contacts.contact_case TO hub_app;
--> statement-breakpoint
GRANT INSERT ON contacts.case_note TO hub_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON contacts.idempotency_key TO hub_app;
--> statement-breakpoint
CREATE POLICY contact_case_change ON contacts.contact_case FOR UPDATE TO hub_app
  USING (organisation_code = current_setting('hub.organisation', true))
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY case_note_addition ON contacts.case_note FOR INSERT TO hub_app WITH CHECK (
  EXISTS (
    SELECT 1 FROM contacts.contact_case c
    WHERE c.id = case_note.case_id AND c.organisation_code = current_setting('hub.organisation', true)
  )
);
