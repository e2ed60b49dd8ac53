-- The audit trail is append-only. The application role hub_app may only call
-- audit.append(), a SECURITY DEFINER function that serialises appends on the one-row
-- chain head (so concurrent requests never fork the chain) and links each record to
-- its predecessor by a SHA-256 hash; hub_app can neither read, change nor delete a
-- record. The audit subgraph reads as hub_audit_reader, which may only SELECT records.
-- Triggers refuse UPDATE, DELETE and TRUNCATE for everyone, owner included; whatever
-- happens behind the triggers' back is caught by `npm run audit:verify`, which
-- recomputes the chain (scripts/audit-verify.ts, subgraphs/kit/auditChain.ts).
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_audit_reader') THEN
    CREATE ROLE hub_audit_reader NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
GRANT hub_audit_reader TO CURRENT_USER;
--> statement-breakpoint
ALTER TABLE audit.record ADD CONSTRAINT record_purpose_length CHECK (char_length(purpose) <= 200);
--> statement-breakpoint
INSERT INTO audit.chain_head (singleton, seq, hash) VALUES (true, 0, repeat('0', 64));
--> statement-breakpoint
-- One value in the hashed text: '-' for null, else its length in UTF-8 bytes, ':' and the value.
CREATE FUNCTION audit.canonical_value(value text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END
$$;
--> statement-breakpoint
CREATE FUNCTION audit.canonical_list(items text[]) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT cardinality(items)::text || '[' || coalesce(
    (SELECT string_agg(audit.canonical_value(item), ',' ORDER BY position) FROM unnest(items) WITH ORDINALITY AS t(item, position)), ''
  ) || ']'
$$;
--> statement-breakpoint
-- The hash of a record: SHA-256 of its predecessor's hash and every other column, in a
-- fixed order. subgraphs/kit/auditChain.ts computes the same text to verify the chain.
CREATE FUNCTION audit.record_hash(r audit.record) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    r.previous_hash,
    r.seq::text,
    audit.canonical_value(r.id::text),
    audit.canonical_value(to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    audit.canonical_value(r.request_id),
    audit.canonical_value(r.subject),
    audit.canonical_value(r.organisation_code),
    audit.canonical_value(r.sector),
    audit.canonical_value(r.purpose),
    audit.canonical_value(r.operation_name),
    audit.canonical_value(r.operation_hash),
    audit.canonical_value(r.subgraph),
    audit.canonical_value(r.action::text),
    audit.canonical_value(r.outcome::text),
    audit.canonical_value(r.entity_type),
    audit.canonical_value(r.owner_organisation),
    audit.canonical_value(r.sharing_route),
    audit.canonical_list(r.entity_ids),
    audit.canonical_list(r.fields)
  ), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Appends one request's records (a JSON array) in one statement: locks the chain head
-- until the caller's transaction ends, numbers and links the records, moves the head.
CREATE FUNCTION audit.append(entries jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head audit.chain_head%ROWTYPE;
  entry jsonb;
  r audit.record%ROWTYPE;
  recorded timestamptz;
BEGIN
  IF jsonb_typeof(entries) IS DISTINCT FROM 'array' OR jsonb_array_length(entries) = 0 THEN
    RAISE EXCEPTION 'audit.append needs a non-empty JSON array of records';
  END IF;
  SELECT * INTO STRICT head FROM audit.chain_head WHERE singleton FOR UPDATE;
  -- Read after the lock, so the times follow the order of the chain.
  recorded := date_trunc('milliseconds', clock_timestamp());
  FOR entry IN SELECT value FROM jsonb_array_elements(entries) LOOP
    r.seq := head.seq + 1;
    r.id := gen_random_uuid();
    r.recorded_at := recorded;
    r.request_id := entry->>'requestId';
    r.subject := entry->>'subject';
    r.organisation_code := entry->>'organisationCode';
    r.sector := entry->>'sector';
    r.purpose := entry->>'purpose';
    r.operation_name := entry->>'operationName';
    r.operation_hash := entry->>'operationHash';
    r.subgraph := entry->>'subgraph';
    r.action := (entry->>'action')::audit.action;
    r.outcome := (entry->>'outcome')::audit.outcome;
    r.entity_type := entry->>'entityType';
    r.owner_organisation := entry->>'ownerOrganisation';
    r.sharing_route := entry->>'sharingRoute';
    r.entity_ids := ARRAY(SELECT jsonb_array_elements_text(entry->'entityIds'));
    r.fields := ARRAY(SELECT jsonb_array_elements_text(entry->'fields'));
    r.previous_hash := head.hash;
    r.hash := audit.record_hash(r);
    INSERT INTO audit.record VALUES (r.*);
    head.seq := r.seq;
    head.hash := r.hash;
  END LOOP;
  UPDATE audit.chain_head SET seq = head.seq, hash = head.hash WHERE singleton;
  RETURN head.seq;
END
$$;
--> statement-breakpoint
CREATE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on audit.% is refused', TG_OP, TG_TABLE_NAME;
END
$$;
--> statement-breakpoint
CREATE TRIGGER record_append_only BEFORE UPDATE OR DELETE ON audit.record FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
--> statement-breakpoint
CREATE TRIGGER record_never_truncated BEFORE TRUNCATE ON audit.record FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
--> statement-breakpoint
CREATE TRIGGER chain_head_kept BEFORE INSERT OR DELETE ON audit.chain_head FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
--> statement-breakpoint
CREATE TRIGGER chain_head_never_truncated BEFORE TRUNCATE ON audit.chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
--> statement-breakpoint
-- Functions are executable by PUBLIC unless revoked: only the two roles may append.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA audit FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA audit TO hub_app, hub_audit_reader;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit.append(jsonb) TO hub_app, hub_audit_reader;
--> statement-breakpoint
GRANT SELECT ON audit.record TO hub_audit_reader;
--> statement-breakpoint
-- The trail is read by the shared-service company's information governance only; the
-- owner (audit.append, the verifier) is not subject to this policy.
ALTER TABLE audit.record ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY record_reading ON audit.record FOR SELECT TO hub_audit_reader
  USING (current_setting('hub.sector', true) = 'SHARED_SERVICE');
