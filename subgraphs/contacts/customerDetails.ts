// A customer's details as callers send them (validated and normalised), and the
// duplicate check that guards against recording the same resident twice.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { customer } from '../../drizzle/contacts.js';
import type { Database } from '../../platform/database.js';
import { personalDetails } from '../../platform/personalDetails.js';

export const fields = {
  ...personalDetails,
  phone: z
    .string()
    .trim()
    .regex(/^[0-9 +]{7,20}$/, 'must be 7 to 20 digits, spaces or +'),
  uprn: z
    .string()
    .trim()
    .regex(/^[0-9]{1,12}$/, 'must be 1 to 12 digits'),
};

/** An optional detail of a new customer: left out or null is recorded as null. */
const optional = <T extends z.ZodType<string>>(schema: T) => schema.nullish().transform((value) => value ?? null);

/** What a new customer is recorded with, whichever mutation records it. */
export const NewCustomerDetails = z.object({
  givenName: fields.name,
  familyName: fields.name,
  dateOfBirth: optional(fields.dateOfBirth),
  email: optional(fields.email),
  phone: optional(fields.phone),
  address: fields.address,
  uprn: optional(fields.uprn),
  allowDuplicate: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
});

export type NewCustomer = z.infer<typeof NewCustomerDetails>;

/**
 * The first customer of the organisation with the same family name (any case), date of
 * birth (or both without one) and postcode (spaces and case ignored); null if none.
 * Takes a transaction-scoped lock on that identity first, so two racing creates of the
 * same resident cannot both find no duplicate: the second waits and then sees the first.
 */
export async function duplicateOf(db: Database, organisationCode: string, details: NewCustomer): Promise<string | null> {
  const postcode = details.address.postcode.replace(/ /g, '');
  const identity = [organisationCode, details.familyName.toLowerCase(), details.dateOfBirth ?? '', postcode].join('|');
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`contacts.customer:${identity}`}))`);
  const [existing] = await db
    .select({ id: customer.id })
    .from(customer)
    .where(
      and(
        eq(customer.organisationCode, organisationCode),
        sql`lower(${customer.familyName}) = ${details.familyName.toLowerCase()}`,
        details.dateOfBirth === null ? isNull(customer.dateOfBirth) : eq(customer.dateOfBirth, details.dateOfBirth),
        sql`replace(upper(${customer.postcode}), ' ', '') = ${postcode}`,
      ),
    )
    .orderBy(asc(customer.id))
    .limit(1);
  return existing?.id ?? null;
}

/** A likely duplicate, refused: `field` is where the new customer was given (`input`, `input.newCustomer`). */
export function duplicateCustomer(field: string, existingId: string): GraphQLError {
  const message = `a customer of your organisation with the same family name, date of birth and postcode exists (${existingId}): set allowDuplicate to true to record another`;
  return new GraphQLError(`Invalid input: ${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', fields: [{ field, message }], duplicateOf: existingId },
  });
}

/** Records a new customer of the organisation, refusing a likely duplicate unless the caller allowed it. */
export async function recordCustomer(db: Database, id: string, organisationCode: string, details: NewCustomer, field: string): Promise<void> {
  if (!details.allowDuplicate) {
    const existing = await duplicateOf(db, organisationCode, details);
    if (existing) throw duplicateCustomer(field, existing);
  }
  await db.insert(customer).values({
    id,
    organisationCode,
    givenName: details.givenName,
    familyName: details.familyName,
    dateOfBirth: details.dateOfBirth,
    email: details.email,
    phone: details.phone,
    addressLine1: details.address.line1,
    town: details.address.town,
    postcode: details.address.postcode,
    uprn: details.uprn,
  });
}
