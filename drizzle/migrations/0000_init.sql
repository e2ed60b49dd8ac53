CREATE SCHEMA "people";
--> statement-breakpoint
CREATE SCHEMA "finance";
--> statement-breakpoint
CREATE SCHEMA "procurement";
--> statement-breakpoint
CREATE SCHEMA "contacts";
--> statement-breakpoint
CREATE TYPE "people"."police_rank" AS ENUM('CONSTABLE', 'SERGEANT', 'INSPECTOR', 'CHIEF_INSPECTOR', 'SUPERINTENDENT', 'CHIEF_SUPERINTENDENT', 'ASSISTANT_CHIEF_CONSTABLE', 'DEPUTY_CHIEF_CONSTABLE', 'CHIEF_CONSTABLE');--> statement-breakpoint
CREATE TYPE "people"."sector" AS ENUM('COUNCIL', 'POLICE', 'SHARED_SERVICE');--> statement-breakpoint
CREATE TYPE "people"."vetting_level" AS ENUM('RV', 'NPPV1', 'NPPV2', 'NPPV3', 'SC', 'DV');--> statement-breakpoint
CREATE TYPE "people"."worker_type" AS ENUM('COUNCIL_STAFF', 'POLICE_OFFICER', 'POLICE_STAFF', 'PCSO', 'SPECIAL_CONSTABLE');--> statement-breakpoint
CREATE TYPE "finance"."capital_or_revenue" AS ENUM('CAPITAL', 'REVENUE');--> statement-breakpoint
CREATE TYPE "procurement"."contract_category" AS ENUM('GOODS', 'SERVICES', 'WORKS');--> statement-breakpoint
CREATE TYPE "procurement"."contract_status" AS ENUM('PLANNED', 'TENDER', 'ACTIVE', 'COMPLETE', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "procurement"."procurement_method" AS ENUM('OPEN', 'SELECTIVE', 'LIMITED', 'DIRECT');--> statement-breakpoint
CREATE TYPE "procurement"."purchase_order_status" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'RECEIPTED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "contacts"."case_kind" AS ENUM('COUNCIL_SERVICE', 'POLICE_101', 'CRIME_REPORT');--> statement-breakpoint
CREATE TYPE "contacts"."case_status" AS ENUM('OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "contacts"."contact_channel" AS ENUM('PHONE', 'EMAIL', 'WEB', 'FACE_TO_FACE', 'LETTER', 'SOCIAL_MEDIA');--> statement-breakpoint
CREATE TABLE "people"."grade" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"min_salary_pence" integer NOT NULL,
	"max_salary_pence" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people"."org_unit" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people"."organisation" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sector" "people"."sector" NOT NULL,
	"member" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people"."person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"position_id" uuid,
	"grade_id" uuid,
	"manager_id" uuid,
	"staff_number" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"job_title" text NOT NULL,
	"worker_type" "people"."worker_type" NOT NULL,
	"work_email" text NOT NULL,
	"start_date" date NOT NULL,
	"salary_pence" integer,
	"date_of_birth" date NOT NULL,
	"national_insurance_number" text NOT NULL,
	"home_address_line1" text NOT NULL,
	"home_town" text NOT NULL,
	"home_postcode" text NOT NULL,
	"collar_number" text,
	"rank" "people"."police_rank",
	"vetting_level" "people"."vetting_level",
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people"."position" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"grade_id" uuid,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."budget" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cost_centre_id" uuid NOT NULL,
	"financial_year" integer NOT NULL,
	"period" integer NOT NULL,
	"amount_pence" bigint NOT NULL,
	CONSTRAINT "budget_cost_centre_period_key" UNIQUE("cost_centre_id","financial_year","period")
);
--> statement-breakpoint
CREATE TABLE "finance"."cost_centre" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"service_division" text NOT NULL,
	"manager_person_id" uuid,
	CONSTRAINT "cost_centre_organisation_code_key" UNIQUE("organisation_code","code")
);
--> statement-breakpoint
CREATE TABLE "finance"."expense_type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	CONSTRAINT "expense_type_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "finance"."payment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"transaction_number" text NOT NULL,
	"cost_centre_id" uuid NOT NULL,
	"expense_type_id" uuid NOT NULL,
	"supplier_id" uuid,
	"beneficiary_name" text NOT NULL,
	"service_division" text NOT NULL,
	"purpose" text NOT NULL,
	"effective_date" date NOT NULL,
	"payment_date" date NOT NULL,
	"amount_pence" bigint NOT NULL,
	"irrecoverable_vat_pence" bigint NOT NULL,
	"capital_or_revenue" "finance"."capital_or_revenue" NOT NULL,
	"procurement_card" boolean NOT NULL,
	"sensitive_payee" boolean NOT NULL,
	CONSTRAINT "payment_organisation_transaction_key" UNIQUE("organisation_code","transaction_number")
);
--> statement-breakpoint
CREATE TABLE "procurement"."contract" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ocid" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" "procurement"."contract_status" NOT NULL,
	"procurement_method" "procurement"."procurement_method" NOT NULL,
	"category" "procurement"."contract_category" NOT NULL,
	"value_pence" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	CONSTRAINT "contract_ocid_unique" UNIQUE("ocid")
);
--> statement-breakpoint
CREATE TABLE "procurement"."contract_buyer" (
	"contract_id" uuid NOT NULL,
	"organisation_code" text NOT NULL,
	CONSTRAINT "contract_buyer_contract_id_organisation_code_pk" PRIMARY KEY("contract_id","organisation_code")
);
--> statement-breakpoint
CREATE TABLE "procurement"."contract_supplier" (
	"contract_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	CONSTRAINT "contract_supplier_contract_id_supplier_id_pk" PRIMARY KEY("contract_id","supplier_id")
);
--> statement-breakpoint
CREATE TABLE "procurement"."purchase_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_number" text NOT NULL,
	"organisation_code" text NOT NULL,
	"requester_person_id" uuid NOT NULL,
	"approver_person_id" uuid,
	"cost_centre_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"contract_id" uuid,
	"status" "procurement"."purchase_order_status" NOT NULL,
	"total_pence" bigint NOT NULL,
	"raised_at" timestamp (3) with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_order_order_number_unique" UNIQUE("order_number")
);
--> statement-breakpoint
CREATE TABLE "procurement"."purchase_order_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_pence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement"."supplier" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"companies_house_number" text,
	"sme" boolean NOT NULL,
	"vcse" boolean NOT NULL,
	"postcode" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts"."case_note" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"author_person_id" uuid,
	"written_at" timestamp (3) with time zone NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts"."contact_case" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"organisation_code" text NOT NULL,
	"customer_id" uuid,
	"kind" "contacts"."case_kind" NOT NULL,
	"channel" "contacts"."contact_channel" NOT NULL,
	"service_code" text NOT NULL,
	"service_name" text NOT NULL,
	"status" "contacts"."case_status" NOT NULL,
	"summary" text NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"assigned_person_id" uuid,
	"safeguarding_referral" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_case_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "contacts"."customer" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date,
	"email" text,
	"phone" text,
	"address_line1" text NOT NULL,
	"town" text NOT NULL,
	"postcode" text NOT NULL,
	"uprn" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."grade" ADD CONSTRAINT "grade_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."org_unit" ADD CONSTRAINT "org_unit_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."org_unit" ADD CONSTRAINT "org_unit_parent_id_org_unit_id_fk" FOREIGN KEY ("parent_id") REFERENCES "people"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "people"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_position_id_position_id_fk" FOREIGN KEY ("position_id") REFERENCES "people"."position"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_grade_id_grade_id_fk" FOREIGN KEY ("grade_id") REFERENCES "people"."grade"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."person" ADD CONSTRAINT "person_manager_id_person_id_fk" FOREIGN KEY ("manager_id") REFERENCES "people"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."position" ADD CONSTRAINT "position_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."position" ADD CONSTRAINT "position_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "people"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."position" ADD CONSTRAINT "position_grade_id_grade_id_fk" FOREIGN KEY ("grade_id") REFERENCES "people"."grade"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."budget" ADD CONSTRAINT "budget_cost_centre_id_cost_centre_id_fk" FOREIGN KEY ("cost_centre_id") REFERENCES "finance"."cost_centre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."payment" ADD CONSTRAINT "payment_cost_centre_id_cost_centre_id_fk" FOREIGN KEY ("cost_centre_id") REFERENCES "finance"."cost_centre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."payment" ADD CONSTRAINT "payment_expense_type_id_expense_type_id_fk" FOREIGN KEY ("expense_type_id") REFERENCES "finance"."expense_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."contract_buyer" ADD CONSTRAINT "contract_buyer_contract_id_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "procurement"."contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."contract_supplier" ADD CONSTRAINT "contract_supplier_contract_id_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "procurement"."contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."contract_supplier" ADD CONSTRAINT "contract_supplier_supplier_id_supplier_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."supplier"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_order" ADD CONSTRAINT "purchase_order_supplier_id_supplier_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."supplier"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_order" ADD CONSTRAINT "purchase_order_contract_id_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "procurement"."contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_order_line" ADD CONSTRAINT "purchase_order_line_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "procurement"."purchase_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts"."case_note" ADD CONSTRAINT "case_note_case_id_contact_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "contacts"."contact_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts"."contact_case" ADD CONSTRAINT "contact_case_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "contacts"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_organisation_idx" ON "people"."grade" USING btree ("organisation_code");--> statement-breakpoint
CREATE INDEX "org_unit_organisation_idx" ON "people"."org_unit" USING btree ("organisation_code","name","id");--> statement-breakpoint
CREATE INDEX "org_unit_parent_idx" ON "people"."org_unit" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "person_organisation_name_idx" ON "people"."person" USING btree ("organisation_code","family_name","given_name","id");--> statement-breakpoint
CREATE INDEX "person_org_unit_name_idx" ON "people"."person" USING btree ("org_unit_id","family_name","given_name","id");--> statement-breakpoint
CREATE INDEX "person_position_idx" ON "people"."person" USING btree ("position_id");--> statement-breakpoint
CREATE INDEX "person_grade_idx" ON "people"."person" USING btree ("grade_id");--> statement-breakpoint
CREATE INDEX "person_manager_idx" ON "people"."person" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "position_organisation_idx" ON "people"."position" USING btree ("organisation_code");--> statement-breakpoint
CREATE INDEX "position_org_unit_idx" ON "people"."position" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "position_grade_idx" ON "people"."position" USING btree ("grade_id");--> statement-breakpoint
CREATE INDEX "cost_centre_organisation_idx" ON "finance"."cost_centre" USING btree ("organisation_code","code","id");--> statement-breakpoint
CREATE INDEX "cost_centre_manager_idx" ON "finance"."cost_centre" USING btree ("manager_person_id");--> statement-breakpoint
CREATE INDEX "payment_organisation_date_idx" ON "finance"."payment" USING btree ("organisation_code","payment_date","id");--> statement-breakpoint
CREATE INDEX "payment_cost_centre_date_idx" ON "finance"."payment" USING btree ("cost_centre_id","payment_date","id");--> statement-breakpoint
CREATE INDEX "payment_supplier_date_idx" ON "finance"."payment" USING btree ("supplier_id","payment_date","id");--> statement-breakpoint
CREATE INDEX "payment_expense_type_idx" ON "finance"."payment" USING btree ("expense_type_id");--> statement-breakpoint
CREATE INDEX "contract_end_date_idx" ON "procurement"."contract" USING btree ("end_date","id");--> statement-breakpoint
CREATE INDEX "contract_start_date_idx" ON "procurement"."contract" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "contract_buyer_organisation_idx" ON "procurement"."contract_buyer" USING btree ("organisation_code");--> statement-breakpoint
CREATE INDEX "contract_supplier_supplier_idx" ON "procurement"."contract_supplier" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "purchase_order_organisation_raised_idx" ON "procurement"."purchase_order" USING btree ("organisation_code","raised_at","id");--> statement-breakpoint
CREATE INDEX "purchase_order_requester_raised_idx" ON "procurement"."purchase_order" USING btree ("requester_person_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "purchase_order_cost_centre_raised_idx" ON "procurement"."purchase_order" USING btree ("cost_centre_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "purchase_order_supplier_raised_idx" ON "procurement"."purchase_order" USING btree ("supplier_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "purchase_order_contract_idx" ON "procurement"."purchase_order" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "purchase_order_approver_idx" ON "procurement"."purchase_order" USING btree ("approver_person_id");--> statement-breakpoint
CREATE INDEX "purchase_order_line_order_idx" ON "procurement"."purchase_order_line" USING btree ("purchase_order_id","line_number");--> statement-breakpoint
CREATE INDEX "supplier_name_idx" ON "procurement"."supplier" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "case_note_case_idx" ON "contacts"."case_note" USING btree ("case_id","written_at","id");--> statement-breakpoint
CREATE INDEX "case_note_author_idx" ON "contacts"."case_note" USING btree ("author_person_id");--> statement-breakpoint
CREATE INDEX "contact_case_organisation_opened_idx" ON "contacts"."contact_case" USING btree ("organisation_code","opened_at","id");--> statement-breakpoint
CREATE INDEX "contact_case_customer_opened_idx" ON "contacts"."contact_case" USING btree ("customer_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "contact_case_assigned_opened_idx" ON "contacts"."contact_case" USING btree ("assigned_person_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "customer_organisation_name_idx" ON "contacts"."customer" USING btree ("organisation_code","family_name","given_name","id");--> statement-breakpoint
CREATE INDEX "customer_duplicate_check_idx" ON "contacts"."customer" USING btree ("family_name","date_of_birth","postcode");