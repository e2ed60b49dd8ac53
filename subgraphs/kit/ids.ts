import { badUserInput } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANISATION_CODE = /^[A-Z0-9]{1,12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
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
