// A contact case: its details, customer and notes; for the contact centre, adding a note,
// moving it on and closing it. Each change sends the version read: a stale one comes back
// CONFLICT, and the page shows the case as it is now and keeps what the user entered.
import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useRef, useState } from 'react';
import { dateTime, ErrorSummary, NotificationBanner, ProblemBanner, StatusTag, SummaryList, Value, words } from '../components.js';
import { describedBy, Field, fieldErrors, summaryItems } from '../forms.js';
import { graphql } from '../generated/gql.js';
import type { CaseOutcome, CaseStatus } from '../generated/graphql.js';
import { type Problem, problemOf, refusedPaths, unavailableServices } from '../problems.js';
import { href } from '../router.js';
import { hasScope, type Session } from '../session.js';

graphql(`
  fragment CaseDetails on ContactCase {
    id
    reference
    kind
    status
    channel
    service {
      code
      name
    }
    summary
    openedAt
    closedAt
    outcome
    outcomeNote
    safeguardingReferral
    version
    organisation {
      code
      name
    }
    assignedTo {
      id
      displayName
    }
    customer {
      id
      displayName
      phone
      email
      address {
        line1
        town
        postcode
      }
    }
    notes {
      id
      writtenAt
      body
      author {
        displayName
      }
    }
  }
`);

const ContactCaseQuery = graphql(`
  query ContactCase($id: ID!) {
    contactCase(id: $id) {
      ...CaseDetails
    }
  }
`);

const AddCaseNoteMutation = graphql(`
  mutation AddCaseNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      ...CaseDetails
    }
  }
`);

const MoveContactCaseMutation = graphql(`
  mutation MoveContactCase($input: MoveContactCaseInput!) {
    moveContactCase(input: $input) {
      ...CaseDetails
    }
  }
`);

const CloseContactCaseMutation = graphql(`
  mutation CloseContactCase($input: CloseContactCaseInput!) {
    closeContactCase(input: $input) {
      ...CaseDetails
    }
  }
`);

const MOVES: CaseStatus[] = ['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED'];
const OUTCOMES: CaseOutcome[] = [
  'RESOLVED_FIRST_CONTACT',
  'RESOLVED_AFTER_FOLLOW_UP',
  'REFERRED',
  'NO_FURTHER_ACTION',
  'WITHDRAWN',
  'NO_RESPONSE',
  'DUPLICATE',
];

export function CaseView({ id, session, backTo }: { id: string; session: Session; backTo: string }) {
  const { data, error, loading, refetch } = useQuery(ContactCaseQuery, { variables: { id } });
  const [addNote] = useMutation(AddCaseNoteMutation);
  const [move] = useMutation(MoveContactCaseMutation);
  const [close] = useMutation(CloseContactCaseMutation);
  const [note, setNote] = useState('');
  const noteKey = useRef(crypto.randomUUID());
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const [outcome, setOutcome] = useState<CaseOutcome | ''>('');
  const [outcomeNote, setOutcomeNote] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const theCase = data?.contactCase;
  const refused = refusedPaths(error);
  const unavailable = unavailableServices(error);
  const r = (field: string) => refused.has(`contactCase.${field}`);
  const writable = hasScope(session, 'contacts:write') && theCase?.organisation?.code === session.organisation;

  async function change(what: string, run: () => Promise<unknown>, afterwards?: () => void) {
    setProblem(null);
    setDone(null);
    setBusy(true);
    try {
      await run();
      setDone(what);
      afterwards?.();
    } catch (caught) {
      const found = problemOf(caught);
      setProblem(found);
      // The case as it is now, so the user sees what changed and retries with its version.
      if (found.kind === 'conflict') await refetch();
    } finally {
      setBusy(false);
    }
  }

  function submitNote(event: FormEvent) {
    event.preventDefault();
    if (!theCase) return;
    void change(
      'Your note was added.',
      () => addNote({ variables: { input: { caseId: theCase.id, body: note, idempotencyKey: noteKey.current } } }),
      () => {
        setNote('');
        noteKey.current = crypto.randomUUID();
      },
    );
  }

  function submitMove(event: FormEvent) {
    event.preventDefault();
    if (!theCase) return;
    if (!status) {
      setProblem({ kind: 'bad-input', message: 'Choose a status', fields: [{ field: 'input.status', message: 'must be chosen' }] });
      return;
    }
    void change(`The case was moved to ${words(status).toLowerCase()}.`, () =>
      move({ variables: { input: { caseId: theCase.id, version: theCase.version ?? 0, status } } }),
    );
  }

  function submitClose(event: FormEvent) {
    event.preventDefault();
    if (!theCase) return;
    if (!outcome) {
      setProblem({ kind: 'bad-input', message: 'Choose an outcome', fields: [{ field: 'input.outcome', message: 'must be chosen' }] });
      return;
    }
    void change('The case was closed.', () =>
      close({ variables: { input: { caseId: theCase.id, version: theCase.version ?? 0, outcome, outcomeNote: outcomeNote.trim() || null } } }),
    );
  }

  const errors = fieldErrors(
    problem,
    {
      'input.body': { id: 'note-body', label: 'The note' },
      'input.status': { id: 'move-status', label: 'The status' },
      'input.outcome': { id: 'close-outcome', label: 'The outcome' },
      'input.outcomeNote': { id: 'close-note', label: 'The outcome note' },
    },
    'note-body',
  );
  const failed = error && !theCase ? problemOf(error) : null;

  return (
    <>
      <a href={href(backTo)} className="govuk-back-link">
        Back to the list
      </a>
      {problem && problem.kind !== 'bad-input' && <ProblemBanner problem={problem} />}
      {problem?.kind === 'bad-input' && <ErrorSummary items={summaryItems(errors)} />}
      <ProblemBanner problem={failed} />
      {done && (
        <NotificationBanner title="Success" success>
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      {unavailable.length > 0 && theCase && (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading">Some details cannot be shown: the {unavailable.join(' and ')} service is unavailable.</p>
        </NotificationBanner>
      )}
      {loading && !theCase && <p className="govuk-body">Loading the case…</p>}
      {!loading && !theCase && !failed && <p className="govuk-body">There is no case you may see with this link.</p>}
      {theCase && (
        <>
          <span className="govuk-caption-l">{theCase.organisation?.name}</span>
          <h1 className="govuk-heading-l">
            Case {theCase.reference} <StatusTag status={theCase.status} />
          </h1>
          {theCase.organisation && session.organisation !== theCase.organisation.code && (
            <p className="govuk-inset-text">Shared with you under an information-sharing agreement by {theCase.organisation.name}.</p>
          )}
          <SummaryList
            rows={[
              { key: 'Service', value: <Value value={theCase.service?.name} refused={r('service')} /> },
              { key: 'Channel', value: <Value value={words(theCase.channel)} refused={r('channel')} /> },
              { key: 'Summary', value: <Value value={theCase.summary} refused={r('summary')} /> },
              { key: 'Opened', value: <Value value={dateTime(theCase.openedAt)} refused={r('openedAt')} /> },
              { key: 'Assigned to', value: <Value value={theCase.assignedTo?.displayName} refused={r('assignedTo')} /> },
              ...(theCase.closedAt
                ? [
                    { key: 'Closed', value: dateTime(theCase.closedAt) },
                    { key: 'Outcome', value: <Value value={words(theCase.outcome)} refused={r('outcome')} /> },
                    { key: 'Outcome note', value: <Value value={theCase.outcomeNote} refused={r('outcomeNote')} /> },
                  ]
                : []),
              { key: 'Version', value: theCase.version },
            ]}
          />
          <h2 className="govuk-heading-m">Customer</h2>
          {r('customer') ? (
            <p className="govuk-body">
              <Value value={null} refused />
            </p>
          ) : (
            <SummaryList
              rows={[
                { key: 'Name', value: <Value value={theCase.customer?.displayName} refused={r('customer.displayName')} /> },
                { key: 'Phone', value: <Value value={theCase.customer?.phone} refused={r('customer.phone')} /> },
                { key: 'Email', value: <Value value={theCase.customer?.email} refused={r('customer.email')} /> },
                {
                  key: 'Address',
                  value: (
                    <Value
                      value={
                        theCase.customer?.address &&
                        [theCase.customer.address.line1, theCase.customer.address.town, theCase.customer.address.postcode].join(', ')
                      }
                      refused={r('customer.address')}
                    />
                  ),
                },
              ]}
            />
          )}
          <h2 className="govuk-heading-m">Notes</h2>
          {r('notes') ? (
            <p className="govuk-body">
              <Value value={null} refused />
            </p>
          ) : theCase.notes && theCase.notes.length > 0 ? (
            <ol className="govuk-list">
              {theCase.notes.map((entry) => (
                <li key={entry.id} className="govuk-!-margin-bottom-4">
                  <p className="govuk-body-s govuk-!-margin-bottom-1">
                    {dateTime(entry.writtenAt)}, {entry.author?.displayName ?? 'unknown author'}
                  </p>
                  <p className="govuk-body">{entry.body}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p className="govuk-body">No notes yet.</p>
          )}
          {writable && theCase.status !== 'CLOSED' && (
            <>
              <form onSubmit={submitNote} noValidate>
                <Field
                  id="note-body"
                  label="Add a note"
                  hint="What the customer said or what was done. Notes cannot be changed later."
                  error={errors['note-body']}
                >
                  <textarea
                    className={`govuk-textarea${errors['note-body'] ? ' govuk-textarea--error' : ''}`}
                    id="note-body"
                    rows={4}
                    value={note}
                    aria-describedby={describedBy('note-body', true, errors['note-body'])}
                    onChange={(event) => setNote(event.target.value)}
                  />
                </Field>
                <button type="submit" className="govuk-button" disabled={busy}>
                  Add note
                </button>
              </form>
              <div className="govuk-grid-row">
                <form onSubmit={submitMove} noValidate className="govuk-grid-column-one-half">
                  <Field id="move-status" label="Move the case to" error={errors['move-status']}>
                    <select
                      className={`govuk-select${errors['move-status'] ? ' govuk-select--error' : ''}`}
                      id="move-status"
                      value={status}
                      aria-describedby={describedBy('move-status', false, errors['move-status'])}
                      onChange={(event) => setStatus(event.target.value as CaseStatus)}
                    >
                      <option value="">Choose a status</option>
                      {MOVES.filter((s) => s !== theCase.status).map((s) => (
                        <option key={s} value={s}>
                          {words(s)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
                    Move case
                  </button>
                </form>
                {theCase.status !== 'RESOLVED' ? (
                  <div className="govuk-grid-column-one-half">
                    <p className="govuk-body">A case is closed, with its outcome, once it is resolved.</p>
                  </div>
                ) : (
                  <form onSubmit={submitClose} noValidate className="govuk-grid-column-one-half">
                    <Field id="close-outcome" label="Close the case with the outcome" error={errors['close-outcome']}>
                      <select
                        className={`govuk-select${errors['close-outcome'] ? ' govuk-select--error' : ''}`}
                        id="close-outcome"
                        value={outcome}
                        aria-describedby={describedBy('close-outcome', false, errors['close-outcome'])}
                        onChange={(event) => setOutcome(event.target.value as CaseOutcome)}
                      >
                        <option value="">Choose an outcome</option>
                        {OUTCOMES.map((o) => (
                          <option key={o} value={o}>
                            {words(o)}
                          </option>
                        ))}
                      </select>
                    </Field>
                    <Field id="close-note" label="Outcome note (optional)" error={errors['close-note']}>
                      <input
                        className={`govuk-input${errors['close-note'] ? ' govuk-input--error' : ''}`}
                        id="close-note"
                        type="text"
                        value={outcomeNote}
                        onChange={(event) => setOutcomeNote(event.target.value)}
                      />
                    </Field>
                    <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>
                      Close case
                    </button>
                  </form>
                )}
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
