-- Entity ids (uuids, organisation codes) are compared byte by byte, not by the server's
-- locale: they have no linguistic order, and the GIN index over every record's ids, which
-- each append inserts into, is cheaper to maintain with plain byte comparisons. Only the
-- collation changes: no record is rewritten (the hashed text is the same) and the index is
-- rebuilt. The auditor's lookup (`entity_ids @> array[id]`) takes the column's collation,
-- so it still uses the index.
ALTER TABLE audit.record ALTER COLUMN entity_ids TYPE text[] COLLATE "C";
