CREATE TYPE "people"."agreement_status" AS ENUM('DRAFT', 'ACTIVE', 'SUSPENDED', 'ENDED');--> statement-breakpoint
CREATE TABLE "people"."sharing_agreement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"provider_code" text NOT NULL,
	"recipient_code" text NOT NULL,
	"lawful_basis" text NOT NULL,
	"purposes" text[] NOT NULL,
	"shared_fields" text[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" "people"."agreement_status" DEFAULT 'DRAFT' NOT NULL,
	"status_reason" text,
	"proposed_by" text NOT NULL,
	"provider_approved_by" text,
	"provider_approved_at" timestamp (3) with time zone,
	"recipient_approved_by" text,
	"recipient_approved_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sharing_agreement_reference_unique" UNIQUE("reference"),
	CONSTRAINT "sharing_agreement_two_parties" CHECK ("people"."sharing_agreement"."provider_code" <> "people"."sharing_agreement"."recipient_code"),
	CONSTRAINT "sharing_agreement_dates" CHECK ("people"."sharing_agreement"."starts_on" <= "people"."sharing_agreement"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "contacts"."case_disclosure" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"case_reference" text NOT NULL,
	"agreement_id" uuid NOT NULL,
	"provider_code" text NOT NULL,
	"recipient_code" text NOT NULL,
	"reason" text NOT NULL,
	"disclosed_by" text NOT NULL,
	"disclosed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_disclosure_case_agreement_unique" UNIQUE("case_id","agreement_id")
);
--> statement-breakpoint
CREATE TABLE "contacts"."warning_marker" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"agreement_id" uuid NOT NULL,
	"recipient_code" text NOT NULL,
	"uprn" text NOT NULL,
	"warning" text NOT NULL,
	"police_reference" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."sharing_agreement" ADD CONSTRAINT "sharing_agreement_provider_code_organisation_code_fk" FOREIGN KEY ("provider_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."sharing_agreement" ADD CONSTRAINT "sharing_agreement_recipient_code_organisation_code_fk" FOREIGN KEY ("recipient_code") REFERENCES "people"."organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts"."case_disclosure" ADD CONSTRAINT "case_disclosure_case_id_contact_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "contacts"."contact_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sharing_agreement_provider_idx" ON "people"."sharing_agreement" USING btree ("provider_code");--> statement-breakpoint
CREATE INDEX "sharing_agreement_recipient_idx" ON "people"."sharing_agreement" USING btree ("recipient_code");--> statement-breakpoint
CREATE INDEX "case_disclosure_recipient_idx" ON "contacts"."case_disclosure" USING btree ("recipient_code","disclosed_at","id");--> statement-breakpoint
CREATE INDEX "case_disclosure_agreement_idx" ON "contacts"."case_disclosure" USING btree ("agreement_id","disclosed_at","id");--> statement-breakpoint
CREATE INDEX "case_disclosure_reference_idx" ON "contacts"."case_disclosure" USING btree ("case_reference");--> statement-breakpoint
CREATE INDEX "warning_marker_recipient_uprn_idx" ON "contacts"."warning_marker" USING btree ("recipient_code","uprn");--> statement-breakpoint
CREATE INDEX "warning_marker_agreement_idx" ON "contacts"."warning_marker" USING btree ("agreement_id","placed_at","id");--> statement-breakpoint
--> statement-breakpoint
-- Agreements are numbered ISA-<year>-0001 across the hub.
CREATE SEQUENCE people.sharing_agreement_number;
--> statement-breakpoint
-- Today as the parties' dates count it: an agreement is in force from its first day to its last, both included.
CREATE FUNCTION people.uk_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE 'Europe/London')::date
$$;
--> statement-breakpoint
-- Whether records disclosed under an agreement may be read now by the viewer's organisation
-- with the stated purpose (hub.purpose): ACTIVE, in force today, the viewer's organisation its
-- recipient, the purpose one it allows. Every policy that lets a record cross asks this.
CREATE FUNCTION people.agreement_allows(agreement uuid, purpose text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM people.sharing_agreement a
    WHERE a.id = agreement
      AND a.status = 'ACTIVE'
      AND people.uk_today() BETWEEN a.starts_on AND a.ends_on
      AND a.recipient_code = current_setting('hub.organisation', true)
      AND coalesce(purpose, '') <> ''
      AND purpose = ANY (a.purposes)
  )
$$;
--> statement-breakpoint
-- The terms of agreements the viewer's organisation is party to (row-level security below
-- hides the others), with where each stands today: the one way the contacts subgraph reads them.
CREATE FUNCTION people.agreement_terms(ids uuid[])
RETURNS TABLE (id uuid, reference text, provider_code text, recipient_code text, purposes text[], shared_fields text[], standing text)
LANGUAGE sql STABLE AS $$
  SELECT a.id, a.reference, a.provider_code, a.recipient_code, a.purposes, a.shared_fields,
    CASE
      WHEN a.status <> 'ACTIVE' THEN a.status::text
      WHEN people.uk_today() < a.starts_on THEN 'NOT_STARTED'
      WHEN people.uk_today() > a.ends_on THEN 'ENDED'
      ELSE 'IN_FORCE'
    END
  FROM people.sharing_agreement a WHERE a.id = ANY (ids)
$$;
--> statement-breakpoint
-- A database from before agreements: each council's cases flagged as safeguarding referrals
-- become disclosures to the force under one active agreement per council, sharing what the
-- police could read of them before.
INSERT INTO people.sharing_agreement (id, reference, title, provider_code, recipient_code, lawful_basis, purposes, shared_fields,
    starts_on, ends_on, status, proposed_by, provider_approved_by, provider_approved_at, recipient_approved_by, recipient_approved_at)
  SELECT gen_random_uuid(), 'ISA-' || extract(year FROM now())::int || '-' || lpad(nextval('people.sharing_agreement_number')::text, 4, '0'),
    o.name || ' safeguarding referrals to Avon and Somerset Police', o.code, 'E23000036',
    'Children Act 2004 s11; Care Act 2014 s45; Data Protection Act 2018 Sch 8 para 4', ARRAY['SAFEGUARDING'],
    ARRAY['ContactCase.reference', 'ContactCase.organisation', 'ContactCase.kind', 'ContactCase.channel', 'ContactCase.service',
      'ContactCase.status', 'ContactCase.summary', 'ContactCase.openedAt', 'ContactCase.closedAt', 'ContactCase.outcome',
      'ContactCase.customer', 'ContactCase.notes', 'Customer.displayName', 'Customer.givenName', 'Customer.familyName',
      'Customer.dateOfBirth', 'Customer.address'],
    people.uk_today(), people.uk_today() + 3 * 365, 'ACTIVE', 'migration', 'migration', now(), 'migration', now()
  FROM people.organisation o
  WHERE o.code IN (SELECT DISTINCT organisation_code FROM contacts.contact_case WHERE safeguarding_referral AND kind = 'COUNCIL_SERVICE')
    AND EXISTS (SELECT 1 FROM people.organisation WHERE code = 'E23000036');
--> statement-breakpoint
INSERT INTO contacts.case_disclosure (id, case_id, case_reference, agreement_id, provider_code, recipient_code, reason, disclosed_by, disclosed_at)
  SELECT gen_random_uuid(), c.id, c.reference, a.id, c.organisation_code, a.recipient_code, 'Safeguarding referral', 'migration', c.opened_at
  FROM contacts.contact_case c JOIN people.sharing_agreement a ON a.provider_code = c.organisation_code AND a.proposed_by = 'migration'
  WHERE c.safeguarding_referral AND c.kind = 'COUNCIL_SERVICE';
--> statement-breakpoint
DROP POLICY contact_case_visibility ON contacts.contact_case;
--> statement-breakpoint
DROP POLICY customer_visibility ON contacts.customer;
--> statement-breakpoint
ALTER TABLE "contacts"."contact_case" DROP COLUMN "safeguarding_referral";
--> statement-breakpoint
-- Contact cases: the owning organisation; the shared-service company for council cases; the
-- recipient of a disclosure while its agreement allows the viewer's purpose.
CREATE POLICY contact_case_visibility ON contacts.contact_case FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (current_setting('hub.sector', true) = 'SHARED_SERVICE' AND kind = 'COUNCIL_SERVICE')
  OR EXISTS (
    SELECT 1 FROM contacts.case_disclosure d
    WHERE d.case_id = contact_case.id AND d.recipient_code = current_setting('hub.organisation', true)
      AND people.agreement_allows(d.agreement_id, current_setting('hub.purpose', true))
  )
);
--> statement-breakpoint
-- Customers: the owning organisation; the shared-service company for council customers; the
-- recipient of a disclosed case of theirs while its agreement allows the viewer's purpose.
CREATE POLICY customer_visibility ON contacts.customer FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (
    current_setting('hub.sector', true) = 'SHARED_SERVICE'
    AND NOT EXISTS (SELECT 1 FROM people.organisation o WHERE o.code = customer.organisation_code AND o.sector = 'POLICE')
  )
  OR EXISTS (
    SELECT 1 FROM contacts.contact_case c JOIN contacts.case_disclosure d ON d.case_id = c.id
    WHERE c.customer_id = customer.id AND d.recipient_code = current_setting('hub.organisation', true)
      AND people.agreement_allows(d.agreement_id, current_setting('hub.purpose', true))
  )
);
--> statement-breakpoint
-- Agreements: read by their two parties and the shared-service company (which keeps the
-- hub's information governance); proposed and changed by a party (the sharing:govern scope
-- and which side may do what are checked above the database).
GRANT SELECT, INSERT, UPDATE ON people.sharing_agreement TO hub_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE people.sharing_agreement_number TO hub_app;
--> statement-breakpoint
ALTER TABLE people.sharing_agreement ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE people.sharing_agreement FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE FUNCTION people.viewer_party_to(provider text, recipient text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('hub.organisation', true) IN (provider, recipient)
$$;
--> statement-breakpoint
CREATE POLICY sharing_agreement_reading ON people.sharing_agreement FOR SELECT TO hub_app, hub_audit_reader USING (
  people.viewer_party_to(provider_code, recipient_code) OR current_setting('hub.sector', true) = 'SHARED_SERVICE'
);
--> statement-breakpoint
CREATE POLICY sharing_agreement_proposal ON people.sharing_agreement FOR INSERT TO hub_app
  WITH CHECK (people.viewer_party_to(provider_code, recipient_code));
--> statement-breakpoint
CREATE POLICY sharing_agreement_change ON people.sharing_agreement FOR UPDATE TO hub_app
  USING (people.viewer_party_to(provider_code, recipient_code)) WITH CHECK (people.viewer_party_to(provider_code, recipient_code));
--> statement-breakpoint
-- Disclosures: read by both parties and the shared-service company; made by the provider,
-- of its own case, under an agreement in force whose recipient is the disclosure's.
GRANT SELECT, INSERT ON contacts.case_disclosure, contacts.warning_marker TO hub_app;
--> statement-breakpoint
ALTER TABLE contacts.case_disclosure ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts.case_disclosure FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_disclosure_reading ON contacts.case_disclosure FOR SELECT TO hub_app USING (
  people.viewer_party_to(provider_code, recipient_code) OR current_setting('hub.sector', true) = 'SHARED_SERVICE'
);
--> statement-breakpoint
CREATE POLICY case_disclosure_making ON contacts.case_disclosure FOR INSERT TO hub_app WITH CHECK (
  provider_code = current_setting('hub.organisation', true)
  AND EXISTS (SELECT 1 FROM contacts.contact_case c WHERE c.id = case_id AND c.organisation_code = provider_code)
  AND EXISTS (SELECT 1 FROM people.agreement_terms(ARRAY[agreement_id]) t
    WHERE t.standing = 'IN_FORCE' AND t.provider_code = case_disclosure.provider_code AND t.recipient_code = case_disclosure.recipient_code)
);
--> statement-breakpoint
-- Warning markers: the placing force reads its own; the recipient council reads them while the
-- agreement allows the viewer's purpose. Placed by the force under an agreement in force.
ALTER TABLE contacts.warning_marker ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts.warning_marker FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY warning_marker_reading ON contacts.warning_marker FOR SELECT TO hub_app USING (
  organisation_code = current_setting('hub.organisation', true)
  OR (recipient_code = current_setting('hub.organisation', true) AND people.agreement_allows(agreement_id, current_setting('hub.purpose', true)))
);
--> statement-breakpoint
CREATE POLICY warning_marker_placing ON contacts.warning_marker FOR INSERT TO hub_app WITH CHECK (
  organisation_code = current_setting('hub.organisation', true)
  AND EXISTS (SELECT 1 FROM people.agreement_terms(ARRAY[agreement_id]) t
    WHERE t.standing = 'IN_FORCE' AND t.provider_code = warning_marker.organisation_code AND t.recipient_code = warning_marker.recipient_code)
);
--> statement-breakpoint
-- Whether a staff-safety warning is held for these addresses that the viewer's organisation
-- would read with another purpose (an agreement in force, the purpose not stated): runs as the
-- table's owner, past row-level security, and answers only the addresses and the purposes to
-- state, never the warning, so a council's staff are told a warning exists rather than none.
CREATE FUNCTION contacts.warnings_withheld(uprns text[]) RETURNS TABLE (uprn text, purposes text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT m.uprn, a.purposes
  FROM contacts.warning_marker m JOIN people.sharing_agreement a ON a.id = m.agreement_id
  WHERE m.uprn = ANY (uprns)
    AND m.recipient_code = current_setting('hub.organisation', true)
    AND a.status = 'ACTIVE' AND people.uk_today() BETWEEN a.starts_on AND a.ends_on
    AND NOT people.agreement_allows(m.agreement_id, current_setting('hub.purpose', true))
    AND people.viewer_draws_down('CONTACTS')
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION contacts.warnings_withheld(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION contacts.warnings_withheld(text[]) TO hub_app;
--> statement-breakpoint
CREATE POLICY case_disclosure_entitlement ON contacts.case_disclosure AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('CONTACTS')) WITH CHECK (people.viewer_draws_down('CONTACTS'));
--> statement-breakpoint
CREATE POLICY warning_marker_entitlement ON contacts.warning_marker AS RESTRICTIVE FOR ALL TO hub_app
  USING (people.viewer_draws_down('CONTACTS')) WITH CHECK (people.viewer_draws_down('CONTACTS'));
--> statement-breakpoint
-- The audit trail: besides the shared-service company's auditors, each party of an agreement
-- reads the records of reads and disclosures under it (their sharing_route is its id).
GRANT USAGE ON SCHEMA people TO hub_audit_reader;
--> statement-breakpoint
GRANT SELECT ON people.sharing_agreement TO hub_audit_reader;
--> statement-breakpoint
DROP POLICY record_reading ON audit.record;
--> statement-breakpoint
CREATE POLICY record_reading ON audit.record FOR SELECT TO hub_audit_reader USING (
  current_setting('hub.sector', true) = 'SHARED_SERVICE'
  OR (sharing_route IS NOT NULL AND EXISTS (
    SELECT 1 FROM people.sharing_agreement a
    WHERE a.id::text = record.sharing_route AND people.viewer_party_to(a.provider_code, a.recipient_code)
  ))
);
--> statement-breakpoint
CREATE INDEX record_sharing_route_idx ON audit.record (sharing_route, seq) WHERE sharing_route IS NOT NULL;