/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment CaseDetails on ContactCase {\n    id\n    reference\n    kind\n    status\n    channel\n    service {\n      code\n      name\n    }\n    summary\n    openedAt\n    closedAt\n    outcome\n    outcomeNote\n    safeguardingReferral\n    version\n    organisation {\n      code\n      name\n    }\n    assignedTo {\n      id\n      displayName\n    }\n    customer {\n      id\n      displayName\n      phone\n      email\n      address {\n        line1\n        town\n        postcode\n      }\n    }\n    notes {\n      id\n      writtenAt\n      body\n      author {\n        displayName\n      }\n    }\n  }\n": typeof types.CaseDetailsFragmentDoc,
    "\n  query ContactCase($id: ID!) {\n    contactCase(id: $id) {\n      ...CaseDetails\n    }\n  }\n": typeof types.ContactCaseDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      ...CaseDetails\n    }\n  }\n": typeof types.AddCaseNoteDocument,
    "\n  mutation MoveContactCase($input: MoveContactCaseInput!) {\n    moveContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n": typeof types.MoveContactCaseDocument,
    "\n  mutation CloseContactCase($input: CloseContactCaseInput!) {\n    closeContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n": typeof types.CloseContactCaseDocument,
    "\n  query ContactCases($organisation: ID!, $status: [CaseStatus!], $first: Int!, $after: String) {\n    contactCases(organisation: $organisation, status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          status\n          channel\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ContactCasesDocument,
    "\n  query CaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n": typeof types.CaseByReferenceDocument,
    "\n  mutation OpenContactCase($input: OpenContactCaseInput!) {\n    openContactCase(input: $input) {\n      id\n      reference\n      status\n      version\n    }\n  }\n": typeof types.OpenContactCaseDocument,
    "\n  query StaffDirectory($organisation: ID!, $first: Int!, $after: String) {\n    organisation(code: $organisation) {\n      code\n      name\n    }\n    people(organisation: $organisation, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          displayName\n          jobTitle\n          orgUnit {\n            name\n          }\n          workEmail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StaffDirectoryDocument,
    "\n  query PersonProfile($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      jobTitle\n      orgUnit {\n        name\n      }\n      organisation {\n        name\n        sector\n      }\n      costCentresManaged {\n        code\n        name\n        payments(first: 3) {\n          edges {\n            node {\n              paymentDate\n              amount {\n                amount\n              }\n              supplier {\n                name\n              }\n            }\n          }\n        }\n      }\n      ordersRaised(first: 5) {\n        edges {\n          node {\n            orderNumber\n            status\n            total {\n              amount\n            }\n            supplier {\n              name\n            }\n          }\n        }\n      }\n      casesAssigned(first: 5) {\n        edges {\n          node {\n            reference\n            status\n            service {\n              name\n            }\n            openedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.PersonProfileDocument,
    "\n  query PersonalDetails($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      staffNumber\n      startDate\n      salary {\n        amount\n        currency\n      }\n      dateOfBirth\n      nationalInsuranceNumber\n      homeAddress {\n        line1\n        town\n        postcode\n      }\n    }\n  }\n": typeof types.PersonalDetailsDocument,
    "\n  query PoliceCases($police: ID!, $first: Int!, $after: String) {\n    contactCases(organisation: $police, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          kind\n          status\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PoliceCasesDocument,
    "\n  query SharedCaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n": typeof types.SharedCaseByReferenceDocument,
};
const documents: Documents = {
    "\n  fragment CaseDetails on ContactCase {\n    id\n    reference\n    kind\n    status\n    channel\n    service {\n      code\n      name\n    }\n    summary\n    openedAt\n    closedAt\n    outcome\n    outcomeNote\n    safeguardingReferral\n    version\n    organisation {\n      code\n      name\n    }\n    assignedTo {\n      id\n      displayName\n    }\n    customer {\n      id\n      displayName\n      phone\n      email\n      address {\n        line1\n        town\n        postcode\n      }\n    }\n    notes {\n      id\n      writtenAt\n      body\n      author {\n        displayName\n      }\n    }\n  }\n": types.CaseDetailsFragmentDoc,
    "\n  query ContactCase($id: ID!) {\n    contactCase(id: $id) {\n      ...CaseDetails\n    }\n  }\n": types.ContactCaseDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      ...CaseDetails\n    }\n  }\n": types.AddCaseNoteDocument,
    "\n  mutation MoveContactCase($input: MoveContactCaseInput!) {\n    moveContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n": types.MoveContactCaseDocument,
    "\n  mutation CloseContactCase($input: CloseContactCaseInput!) {\n    closeContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n": types.CloseContactCaseDocument,
    "\n  query ContactCases($organisation: ID!, $status: [CaseStatus!], $first: Int!, $after: String) {\n    contactCases(organisation: $organisation, status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          status\n          channel\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ContactCasesDocument,
    "\n  query CaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n": types.CaseByReferenceDocument,
    "\n  mutation OpenContactCase($input: OpenContactCaseInput!) {\n    openContactCase(input: $input) {\n      id\n      reference\n      status\n      version\n    }\n  }\n": types.OpenContactCaseDocument,
    "\n  query StaffDirectory($organisation: ID!, $first: Int!, $after: String) {\n    organisation(code: $organisation) {\n      code\n      name\n    }\n    people(organisation: $organisation, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          displayName\n          jobTitle\n          orgUnit {\n            name\n          }\n          workEmail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StaffDirectoryDocument,
    "\n  query PersonProfile($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      jobTitle\n      orgUnit {\n        name\n      }\n      organisation {\n        name\n        sector\n      }\n      costCentresManaged {\n        code\n        name\n        payments(first: 3) {\n          edges {\n            node {\n              paymentDate\n              amount {\n                amount\n              }\n              supplier {\n                name\n              }\n            }\n          }\n        }\n      }\n      ordersRaised(first: 5) {\n        edges {\n          node {\n            orderNumber\n            status\n            total {\n              amount\n            }\n            supplier {\n              name\n            }\n          }\n        }\n      }\n      casesAssigned(first: 5) {\n        edges {\n          node {\n            reference\n            status\n            service {\n              name\n            }\n            openedAt\n          }\n        }\n      }\n    }\n  }\n": types.PersonProfileDocument,
    "\n  query PersonalDetails($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      staffNumber\n      startDate\n      salary {\n        amount\n        currency\n      }\n      dateOfBirth\n      nationalInsuranceNumber\n      homeAddress {\n        line1\n        town\n        postcode\n      }\n    }\n  }\n": types.PersonalDetailsDocument,
    "\n  query PoliceCases($police: ID!, $first: Int!, $after: String) {\n    contactCases(organisation: $police, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          kind\n          status\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PoliceCasesDocument,
    "\n  query SharedCaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n": types.SharedCaseByReferenceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseDetails on ContactCase {\n    id\n    reference\n    kind\n    status\n    channel\n    service {\n      code\n      name\n    }\n    summary\n    openedAt\n    closedAt\n    outcome\n    outcomeNote\n    safeguardingReferral\n    version\n    organisation {\n      code\n      name\n    }\n    assignedTo {\n      id\n      displayName\n    }\n    customer {\n      id\n      displayName\n      phone\n      email\n      address {\n        line1\n        town\n        postcode\n      }\n    }\n    notes {\n      id\n      writtenAt\n      body\n      author {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment CaseDetails on ContactCase {\n    id\n    reference\n    kind\n    status\n    channel\n    service {\n      code\n      name\n    }\n    summary\n    openedAt\n    closedAt\n    outcome\n    outcomeNote\n    safeguardingReferral\n    version\n    organisation {\n      code\n      name\n    }\n    assignedTo {\n      id\n      displayName\n    }\n    customer {\n      id\n      displayName\n      phone\n      email\n      address {\n        line1\n        town\n        postcode\n      }\n    }\n    notes {\n      id\n      writtenAt\n      body\n      author {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactCase($id: ID!) {\n    contactCase(id: $id) {\n      ...CaseDetails\n    }\n  }\n"): (typeof documents)["\n  query ContactCase($id: ID!) {\n    contactCase(id: $id) {\n      ...CaseDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      ...CaseDetails\n    }\n  }\n"): (typeof documents)["\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      ...CaseDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveContactCase($input: MoveContactCaseInput!) {\n    moveContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n"): (typeof documents)["\n  mutation MoveContactCase($input: MoveContactCaseInput!) {\n    moveContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseContactCase($input: CloseContactCaseInput!) {\n    closeContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n"): (typeof documents)["\n  mutation CloseContactCase($input: CloseContactCaseInput!) {\n    closeContactCase(input: $input) {\n      ...CaseDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactCases($organisation: ID!, $status: [CaseStatus!], $first: Int!, $after: String) {\n    contactCases(organisation: $organisation, status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          status\n          channel\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactCases($organisation: ID!, $status: [CaseStatus!], $first: Int!, $after: String) {\n    contactCases(organisation: $organisation, status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          status\n          channel\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query CaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenContactCase($input: OpenContactCaseInput!) {\n    openContactCase(input: $input) {\n      id\n      reference\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation OpenContactCase($input: OpenContactCaseInput!) {\n    openContactCase(input: $input) {\n      id\n      reference\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffDirectory($organisation: ID!, $first: Int!, $after: String) {\n    organisation(code: $organisation) {\n      code\n      name\n    }\n    people(organisation: $organisation, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          displayName\n          jobTitle\n          orgUnit {\n            name\n          }\n          workEmail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffDirectory($organisation: ID!, $first: Int!, $after: String) {\n    organisation(code: $organisation) {\n      code\n      name\n    }\n    people(organisation: $organisation, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          displayName\n          jobTitle\n          orgUnit {\n            name\n          }\n          workEmail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonProfile($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      jobTitle\n      orgUnit {\n        name\n      }\n      organisation {\n        name\n        sector\n      }\n      costCentresManaged {\n        code\n        name\n        payments(first: 3) {\n          edges {\n            node {\n              paymentDate\n              amount {\n                amount\n              }\n              supplier {\n                name\n              }\n            }\n          }\n        }\n      }\n      ordersRaised(first: 5) {\n        edges {\n          node {\n            orderNumber\n            status\n            total {\n              amount\n            }\n            supplier {\n              name\n            }\n          }\n        }\n      }\n      casesAssigned(first: 5) {\n        edges {\n          node {\n            reference\n            status\n            service {\n              name\n            }\n            openedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PersonProfile($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      jobTitle\n      orgUnit {\n        name\n      }\n      organisation {\n        name\n        sector\n      }\n      costCentresManaged {\n        code\n        name\n        payments(first: 3) {\n          edges {\n            node {\n              paymentDate\n              amount {\n                amount\n              }\n              supplier {\n                name\n              }\n            }\n          }\n        }\n      }\n      ordersRaised(first: 5) {\n        edges {\n          node {\n            orderNumber\n            status\n            total {\n              amount\n            }\n            supplier {\n              name\n            }\n          }\n        }\n      }\n      casesAssigned(first: 5) {\n        edges {\n          node {\n            reference\n            status\n            service {\n              name\n            }\n            openedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonalDetails($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      staffNumber\n      startDate\n      salary {\n        amount\n        currency\n      }\n      dateOfBirth\n      nationalInsuranceNumber\n      homeAddress {\n        line1\n        town\n        postcode\n      }\n    }\n  }\n"): (typeof documents)["\n  query PersonalDetails($id: ID!) {\n    person(id: $id) {\n      id\n      displayName\n      staffNumber\n      startDate\n      salary {\n        amount\n        currency\n      }\n      dateOfBirth\n      nationalInsuranceNumber\n      homeAddress {\n        line1\n        town\n        postcode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoliceCases($police: ID!, $first: Int!, $after: String) {\n    contactCases(organisation: $police, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          kind\n          status\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PoliceCases($police: ID!, $first: Int!, $after: String) {\n    contactCases(organisation: $police, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          kind\n          status\n          service {\n            name\n          }\n          openedAt\n          summary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SharedCaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query SharedCaseByReference($reference: String!) {\n    contactCaseByReference(reference: $reference) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;