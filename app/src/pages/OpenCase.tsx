// Contact centre: open a case for a caller, recording them as a new customer. Someone
// already known (same family name, date of birth and postcode) is found, not duplicated.
import { useMutation } from '@apollo/client/react';
import { type FormEvent, useRef, useState } from 'react';
import { ErrorSummary, ProblemBanner } from '../components.js';
import { describedBy, Field, type FormInputs, fieldErrors, summaryItems } from '../forms.js';
import { graphql } from '../generated/gql.js';
import type { ContactChannel } from '../generated/graphql.js';
import { type Problem, problemOf } from '../problems.js';
import { href, navigate } from '../router.js';

const OpenContactCaseMutation = graphql(`
  mutation OpenContactCase($input: OpenContactCaseInput!) {
    openContactCase(input: $input) {
      id
      reference
      status
      version
    }
  }
`);

/** Services of the LGA Local Government Service List that the contact centre takes calls about. */
const SERVICES = [
  { code: '86', name: 'Pothole reporting' },
  { code: '77', name: 'Street lighting faults' },
  { code: '524', name: 'Missed bin collection' },
  { code: '496', name: 'Fly-tipping' },
  { code: '65', name: 'Blue Badge parking permits' },
  { code: '838', name: 'Council Tax' },
  { code: '499', name: 'Flooding and drainage' },
];

const CHANNELS: ContactChannel[] = ['PHONE', 'EMAIL', 'WEB', 'FACE_TO_FACE', 'LETTER', 'SOCIAL_MEDIA'];

const INPUTS: FormInputs = {
  'input.newCustomer.givenName': { id: 'given-name', label: 'First name' },
  'input.newCustomer.familyName': { id: 'family-name', label: 'Last name' },
  'input.newCustomer.dateOfBirth': { id: 'date-of-birth', label: 'Date of birth' },
  'input.newCustomer.phone': { id: 'phone', label: 'Phone' },
  'input.newCustomer.email': { id: 'email', label: 'Email' },
  'input.newCustomer.address.line1': { id: 'line1', label: 'Address line 1' },
  'input.newCustomer.address.town': { id: 'town', label: 'Town' },
  'input.newCustomer.address.postcode': { id: 'postcode', label: 'Postcode' },
  'input.serviceCode': { id: 'service', label: 'Service' },
  'input.serviceName': { id: 'service', label: 'Service' },
  'input.channel': { id: 'channel', label: 'How they got in touch' },
  'input.summary': { id: 'summary', label: 'Summary' },
};

const EMPTY = {
  givenName: '',
  familyName: '',
  dateOfBirth: '',
  phone: '',
  email: '',
  line1: '',
  town: '',
  postcode: '',
  service: '',
  channel: 'PHONE',
  summary: '',
};

export function OpenCase() {
  const [open] = useMutation(OpenContactCaseMutation);
  const [form, setForm] = useState(EMPTY);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [existingCustomer, setExistingCustomer] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per case the user means to open: a retry after a network failure opens it once.
  const key = useRef(crypto.randomUUID());
  const set = (name: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: event.target.value }));

  async function submit(event: FormEvent, useExisting = false) {
    event.preventDefault();
    setProblem(null);
    const service = SERVICES.find((s) => s.code === form.service);
    const optional = (text: string) => (text.trim() === '' ? null : text.trim());
    const customer =
      useExisting && existingCustomer
        ? { customerId: existingCustomer }
        : {
            newCustomer: {
              givenName: form.givenName,
              familyName: form.familyName,
              dateOfBirth: optional(form.dateOfBirth),
              phone: optional(form.phone),
              email: optional(form.email),
              address: { line1: form.line1, town: form.town, postcode: form.postcode },
            },
          };
    setBusy(true);
    try {
      const result = await open({
        variables: {
          input: {
            ...customer,
            channel: form.channel as ContactChannel,
            serviceCode: service?.code ?? '',
            serviceName: service?.name ?? '',
            summary: form.summary,
            idempotencyKey: key.current,
          },
        },
      });
      const opened = result.data?.openContactCase;
      if (opened) navigate(`/cases/${opened.id}`);
    } catch (caught) {
      const found = problemOf(caught);
      const duplicateOf = (caught as { errors?: { extensions?: { duplicateOf?: unknown } }[] }).errors?.[0]?.extensions?.duplicateOf;
      if (typeof duplicateOf === 'string') setExistingCustomer(duplicateOf);
      // The same key again would replay a refused request: a corrected form is a new request.
      if (found.kind === 'bad-input') key.current = crypto.randomUUID();
      setProblem(found);
    } finally {
      setBusy(false);
    }
  }

  const errors = fieldErrors(problem, INPUTS, 'summary');
  // The list offers the services: a missing one means none was chosen.
  if (form.service === '' && errors.service) errors.service = 'Select the service the contact is about';
  const text = (id: string, name: keyof typeof EMPTY, label: string, options: { hint?: string; width?: string; autoComplete?: string; type?: string } = {}) => (
    <Field id={id} label={label} hint={options.hint} error={errors[id]}>
      <input
        className={`govuk-input${options.width ? ` govuk-input--width-${options.width}` : ''}${errors[id] ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={options.type ?? 'text'}
        autoComplete={options.autoComplete}
        value={form[name]}
        aria-describedby={describedBy(id, Boolean(options.hint), errors[id])}
        onChange={set(name)}
      />
    </Field>
  );

  return (
    <>
      <a href={href('/cases')} className="govuk-back-link">
        Back to the cases
      </a>
      {problem?.kind === 'bad-input' ? <ErrorSummary items={summaryItems(errors)} /> : <ProblemBanner problem={problem} />}
      {existingCustomer && (
        <div className="govuk-inset-text">
          <p className="govuk-body">This customer is already known to the council.</p>
          <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={(event) => void submit(event, true)}>
            Open the case for the existing customer
          </button>
        </div>
      )}
      <h1 className="govuk-heading-l">Open a case</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 className="govuk-heading-m">The customer</h2>
        {text('given-name', 'givenName', 'First name', { width: '20', autoComplete: 'off' })}
        {text('family-name', 'familyName', 'Last name', { width: '20', autoComplete: 'off' })}
        {text('date-of-birth', 'dateOfBirth', 'Date of birth (optional)', { hint: 'As YYYY-MM-DD, for example 1961-04-12', width: '10' })}
        {text('phone', 'phone', 'Phone (optional)', { width: '20', type: 'tel' })}
        {text('email', 'email', 'Email (optional)', { width: '30', type: 'email' })}
        {text('line1', 'line1', 'Address line 1')}
        {text('town', 'town', 'Town', { width: '20' })}
        {text('postcode', 'postcode', 'Postcode', { width: '10' })}
        <h2 className="govuk-heading-m">The contact</h2>
        <Field id="service" label="Service" error={errors.service}>
          <select className={`govuk-select${errors.service ? ' govuk-select--error' : ''}`} id="service" value={form.service} onChange={set('service')}>
            <option value="">Choose a service</option>
            {SERVICES.map((service) => (
              <option key={service.code} value={service.code}>
                {service.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="channel" label="How they got in touch" error={errors.channel}>
          <select className="govuk-select" id="channel" value={form.channel} onChange={set('channel')}>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channel.charAt(0) + channel.slice(1).toLowerCase().replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field id="summary" label="Summary" hint="What the contact is about, in a sentence or two." error={errors.summary}>
          <textarea
            className={`govuk-textarea${errors.summary ? ' govuk-textarea--error' : ''}`}
            id="summary"
            rows={3}
            value={form.summary}
            aria-describedby={describedBy('summary', true, errors.summary)}
            onChange={set('summary')}
          />
        </Field>
        <button type="submit" className="govuk-button" disabled={busy}>
          Open case
        </button>
      </form>
    </>
  );
}
