import { badUserInput } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANISATION_CODE = /^[A-Z0-9]{1,12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * An id inside an entity representation from the gateway: lower-cased when it is
 * a UUID (the database's spelling), null otherwise, so a malformed id is a miss.
 */
export function uuidReference(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}

/** Resolves a reference to an entity this subgraph owns, through its loader. */
export function loadReference<Row>(loader: { load(id: string): Promise<Row | null> }, id: unknown): Promise<Row | null> | null {
  const key = uuidReference(id);
  return key ? loader.load(key) : null;
}

/**
 * Resolves a reference to an entity this subgraph extends only by its id, with
 * nothing to load: the entity is its id; a malformed id is a miss.
 */
export function idReference(reference: { id: unknown }): { id: string } | null {
  const id = uuidReference(reference.id);
  return id ? { id } : null;
}

/**
 * A reference to another subgraph's entity that this subgraph only extends. The
 * gateway adds the owning organisation (`@requires(fields: "organisation { code }")`)
 * so rows can be checked; a caller calling the subgraph directly could claim any
 * organisation, so lists under a stub are also cut to rows of the claimed one.
 */
export interface EntityStub {
  id: string;
  /** The organisation the reference claims owns the entity; null when none came with it. */
  organisationCode: string | null;
}

export function entityStub(reference: { id: unknown; organisation?: { code?: unknown } | null }): EntityStub | null {
  const id = uuidReference(reference.id);
  if (!id) return null;
  const code = reference.organisation?.code;
  return { id, organisationCode: typeof code === 'string' && ORGANISATION_CODE.test(code) ? code : null };
}

/** A reference this subgraph hands to the entity's owner to resolve: it claims no organisation. */
export function referenceTo(id: string): EntityStub {
  return { id, organisationCode: null };
}

/** An id given as an argument: malformed is the caller's mistake, so say so. */
export function uuidArgument(value: string, argument = 'id'): string {
  if (!isUuid(value)) throw badUserInput(`"${argument}" must be a UUID`, argument);
  return value.toLowerCase();
}

export function organisationCodeArgument(value: string, argument = 'organisation'): string {
  if (!ORGANISATION_CODE.test(value)) {
    throw badUserInput(`"${argument}" must be an organisation code such as E10000027`, argument);
  }
  return value;
}
