// Police analyst: asks for the purpose first (sent as X-Purpose with every request and
// recorded in the audit trail with every read), then shows the force's contacts and the
// council cases disclosed to it under information-sharing agreements, opened by their
// reference (the hub lists a council's cases to that council only) and marked as shared.
import { useApolloClient, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { dateTime, ErrorSummary, NotificationBanner, Pagination, ProblemBanner, StatusTag, Value, words } from '../components.js';
import { describedBy, Field } from '../forms.js';
import { graphql } from '../generated/gql.js';
import { useCursorPages } from '../paging.js';
import { problemOf, refusedPaths } from '../problems.js';
import { href, navigate } from '../router.js';
import { type Session, statePurpose, useAppState } from '../session.js';

const PAGE_SIZE = 10;

export const PoliceCasesQuery = graphql(`
  query PoliceCases($police: ID!, $first: Int!, $after: String) {
    contactCases(organisation: $police, first: $first, after: $after) {
      edges {
        node {
          id
          reference
          kind
          status
          service {
            name
          }
          openedAt
          summary
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const SharedCaseByReferenceQuery = graphql(`
  query SharedCaseByReference($reference: String!) {
    contactCaseByReference(reference: $reference) {
      id
    }
  }
`);

/** The hub refused the stated purpose itself (too long, not printable): a 400 naming X-Purpose. */
const refusesPurpose = (error: unknown) => {
  const problem = error ? problemOf(error) : null;
  return problem?.kind === 'bad-input' && problem.message.includes('X-Purpose') ? problem.message : null;
};

export function Police({ session }: { session: Session }) {
  const { purpose } = useAppState();
  const [draft, setDraft] = useState(purpose ?? '');
  const [purposeError, setPurposeError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.trim() === '') {
      setPurposeError('Enter why you need police data, or a case reference');
      return;
    }
    setPurposeError(null);
    statePurpose(draft.trim());
  }

  if (!purpose) {
    return (
      <>
        {purposeError && <ErrorSummary items={[{ message: purposeError, target: 'purpose' }]} />}
        <h1 className="govuk-heading-l">Police contacts</h1>
        <form onSubmit={submit} noValidate>
          <Field
            id="purpose"
            label={<span className="govuk-label--m">Why do you need to see police data?</span>}
            hint="A justification or an incident or case reference. It is sent with every request and recorded with every read in the audit trail. At most 200 characters."
            error={purposeError ?? undefined}
          >
            <input
              className={`govuk-input${purposeError ? ' govuk-input--error' : ''}`}
              id="purpose"
              name="purpose"
              type="text"
              spellCheck={false}
              value={draft}
              aria-describedby={describedBy('purpose', true, purposeError ?? undefined)}
              onChange={(event) => setDraft(event.target.value)}
            />
          </Field>
          <button type="submit" className="govuk-button">
            Continue
          </button>
        </form>
      </>
    );
  }
  return (
    <PoliceCases
      session={session}
      purpose={purpose}
      onPurposeRefused={(message) => {
        setPurposeError(message);
        statePurpose(null);
      }}
    />
  );
}

function PoliceCases({ session, purpose, onPurposeRefused }: { session: Session; purpose: string; onPurposeRefused: (message: string) => void }) {
  const pages = useCursorPages();
  const police = useQuery(PoliceCasesQuery, { variables: { police: session.organisation, first: PAGE_SIZE, after: pages.after } });
  const client = useApolloClient();
  const [reference, setReference] = useState('');
  const [findError, setFindError] = useState<string | null>(null);
  const refusal = refusesPurpose(police.error);
  useEffect(() => {
    if (refusal) onPurposeRefused(refusal);
  }, [refusal, onPurposeRefused]);

  const connection = police.data?.contactCases;
  const refused = refusedPaths(police.error);
  const failed = police.error && !connection ? problemOf(police.error) : null;

  async function findShared(event: FormEvent) {
    event.preventDefault();
    const wanted = reference.trim().toUpperCase();
    if (!wanted) {
      setFindError('Enter the reference of the council case, like SCC-2026-001234');
      return;
    }
    try {
      const result = await client.query({ query: SharedCaseByReferenceQuery, variables: { reference: wanted }, fetchPolicy: 'network-only' });
      const found = result.data?.contactCaseByReference;
      if (found) navigate(`/police/cases/${found.id}`);
      else setFindError(result.error ? problemOf(result.error).message : `No case you may see has the reference ${wanted}`);
    } catch (caught) {
      setFindError(problemOf(caught).message);
    }
  }

  return (
    <>
      {findError && <ErrorSummary items={[{ message: findError, target: 'shared-reference' }]} />}
      <ProblemBanner problem={failed} />
      <NotificationBanner title="Your stated purpose">
        <p className="govuk-body">
          “{purpose}”{' '}
          <a
            className="govuk-notification-banner__link"
            href={href('/police')}
            onClick={(event) => {
              event.preventDefault();
              statePurpose(null);
            }}
          >
            Change purpose
          </a>
        </p>
      </NotificationBanner>
      <h1 className="govuk-heading-l">Police contacts</h1>
      {police.loading && !connection && <p className="govuk-body">Loading police contacts…</p>}
      {connection && (
        <table className="govuk-table" id="police-cases">
          <caption className="govuk-table__caption govuk-table__caption--m">101 and crime reports, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Reference
              </th>
              <th scope="col" className="govuk-table__header">
                Kind
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Opened
              </th>
              <th scope="col" className="govuk-table__header">
                Summary
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {connection.edges.map(({ node }, i) => (
              <tr className="govuk-table__row" key={node.id}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={href(`/police/cases/${node.id}`)}>
                    {node.reference}
                  </a>
                </td>
                <td className="govuk-table__cell">{words(node.kind)}</td>
                <td className="govuk-table__cell">
                  <StatusTag status={node.status} />
                </td>
                <td className="govuk-table__cell">{dateTime(node.openedAt)}</td>
                <td className="govuk-table__cell">
                  <Value value={node.summary} refused={refused.has(`contactCases.edges.${i}.node.summary`)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        onPrevious={pages.hasPrevious ? pages.previous : undefined}
        onNext={connection?.pageInfo.hasNextPage && connection.pageInfo.endCursor ? () => pages.next(connection.pageInfo.endCursor!) : undefined}
      />
      <h2 className="govuk-heading-m">Council cases shared with the force</h2>
      <p className="govuk-body">
        A council shares a case with the force by disclosing it under an information-sharing agreement. Open one by the reference in the referral: it is marked
        as shared, shows only what the agreement shares, and reading it is recorded in the audit trail with your purpose, which must start with a purpose the
        agreement allows (for example: Safeguarding strategy meeting).
      </p>
      <form onSubmit={(event) => void findShared(event)} noValidate>
        <Field id="shared-reference" label="Council case reference" error={findError ?? undefined}>
          <div className="govuk-input__wrapper">
            <input
              className={`govuk-input govuk-input--width-20${findError ? ' govuk-input--error' : ''}`}
              id="shared-reference"
              type="text"
              spellCheck={false}
              value={reference}
              aria-describedby={describedBy('shared-reference', false, findError ?? undefined)}
              onChange={(event) => setReference(event.target.value)}
            />
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2">
              Open
            </button>
          </div>
        </Field>
      </form>
    </>
  );
}
