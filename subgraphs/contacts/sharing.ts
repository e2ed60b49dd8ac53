// What the contacts subgraph shares under information-sharing agreements (docs/sharing.md): a
// council discloses a case of its own to the recipient of an agreement in force; a force
// places a staff-safety warning on an address under an agreement with a council. The
// recipient's reads of either are decided by the agreement's terms (platform/agreements.ts),
// in the resolvers below and by row-level security.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { agreementTermsById, refusalUnder, type AgreementTerms } from '../../platform/agreements.js';
import type { Database } from '../../platform/database.js';
import { idempotencyKeyInput, idempotently, invalidField, textInput, uuidInput, validated, writer } from '../../platform/mutations.js';
import type { Connection } from '../../platform/pagination.js';
import { caseDisclosure, contactCase, idempotencyKey, warningMarker, type CaseDisclosureRow } from '../../drizzle/contacts.js';
import { fields } from './customerDetails.js';
import type { MutationResolvers } from './generated/resolvers.js';
import type { Context } from './loaders.js';

const DiscloseInput = z.object({ caseId: uuidInput, agreementId: uuidInput, reason: textInput(1000) });

const PlaceMarkerInput = z.object({
  agreementId: uuidInput,
  uprn: fields.uprn,
  warning: textInput(500),
  policeReference: textInput(40).regex(/^[A-Za-z0-9/-]+$/, 'must be letters, digits, - or /'),
  idempotencyKey: idempotencyKeyInput,
});

/** The terms of an agreement the viewer's organisation provides under, in force, sharing fields of `type`; else why not, naming the field. */
async function termsToProvideUnder(db: Database, organisation: string, agreementId: string, type: string): Promise<AgreementTerms> {
  // Read in the transaction, under its row-level security: the agreement as it stands now.
  const terms = await agreementTermsById(db).load(agreementId);
  if (!terms || terms.providerCode !== organisation) throw invalidField('input.agreementId', 'no agreement your organisation provides under has this id');
  if (terms.standing !== 'IN_FORCE')
    throw invalidField('input.agreementId', `is not in force (${terms.standing.toLowerCase().replace('_', ' ')}): nothing is shared under it`);
  if (!terms.sharedFields.some((coordinate) => coordinate.startsWith(`${type}.`))) throw invalidField('input.agreementId', `does not share ${type} records`);
  return terms;
}

export const sharingMutations = {
  discloseContactCase: async (_parent, { input }, { viewer, write, loaders }) => {
    const disclosure = validated(DiscloseInput, input);
    const { subject, organisation } = writer(viewer);
    const id = await write(async (db, changes) => {
      // Row-level security shows the discloser only the cases it may read; only its own are disclosed.
      const [theCase] = await db.select().from(contactCase).where(eq(contactCase.id, disclosure.caseId));
      if (!theCase || theCase.organisationCode !== organisation) throw invalidField('input.caseId', 'no case of your organisation has this id');
      if (theCase.kind !== 'COUNCIL_SERVICE') throw invalidField('input.caseId', 'is a police contact: police contacts are not disclosed');
      const terms = await termsToProvideUnder(db, organisation, disclosure.agreementId, 'ContactCase');
      const [made] = await db
        .insert(caseDisclosure)
        .values({
          id: randomUUID(),
          caseId: theCase.id,
          caseReference: theCase.reference,
          agreementId: terms.id,
          providerCode: organisation,
          recipientCode: terms.recipientCode,
          reason: disclosure.reason,
          disclosedBy: subject,
        })
        .onConflictDoNothing()
        .returning({ id: caseDisclosure.id });
      // Disclosed under this agreement before: the first disclosure stands, unchanged.
      if (!made) {
        const [earlier] = await db
          .select({ id: caseDisclosure.id })
          .from(caseDisclosure)
          .where(and(eq(caseDisclosure.caseId, theCase.id), eq(caseDisclosure.agreementId, terms.id)));
        return earlier!.id;
      }
      changes.record({
        action: 'DISCLOSURE',
        entityType: 'ContactCase',
        ids: [theCase.id],
        fields: terms.sharedFields.filter((coordinate) => coordinate.startsWith('ContactCase.')).map((coordinate) => coordinate.split('.')[1]!),
        ownerOrganisation: organisation,
        sharingRoute: terms.id,
      });
      return made.id;
    });
    return loaders.disclosureById.clear(id).load(id);
  },

  placeWarningMarker: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...marker } = validated(PlaceMarkerInput, input);
    const { subject, organisation } = writer(viewer);
    const id = await write((db, changes) =>
      idempotently(db, { table: idempotencyKey, viewer, key, operation: 'placeWarningMarker', input: marker }, async (newId) => {
        const terms = await termsToProvideUnder(db, organisation, marker.agreementId, 'WarningMarker');
        await db.insert(warningMarker).values({
          id: newId,
          organisationCode: organisation,
          agreementId: terms.id,
          recipientCode: terms.recipientCode,
          uprn: marker.uprn,
          warning: marker.warning,
          policeReference: marker.policeReference,
          placedBy: subject,
        });
        changes.record({
          action: 'COLLECTION',
          entityType: 'WarningMarker',
          ids: [newId],
          fields: ['policeReference', 'uprn', 'warning'],
          ownerOrganisation: organisation,
          sharingRoute: terms.id,
        });
      }),
    );
    return loaders.markerById.clear(id).load(id);
  },
} satisfies Pick<MutationResolvers, 'discloseContactCase' | 'placeWarningMarker'>;

/**
 * A page of disclosures to the viewer's organisation, refused once, with the agreement's code,
 * when none of the agreements on it lets the viewer read (rather than one refusal per field of
 * every case); the refusal is recorded under that agreement. Under one named agreement, that
 * agreement decides, whatever is on the page.
 */
export async function readableDisclosures(
  { viewer, loaders, audit }: Pick<Context, 'viewer' | 'loaders' | 'audit'>,
  recipient: string,
  connection: Connection<CaseDisclosureRow>,
  agreement: AgreementTerms | null,
): Promise<Connection<CaseDisclosureRow>> {
  const terms = agreement ? [agreement] : await loaders.termsOfDisclosuresToViewer(connection.edges.map((edge) => edge.node));
  const refusal = refusalUnder(viewer, terms);
  if (refusal) {
    audit.notReturned('ContactCase', recipient, ['disclosedContactCases'], refusal.agreementId);
    throw refusal;
  }
  return connection;
}
