// Police analyst: asks for the purpose first (sent as X-Purpose with every request and
// recorded in the audit trail with every read), then shows the force's contacts and the
// council cases shared with it under the safeguarding agreement, marked as shared.
import { useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { dateTime, NotificationBanner, Pagination, ProblemBanner, StatusTag, Value, words } from '../components.js';
import { describedBy, Field } from '../forms.js';
import { graphql } from '../generated/gql.js';
import { useCursorPages } from '../paging.js';
import { problemOf, refusedPaths } from '../problems.js';
import { href } from '../router.js';
import { type Session, statePurpose, useAppState } from '../session.js';
import { ErrorSummary } from '../components.js';

const PAGE_SIZE = 10;

/** The councils whose safeguarding referrals may be shared with the force. */
const COUNCILS = [
  { code: 'E10000027', name: 'Somerset County Council' },
  { code: 'E07000190', name: 'Taunton Deane Borough Council' },
];

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

export const SharedCasesQuery = graphql(`
  query SharedCases($county: ID!, $district: ID!) {
    county: contactCases(organisation: $county, first: 20) {
      edges {
        node {
          ...SharedCase
        }
      }
    }
    district: contactCases(organisation: $district, first: 20) {
      edges {
        node {
          ...SharedCase
        }
      }
    }
  }

  fragment SharedCase on ContactCase {
    id
    reference
    status
    service {
      name
    }
    openedAt
    safeguardingReferral
    organisation {
      name
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
  const shared = useQuery(SharedCasesQuery, { variables: { county: COUNCILS[0]!.code, district: COUNCILS[1]!.code } });
  const refusal = refusesPurpose(police.error) ?? refusesPurpose(shared.error);
  useEffect(() => {
    if (refusal) onPurposeRefused(refusal);
  }, [refusal, onPurposeRefused]);

  const connection = police.data?.contactCases;
  const refused = refusedPaths(police.error);
  const failed = police.error && !connection ? problemOf(police.error) : null;
  const sharedCases = [...(shared.data?.county?.edges ?? []), ...(shared.data?.district?.edges ?? [])].map((edge) => edge.node);

  return (
    <>
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
      <h2 className="govuk-heading-m">Council cases shared for safeguarding</h2>
      {shared.loading && !shared.data && <p className="govuk-body">Loading shared cases…</p>}
      {shared.data && sharedCases.length === 0 && <p className="govuk-body">No council has shared a case with you.</p>}
      {sharedCases.length > 0 && (
        <table className="govuk-table" id="shared-cases">
          <caption className="govuk-visually-hidden">Council cases shared with the force under the safeguarding agreement</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Reference
              </th>
              <th scope="col" className="govuk-table__header">
                Shared by
              </th>
              <th scope="col" className="govuk-table__header">
                Service
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Opened
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {sharedCases.map((node) => (
              <tr className="govuk-table__row" key={node.id}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={href(`/police/cases/${node.id}`)}>
                    {node.reference}
                  </a>{' '}
                  <strong className="govuk-tag govuk-tag--purple">Shared</strong>
                </td>
                <td className="govuk-table__cell">{node.organisation?.name}</td>
                <td className="govuk-table__cell">{node.service?.name}</td>
                <td className="govuk-table__cell">
                  <StatusTag status={node.status} />
                </td>
                <td className="govuk-table__cell">{dateTime(node.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
