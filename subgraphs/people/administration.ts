// The organisation registry's administration through the graph: the shared-service company's
// administrators (tenancy:admin) onboard members, change the services they draw down, suspend,
// reinstate and record their leaving. Each change is one transaction with its audit record,
// versioned (or idempotent, for onboarding); this process reads the registry again at once and
// every other process within REGISTRY_REFRESH_MS (docs/organisations.md).
import { eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { organisation, peopleIdempotencyKey, type OrganisationRow } from '../../drizzle/people.js';
import { calendarDateProblem, todayInUk } from '../../platform/dates.js';
import { idempotencyKeyInput, idempotently, invalidField, textInput, validated, versionInput, writer } from '../../platform/mutations.js';
import { rereadRegistry, SERVICES, standingOf, type Service } from '../../platform/organisations.js';
import type { Viewer } from '../../platform/policy.js';
import type { MutationResolvers } from './generated/resolvers.js';
import { gssCodeProblem, onboard, organisationAtVersion, recordStatus, replaceEntitlements } from './registry.js';

const services = z
  .array(z.enum(SERVICES as [Service, ...Service[]], { error: `must be one of ${SERVICES.join(', ')}` }))
  .min(1, 'must name at least one service')
  .transform((list) => [...new Set(list)]);

const organisationCode = z.string().trim().toUpperCase();

const OnboardOrganisationInput = z
  .object({
    code: organisationCode,
    name: textInput(200),
    sector: z.enum(['COUNCIL', 'POLICE'], { error: 'must be COUNCIL or POLICE: the hub has one shared-service company' }),
    services,
    idempotencyKey: idempotencyKeyInput,
  })
  .superRefine(({ code, sector }, context) => {
    const problem = gssCodeProblem(code, sector);
    if (problem) context.addIssue({ code: 'custom', path: ['code'], message: problem });
  });

const ChangeEntitlementsInput = z.object({ code: organisationCode, services, version: versionInput });
const ChangeStandingInput = z.object({ code: organisationCode, reason: textInput(500), version: versionInput });
const RecordLeavingInput = ChangeStandingInput.extend({
  leavingDate: z.string().superRefine((value, context) => {
    const problem = calendarDateProblem(value) ?? (value < todayInUk() ? 'must be today or later' : null);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
});

/** The administrator: a signed-in user of the shared-service company (the scope was checked before the resolver ran). */
function administrator(viewer: Viewer): { subject: string } {
  const { subject } = writer(viewer);
  if (viewer.kind !== 'user' || viewer.organisation.sector !== 'SHARED_SERVICE') {
    throw new GraphQLError("Only the shared-service company's administrators change the organisation registry", { extensions: { code: 'FORBIDDEN' } });
  }
  return { subject };
}

/** A member still served (not a candidate, suspended or gone), or the reason it is not. */
function mustBeMember(current: OrganisationRow, what: string): void {
  const standing = standingOf(current);
  if (standing !== 'MEMBER') throw invalidField('input.code', `is ${standing.toLowerCase()}, not a member: ${what}`);
}

const ALL_FIELDS = ['status', 'services', 'joinedOn', 'leavingOn', 'caseReferencePrefix'];

export const organisationAdministration = {
  onboardOrganisation: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...joining } = validated(OnboardOrganisationInput, input);
    const { subject } = administrator(viewer);
    await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'onboardOrganisation', input: joining }, async () => {
        await onboard(db, { ...joining, joinedOn: todayInUk(), reason: 'Onboarded', recordedBy: subject });
        changes.record({
          action: 'COLLECTION',
          entityType: 'Organisation',
          ids: [joining.code],
          fields: ['name', 'sector', ...ALL_FIELDS],
          ownerOrganisation: joining.code,
        });
      }),
    );
    await rereadRegistry();
    return loaders.organisationByCode.clear(joining.code).load(joining.code);
  },

  changeEntitlements: async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(ChangeEntitlementsInput, input);
    administrator(viewer);
    await write(async (db, changes) => {
      const current = await organisationAtVersion(db, change.code, change.version);
      mustBeMember(current, 'only members draw down services');
      await replaceEntitlements(db, current.code, change.services, todayInUk());
      await db
        .update(organisation)
        .set({ version: current.version + 1, updatedAt: new Date() })
        .where(eq(organisation.code, current.code));
      changes.record({ action: 'ALTERATION', entityType: 'Organisation', ids: [current.code], fields: ['services'], ownerOrganisation: current.code });
    });
    await rereadRegistry();
    return loaders.organisationByCode.clear(change.code).load(change.code);
  },

  suspendOrganisation: async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(ChangeStandingInput, input);
    const { subject } = administrator(viewer);
    if (viewer.kind === 'user' && change.code === viewer.organisation.code) {
      throw invalidField('input.code', 'is your own organisation: its administrators would lose the registry');
    }
    await write(async (db, changes) => {
      const current = await organisationAtVersion(db, change.code, change.version);
      mustBeMember(current, 'only a member can be suspended');
      await db
        .update(organisation)
        .set({ status: 'SUSPENDED', version: current.version + 1, updatedAt: new Date() })
        .where(eq(organisation.code, current.code));
      await recordStatus(db, current.code, 'SUSPENDED', todayInUk(), change.reason, subject);
      changes.record({ action: 'ALTERATION', entityType: 'Organisation', ids: [current.code], fields: ['status'], ownerOrganisation: current.code });
    });
    await rereadRegistry();
    return loaders.organisationByCode.clear(change.code).load(change.code);
  },

  reinstateOrganisation: async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(ChangeStandingInput, input);
    const { subject } = administrator(viewer);
    await write(async (db, changes) => {
      const current = await organisationAtVersion(db, change.code, change.version);
      if (current.status !== 'SUSPENDED')
        throw invalidField('input.code', `is ${current.status.toLowerCase()}, not suspended: only a suspended member can be reinstated`);
      await db
        .update(organisation)
        .set({ status: 'MEMBER', version: current.version + 1, updatedAt: new Date() })
        .where(eq(organisation.code, current.code));
      await recordStatus(db, current.code, 'MEMBER', todayInUk(), change.reason, subject);
      changes.record({ action: 'ALTERATION', entityType: 'Organisation', ids: [current.code], fields: ['status'], ownerOrganisation: current.code });
    });
    await rereadRegistry();
    return loaders.organisationByCode.clear(change.code).load(change.code);
  },

  recordOrganisationLeaving: async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(RecordLeavingInput, input);
    const { subject } = administrator(viewer);
    if (viewer.kind === 'user' && change.code === viewer.organisation.code) {
      throw invalidField('input.code', 'is your own organisation: its administrators would lose the registry');
    }
    await write(async (db, changes) => {
      const current = await organisationAtVersion(db, change.code, change.version);
      if (current.status === 'CANDIDATE' || current.status === 'LEFT') throw invalidField('input.code', `is ${current.status.toLowerCase()}, not a member`);
      if (current.joinedOn && change.leavingDate < current.joinedOn)
        throw invalidField('input.leavingDate', `must not be before the day it joined, ${current.joinedOn}`);
      await db
        .update(organisation)
        .set({ leavingOn: change.leavingDate, version: current.version + 1, updatedAt: new Date() })
        .where(eq(organisation.code, current.code));
      await recordStatus(db, current.code, 'LEFT', change.leavingDate, change.reason, subject);
      changes.record({ action: 'ALTERATION', entityType: 'Organisation', ids: [current.code], fields: ['leavingOn'], ownerOrganisation: current.code });
    });
    await rereadRegistry();
    return loaders.organisationByCode.clear(change.code).load(change.code);
  },
} satisfies Pick<
  MutationResolvers,
  'onboardOrganisation' | 'changeEntitlements' | 'suspendOrganisation' | 'reinstateOrganisation' | 'recordOrganisationLeaving'
>;
