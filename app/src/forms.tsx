// Form fields in the design system's shape, with their error messages, and the mapping
// from the hub's BAD_USER_INPUT `fields` ("input.body") to the form's inputs.
import type { ReactNode } from 'react';
import type { Problem } from './problems.js';

export type FieldErrors = Record<string, string>;

/** An input of a form: its element id, and what the error messages call it. */
export type FormInputs = Record<string, { id: string; label: string }>;

/**
 * The hub's field errors ("input.body": "must not be empty"), by the id of the input each
 * belongs to, worded with the input's label ("The note must not be empty"); a field the form
 * does not show goes to `fallback`, named as the hub names it. The first error of an input wins.
 */
export function fieldErrors(problem: Problem | null, inputs: FormInputs, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  if (problem?.kind !== 'bad-input') return errors;
  if (problem.fields.length === 0) errors[fallback] = problem.message;
  for (const { field, message } of problem.fields) {
    const input = inputs[field];
    errors[input?.id ?? fallback] ??= input ? `${input.label} ${message}` : `${field.replace(/^input\./, '')}: ${message}`;
  }
  return errors;
}

/** The error summary's items for field errors, in the order of the form. */
export const summaryItems = (errors: FieldErrors) => Object.entries(errors).map(([target, message]) => ({ target, message }));

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** aria-describedby for an input with a hint and an error. */
export const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
