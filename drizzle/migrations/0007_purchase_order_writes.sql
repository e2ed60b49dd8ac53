CREATE TABLE "procurement"."approval_delegation" (
	"person_id" uuid NOT NULL,
	"organisation_code" text NOT NULL,
	"limit_pence" bigint NOT NULL,
	"basis" text NOT NULL,
	CONSTRAINT "approval_delegation_person_id_organisation_code_pk" PRIMARY KEY("person_id","organisation_code")
);
--> statement-breakpoint
CREATE TABLE "procurement"."idempotency_key" (
	"subject" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_subject_key_pk" PRIMARY KEY("subject","key")
);
--> statement-breakpoint
ALTER TABLE "procurement"."purchase_order" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
CREATE VIEW "finance"."cost_centre_reference" AS (select "id", "organisation_code" from "finance"."cost_centre");