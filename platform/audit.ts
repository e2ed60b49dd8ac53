// The audit trail of police and personal data (Data Protection Act 2018, section 62),
// written where the data is: each subgraph records what its own resolvers returned or
// refused. Shield's rules report every decision on a SENSITIVE or POLICE field, on a
// police-only row, or on a row shared across the council/police line, to the request's
// RequestAudit; the audit plugin hands them to the process's ReadTrail, which appends
// them (with those of the requests that finish at the same time) in one statement before
// the response leaves the subgraph, and replaces the response with an error when the
// append fails: no record, no data. Changes are recorded inside the mutation's own
// transaction (context.write), so a change and its record commit together or not at
// all. Records hold who, when, why, which rows and which fields: never values.
import type { ApolloServerPlugin } from '@apollo/server';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { contentHash, sha256 } from './auditChain.js';
import type { Database } from './database.js';
import { logger } from './logger.js';
import { databaseUnavailable, isDatabaseUnavailable, retryLater } from './unavailable.js';
import type { Access, RowOwner, Viewer } from './policy.js';

export type AuditAction = 'CONSULTATION' | 'DISCLOSURE' | 'COLLECTION' | 'ALTERATION' | 'ERASURE';
export type AuditOutcome = 'RETURNED' | 'REFUSED' | 'CHANGED';

/** One record as audit.append() takes it; the database adds its number, id, time and chain link. */
export interface AuditEntry {
  requestId: string;
  subject: string | null;
  organisationCode: string | null;
  sector: string | null;
  purpose: string | null;
  operationName: string | null;
  operationHash: string;
  subgraph: string;
  action: AuditAction;
  outcome: AuditOutcome;
  entityType: string;
  ownerOrganisation: string | null;
  sharingRoute: string | null;
  entityIds: string[];
  fields: string[];
  /** SHA-256 of the fields above, as the verifier recomputes it (auditChain.ts). */
  contentHash: string;
}

/** A change a mutation made, as it records it: which rows of which type, which fields. */
export interface Change {
  action: 'COLLECTION' | 'ALTERATION' | 'ERASURE' | 'DISCLOSURE';
  entityType: string;
  ids: readonly string[];
  fields: readonly string[];
  /** The organisation whose rows were changed. */
  ownerOrganisation: string;
  /** The information-sharing agreement the change was made under (a disclosure), if any. */
  sharingRoute?: string;
}

/** What a mutation receives inside its transaction to record the changes it makes. */
export interface ChangeLog {
  record(change: Change): void;
}

/** The trail did not take a request's records; when the database was out of reach, the answer says so. */
export function auditUnavailable(cause?: unknown): GraphQLError {
  if (isDatabaseUnavailable(cause)) return databaseUnavailable(true);
  return new GraphQLError('This request could not be audited: its restricted data was withheld and nothing was changed; try again later', {
    extensions: { code: 'AUDIT_UNAVAILABLE' },
  });
}

/** Appends one batch of records in one statement (in the caller's transaction, for changes). */
async function appendToTrail(db: Database, entries: readonly AuditEntry[]): Promise<void> {
  await db.execute(sql`select audit.append(${JSON.stringify(entries)}::jsonb)`);
}

/**
 * Which reads are recorded: personal and police fields, police-only rows, rows disclosed
 * under an agreement when read by the recipient (the owning council's own reads of its
 * OFFICIAL case metadata are not), and every refused read of the police's rows (a
 * council asking for the force's contact cases).
 */
function isAuditable(viewer: Viewer, access: Access, owner: RowOwner | null, allowed: boolean): boolean {
  if (access.marking === 'SENSITIVE' || access.marking === 'POLICE' || owner?.policeOnly === true) return true;
  if (!allowed && owner?.sector === 'POLICE' && owner.organisationCode !== '') return true;
  return owner?.sharedUnder !== undefined && (viewer.kind === 'anonymous' || viewer.organisation.code !== owner.organisationCode);
}

const groupKey = (...parts: (string | null)[]) => parts.map((part) => part ?? '').join('\u0000');

/** The fields of one row read with one decision, in the order they were first read. */
export class RowRead {
  readonly fields: string[] = [];

  add(field: string): void {
    // A row can be met twice in one answer (one customer of two cases): each field counts once.
    if (!this.fields.includes(field)) this.fields.push(field);
  }
}

interface ReadGroup {
  entityType: string;
  action: AuditAction;
  outcome: AuditOutcome;
  ownerOrganisation: string | null;
  sharingRoute: string | null;
  rows: Map<string, RowRead>;
}

const sameFields = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((field, i) => field === b[i]);

/**
 * A subgraph process's appends of read records. One append is in flight at a time, and the
 * requests that finish while it runs share the next one (group commit): under load the
 * chain head, which every append locks until it commits, is taken once per batch instead of
 * once per request. Each request still waits until its own records have committed.
 */
export class ReadTrail {
  private waiting: { entries: readonly AuditEntry[]; taken: () => void; refused: (error: unknown) => void }[] = [];
  private appending = false;

  /** `db` appends as the application role, each append committing alone. */
  constructor(private readonly db: Database) {}

  /** Resolves once the entries are in the trail; rejects when the trail did not take them. */
  append(entries: readonly AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries, taken: resolve, refused: reject });
      if (!this.appending) void this.appendWaiting();
    });
  }

  private async appendWaiting(): Promise<void> {
    this.appending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await appendToTrail(
          this.db,
          batch.flatMap((request) => request.entries),
        );
        for (const request of batch) request.taken();
      } catch (error) {
        if (batch.length === 1) batch[0]!.refused(error);
        // One request's records must not withhold another's data: each is tried on its own.
        else for (const request of batch) await appendToTrail(this.db, request.entries).then(request.taken, request.refused);
      }
    }
    this.appending = false;
  }
}

export interface RequestAuditOptions {
  subgraph: string;
  requestId: string;
  viewer: Viewer;
  /** Where the request's reads are appended. */
  trail: ReadTrail;
  /** False only in the benchmark that measures what auditing costs. */
  enabled: boolean;
}

/** One request's audit records in one subgraph, collected while it resolves. */
export class RequestAudit {
  private readonly reads = new Map<string, ReadGroup>();
  private lastGroup: ReadGroup | undefined;
  private operation: { name: string | null; hash: string } = { name: null, hash: EMPTY_TEXT_HASH };

  constructor(private readonly options: RequestAuditOptions) {}

  /** `hash`: the SHA-256 of the operation's text, in hex. */
  describeOperation(name: string | null, hash: string): void {
    this.operation = { name, hash };
  }

  /** Shield's decision on one field of one row (rowId '' when the row has no id). */
  read(entityType: string, rowId: string, field: string, access: Access, owner: RowOwner | null, allowed: boolean): void {
    this.fieldsRead(entityType, rowId, access, owner, allowed)?.add(field);
  }

  /**
   * Where one row's fields of one access, with one decision, are recorded: null when such
   * reads are not. A row check asks once per row and access, then adds each field it decides.
   */
  fieldsRead(entityType: string, rowId: string, access: Access, owner: RowOwner | null, allowed: boolean): RowRead | null {
    const { viewer } = this.options;
    if (!this.options.enabled || !isAuditable(viewer, access, owner, allowed)) return null;
    const ownerOrganisation = owner && owner.organisationCode !== '' ? owner.organisationCode : null;
    const viewerOrganisation = viewer.kind === 'user' ? viewer.organisation.code : null;
    const action: AuditAction = ownerOrganisation !== null && ownerOrganisation !== viewerOrganisation ? 'DISCLOSURE' : 'CONSULTATION';
    // A read of a disclosed row names the agreement it was read under (allowed or not).
    const sharingRoute = owner?.sharedUnder && owner.sharedUnder.recipientCode === viewerOrganisation ? owner.sharedUnder.agreementId : null;
    const outcome: AuditOutcome = allowed ? 'RETURNED' : 'REFUSED';
    return this.rowOf(this.groupOf(entityType, action, outcome, ownerOrganisation, sharingRoute), rowId);
  }

  /**
   * A lookup by id of a row holding personal or police data that returned nothing: no such
   * row, or one that row-level security hid from this viewer before any field was checked.
   * Recorded as refused, with the id and the fields asked for and no owner, so the record,
   * like the answer (null), is the same whether the row exists or not; a row disclosed to
   * the viewer's organisation under an agreement that does not let it read now names the agreement.
   */
  notReturned(entityType: string, requestedId: string, fields: readonly string[], sharingRoute: string | null = null): void {
    if (!this.options.enabled) return;
    // Refused because of the agreement it was disclosed under: a refused disclosure, naming the agreement.
    const row = this.rowOf(this.groupOf(entityType, sharingRoute ? 'DISCLOSURE' : 'CONSULTATION', 'REFUSED', null, sharingRoute), requestedId);
    for (const field of fields) row.add(field);
  }

  private rowOf(group: ReadGroup, rowId: string): RowRead {
    let row = group.rows.get(rowId);
    if (!row) {
      row = new RowRead();
      group.rows.set(rowId, row);
    }
    return row;
  }

  /** Consecutive reads are mostly of one group (a list's rows): that one is checked before the map. */
  private groupOf(entityType: string, action: AuditAction, outcome: AuditOutcome, ownerOrganisation: string | null, sharingRoute: string | null): ReadGroup {
    const last = this.lastGroup;
    if (
      last?.entityType === entityType &&
      last.action === action &&
      last.outcome === outcome &&
      last.ownerOrganisation === ownerOrganisation &&
      last.sharingRoute === sharingRoute
    ) {
      return last;
    }
    const key = groupKey(entityType, action, outcome, ownerOrganisation, sharingRoute);
    let group = this.reads.get(key);
    if (!group) {
      group = { entityType, action, outcome, ownerOrganisation, sharingRoute, rows: new Map() };
      this.reads.set(key, group);
    }
    this.lastGroup = group;
    return group;
  }

  /**
   * Appends the reads collected so far, one record per kind of access and set of
   * fields, in one statement. Throws when the trail does not take them.
   */
  async flushReads(): Promise<void> {
    const entries: AuditEntry[] = [];
    for (const { rows, ...group } of this.reads.values()) {
      const recordsByFields = new Map<string, { fields: string[]; ids: string[] }>();
      // Rows read alike list the same fields in the same order, so a row's record is looked up
      // (its fields sorted) only when its fields differ from the row before.
      let previous: { fields: readonly string[]; record: { fields: string[]; ids: string[] } } | undefined;
      for (const [rowId, row] of rows) {
        if (!previous || !sameFields(previous.fields, row.fields)) {
          const fields = [...row.fields].sort();
          const key = fields.join(',');
          let record = recordsByFields.get(key);
          if (!record) {
            record = { fields, ids: [] };
            recordsByFields.set(key, record);
          }
          previous = { fields: row.fields, record };
        }
        if (rowId !== '') previous.record.ids.push(rowId);
      }
      for (const { fields, ids } of recordsByFields.values()) {
        entries.push(this.entry({ ...group, entityIds: ids, fields }));
      }
    }
    this.reads.clear();
    this.lastGroup = undefined;
    if (entries.length > 0) await this.options.trail.append(entries);
  }

  /** Runs a mutation's work and appends the changes it recorded in the same transaction. */
  async withChanges<T>(db: Database, work: (db: Database, changes: ChangeLog) => Promise<T>): Promise<T> {
    const changes: Change[] = [];
    const result = await work(db, { record: (change) => void changes.push(change) });
    if (this.options.enabled && changes.length > 0) {
      const entries = changes.map((change) =>
        this.entry({
          action: change.action,
          outcome: 'CHANGED',
          entityType: change.entityType,
          ownerOrganisation: change.ownerOrganisation,
          sharingRoute: change.sharingRoute ?? null,
          entityIds: [...change.ids],
          fields: [...change.fields].sort(),
        }),
      );
      try {
        await appendToTrail(db, entries);
      } catch (error) {
        // An unreachable database is logged once, by the reconnection, not once a request.
        if (!isDatabaseUnavailable(error))
          logger.error({ err: error, subgraph: this.options.subgraph, requestId: this.options.requestId }, 'audit trail refused a change record');
        throw auditUnavailable(error);
      }
    }
    return result;
  }

  private entry(what: Pick<AuditEntry, 'action' | 'outcome' | 'entityType' | 'ownerOrganisation' | 'sharingRoute' | 'entityIds' | 'fields'>): AuditEntry {
    const { viewer, requestId, subgraph } = this.options;
    const user = viewer.kind === 'user' ? viewer : null;
    const content = {
      requestId,
      subject: user?.subject ?? null,
      organisationCode: user?.organisation.code ?? null,
      sector: user?.organisation.sector ?? null,
      purpose: user?.purpose ?? null,
      operationName: this.operation.name,
      operationHash: this.operation.hash,
      subgraph,
      ...what,
    };
    return { ...content, contentHash: contentHash(content) };
  }
}

/** Until the operation is resolved (a request refused before it is parsed has no text). */
const EMPTY_TEXT_HASH = sha256('');

/**
 * Apollo Server plugin: names the operation for the records, and appends the
 * request's reads before the response is sent. When the append fails, the response
 * becomes one AUDIT_UNAVAILABLE error and no data: nothing restricted leaves unrecorded.
 */
export function auditPlugin(): ApolloServerPlugin<{ audit: RequestAudit }> {
  return {
    async requestDidStart() {
      return {
        // Apollo Server has hashed the operation's text already (SHA-256, hex), as the records want it.
        async didResolveOperation({ contextValue, operationName, queryHash }) {
          contextValue.audit.describeOperation(operationName ?? null, queryHash);
        },
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.audit.flushReads();
          } catch (error) {
            if (!isDatabaseUnavailable(error)) logger.error({ err: error }, 'audit trail refused read records: response withheld');
            const refusal = auditUnavailable(error);
            const body = { errors: [{ message: refusal.message, extensions: refusal.extensions }] };
            if (response.body.kind === 'single') response.body.singleResult = body;
            else response.body = { kind: 'single', singleResult: body };
            if (isDatabaseUnavailable(error)) retryLater(response.http, true);
          }
        },
      };
    },
  };
}
