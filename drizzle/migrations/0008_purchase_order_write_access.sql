-- Writes to purchase orders, as the viewer: the application role may raise orders and
-- change them only for an organisation whose OFFICIAL rows the viewer may read (its
-- own, or, for the shared-service company, a council's or its own; never the
-- police's unless the viewer is that force). Row-level security checks every written
-- row, so an order written for another organisation is refused by the database even if
-- the application let it through. Reads are not narrowed: every order stays readable
-- as before, field and row checks decide what of it a caller sees.
GRANT INSERT, UPDATE ON procurement.purchase_order TO hub_app;
--> statement-breakpoint
GRANT INSERT ON procurement.purchase_order_line TO hub_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON procurement.idempotency_key TO hub_app;
--> statement-breakpoint
GRANT SELECT ON procurement.approval_delegation, finance.cost_centre_reference TO hub_app;
--> statement-breakpoint
CREATE FUNCTION procurement.viewer_may_order_for(owner_code text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT owner_code = current_setting('hub.organisation', true)
      OR (
        current_setting('hub.sector', true) = 'SHARED_SERVICE'
        AND EXISTS (SELECT 1 FROM people.organisation o WHERE o.code = owner_code AND o.sector <> 'POLICE')
      )
  $$;
--> statement-breakpoint
ALTER TABLE procurement.purchase_order ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.purchase_order FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY purchase_order_visibility ON procurement.purchase_order FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY purchase_order_raising ON procurement.purchase_order FOR INSERT TO hub_app
  WITH CHECK (procurement.viewer_may_order_for(organisation_code));
--> statement-breakpoint
CREATE POLICY purchase_order_change ON procurement.purchase_order FOR UPDATE TO hub_app
  USING (procurement.viewer_may_order_for(organisation_code))
  WITH CHECK (procurement.viewer_may_order_for(organisation_code));
--> statement-breakpoint
ALTER TABLE procurement.purchase_order_line ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.purchase_order_line FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY purchase_order_line_visibility ON procurement.purchase_order_line FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY purchase_order_line_addition ON procurement.purchase_order_line FOR INSERT TO hub_app WITH CHECK (
  EXISTS (
    SELECT 1 FROM procurement.purchase_order o
    WHERE o.id = purchase_order_line.purchase_order_id AND procurement.viewer_may_order_for(o.organisation_code)
  )
);
