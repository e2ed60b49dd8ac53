-- The organisation registry in the database (platform/organisations.ts follows it in every
-- process): status with its history, case-reference prefixes, and the services each member
-- draws down. Row-level security refuses the rows of a service the viewer's organisation does
-- not draw down (hub.services), and lets a new member's HR create its first units, grades and people.
CREATE TYPE "people"."organisation_status" AS ENUM('CANDIDATE', 'MEMBER', 'SUSPENDED', 'LEFT');--> statement-breakpoint
CREATE TABLE "people"."organisation_service" (
	"organisation_code" text NOT NULL,
	"service" text NOT NULL,
	"from_date" date NOT NULL,
	"until_date" date,
	CONSTRAINT "organisation_service_organisation_code_service_from_date_pk" PRIMARY KEY("organisation_code","service","from_date")
);
--> statement-breakpoint
CREATE TABLE "people"."organisation_status_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"status" "people"."organisation_status" NOT NULL,
	"effective_on" date NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "status" "people"."organisation_status" DEFAULT 'CANDIDATE' NOT NULL;--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "case_reference_prefix" text;--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "joined_on" date;--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "leaving_on" date;--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "people"."organisation_service" ADD CONSTRAINT "organisation_service_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."organisation_status_change" ADD CONSTRAINT "organisation_status_change_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_status_change_organisation_idx" ON "people"."organisation_status_change" USING btree ("organisation_code","recorded_at");--> statement-breakpoint
-- A database from before the registry: members become MEMBER from today, drawing down every
-- service; the others stay CANDIDATE. The demo councils keep the case prefixes they used.
UPDATE "people"."organisation" SET "status" = 'MEMBER', "joined_on" = current_date WHERE "member";--> statement-breakpoint
UPDATE "people"."organisation" SET "case_reference_prefix" = CASE "code" WHEN 'E10000027' THEN 'SCC' WHEN 'E07000190' THEN 'TDBC' END WHERE "member";--> statement-breakpoint
INSERT INTO "people"."organisation_service" ("organisation_code", "service", "from_date")
  SELECT "code", "service", current_date FROM "people"."organisation", unnest(ARRAY['PEOPLE', 'FINANCE', 'PROCUREMENT', 'CONTACTS']) AS "service" WHERE "member";--> statement-breakpoint
ALTER TABLE "people"."organisation" DROP COLUMN "member";--> statement-breakpoint
ALTER TABLE "people"."organisation" ADD CONSTRAINT "organisation_case_reference_prefix_unique" UNIQUE("case_reference_prefix");;--> statement-breakpoint
-- The shared-service company runs the hub: it is the registry's first member, so that its
-- administrators can onboard the others. It draws down every service it runs.
INSERT INTO "people"."organisation" ("code", "name", "sector", "status", "joined_on")
  VALUES ('SWONE', 'Southwest One', 'SHARED_SERVICE', 'MEMBER', current_date) ON CONFLICT ("code") DO NOTHING;--> statement-breakpoint
INSERT INTO "people"."organisation_service" ("organisation_code", "service", "from_date")
  SELECT 'SWONE', "service", current_date FROM unnest(ARRAY['PEOPLE', 'FINANCE', 'PROCUREMENT', 'CONTACTS']) AS "service"
  WHERE NOT EXISTS (SELECT 1 FROM "people"."organisation_service" WHERE "organisation_code" = 'SWONE');
--> statement-breakpoint
-- Whether the viewer's organisation draws down a service: hub.services holds them, comma-separated.
CREATE FUNCTION people.viewer_draws_down(service text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT service = ANY (string_to_array(coalesce(current_setting('hub.services', true), ''), ','))
$$;
--> statement-breakpoint
GRANT SELECT ON people.organisation_service, people.organisation_status_change TO hub_app;
--> statement-breakpoint
-- Registry changes, by the shared-service company only (the tenancy:admin scope is checked above the database).
GRANT INSERT, UPDATE (name, status, case_reference_prefix, joined_on, leaving_on, version, updated_at) ON people.organisation TO hub_app;
--> statement-breakpoint
GRANT INSERT, UPDATE (until_date) ON people.organisation_service TO hub_app;
--> statement-breakpoint
GRANT INSERT ON people.organisation_status_change TO hub_app;
--> statement-breakpoint
ALTER TABLE people.organisation ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.organisation FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organisation_reading ON people.organisation FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY organisation_registration ON people.organisation FOR INSERT TO hub_app
  WITH CHECK (current_setting('hub.sector', true) = 'SHARED_SERVICE');
--> statement-breakpoint
CREATE POLICY organisation_change ON people.organisation FOR UPDATE TO hub_app
  USING (current_setting('hub.sector', true) = 'SHARED_SERVICE') WITH CHECK (current_setting('hub.sector', true) = 'SHARED_SERVICE');
--> statement-breakpoint
ALTER TABLE people.organisation_service ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.organisation_service FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organisation_service_reading ON people.organisation_service FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY organisation_service_change ON people.organisation_service FOR ALL TO hub_app
  USING (current_setting('hub.sector', true) = 'SHARED_SERVICE') WITH CHECK (current_setting('hub.sector', true) = 'SHARED_SERVICE');
--> statement-breakpoint
ALTER TABLE people.organisation_status_change ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.organisation_status_change FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organisation_status_change_reading ON people.organisation_status_change FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY organisation_status_change_recording ON people.organisation_status_change FOR INSERT TO hub_app
  WITH CHECK (current_setting('hub.sector', true) = 'SHARED_SERVICE');
--> statement-breakpoint
-- A new member's HR creates its first org units, grades and people: its own organisation's only.
GRANT INSERT ON people.org_unit, people.grade TO hub_app;
--> statement-breakpoint
-- Drizzle names every column in an insert, so the grant is the table's; the policy below keeps it to the viewer's organisation.
GRANT INSERT ON people.person TO hub_app;
--> statement-breakpoint
ALTER TABLE people.org_unit ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.org_unit FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_unit_reading ON people.org_unit FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY org_unit_creation ON people.org_unit FOR INSERT TO hub_app
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
ALTER TABLE people.grade ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.grade FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY grade_reading ON people.grade FOR SELECT TO hub_app USING (true);
--> statement-breakpoint
CREATE POLICY grade_creation ON people.grade FOR INSERT TO hub_app
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
CREATE POLICY person_creation ON people.person FOR INSERT TO hub_app
  WITH CHECK (organisation_code = current_setting('hub.organisation', true));
--> statement-breakpoint
-- Entitlements: on top of every other policy, the rows of a service are the viewer's only
-- while its organisation draws that service down.
CREATE POLICY people_entitlement ON people.person AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY pay_change_entitlement ON people.pay_change AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('PEOPLE')) WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY org_unit_entitlement ON people.org_unit AS RESTRICTIVE FOR INSERT TO hub_app
  WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY grade_entitlement ON people.grade AS RESTRICTIVE FOR INSERT TO hub_app
  WITH CHECK (people.viewer_draws_down('PEOPLE'));
--> statement-breakpoint
CREATE POLICY contact_case_entitlement ON contacts.contact_case AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('CONTACTS')) WITH CHECK (people.viewer_draws_down('CONTACTS'));
--> statement-breakpoint
CREATE POLICY customer_entitlement ON contacts.customer AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('CONTACTS')) WITH CHECK (people.viewer_draws_down('CONTACTS'));
--> statement-breakpoint
CREATE POLICY case_note_entitlement ON contacts.case_note AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('CONTACTS')) WITH CHECK (people.viewer_draws_down('CONTACTS'));
--> statement-breakpoint
CREATE POLICY purchase_order_entitlement ON procurement.purchase_order AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('PROCUREMENT')) WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
--> statement-breakpoint
CREATE POLICY purchase_order_line_entitlement ON procurement.purchase_order_line AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('PROCUREMENT')) WITH CHECK (people.viewer_draws_down('PROCUREMENT'));
