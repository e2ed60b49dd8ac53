CREATE TABLE "contacts"."idempotency_key" (
	"subject" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_subject_key_pk" PRIMARY KEY("subject","key")
);
