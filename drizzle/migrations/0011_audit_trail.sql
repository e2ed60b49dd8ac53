CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TYPE "audit"."action" AS ENUM('CONSULTATION', 'DISCLOSURE', 'COLLECTION', 'ALTERATION', 'ERASURE');--> statement-breakpoint
CREATE TYPE "audit"."outcome" AS ENUM('RETURNED', 'REFUSED', 'CHANGED');--> statement-breakpoint
CREATE TABLE "audit"."chain_head" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit"."record" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"request_id" text NOT NULL,
	"subject" text,
	"organisation_code" text,
	"sector" text,
	"purpose" text,
	"operation_name" text,
	"operation_hash" text NOT NULL,
	"subgraph" text NOT NULL,
	"action" "audit"."action" NOT NULL,
	"outcome" "audit"."outcome" NOT NULL,
	"entity_type" text NOT NULL,
	"owner_organisation" text,
	"sharing_route" text,
	"entity_ids" text[] NOT NULL,
	"fields" text[] NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "record_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE INDEX "record_recorded_at_idx" ON "audit"."record" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "record_subject_idx" ON "audit"."record" USING btree ("subject","seq");--> statement-breakpoint
CREATE INDEX "record_organisation_idx" ON "audit"."record" USING btree ("organisation_code","seq");--> statement-breakpoint
CREATE INDEX "record_entity_ids_idx" ON "audit"."record" USING gin ("entity_ids");