// A person's details as callers send them, validated and normalised the same way wherever a
// resident (contacts) or a member of staff (people) is recorded.
import { z } from 'zod';
import { calendarDateProblem, todayInUk } from './dates.js';
import { textInput } from './mutations.js';

const EARLIEST_BIRTH_DATE = '1900-01-01';
// Outward code (area, district) and inward code (sector, unit) of a UK postcode.
const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

function dateOfBirthProblem(value: string): string | null {
  const problem = calendarDateProblem(value);
  if (problem) return problem;
  if (value < EARLIEST_BIRTH_DATE) return `must not be before ${EARLIEST_BIRTH_DATE}`;
  if (value > todayInUk()) return 'must not be in the future';
  return null;
}

export const personalDetails = {
  name: textInput(100),
  dateOfBirth: z.string().superRefine((value, context) => {
    const problem = dateOfBirthProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
  email: z.email('must be a valid email address').max(254, 'must be at most 254 characters'),
  address: z.object(
    {
      line1: textInput(200),
      town: textInput(200),
      // Stored in capitals with one space before the inward code: "ta11he" becomes "TA1 1HE".
      postcode: z
        .string({ error: 'must be given (it cannot be removed)' })
        .transform((value) => value.trim().toUpperCase().replace(/\s+/g, ' '))
        .refine((value) => UK_POSTCODE.test(value), 'must be a UK postcode such as TA1 1HE')
        .transform((value) => value.replace(UK_POSTCODE, '$1 $2')),
    },
    { error: 'must be given (it cannot be removed)' },
  ),
};
