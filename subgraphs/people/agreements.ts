// Information-sharing agreements through the graph (docs/sharing.md): an information-governance
// lead (sharing:govern) of either party proposes one; a lead of each party approves it, and it is
// ACTIVE; either party suspends it (both approvals cleared) or ends it. Each change is one
// transaction with its audit record under the agreement, against the version the caller read.
import { eq, sql } from 'drizzle-orm';
import { GraphQLError, parse } from 'graphql';
import { z } from 'zod';
import { peopleIdempotencyKey, sharingAgreement, type SharingAgreementRow } from '../../drizzle/people.js';
import { calendarDateProblem } from '../../platform/dates.js';
import type { Database } from '../../platform/database.js';
import { accessByField } from '../../platform/markings.js';
import { conflict, idempotencyKeyInput, idempotently, invalidField, textInput, uuidInput, validated, versionInput, writer } from '../../platform/mutations.js';
import { registeredOrganisation, sectorOf, standingOf } from '../../platform/organisations.js';
import { SHARING_PURPOSES, type Viewer } from '../../platform/policy.js';
import { subgraphSdl } from '../../platform/sdl.js';
import type { MutationResolvers } from './generated/resolvers.js';
import type { Context } from './loaders.js';

/** The records a disclosure can carry, and the subgraph whose SDL marks their fields. */
const DISCLOSABLE_TYPES = ['ContactCase', 'Customer', 'WarningMarker'];
/** Warning markers are placed by a force: only an agreement with a police provider shares them. */
const POLICE_PROVIDED_TYPES = ['WarningMarker'];

let disclosableMarkings: Map<string, string> | undefined;

/** The marking of every field of a disclosable record, read once from the contacts SDL. */
function disclosableFields(): Map<string, string> {
  disclosableMarkings ??= new Map(
    [...accessByField(parse(subgraphSdl('contacts')))]
      .filter(([coordinate]) => DISCLOSABLE_TYPES.includes(coordinate.split('.')[0]!))
      .map(([coordinate, access]) => [coordinate, access.marking]),
  );
  return disclosableMarkings;
}

const calendarDate = z.string().superRefine((value, context) => {
  const problem = calendarDateProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const organisationCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => {
    const registered = registeredOrganisation(code);
    return registered !== undefined && standingOf(registered) === 'MEMBER';
  }, 'must be the code of a member organisation');

const ProposeInput = z
  .object({
    title: textInput(200),
    provider: organisationCode,
    recipient: organisationCode,
    lawfulBasis: textInput(500),
    purposes: z
      .array(z.enum(SHARING_PURPOSES))
      .min(1, 'must name at least one purpose')
      .transform((list) => [...new Set(list)]),
    sharedFields: z
      .array(z.string().trim())
      .min(1, 'must name at least one field')
      .transform((list) => [...new Set(list)]),
    startsOn: calendarDate,
    endsOn: calendarDate,
    idempotencyKey: idempotencyKeyInput,
  })
  .superRefine((input, context) => {
    if (input.provider === input.recipient)
      context.addIssue({ code: 'custom', path: ['recipient'], message: 'must not be the provider: an agreement is between two organisations' });
    if (input.endsOn < input.startsOn) context.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    input.sharedFields.forEach((coordinate, index) => {
      const problem = sharedFieldProblem(coordinate, input.provider, input.recipient);
      if (problem) context.addIssue({ code: 'custom', path: ['sharedFields', index], message: problem });
    });
  });

/** Why an agreement between these parties cannot share a field, or null when it can. */
function sharedFieldProblem(coordinate: string, provider: string, recipient: string): string | null {
  const marking = disclosableFields().get(coordinate);
  if (!marking) return `must be a field of a disclosable record (${DISCLOSABLE_TYPES.join(', ')}) written Type.field, such as ContactCase.summary`;
  const police = (code: string) => sectorOf(code) === 'POLICE';
  if (POLICE_PROVIDED_TYPES.includes(coordinate.split('.')[0]!) && !police(provider)) return 'is placed by a police force: only a police provider shares it';
  // Never more than the provider may read itself, nor than the recipient may ever read.
  if (marking === 'POLICE' && !(police(provider) && police(recipient))) return 'is marked POLICE: only an agreement between police forces shares it';
  return null;
}

const ApproveInput = z.object({ agreementId: uuidInput, version: versionInput });
const ChangeInput = ApproveInput.extend({ reason: textInput(500) });

/** The information-governance lead's organisation, when it is a party (the scope was checked before the resolver ran). */
function partyOf(viewer: Viewer, agreement: Pick<SharingAgreementRow, 'providerCode' | 'recipientCode'>): 'provider' | 'recipient' {
  const { organisation } = writer(viewer);
  if (organisation === agreement.providerCode) return 'provider';
  if (organisation === agreement.recipientCode) return 'recipient';
  throw new GraphQLError("Only an information-governance lead of one of the agreement's parties changes it", { extensions: { code: 'FORBIDDEN' } });
}

/** The agreement as of the version the caller read, locked for the change; unknown unless the viewer's organisation may see it. */
async function agreementAtVersion(db: Database, id: string, version: number): Promise<SharingAgreementRow> {
  const [current] = await db.select().from(sharingAgreement).where(eq(sharingAgreement.id, id)).for('update');
  if (!current) throw invalidField('input.agreementId', 'no agreement of your organisation has this id');
  if (current.version !== version) throw conflict('The agreement', current.version);
  return current;
}

/** A party's move of an agreement to a new status, for a reason. */
interface StatusChange {
  to: 'SUSPENDED' | 'ENDED';
  /** Why the agreement as it stands cannot make this move, or null when it can. */
  refusal: (current: SharingAgreementRow) => string | null;
  /** Whether both approvals go with it, so that it takes both parties to make it ACTIVE again. */
  clearsApprovals: boolean;
}

/**
 * Moves the agreement the caller read to `change.to`: locked at the caller's version,
 * changed only by a party, refused as `change.refusal` says, and audited in the same transaction.
 */
async function changeStatus({ viewer, write, loaders }: Context, input: unknown, change: StatusChange): Promise<SharingAgreementRow | null> {
  const { agreementId, version, reason } = validated(ChangeInput, input);
  await write(async (db, changes) => {
    const current = await agreementAtVersion(db, agreementId, version);
    partyOf(viewer, current);
    const refusal = change.refusal(current);
    if (refusal) throw invalidField('input.agreementId', refusal);
    await db
      .update(sharingAgreement)
      .set({
        status: change.to,
        statusReason: reason,
        ...(change.clearsApprovals ? { providerApprovedBy: null, providerApprovedAt: null, recipientApprovedBy: null, recipientApprovedAt: null } : {}),
        version: current.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(sharingAgreement.id, current.id));
    changes.record({
      action: 'ALTERATION',
      entityType: 'InformationSharingAgreement',
      ids: [current.id],
      fields: change.clearsApprovals ? ['approvals', 'status', 'statusReason'] : ['status', 'statusReason'],
      ownerOrganisation: current.providerCode,
      sharingRoute: current.id,
    });
  });
  return loaders.sharingAgreementById.clear(agreementId).load(agreementId);
}

const AGREEMENT_FIELDS = ['title', 'provider', 'recipient', 'lawfulBasis', 'purposes', 'sharedFields', 'startsOn', 'endsOn', 'status'];

export const sharingAgreementGovernance = {
  proposeSharingAgreement: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...terms } = validated(ProposeInput, input);
    const { subject } = writer(viewer);
    partyOf(viewer, { providerCode: terms.provider, recipientCode: terms.recipient });
    const id = await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'proposeSharingAgreement', input: terms }, async (newId) => {
        await db.insert(sharingAgreement).values({
          id: newId,
          reference: sql`'ISA-' || extract(year from now())::int || '-' || lpad(nextval('people.sharing_agreement_number')::text, 4, '0')`,
          title: terms.title,
          providerCode: terms.provider,
          recipientCode: terms.recipient,
          lawfulBasis: terms.lawfulBasis,
          purposes: terms.purposes,
          sharedFields: terms.sharedFields,
          startsOn: terms.startsOn,
          endsOn: terms.endsOn,
          proposedBy: subject,
        });
        changes.record({
          action: 'COLLECTION',
          entityType: 'InformationSharingAgreement',
          ids: [newId],
          fields: AGREEMENT_FIELDS,
          ownerOrganisation: terms.provider,
          sharingRoute: newId,
        });
      }),
    );
    return loaders.sharingAgreementById.clear(id).load(id);
  },

  approveSharingAgreement: async (_parent, { input }, { viewer, write, loaders }) => {
    const approval = validated(ApproveInput, input);
    const { subject } = writer(viewer);
    await write(async (db, changes) => {
      const current = await agreementAtVersion(db, approval.agreementId, approval.version);
      const side = partyOf(viewer, current);
      if (current.status !== 'DRAFT' && current.status !== 'SUSPENDED')
        throw invalidField('input.agreementId', `is ${current.status.toLowerCase()}: only a draft or suspended agreement is approved`);
      if ((side === 'provider' ? current.providerApprovedBy : current.recipientApprovedBy) !== null)
        throw invalidField('input.agreementId', `is already approved for your organisation's side (the ${side})`);
      const otherSideApproved = (side === 'provider' ? current.recipientApprovedBy : current.providerApprovedBy) !== null;
      const now = new Date();
      await db
        .update(sharingAgreement)
        .set({
          ...(side === 'provider' ? { providerApprovedBy: subject, providerApprovedAt: now } : { recipientApprovedBy: subject, recipientApprovedAt: now }),
          ...(otherSideApproved ? { status: 'ACTIVE' as const, statusReason: null } : {}),
          version: current.version + 1,
          updatedAt: now,
        })
        .where(eq(sharingAgreement.id, current.id));
      changes.record({
        action: 'ALTERATION',
        entityType: 'InformationSharingAgreement',
        ids: [current.id],
        fields: otherSideApproved ? ['approvals', 'status'] : ['approvals'],
        ownerOrganisation: current.providerCode,
        sharingRoute: current.id,
      });
    });
    return loaders.sharingAgreementById.clear(approval.agreementId).load(approval.agreementId);
  },

  suspendSharingAgreement: (_parent, { input }, context) =>
    changeStatus(context, input, {
      to: 'SUSPENDED',
      refusal: (current) => (current.status === 'ACTIVE' ? null : `is ${current.status.toLowerCase()}: only an active agreement is suspended`),
      clearsApprovals: true,
    }),

  endSharingAgreement: (_parent, { input }, context) =>
    changeStatus(context, input, {
      to: 'ENDED',
      refusal: (current) => (current.status === 'ENDED' ? 'has ended already' : null),
      clearsApprovals: false,
    }),
} satisfies Pick<MutationResolvers, 'proposeSharingAgreement' | 'approveSharingAgreement' | 'suspendSharingAgreement' | 'endSharingAgreement'>;
