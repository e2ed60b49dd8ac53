// The demo's information-sharing agreements (docs/sharing.md), with fixed ids that the docs and
// tests name: each council refers cases to the force for safeguarding, and the force places
// staff-safety warnings for Somerset County Council. All three were approved by both parties
// on the first day of the demo data and run for five years.
import { PERSONAS } from '../../platform/personas.js';
import { sharingAgreement } from '../people.js';
import type { Database } from '../../platform/database.js';
import type { Row } from './bulk.js';
import { DEMO_JOINING_DAY, POLICE, SCC, TDBC } from './members.js';

export const SCC_SAFEGUARDING_AGREEMENT = '5a0f1c3e-7b2d-4c86-9e41-2d8b6f0a9c11';
export const TDBC_SAFEGUARDING_AGREEMENT = '5a0f1c3e-7b2d-4c86-9e41-2d8b6f0a9c12';
export const POLICE_STAFF_SAFETY_AGREEMENT = '5a0f1c3e-7b2d-4c86-9e41-2d8b6f0a9c13';
/** The one warning marker placed under it. */
export const SEEDED_WARNING_MARKER = '7c4e2a90-1d3b-4f5e-8a6c-0b9d2e4f6a01';

/** What a safeguarding referral shares of a council case and its customer. */
export const SAFEGUARDING_FIELDS = [
  'ContactCase.reference',
  'ContactCase.organisation',
  'ContactCase.kind',
  'ContactCase.channel',
  'ContactCase.service',
  'ContactCase.status',
  'ContactCase.summary',
  'ContactCase.openedAt',
  'ContactCase.closedAt',
  'ContactCase.outcome',
  'ContactCase.customer',
  'ContactCase.notes',
  'Customer.displayName',
  'Customer.givenName',
  'Customer.familyName',
  'Customer.dateOfBirth',
  'Customer.address',
];

/** What a staff-safety warning shares: the warning, never the police record behind it. */
export const STAFF_SAFETY_FIELDS = [
  'WarningMarker.warning',
  'WarningMarker.placedAt',
  'WarningMarker.placedBy',
  'WarningMarker.agreement',
  'WarningMarker.uprn',
];

const APPROVED_AT = new Date(`${DEMO_JOINING_DAY}T10:00:00Z`);
const SAFEGUARDING_BASIS = 'Children Act 2004 s11; Care Act 2014 s45; Data Protection Act 2018 Sch 8 para 4';

function agreement(
  id: string,
  reference: string,
  title: string,
  provider: string,
  recipient: string,
  terms: { lawfulBasis: string; purposes: string[]; sharedFields: string[] },
): Row<typeof sharingAgreement> {
  const lead = (code: string) => (code === POLICE ? PERSONAS['police-ig-lead'].subject : PERSONAS['council-ig-lead'].subject);
  return {
    id,
    reference,
    title,
    providerCode: provider,
    recipientCode: recipient,
    ...terms,
    startsOn: DEMO_JOINING_DAY,
    endsOn: '2029-03-31',
    status: 'ACTIVE',
    statusReason: null,
    proposedBy: lead(provider),
    providerApprovedBy: lead(provider),
    providerApprovedAt: APPROVED_AT,
    recipientApprovedBy: lead(recipient),
    recipientApprovedAt: APPROVED_AT,
    version: 3,
    createdAt: APPROVED_AT,
    updatedAt: APPROVED_AT,
  };
}

/** Three rows with array columns, which the seed's unnest() inserts cannot carry: a plain insert. */
export async function seedSharingAgreements(db: Database): Promise<void> {
  const safeguarding = { lawfulBasis: SAFEGUARDING_BASIS, purposes: ['SAFEGUARDING'], sharedFields: SAFEGUARDING_FIELDS };
  await db.insert(sharingAgreement).values([
    agreement(
      SCC_SAFEGUARDING_AGREEMENT,
      'ISA-2024-0001',
      'Somerset County Council safeguarding referrals to Avon and Somerset Police',
      SCC,
      POLICE,
      safeguarding,
    ),
    agreement(
      TDBC_SAFEGUARDING_AGREEMENT,
      'ISA-2024-0002',
      'Taunton Deane Borough Council safeguarding referrals to Avon and Somerset Police',
      TDBC,
      POLICE,
      safeguarding,
    ),
    agreement(POLICE_STAFF_SAFETY_AGREEMENT, 'ISA-2024-0003', 'Avon and Somerset Police staff-safety warnings to Somerset County Council', POLICE, SCC, {
      lawfulBasis: 'Health and Safety at Work etc. Act 1974 s3; Data Protection Act 2018 s35',
      purposes: ['STAFF_SAFETY'],
      sharedFields: STAFF_SAFETY_FIELDS,
    }),
  ]);
}
