// Contact centre: the organisation's contact cases, newest first, a page at a time by the
// hub's cursors; find one by its reference.
import { useApolloClient, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { dateTime, ErrorSummary, Pagination, ProblemBanner, StatusTag, Value, words } from '../components.js';
import { graphql } from '../generated/gql.js';
import type { CaseStatus } from '../generated/graphql.js';
import { useCursorPages } from '../paging.js';
import { problemOf, refusedPaths } from '../problems.js';
import { href, navigate } from '../router.js';
import type { Session } from '../session.js';

const PAGE_SIZE = 10;

export const ContactCasesQuery = graphql(`
  query ContactCases($organisation: ID!, $status: [CaseStatus!], $first: Int!, $after: String) {
    contactCases(organisation: $organisation, status: $status, first: $first, after: $after) {
      edges {
        node {
          id
          reference
          status
          channel
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

const CaseByReferenceQuery = graphql(`
  query CaseByReference($reference: String!) {
    contactCaseByReference(reference: $reference) {
      id
    }
  }
`);

const STATUSES: CaseStatus[] = ['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED'];

export function Cases({ session }: { session: Session }) {
  const pages = useCursorPages();
  // The statuses ticked, and those applied: a filter applies when the user asks, from the first page.
  const [ticked, setTicked] = useState<CaseStatus[]>([]);
  const [applied, setApplied] = useState<CaseStatus[]>([]);
  const { data, error, loading } = useQuery(ContactCasesQuery, {
    variables: { organisation: session.organisation, status: applied.length > 0 ? applied : null, first: PAGE_SIZE, after: pages.after },
  });
  const client = useApolloClient();
  const [reference, setReference] = useState('');
  const [findError, setFindError] = useState<string | null>(null);
  const refused = refusedPaths(error);
  const connection = data?.contactCases;
  const failed = error && !connection ? problemOf(error) : null;

  async function find(event: FormEvent) {
    event.preventDefault();
    const wanted = reference.trim().toUpperCase();
    if (!wanted) {
      setFindError('Enter a case reference, like SCC-2025-000123');
      return;
    }
    try {
      const result = await client.query({ query: CaseByReferenceQuery, variables: { reference: wanted }, fetchPolicy: 'network-only' });
      const found = result.data?.contactCaseByReference;
      if (found) navigate(`/cases/${found.id}`);
      else setFindError(result.error ? problemOf(result.error).message : `No case you may see has the reference ${wanted}`);
    } catch (caught) {
      setFindError(problemOf(caught).message);
    }
  }

  return (
    <>
      {findError && <ErrorSummary items={[{ message: findError, target: 'reference' }]} />}
      <ProblemBanner problem={failed} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Contact cases</h1>
        </div>
        <div className="govuk-grid-column-one-third">
          <a href={href('/cases/new')} className="govuk-button govuk-!-margin-bottom-4" draggable="false">
            Open a case
          </a>
        </div>
      </div>
      <div className="govuk-grid-row">
        <form
          noValidate
          className="govuk-grid-column-one-half govuk-!-margin-bottom-6"
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(STATUSES.filter((status) => ticked.includes(status)));
            pages.reset();
          }}
        >
          <div className="govuk-form-group govuk-!-margin-bottom-3">
            <fieldset className="govuk-fieldset" aria-describedby="status-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Status</legend>
              <div id="status-hint" className="govuk-hint">
                Show only the cases in these statuses; none ticked shows them all.
              </div>
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                {STATUSES.map((status) => (
                  <div className="govuk-checkboxes__item" key={status}>
                    <input
                      className="govuk-checkboxes__input"
                      id={`status-${status}`}
                      type="checkbox"
                      checked={ticked.includes(status)}
                      onChange={(event) => setTicked((now) => (event.target.checked ? [...now, status] : now.filter((s) => s !== status)))}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`status-${status}`}>
                      {words(status)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Apply filter
          </button>
        </form>
        <form onSubmit={find} noValidate className="govuk-grid-column-one-half govuk-!-margin-bottom-6">
          <div className={`govuk-form-group${findError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="reference">
              Find a case by its reference
            </label>
            {findError && (
              <p id="reference-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {findError}
              </p>
            )}
            <div className="govuk-input__wrapper">
              <input
                className={`govuk-input govuk-input--width-20${findError ? ' govuk-input--error' : ''}`}
                id="reference"
                name="reference"
                type="text"
                spellCheck={false}
                value={reference}
                onChange={(event) => setReference(event.target.value)}
              />
              <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2">
                Find
              </button>
            </div>
          </div>
        </form>
      </div>
      {loading && !connection && <p className="govuk-body">Loading cases…</p>}
      {connection && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {applied.length > 0 ? `${applied.map(words).join(', ')}, newest first` : 'Newest first'}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Reference
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
              <th scope="col" className="govuk-table__header">
                Summary
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {connection.edges.map(({ node }, i) => (
              <tr className="govuk-table__row" key={node.id}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={href(`/cases/${node.id}`)}>
                    {node.reference}
                  </a>
                </td>
                <td className="govuk-table__cell">{node.service?.name}</td>
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
      {connection && connection.edges.length === 0 && <p className="govuk-body">There are no cases to show.</p>}
      <Pagination
        onPrevious={pages.hasPrevious ? pages.previous : undefined}
        onNext={connection?.pageInfo.hasNextPage && connection.pageInfo.endCursor ? () => pages.next(connection.pageInfo.endCursor!) : undefined}
      />
    </>
  );
}
