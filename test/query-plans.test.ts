// The query plans of the key operations, pinned: a person's profile, the staff fan-out and
// the police analyst's case list (bench/scenarios.ts), and the reporting tool's payments
// extract (schema/reporting-operations.graphql). A change to the schema, the composition or
// the planner that adds a fetch, or moves a field to another subgraph, shows up here as a
// snapshot diff in review. Planned in process over schema/supergraph.graphql by the
// planner @apollo/gateway itself loads: no subgraph, no database. Each operation's viewer
// may read all of it, so the gateway's access filter leaves it whole and this is the plan
// the gateway runs for that viewer. After a deliberate change: npx vitest run -u test/query-plans.test.ts
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Kind, parse, print, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, type BenchViewer } from '../bench/scenarios.js';
import { mayReadField, type Viewer } from '../platform/policy.js';
import { hubViewer, SUPERGRAPH_MARKINGS } from './support/policy-viewers.js';
import { API_SCHEMA, queryPlanOf } from './support/supergraph.js';

const scenario = (name: string) => {
  const found = SCENARIOS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`bench/scenarios.ts has no scenario ${name}`);
  return found;
};

const benchViewer = (viewer: BenchViewer, purpose: string | undefined): Viewer =>
  hubViewer(
    'persona' in viewer
      ? { kind: 'persona', ...viewer, purpose: purpose !== undefined }
      : { kind: 'staff', organisation: viewer.staffOf, scopes: viewer.scopes, purpose: purpose !== undefined },
  );

/** One of the reporting tools' persisted operations, by name. */
function reportingOperation(name: string): string {
  const document = parse(readFileSync(new URL('../schema/reporting-operations.graphql', import.meta.url), 'utf8'));
  const definitions = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name);
  if (definitions.length !== 1) throw new Error(`schema/reporting-operations.graphql has no operation ${name}`);
  return print({ ...document, definitions });
}

/** The fields of an operation this viewer may not read (the gateway's check, before planning). */
function refusedIn(operation: string, viewer: Viewer): string[] {
  const refused: string[] = [];
  const typeInfo = new TypeInfo(API_SCHEMA);
  visit(
    parse(operation),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        const access = SUPERGRAPH_MARKINGS.get(`${parent.name}.${node.name.value}`);
        if (!access || !mayReadField(viewer, access).allow) refused.push(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return refused;
}

describe('the planner', () => {
  it('is the one @apollo/gateway loads', () => {
    const here = createRequire(import.meta.url);
    const gateway = createRequire(here.resolve('@apollo/gateway'));
    for (const name of ['@apollo/query-planner', '@apollo/federation-internals']) expect(here.resolve(name)).toBe(gateway.resolve(name));
  });
});

describe('query plans', () => {
  it("a person's profile: people, then contacts, procurement and finance side by side, then procurement for the payees", () => {
    const { query, viewer } = scenario('profile');
    expect(refusedIn(query, benchViewer(viewer, undefined))).toEqual([]);
    expect(queryPlanOf(query)).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "people") {
            {
              person(id: $id) {
                __typename
                id
                displayName
                jobTitle
                workEmail
                salary {
                  amount
                }
                orgUnit {
                  name
                }
                organisation {
                  name
                  sector
                  code
                }
                manager {
                  displayName
                  jobTitle
                }
              }
            }
          },
          Parallel {
            Flatten(path: "person") {
              Fetch(service: "contacts") {
                {
                  ... on Person {
                    __typename
                    id
                    organisation {
                      code
                    }
                  }
                } =>
                {
                  ... on Person {
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
              },
            },
            Flatten(path: "person") {
              Fetch(service: "procurement") {
                {
                  ... on Person {
                    __typename
                    id
                    organisation {
                      code
                    }
                  }
                } =>
                {
                  ... on Person {
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
                  }
                }
              },
            },
            Sequence {
              Flatten(path: "person") {
                Fetch(service: "finance") {
                  {
                    ... on Person {
                      __typename
                      id
                      organisation {
                        code
                      }
                    }
                  } =>
                  {
                    ... on Person {
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
                                __typename
                                id
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                },
              },
              Flatten(path: "person.costCentresManaged.@.payments.edges.@.node.supplier") {
                Fetch(service: "procurement") {
                  {
                    ... on Supplier {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Supplier {
                      name
                    }
                  }
                },
              },
            },
          },
        },
      }"
    `);
  });

  it('the staff fan-out: one people fetch, then one batched fetch per other subgraph', () => {
    const { query, viewer } = scenario('fan-out');
    expect(refusedIn(query, benchViewer(viewer, undefined))).toEqual([]);
    expect(queryPlanOf(query)).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "people") {
            {
              people(organisation: $organisation, first: $first) {
                edges {
                  node {
                    __typename
                    id
                    displayName
                    jobTitle
                    salary {
                      amount
                    }
                    organisation {
                      code
                    }
                  }
                }
              }
            }
          },
          Parallel {
            Flatten(path: "people.edges.@.node") {
              Fetch(service: "contacts") {
                {
                  ... on Person {
                    __typename
                    id
                    organisation {
                      code
                    }
                  }
                } =>
                {
                  ... on Person {
                    casesAssigned(first: 5) {
                      edges {
                        node {
                          reference
                          status
                          service {
                            name
                          }
                        }
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "people.edges.@.node") {
              Fetch(service: "procurement") {
                {
                  ... on Person {
                    __typename
                    id
                    organisation {
                      code
                    }
                  }
                } =>
                {
                  ... on Person {
                    ordersRaised(first: 5) {
                      edges {
                        node {
                          orderNumber
                          status
                          total {
                            amount
                          }
                        }
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "people.edges.@.node") {
              Fetch(service: "finance") {
                {
                  ... on Person {
                    __typename
                    id
                    organisation {
                      code
                    }
                  }
                } =>
                {
                  ... on Person {
                    costCentresManaged {
                      code
                      name
                    }
                  }
                }
              },
            },
          },
        },
      }"
    `);
  });

  it("the police analyst's case list: contacts, then the assigned officers from people", () => {
    const { query, viewer, purpose } = scenario('police-analyst');
    expect(refusedIn(query, benchViewer(viewer, purpose))).toEqual([]);
    expect(queryPlanOf(query)).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "contacts") {
            {
              contactCases(organisation: $organisation, first: 50) {
                edges {
                  node {
                    reference
                    kind
                    channel
                    status
                    openedAt
                    summary
                    service {
                      name
                    }
                    customer {
                      displayName
                    }
                    notes {
                      body
                    }
                    assignedTo {
                      __typename
                      id
                    }
                  }
                }
              }
            }
          },
          Flatten(path: "contactCases.edges.@.node.assignedTo") {
            Fetch(service: "people") {
              {
                ... on Person {
                  __typename
                  id
                }
              } =>
              {
                ... on Person {
                  displayName
                  collarNumber
                  rank
                }
              }
            },
          },
        },
      }"
    `);
  });

  it('the payments extract: finance alone', () => {
    const extract = reportingOperation('PaymentsExtract');
    expect(refusedIn(extract, hubViewer({ kind: 'persona', persona: 'reporting-service', purpose: false }))).toEqual([]);
    expect(queryPlanOf(extract)).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "finance") {
          {
            payments(
              organisation: $organisation
              from: $from
              to: $to
              first: 500
              after: $after
            ) {
              edges {
                node {
                  id
                  transactionNumber
                  paymentDate
                  effectiveDate
                  amount {
                    amount
                  }
                  irrecoverableVat {
                    amount
                  }
                  serviceDivision
                  purpose
                  beneficiaryName
                  capitalOrRevenue
                  procurementCard
                  sensitivePayee
                  expenseType {
                    code
                    name
                  }
                  supplier {
                    id
                  }
                  costCentre {
                    code
                  }
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        },
      }"
    `);
  });
});
