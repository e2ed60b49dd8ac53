-- The shared-service company may read OFFICIAL fields of council rows (README, Whose
-- rows): that includes a council customer's organisation and cases, never their
-- personal details, which the SENSITIVE marking keeps to the owning council. Police
-- customers stay police-only.
DROP POLICY customer_visibility ON contacts.customer;
--> statement-breakpoint
CREATE POLICY customer_visibility ON contacts.customer FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (
    current_setting('hub.sector', true) = 'SHARED_SERVICE'
    AND NOT EXISTS (SELECT 1 FROM people.organisation o WHERE o.code = customer.organisation_code AND o.sector = 'POLICE')
  )
  OR (
    current_setting('hub.sector', true) = 'POLICE'
    AND current_setting('hub.safeguarding', true) = 'on'
    AND EXISTS (
      SELECT 1 FROM contacts.contact_case c
      WHERE c.customer_id = customer.id AND c.kind = 'COUNCIL_SERVICE' AND c.safeguarding_referral
    )
  )
);
