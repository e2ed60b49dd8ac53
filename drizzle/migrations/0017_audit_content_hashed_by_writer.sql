-- A record's contents are hashed by the subgraph that writes it, and audit.append() only
-- links that hash into the chain: SHA-256 of the predecessor's hash, the record's number,
-- id and time, and its content hash. Hashing every row id and field in PL/pgSQL was a
-- quarter of an append's server time, all of it under the chain head's lock. The entries
-- are also unpacked before the lock is taken, so concurrent appends wait only for one
-- another's numbering, insert and commit. `npm run audit:verify` recomputes each content
-- hash from the columns (subgraphs/kit/auditChain.ts), so a writer's wrong hash is caught
-- like an altered record. Records appended before this migration keep their hash over all
-- their columns and no content hash, and still verify; every record appended from now on
-- must carry one (the check is NOT VALID: it leaves the existing records alone).
ALTER TABLE "audit"."record" ADD COLUMN "content_hash" text;
--> statement-breakpoint
ALTER TABLE audit.record ADD CONSTRAINT record_content_hash_given CHECK (content_hash IS NOT NULL AND content_hash ~ '^[0-9a-f]{64}$') NOT VALID;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit.append(entries jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head audit.chain_head%ROWTYPE;
  r audit.record;
  given audit.record[];
  records audit.record[] := '{}';
  recorded timestamptz;
  recorded_text text;
BEGIN
  IF jsonb_typeof(entries) IS DISTINCT FROM 'array' OR jsonb_array_length(entries) = 0 THEN
    RAISE EXCEPTION 'audit.append needs a non-empty JSON array of records';
  END IF;
  -- In the order given, column by column as audit.record has them; number, time and links are set under the lock.
  SELECT array_agg(ROW(0, gen_random_uuid(), NULL, e."requestId", e.subject, e."organisationCode", e.sector, e.purpose,
      e."operationName", e."operationHash", e.subgraph, e.action::audit.action, e.outcome::audit.outcome, e."entityType",
      e."ownerOrganisation", e."sharingRoute", e."entityIds", e.fields, '', '', e."contentHash")::audit.record ORDER BY item.position)
    INTO given
    FROM jsonb_array_elements(entries) WITH ORDINALITY AS item(value, position),
      jsonb_to_record(item.value) AS e("requestId" text, subject text, "organisationCode" text, sector text, purpose text,
      "operationName" text, "operationHash" text, subgraph text, action text, outcome text, "entityType" text,
      "ownerOrganisation" text, "sharingRoute" text, "entityIds" text[], fields text[], "contentHash" text);
  SELECT * INTO STRICT head FROM audit.chain_head WHERE singleton FOR UPDATE;
  -- Read after the lock, so the times follow the order of the chain.
  recorded := date_trunc('milliseconds', clock_timestamp());
  recorded_text := audit.canonical_value(to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  FOREACH r IN ARRAY given LOOP
    r.seq := head.seq + 1;
    r.recorded_at := recorded;
    r.previous_hash := head.hash;
    r.hash := encode(sha256(convert_to(concat_ws('|', head.hash, r.seq::text, audit.canonical_value(r.id::text), recorded_text, r.content_hash), 'UTF8')), 'hex');
    records := records || r;
    head.seq := r.seq;
    head.hash := r.hash;
  END LOOP;
  INSERT INTO audit.record SELECT * FROM unnest(records);
  UPDATE audit.chain_head SET seq = head.seq, hash = head.hash WHERE singleton;
  RETURN head.seq;
END
$$;
