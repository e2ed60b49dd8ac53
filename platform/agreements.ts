// Information-sharing agreements as the subgraphs that hold disclosed records read them. The
// people subgraph owns the agreements; the others read their terms only through the database
// function people.agreement_terms, under the viewer's row-level security (an organisation sees
// the agreements it is party to, the shared-service company all). Read in the same request as
// the rows they govern, never cached across requests: suspending an agreement takes effect at once.
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Database } from './database.js';
import { sectorOf } from './organisations.js';
import { mayReadShared, type AgreementStanding, type Decision, type RowOwner, type SharedUnder, type Viewer } from './policy.js';

export interface AgreementTerms {
  id: string;
  reference: string;
  providerCode: string;
  recipientCode: string;
  purposes: string[];
  sharedFields: string[];
  standing: AgreementStanding;
}

/** The terms of agreements by id, one statement per batch; null for one unknown or not the viewer's to see. */
export function agreementTermsById(db: Database): DataLoader<string, AgreementTerms | null> {
  return new DataLoader(async (ids) => {
    const result = await db.execute(sql`
      select id, reference, provider_code as "providerCode", recipient_code as "recipientCode",
        purposes, shared_fields as "sharedFields", standing
      from people.agreement_terms(${`{${ids.join(',')}}`}::uuid[])`);
    const byId = new Map((result as unknown as { rows: AgreementTerms[] }).rows.map((terms) => [terms.id, terms]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** What a row disclosed under these terms carries, for the recipient's row checks and audit records. */
export function sharedUnder(terms: AgreementTerms): SharedUnder {
  return {
    agreementId: terms.id,
    reference: terms.reference,
    recipientCode: terms.recipientCode,
    standing: terms.standing,
    purposes: terms.purposes,
    fields: new Set(terms.sharedFields),
  };
}

/** An agreement, and the record of a disclosure under it, belong to both parties. */
export function heldByParties(parties: { providerCode: string; recipientCode: string }): RowOwner {
  return { organisationCode: parties.providerCode, sector: sectorOf(parties.providerCode), heldBy: [parties.providerCode, parties.recipientCode] };
}

/**
 * A read refused because of the agreement a record was disclosed under (not in force, or not
 * for the stated purpose): one error with the decision's code. The agreement's id goes to the
 * audit record of the refused read, never to the caller.
 */
export class AgreementRefusal extends GraphQLError {
  constructor(
    decision: Extract<Decision, { allow: false }>,
    readonly agreementId: string,
  ) {
    super(decision.reason, { extensions: { code: decision.code } });
  }
}

/**
 * Why records disclosed to the viewer's organisation under these agreements cannot be read
 * now, as one refusal: by the agreement in force whose purpose the viewer did not state, else
 * by the first one that is not in force. Null when one of them lets the viewer read.
 */
export function refusalUnder(viewer: Viewer, terms: readonly AgreementTerms[]): AgreementRefusal | null {
  if (viewer.kind !== 'user' || terms.length === 0) return null;
  const decisions = terms.map((each) => ({ terms: each, decision: mayReadShared(viewer, sharedUnder(each), null) }));
  if (decisions.some(({ decision }) => decision.allow)) return null;
  const refusal = decisions.find(({ terms: each }) => each.standing === 'IN_FORCE') ?? decisions[0]!;
  return new AgreementRefusal(refusal.decision as Extract<Decision, { allow: false }>, refusal.terms.id);
}
