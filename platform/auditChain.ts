// The audit trail's hash chain, checked independently of the database function that
// builds it. A record's contents (who, why, what was done to which rows and fields) are
// hashed by the subgraph that writes it (contentHash); audit.append() links that hash to
// the record's number, id, time and predecessor's hash under the chain head's lock (the
// audit_content_hashed_by_writer migration). Records appended before that migration have
// no content hash: their hash covers all their columns at once (audit.record_hash in the
// audit_access migration). Verification recomputes both from the columns, streams the
// chain in keyset pages, so memory stays bounded whatever its length, and names the first
// record that does not fit.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';

export const GENESIS_HASH = '0'.repeat(64);
const PAGE_SIZE = 1000;

/** A record as the verifier reads it: every hashed column. */
export interface ChainRecord {
  seq: number;
  id: string;
  recordedAt: Date;
  requestId: string;
  subject: string | null;
  organisationCode: string | null;
  sector: string | null;
  purpose: string | null;
  operationName: string | null;
  operationHash: string;
  subgraph: string;
  action: string;
  outcome: string;
  entityType: string;
  ownerOrganisation: string | null;
  sharingRoute: string | null;
  entityIds: string[];
  fields: string[];
  previousHash: string;
  hash: string;
  /** SHA-256 of the record's contents, from its writer; null on records appended before there was one. */
  contentHash: string | null;
}

/** What the writer of a record hashes: every column but those the chain itself sets. */
export type RecordContent = Omit<ChainRecord, 'seq' | 'id' | 'recordedAt' | 'previousHash' | 'hash' | 'contentHash'>;

/** SHA-256 of a text's UTF-8 bytes, in hex: how every hash of the trail is written. */
export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const value = (text: string | null) => (text === null ? '-' : `${Buffer.byteLength(text, 'utf8')}:${text}`);
const list = (items: string[]) => `${items.length}[${items.map(value).join(',')}]`;

const contentText = (record: RecordContent) =>
  [
    value(record.requestId),
    value(record.subject),
    value(record.organisationCode),
    value(record.sector),
    value(record.purpose),
    value(record.operationName),
    value(record.operationHash),
    value(record.subgraph),
    value(record.action),
    value(record.outcome),
    value(record.entityType),
    value(record.ownerOrganisation),
    value(record.sharingRoute),
    list(record.entityIds),
    list(record.fields),
  ].join('|');

/** The content hash a record's writer gives audit.append(). */
export const contentHash = (record: RecordContent): string => sha256(contentText(record));

/** The hash a record must carry, given its predecessor's hash. */
export function recordHash(previousHash: string, record: Omit<ChainRecord, 'previousHash' | 'hash'>): string {
  const numbered = [previousHash, String(record.seq), value(record.id), value(record.recordedAt.toISOString())];
  // The stored content hash is only trusted once it matches the columns (verifyChain checks).
  if (record.contentHash !== null) return sha256([...numbered, record.contentHash].join('|'));
  return sha256([...numbered, contentText(record)].join('|'));
}

export type ChainVerdict =
  | { ok: true; records: number; head: { seq: number; hash: string } }
  | { ok: false; records: number; firstBad: number; problem: string };

const rowsOf = <Row>(result: unknown) => (result as { rows: Row[] }).rows;

interface RawRecord extends Omit<ChainRecord, 'seq' | 'recordedAt'> {
  seq: string | number;
  recordedAt: string | Date;
}

/**
 * Walks the chain from the first record to the head recorded in audit.chain_head,
 * on the owner's connection (or a transaction of it). A record is bad when its
 * number is not the next one, it does not name its predecessor's hash, or its own
 * hash does not match its columns; a head that names a record beyond the last one
 * means records were removed from the end.
 */
export async function verifyChain(db: Database, pageSize = PAGE_SIZE): Promise<ChainVerdict> {
  const [head] = rowsOf<{ seq: string | number; hash: string }>(await db.execute(sql`select seq, hash from audit.chain_head`));
  if (!head) return { ok: false, records: 0, firstBad: 1, problem: 'the chain head is missing' };
  const headSeq = Number(head.seq);
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (;;) {
    // Only records up to the head read above: appends that commit meanwhile extend the chain beyond it.
    const page = rowsOf<RawRecord>(
      await db.execute(sql`
        select seq, id, recorded_at as "recordedAt", request_id as "requestId", subject, organisation_code as "organisationCode",
          sector, purpose, operation_name as "operationName", operation_hash as "operationHash", subgraph, action::text as action,
          outcome::text as outcome, entity_type as "entityType", owner_organisation as "ownerOrganisation",
          sharing_route as "sharingRoute", entity_ids as "entityIds", fields, previous_hash as "previousHash", hash,
          content_hash as "contentHash"
        from audit.record where seq > ${previous.seq} and seq <= ${headSeq} order by seq limit ${pageSize}`),
    );
    for (const raw of page) {
      const record: ChainRecord = { ...raw, seq: Number(raw.seq), recordedAt: new Date(raw.recordedAt) };
      const expected = previous.seq + 1;
      const bad = (problem: string): ChainVerdict => ({ ok: false, records: previous.seq, firstBad: expected, problem });
      if (record.seq !== expected) return bad(`record ${expected} is missing (the next record is ${record.seq})`);
      if (record.previousHash !== previous.hash) return bad(`record ${expected} does not follow record ${previous.seq} (its previous hash differs)`);
      const altered = record.contentHash !== null && contentHash(record) !== record.contentHash;
      if (altered || recordHash(previous.hash, record) !== record.hash) return bad(`record ${expected} was altered (its hash does not match its contents)`);
      previous = { seq: record.seq, hash: record.hash };
    }
    if (page.length < pageSize) break;
  }
  if (previous.seq !== headSeq) {
    return {
      ok: false,
      records: previous.seq,
      firstBad: previous.seq + 1,
      problem: `record ${previous.seq + 1} is missing (the chain head is record ${headSeq})`,
    };
  }
  if (previous.hash !== head.hash) {
    return { ok: false, records: previous.seq, firstBad: headSeq, problem: `record ${headSeq} does not match the chain head's hash` };
  }
  return { ok: true, records: previous.seq, head: previous };
}
