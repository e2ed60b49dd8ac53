CREATE TABLE "procurement"."contract_release" (
	"ocid" text NOT NULL,
	"release_id" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"release_date" timestamp (3) with time zone NOT NULL,
	"organisation_code" text NOT NULL,
	CONSTRAINT "contract_release_ocid_release_id_pk" PRIMARY KEY("ocid","release_id")
);
--> statement-breakpoint
ALTER TABLE "procurement"."contract_release" ADD CONSTRAINT "contract_release_contract_id_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "procurement"."contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_release_contract_idx" ON "procurement"."contract_release" USING btree ("contract_id","release_date");--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_organisation_staff_number_key" UNIQUE("organisation_code","staff_number");--> statement-breakpoint
-- Imports of a member's files (importer/) write as hub_importer, with the importing data
-- administrator's organisation in hub.organisation (platform/database.ts), under row-level
-- security: an organisation's own payments, cost centres, org units, grades, positions and
-- staff only; contracts only where it is one of the buyers. Suppliers and expense types are
-- shared reference rows: an import may add them, never change them. hub_app's reads of the
-- tables that gain row-level security here are unchanged (a policy that shows every row).
-- As for hub_app (0018_organisation_registry), an organisation's rows of a service are
-- written only while it draws that service down: restrictive policies per table.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_importer') THEN
    CREATE ROLE hub_importer NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
GRANT hub_importer TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA people, finance, procurement, audit TO hub_importer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit.append(jsonb) TO hub_importer;
--> statement-breakpoint
GRANT SELECT ON people.organisation TO hub_importer;
--> statement-breakpoint
GRANT SELECT, INSERT ON finance.expense_type, procurement.supplier TO hub_importer;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON finance.cost_centre, finance.payment, procurement.contract,
  people.org_unit, people.grade, people.position, people.person TO hub_importer;
--> statement-breakpoint
GRANT SELECT, INSERT ON procurement.contract_buyer, procurement.contract_supplier, procurement.contract_release TO hub_importer;
--> statement-breakpoint
GRANT SELECT ON procurement.contract_release TO hub_app;
--> statement-breakpoint
ALTER TABLE finance.payment ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE finance.payment FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY payment_visibility ON finance.payment FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY payment_import ON finance.payment FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
ALTER TABLE finance.cost_centre ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE finance.cost_centre FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cost_centre_visibility ON finance.cost_centre FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY cost_centre_import ON finance.cost_centre FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY org_unit_import ON people.org_unit FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY grade_import ON people.grade FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
ALTER TABLE people.position ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.position FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY position_visibility ON people.position FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY position_import ON people.position FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY person_import ON people.person FOR ALL TO hub_importer
  USING (organisation_code = current_setting('hub.organisation', true)) WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
-- A contract is changed only by an import of one of its buyers; joint buyers are added
-- only by an organisation that is a buyer itself (its own buyer row goes in first).
CREATE FUNCTION procurement.importer_buys(contract uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
      SELECT 1 FROM procurement.contract_buyer b
      WHERE b.contract_id = contract AND b.organisation_code = current_setting('hub.organisation', true)
    )
  $$;
--> statement-breakpoint
ALTER TABLE procurement.contract ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.contract FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contract_visibility ON procurement.contract FOR SELECT TO hub_app, hub_importer USING (true);
--> statement-breakpoint
CREATE POLICY contract_import ON procurement.contract FOR INSERT TO hub_importer WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY contract_import_change ON procurement.contract FOR UPDATE TO hub_importer
  USING (procurement.importer_buys(id)) WITH CHECK (procurement.importer_buys(id));
--> statement-breakpoint
ALTER TABLE procurement.contract_buyer ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.contract_buyer FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contract_buyer_visibility ON procurement.contract_buyer FOR SELECT TO hub_app, hub_importer USING (true);
--> statement-breakpoint
CREATE POLICY contract_buyer_import ON procurement.contract_buyer FOR INSERT TO hub_importer
  WITH CHECK (organisation_code = current_setting('hub.organisation', true) OR procurement.importer_buys(contract_id));
--> statement-breakpoint
ALTER TABLE procurement.contract_supplier ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.contract_supplier FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contract_supplier_visibility ON procurement.contract_supplier FOR SELECT TO hub_app, hub_importer USING (true);
--> statement-breakpoint
CREATE POLICY contract_supplier_import ON procurement.contract_supplier FOR INSERT TO hub_importer
  WITH CHECK (procurement.importer_buys(contract_id));
--> statement-breakpoint
ALTER TABLE procurement.contract_release ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE procurement.contract_release FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contract_release_visibility ON procurement.contract_release FOR SELECT TO hub_app, hub_importer USING (true);
--> statement-breakpoint
CREATE POLICY contract_release_import ON procurement.contract_release FOR INSERT TO hub_importer
  WITH CHECK (organisation_code = current_setting('hub.organisation', true) AND procurement.importer_buys(contract_id));
--> statement-breakpoint
CREATE POLICY payment_import_entitlement ON finance.payment AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('FINANCE')) WITH CHECK (people.viewer_draws_down('FINANCE'));
--> statement-breakpoint
CREATE POLICY cost_centre_import_entitlement ON finance.cost_centre AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('FINANCE')) WITH CHECK (people.viewer_draws_down('FINANCE'));
--> statement-breakpoint
CREATE POLICY person_import_entitlement ON people.person AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY org_unit_import_entitlement ON people.org_unit AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY grade_import_entitlement ON people.grade AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY position_import_entitlement ON people.position AS RESTRICTIVE FOR ALL TO hub_importer
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY contract_import_entitlement ON procurement.contract AS RESTRICTIVE FOR INSERT TO hub_importer
  WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
--> statement-breakpoint
CREATE POLICY contract_change_entitlement ON procurement.contract AS RESTRICTIVE FOR UPDATE TO hub_importer
  USING (people.viewer_draws_down('PROCUREMENT')) WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
--> statement-breakpoint
CREATE POLICY contract_buyer_import_entitlement ON procurement.contract_buyer AS RESTRICTIVE FOR INSERT TO hub_importer
  WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
--> statement-breakpoint
CREATE POLICY contract_supplier_import_entitlement ON procurement.contract_supplier AS RESTRICTIVE FOR INSERT TO hub_importer
  WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
--> statement-breakpoint
CREATE POLICY contract_release_import_entitlement ON procurement.contract_release AS RESTRICTIVE FOR INSERT TO hub_importer
  WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
