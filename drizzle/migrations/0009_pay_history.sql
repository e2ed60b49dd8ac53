CREATE TABLE "people"."pay_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_code" text NOT NULL,
	"effective_date" date NOT NULL,
	"annual_salary_pence" integer NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people"."idempotency_key" (
	"subject" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_subject_key_pk" PRIMARY KEY("subject","key")
);
--> statement-breakpoint
ALTER TABLE "people"."pay_change" ADD CONSTRAINT "pay_change_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "people"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."pay_change" ADD CONSTRAINT "pay_change_organisation_code_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pay_change_person_effective_idx" ON "people"."pay_change" USING btree ("person_id","effective_date","recorded_at","id");