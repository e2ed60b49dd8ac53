// What every mutation shares: input validated with errors that name each bad field,
// optimistic concurrency, and idempotent creates. Each mutation runs in one
// transaction (context.write), so a failure part-way leaves no partial change.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { IdempotencyTable } from '../drizzle/idempotency.js';
import type { Database } from './database.js';
import { isUuid } from './ids.js';
import { decimalToPence, penceToDecimal } from './money.js';
import { mayReadRow, type Marking, type RowOwner, type Viewer } from './policy.js';

/** An id in a mutation's input, lower-cased as the database spells it. */
export const uuidInput = z
  .string()
  .refine(isUuid, 'must be a UUID')
  .transform((id) => id.toLowerCase());

/** Text of 1 to `max` characters, trimmed. */
export const textInput = (max: number) =>
  z.string({ error: 'must be given (it cannot be removed)' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** The version of a record as the caller read it, sent back with a change. */
export const versionInput = z.number().int().min(1, 'must be a version you read (1 or more)');

/** The caller's key for an idempotent create: new for each thing created. */
export const idempotencyKeyInput = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8 to 100 letters, digits, - or _');

/** An amount of money in an input, an exact decimal string in pounds, as pence: more than 0 and at most `maxPence`. */
export function amountInput(maxPence: number) {
  const problemWith = (text: string, pence: number | null): string | null => {
    if (pence === null) return text.startsWith('-') ? 'must be more than 0' : 'must be an amount in pounds with at most two decimal places, such as 12.50';
    if (pence <= 0) return 'must be more than 0';
    return pence > maxPence ? `must be at most ${penceToDecimal(maxPence)}` : null;
  };
  return z
    .string()
    .trim()
    .transform((text, context) => {
      const pence = decimalToPence(text);
      const problem = problemWith(text, pence);
      if (problem === null) return pence!;
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
}

/**
 * Parses a mutation's input; every bad field is named with its path (`input.body`).
 * With `argument` null, `input` is the field's arguments themselves (`from`, `filter.user`).
 */
export function validated<T>(schema: z.ZodType<T>, input: unknown, argument: string | null = 'input'): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidFields(
    parsed.error.issues.map((issue) => ({ field: [...(argument === null ? [] : [argument]), ...issue.path].join('.'), message: issue.message })),
  );
}

/** A change made against a version that is no longer current: nothing was written. */
export function conflict(what: string, currentVersion: number): GraphQLError {
  return new GraphQLError(`${what} has changed since you read it (it is now version ${currentVersion}): read it again and retry`, {
    extensions: { code: 'CONFLICT', currentVersion },
  });
}

export interface IdempotentCreate {
  table: IdempotencyTable;
  viewer: Viewer;
  key: string;
  /** Names what is created, so one key cannot be replayed against another mutation. */
  operation: string;
  input: unknown;
}

/**
 * Runs `create` once per caller and key. The key is claimed first, with the id the
 * new row will have: a retry, or a concurrent duplicate (which waits for the first
 * transaction), finds the claim and gets the first result's id without creating
 * anything. The same key with a different input is refused.
 */
export async function idempotently(db: Database, request: IdempotentCreate, create: (id: string) => Promise<void>): Promise<string> {
  const subject = request.viewer.kind === 'user' ? `${request.viewer.organisation.code}:${request.viewer.subject}` : 'anonymous';
  const requestHash = createHash('sha256').update(request.operation).update(JSON.stringify(request.input)).digest('hex');
  const { table } = request;
  const claimed = await db
    .insert(table)
    .values({ subject, key: request.key, operation: request.operation, requestHash, resultId: randomUUID() })
    .onConflictDoNothing()
    .returning({ resultId: table.resultId });
  if (claimed[0]) {
    await create(claimed[0].resultId);
    return claimed[0].resultId;
  }
  const [earlier] = await db
    .select()
    .from(table)
    .where(and(eq(table.subject, subject), eq(table.key, request.key)));
  if (!earlier || earlier.requestHash !== requestHash) {
    throw new GraphQLError('This idempotencyKey was already used for a different request: use a new key for a new request', {
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }] },
    });
  }
  return earlier.resultId;
}

/** Bad fields of a mutation's input, found past validation (unknown ids, an illegal move), each named. */
export function invalidFields(fields: readonly { field: string; message: string }[]): GraphQLError {
  return new GraphQLError(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, {
    extensions: { code: 'BAD_USER_INPUT', fields },
  });
}

/** One bad field of a mutation's input, found past validation (an unknown id, an illegal move). */
export function invalidField(field: string, message: string): GraphQLError {
  return invalidFields([{ field, message }]);
}

/**
 * May the viewer change a row of this owner? A write needs at least the right to read
 * the row at the mutation's marking; the marking's scopes were checked before the
 * resolver ran (gateway and shield), so only the row rule is asked here.
 */
export function mayWriteRow(viewer: Viewer, marking: Marking, owner: RowOwner): boolean {
  return mayReadRow(viewer, { marking, scopes: [] }, owner).allow;
}

/** Who writes: a signed-in viewer and the organisation they write for. The markings already refused anyone else. */
export function writer(viewer: Viewer): { subject: string; organisation: string } {
  if (viewer.kind !== 'user') throw new GraphQLError('Sign in to change anything', { extensions: { code: 'FORBIDDEN' } });
  return { subject: viewer.subject, organisation: viewer.organisation.code };
}
