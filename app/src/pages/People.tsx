// HR and managers: the staff directory of the viewer's organisation, a person's profile
// across the four subgraphs, and their personal details. Fields the viewer may not read
// come back null with FORBIDDEN errors at their paths: shown as "Restricted", never as a
// broken page; a subgraph that is down leaves its part "Not available".
import { useQuery } from '@apollo/client/react';
import { date, dateTime, NotificationBanner, Pagination, ProblemBanner, Restricted, StatusTag, SummaryList, Value, words } from '../components.js';
import { graphql } from '../generated/gql.js';
import { useCursorPages } from '../paging.js';
import { problemOf, refusedPaths, unavailableServices } from '../problems.js';
import { href } from '../router.js';
import type { Session } from '../session.js';

const PAGE_SIZE = 20;

export const StaffDirectoryQuery = graphql(`
  query StaffDirectory($organisation: ID!, $first: Int!, $after: String) {
    organisation(code: $organisation) {
      code
      name
    }
    people(organisation: $organisation, first: $first, after: $after) {
      edges {
        node {
          id
          displayName
          jobTitle
          orgUnit {
            name
          }
          workEmail
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The flagship profile of docs/architecture.md: one query, four subgraphs. */
export const PersonProfileQuery = graphql(`
  query PersonProfile($id: ID!) {
    person(id: $id) {
      id
      displayName
      jobTitle
      orgUnit {
        name
      }
      organisation {
        name
        sector
      }
      costCentresManaged {
        code
        name
        payments(first: 3) {
          edges {
            node {
              paymentDate
              amount {
                amount
              }
              supplier {
                name
              }
            }
          }
        }
      }
      ordersRaised(first: 5) {
        edges {
          node {
            orderNumber
            status
            total {
              amount
            }
            supplier {
              name
            }
          }
        }
      }
      casesAssigned(first: 5) {
        edges {
          node {
            reference
            status
            service {
              name
            }
            openedAt
          }
        }
      }
    }
  }
`);

export const PersonalDetailsQuery = graphql(`
  query PersonalDetails($id: ID!) {
    person(id: $id) {
      id
      displayName
      staffNumber
      startDate
      salary {
        amount
        currency
      }
      dateOfBirth
      nationalInsuranceNumber
      homeAddress {
        line1
        town
        postcode
      }
    }
  }
`);

const pounds = (amount: string | null | undefined) => (amount ? `£${Number(amount).toLocaleString('en-GB', { minimumFractionDigits: 2 })}` : null);

export function Directory({ session }: { session: Session }) {
  const pages = useCursorPages();
  const { data, error, loading } = useQuery(StaffDirectoryQuery, { variables: { organisation: session.organisation, first: PAGE_SIZE, after: pages.after } });
  const connection = data?.people;
  const refused = refusedPaths(error);
  const failed = error && !connection ? problemOf(error) : null;
  return (
    <>
      <ProblemBanner problem={failed} />
      <span className="govuk-caption-l">{data?.organisation?.name}</span>
      <h1 className="govuk-heading-l">Staff directory</h1>
      {loading && !connection && <p className="govuk-body">Loading the directory…</p>}
      {connection && (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Job title
              </th>
              <th scope="col" className="govuk-table__header">
                Team
              </th>
              <th scope="col" className="govuk-table__header">
                Work email
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {connection.edges.map(({ node }, i) => (
              <tr className="govuk-table__row" key={node.id}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={href(`/people/${node.id}`)}>
                    {node.displayName}
                  </a>
                </td>
                <td className="govuk-table__cell">{node.jobTitle}</td>
                <td className="govuk-table__cell">{node.orgUnit?.name}</td>
                <td className="govuk-table__cell">
                  <Value value={node.workEmail} refused={refused.has(`people.edges.${i}.node.workEmail`)} />
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
    </>
  );
}

export function PersonProfile({ id }: { id: string }) {
  const { data, error, loading } = useQuery(PersonProfileQuery, { variables: { id } });
  const person = data?.person;
  const refused = refusedPaths(error);
  const unavailable = unavailableServices(error);
  const failed = error && !person ? problemOf(error) : null;
  const section = (field: string) =>
    refused.has(`person.${field}`) ? 'refused' : person?.[field as keyof typeof person] == null && unavailable.length > 0 ? 'unavailable' : 'shown';

  return (
    <>
      <a href={href('/people')} className="govuk-back-link">
        Back to the directory
      </a>
      <ProblemBanner problem={failed} />
      {unavailable.length > 0 && person && (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading">Some of this profile cannot be shown: the {unavailable.join(' and ')} service is unavailable.</p>
        </NotificationBanner>
      )}
      {loading && !person && <p className="govuk-body">Loading the profile…</p>}
      {!loading && !person && !failed && <p className="govuk-body">There is no person you may see with this link.</p>}
      {person && (
        <>
          <span className="govuk-caption-l">{person.organisation?.name}</span>
          <h1 className="govuk-heading-l">{person.displayName}</h1>
          <SummaryList
            rows={[
              { key: 'Job title', value: <Value value={person.jobTitle} refused={refused.has('person.jobTitle')} /> },
              { key: 'Team', value: <Value value={person.orgUnit?.name} refused={refused.has('person.orgUnit')} /> },
              {
                key: 'Personal details',
                value: (
                  <a className="govuk-link" href={href(`/people/${person.id}/personal`)}>
                    View personal details
                  </a>
                ),
              },
            ]}
          />
          <h2 className="govuk-heading-m">Cost centres managed</h2>
          <Section state={section('costCentresManaged')} empty={person.costCentresManaged?.length === 0 ? 'Manages no cost centres.' : null}>
            {person.costCentresManaged?.map((centre) => (
              <div key={centre.code}>
                <h3 className="govuk-heading-s">
                  {centre.code} {centre.name}
                </h3>
                <ul className="govuk-list govuk-list--bullet">
                  {centre.payments?.edges.map(({ node }, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: payments have no id in this selection
                    <li key={i}>
                      {date(node.paymentDate)}: {pounds(node.amount?.amount)} to {node.supplier?.name ?? 'a redacted payee'}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </Section>
          <h2 className="govuk-heading-m">Orders raised</h2>
          <Section state={section('ordersRaised')} empty={person.ordersRaised?.edges.length === 0 ? 'Has raised no orders.' : null}>
            <ul className="govuk-list" id="orders-raised">
              {person.ordersRaised?.edges.map(({ node }) => (
                <li key={node.orderNumber}>
                  {node.orderNumber}: {pounds(node.total?.amount)} from {node.supplier?.name}, {words(node.status).toLowerCase()}
                </li>
              ))}
            </ul>
          </Section>
          <h2 className="govuk-heading-m">Contact cases assigned</h2>
          <Section state={section('casesAssigned')} empty={person.casesAssigned?.edges.length === 0 ? 'Has no cases assigned.' : null}>
            <ul className="govuk-list" id="cases-assigned">
              {person.casesAssigned?.edges.map(({ node }) => (
                <li key={node.reference}>
                  {node.reference}: {node.service?.name}, opened {dateTime(node.openedAt)} <StatusTag status={node.status} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}
    </>
  );
}

function Section({ state, empty, children }: { state: 'refused' | 'unavailable' | 'shown'; empty: string | null; children: React.ReactNode }) {
  if (state === 'refused') {
    return (
      <p className="govuk-body">
        <Restricted /> <span className="govuk-hint govuk-!-display-inline">Your access does not include this.</span>
      </p>
    );
  }
  if (state === 'unavailable') return <Value value={null} refused={false} unavailable />;
  if (empty) return <p className="govuk-body">{empty}</p>;
  return <>{children}</>;
}

export function PersonalDetails({ id }: { id: string }) {
  const { data, error, loading } = useQuery(PersonalDetailsQuery, { variables: { id } });
  const person = data?.person;
  const refused = refusedPaths(error);
  const failed = error && !person ? problemOf(error) : null;
  const r = (field: string) => refused.has(`person.${field}`);
  return (
    <>
      <a href={href(`/people/${id}`)} className="govuk-back-link">
        Back to the profile
      </a>
      <ProblemBanner problem={failed} />
      {loading && !person && <p className="govuk-body">Loading…</p>}
      {person && (
        <>
          <span className="govuk-caption-l">{person.displayName}</span>
          <h1 className="govuk-heading-l">Personal details</h1>
          <SummaryList
            rows={[
              { key: 'Staff number', value: <Value value={person.staffNumber} refused={r('staffNumber')} /> },
              { key: 'Start date', value: <Value value={date(person.startDate)} refused={r('startDate')} /> },
              { key: 'Salary', value: <Value value={person.salary && `${pounds(person.salary.amount)} a year`} refused={r('salary')} /> },
              { key: 'Date of birth', value: <Value value={date(person.dateOfBirth)} refused={r('dateOfBirth')} /> },
              { key: 'National Insurance number', value: <Value value={person.nationalInsuranceNumber} refused={r('nationalInsuranceNumber')} /> },
              {
                key: 'Home address',
                value: (
                  <Value
                    value={person.homeAddress && [person.homeAddress.line1, person.homeAddress.town, person.homeAddress.postcode].join(', ')}
                    refused={r('homeAddress')}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
