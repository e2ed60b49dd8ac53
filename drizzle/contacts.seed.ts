// The contacts subgraph's demo data: residents, and the council service cases and
// police contacts about them, assigned to people's contact centre, control room and
// investigation staff, with case notes.
import { caseDisclosure, caseNote, contactCase, customer, warningMarker } from './contacts.js';
import { PERSONAS } from '../platform/personas.js';
import { POLICE_STAFF_SAFETY_AGREEMENT, SEEDED_WARNING_MARKER, SCC_SAFEGUARDING_AGREEMENT, TDBC_SAFEGUARDING_AGREEMENT } from './seed/agreements.js';
import { inBatches, insertFamilies, volume, type Family, type Row, type SeedRun } from './seed/bulk.js';
import { AS_AT, AS_AT_MS, DAY_MS, dayOf, FIRST_DAY, HOUR_MS, isoDate, officeTime } from './seed/calendar.js';
import { CASE_PREFIX, perMember, POLICE, SCC, SWONE, TDBC, type MemberCode } from './seed/members.js';
import { address, emailPart, FAMILY_NAMES, FORCE_TOWNS, GIVEN_NAMES, LOCAL_TOWNS, SOMERSET_TOWNS, STREETS, type Towns } from './seed/names.js';
import { required, Rng, Weighted } from './seed/random.js';

/** What cases need from people about one organisation's staff. */
interface CaseWorkers {
  personIds: readonly string[];
  /** Contact centre, control room and investigation staff, who take most cases. */
  pools: Record<'contact' | 'control' | 'investigation', readonly string[]>;
}

export async function seedContacts({ insert, scale, log }: SeedRun, staff: Record<MemberCode, CaseWorkers>): Promise<void> {
  log('seeding customers');
  const customerIds = perMember<string[]>(() => []);
  const firstUprns: Partial<Record<MemberCode, string>> = {};
  for (const batch of inBatches(customerRows(scale, customerIds, firstUprns))) await insert(customer, batch);
  log('seeding contact cases');
  const referrals: Row<typeof caseDisclosure>[] = [];
  await insertFamilies(insert, contactCase, caseNote, contactCaseRows(scale, staff, customerIds, referrals));
  log('seeding disclosures and warning markers');
  for (const batch of inBatches(referrals.values())) await insert(caseDisclosure, batch);
  await insert(warningMarker, [homeVisitWarning(required(firstUprns[SCC], 'a Somerset County Council customer'))]);
}

/** The seeded staff-safety warning, on the first Somerset County Council customer's address. */
function homeVisitWarning(uprn: string): Row<typeof warningMarker> {
  return {
    id: SEEDED_WARNING_MARKER,
    organisationCode: POLICE,
    agreementId: POLICE_STAFF_SAFETY_AGREEMENT,
    recipientCode: SCC,
    uprn,
    warning: 'Contact the police liaison officer before a home visit.',
    policeReference: 'ASP-CR-2025-000417',
    placedBy: PERSONAS['police-ig-lead'].subject,
    placedAt: new Date(AS_AT_MS - 30 * DAY_MS),
  };
}

// Residents are customers of the councils and the force, not of the shared-service company.
const CUSTOMER_SHARE = new Weighted<MemberCode>([
  [SCC, 45],
  [TDBC, 35],
  [POLICE, 20],
]);
const CUSTOMER_TOWNS: Record<MemberCode, Towns> = { [SCC]: SOMERSET_TOWNS, [TDBC]: LOCAL_TOWNS, [POLICE]: FORCE_TOWNS, [SWONE]: SOMERSET_TOWNS };

/** Residents, streamed; their ids are kept per organisation for the cases that follow. */
function* customerRows(
  scale: number,
  idsByOrg: Record<MemberCode, string[]>,
  firstUprns: Partial<Record<MemberCode, string>>,
): Generator<Row<typeof customer>> {
  const rng = new Rng('customers');
  const count = volume(20_000, scale);
  for (let i = 0; i < count; i += 1) {
    const code = CUSTOMER_SHARE.pick(rng);
    const id = rng.uuid();
    const givenName = rng.pick(GIVEN_NAMES);
    const familyName = rng.pick(FAMILY_NAMES);
    const home = address(rng, CUSTOMER_TOWNS[code]);
    idsByOrg[code].push(id);
    const row: Row<typeof customer> = {
      id,
      organisationCode: code,
      givenName,
      familyName,
      dateOfBirth: rng.chance(0.1) ? null : isoDate(FIRST_DAY - rng.int(17 * 365, 92 * 365)),
      // example.com and Ofcom's drama number ranges: never a real inbox or line.
      email: rng.chance(0.3) ? null : `${emailPart(givenName)}.${emailPart(familyName)}${rng.int(1, 99)}@example.com`,
      phone: rng.chance(0.2)
        ? null
        : rng.chance(0.75)
          ? `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`
          : `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`,
      addressLine1: home.line1,
      town: home.town,
      postcode: home.postcode,
      uprn: `10${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`,
      version: 1,
      updatedAt: AS_AT,
    };
    firstUprns[code] ??= row.uprn!;
    yield row;
  }
}

interface ServiceEntry {
  code: string;
  name: string;
  summaries: readonly string[];
}

// A synthetic subset in the style of the LGA Local Government Service List: the codes
// are illustrative, not the list's real identifiers. County and district services differ.
const COUNTY_SERVICES: readonly ServiceEntry[] = [
  { code: '86', name: 'Pothole reporting', summaries: ['Pothole reported on {street}', 'Road surface damage near {street}'] },
  { code: '77', name: 'Street lighting faults', summaries: ['Street light out on {street}', 'Street light flickering on {street}'] },
  { code: '10', name: 'School admissions', summaries: ['In-year school place application', 'Query about secondary school offer'] },
  { code: '65', name: 'Blue Badge parking permits', summaries: ['Blue Badge renewal', 'New Blue Badge application'] },
  { code: '3', name: 'Adult social care assessment', summaries: ['Request for care needs assessment', 'Carer asking for support review'] },
  { code: '8', name: "Children's social care referral", summaries: ['Concern raised about a child', 'Referral from school'] },
  { code: '47', name: 'Concessionary bus passes', summaries: ['Lost bus pass replacement', 'New older person bus pass'] },
  { code: '180', name: 'Library membership', summaries: ['Library card renewal', 'Query about overdue items'] },
  { code: '72', name: 'Public rights of way', summaries: ['Footpath obstructed near {street}', 'Stile broken on public footpath'] },
  { code: '499', name: 'Flooding and drainage', summaries: ['Blocked road drain on {street}', 'Surface water flooding on {street}'] },
];
const DISTRICT_SERVICES: readonly ServiceEntry[] = [
  { code: '524', name: 'Missed bin collection', summaries: ['Refuse bin not collected on {street}', 'Recycling box missed on {street}'] },
  { code: '528', name: 'Bulky waste collection', summaries: ['Bulky waste collection booking', 'Bulky item left after collection'] },
  { code: '527', name: 'Garden waste subscription', summaries: ['Garden waste subscription renewal', 'Garden waste bin not delivered'] },
  { code: '838', name: 'Council Tax', summaries: ['Change of address for Council Tax', 'Single person discount application', 'Council Tax instalment query'] },
  { code: '848', name: 'Housing Benefit', summaries: ['Change in circumstances reported', 'Housing Benefit claim progress'] },
  { code: '486', name: 'Planning applications', summaries: ['Objection to planning application', 'Query about planning application status'] },
  { code: '496', name: 'Fly-tipping', summaries: ['Fly-tipping reported on {street}', 'Dumped mattresses on {street}'] },
  { code: '484', name: 'Noise complaints', summaries: ['Noise from neighbouring property', 'Late night music complaint'] },
  { code: '563', name: 'Council housing repairs', summaries: ['Boiler not working', 'Damp and mould in council flat', 'Leaking roof reported'] },
  { code: '498', name: 'Dog fouling', summaries: ['Dog fouling on {street}'] },
  { code: '463', name: 'Parking permits', summaries: ['Resident parking permit application', 'Visitor permit query'] },
];
// Police contacts are outside the LGA list; these codes are the force's own categories.
const POLICE_101_SERVICES: readonly ServiceEntry[] = [
  { code: '101-ASB', name: 'Anti-social behaviour', summaries: ['Youths causing a nuisance on {street}', 'Repeated anti-social behaviour near {street}'] },
  { code: '101-LOST', name: 'Lost or found property', summaries: ['Wallet handed in', 'Lost mobile phone reported'] },
  {
    code: '101-RTC',
    name: 'Road traffic collision (non-injury)',
    summaries: ['Minor collision on {street}, details exchanged', 'Damage-only collision reported'],
  },
  { code: '101-INFO', name: 'Information report', summaries: ['Suspicious vehicle seen on {street}', 'Information about possible drug dealing'] },
  { code: '101-ENQ', name: 'General enquiry', summaries: ['Query about firearms licence', 'Request for update on earlier report'] },
];
const CRIME_SERVICES: readonly ServiceEntry[] = [
  { code: 'CR-THEFT', name: 'Theft', summaries: ['Bicycle stolen from {street}', 'Shoplifting reported by store'] },
  { code: 'CR-BURG', name: 'Burglary', summaries: ['Residential burglary on {street}', 'Shed broken into on {street}'] },
  { code: 'CR-DAM', name: 'Criminal damage', summaries: ['Car window smashed on {street}', 'Graffiti on property on {street}'] },
  { code: 'CR-FRAUD', name: 'Fraud', summaries: ['Online purchase scam reported', 'Doorstep fraud against elderly resident'] },
  { code: 'CR-ASSAULT', name: 'Assault', summaries: ['Assault outside licensed premises', 'Common assault reported'] },
  { code: 'CR-VEH', name: 'Vehicle crime', summaries: ['Catalytic converter stolen on {street}', 'Theft from motor vehicle on {street}'] },
];

const COUNCIL_NOTES = [
  'Called the customer back and explained the next steps.',
  'Passed to the service team for action.',
  'Customer confirmed the issue is resolved.',
  'Awaiting further information from the customer.',
  'Inspection booked.',
  'Reply sent by e-mail.',
];
const POLICE_NOTES = [
  'Incident log reviewed; no further action.',
  'Caller given crime prevention advice.',
  'Officer attendance arranged.',
  'Passed to the neighbourhood team for follow-up.',
  'Update given to the caller.',
  'Linked to an existing occurrence.',
];

const CASE_SHARE = new Weighted<'SCC' | 'TDBC' | 'POLICE_101' | 'CRIME_REPORT'>([
  ['SCC', 40],
  ['TDBC', 35],
  ['POLICE_101', 15],
  ['CRIME_REPORT', 10],
]);
type Channel = 'PHONE' | 'EMAIL' | 'WEB' | 'FACE_TO_FACE' | 'LETTER' | 'SOCIAL_MEDIA';
const COUNCIL_CHANNEL = new Weighted<Channel>([
  ['PHONE', 40],
  ['WEB', 30],
  ['EMAIL', 15],
  ['FACE_TO_FACE', 8],
  ['LETTER', 4],
  ['SOCIAL_MEDIA', 3],
]);
const POLICE_CHANNEL = new Weighted<Channel>([
  ['PHONE', 70],
  ['WEB', 25],
  ['FACE_TO_FACE', 5],
]);
type CaseStatus = 'OPEN' | 'IN_PROGRESS' | 'AWAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED';
const SETTLED_CASE = new Weighted<CaseStatus>([
  ['CLOSED', 70],
  ['RESOLVED', 25],
  ['IN_PROGRESS', 3],
  ['AWAITING_CUSTOMER', 2],
]);
const RECENT_CASE = new Weighted<CaseStatus>([
  ['OPEN', 30],
  ['IN_PROGRESS', 30],
  ['AWAITING_CUSTOMER', 10],
  ['RESOLVED', 15],
  ['CLOSED', 15],
]);
const NOTE_COUNT = new Weighted<number>([
  [0, 20],
  [1, 35],
  [2, 30],
  [3, 15],
]);

/** Cases with their notes, streamed in the order they were opened. */
function* contactCaseRows(
  scale: number,
  orgs: Record<MemberCode, CaseWorkers>,
  customerIds: Record<MemberCode, string[]>,
  referrals: Row<typeof caseDisclosure>[],
): Generator<Family<typeof contactCase, typeof caseNote>> {
  const rng = new Rng('contact-cases');
  // Its own stream, so that the cases are the same as before referrals were disclosures.
  const referralRng = new Rng('case-disclosures');
  const count = volume(40_000, scale);
  const referenceSerial = new Map<string, number>();

  for (let i = 0; i < count; i += 1) {
    const share = CASE_SHARE.pick(rng);
    const isPolice = share === 'POLICE_101' || share === 'CRIME_REPORT';
    const code = share === 'SCC' ? SCC : share === 'TDBC' ? TDBC : POLICE;
    const staff = orgs[code];
    const kind = isPolice ? share : 'COUNCIL_SERVICE';
    const service = rng.pick(
      share === 'SCC' ? COUNTY_SERVICES : share === 'TDBC' ? DISTRICT_SERVICES : share === 'POLICE_101' ? POLICE_101_SERVICES : CRIME_SERVICES,
    );
    const openedDay = dayOf(rng, i, count);
    // Councils take contacts in office hours; the police round the clock (00:00 to 23:00).
    const openedMs = officeTime(rng, openedDay) + (isPolice ? rng.int(-8, 5) * HOUR_MS : 0);
    let status = (AS_AT_MS - openedMs > 30 * DAY_MS ? SETTLED_CASE : RECENT_CASE).pick(rng);
    let closedMs: number | null = null;
    if (status === 'RESOLVED' || status === 'CLOSED') {
      const hours = share === 'POLICE_101' ? rng.int(1, 48) : share === 'CRIME_REPORT' ? rng.int(24, 60 * 24) : rng.int(2, 21 * 24);
      closedMs = openedMs + hours * HOUR_MS + rng.int(0, 59) * 60_000;
      // Nothing is closed after the data's as-at moment: such a case is still being worked.
      if (closedMs > AS_AT_MS) {
        status = 'IN_PROGRESS';
        closedMs = null;
      }
    }
    // Contact centres and the control room take most cases; investigators take crime reports.
    const pool = share === 'CRIME_REPORT' && rng.chance(0.5) ? staff.pools.investigation : isPolice ? staff.pools.control : staff.pools.contact;
    const assignedPersonId = status === 'OPEN' && rng.chance(0.5) ? null : rng.chance(0.85) && pool.length > 0 ? rng.pick(pool) : rng.pick(staff.personIds);
    const customers = customerIds[code];
    const customerId = customers.length === 0 || (isPolice && rng.chance(0.2)) ? null : rng.pick(customers);
    const year = new Date(openedMs).getUTCFullYear();
    const prefix =
      share === 'POLICE_101'
        ? `ASP-101-${year}`
        : share === 'CRIME_REPORT'
          ? `ASP-CR-${year}`
          : `${required(CASE_PREFIX[code], `a case prefix for ${code}`)}-${year}`;
    const serial = (referenceSerial.get(prefix) ?? 0) + 1;
    referenceSerial.set(prefix, serial);
    const id = rng.uuid();
    const row: Row<typeof contactCase> = {
      id,
      reference: `${prefix}-${String(serial).padStart(6, '0')}`,
      organisationCode: code,
      customerId,
      kind,
      channel: (isPolice ? POLICE_CHANNEL : COUNCIL_CHANNEL).pick(rng),
      serviceCode: service.code,
      serviceName: service.name,
      status,
      summary: rng.pick(service.summaries).replace('{street}', rng.pick(STREETS)),
      openedAt: new Date(openedMs),
      closedAt: closedMs === null ? null : new Date(closedMs),
      // Seeded cases were closed before outcomes were recorded.
      outcome: null,
      outcomeNote: null,
      assignedPersonId,
      version: 1,
      updatedAt: AS_AT,
    };
    // About one council case in a hundred was referred to the force for safeguarding when it was opened.
    if (!isPolice && rng.chance(0.01)) {
      referrals.push({
        id: referralRng.uuid(),
        caseId: id,
        caseReference: row.reference,
        agreementId: code === SCC ? SCC_SAFEGUARDING_AGREEMENT : TDBC_SAFEGUARDING_AGREEMENT,
        providerCode: code,
        recipientCode: POLICE,
        reason: 'Safeguarding referral',
        disclosedBy: assignedPersonId ?? required(staff.personIds[0], `a member of staff of ${code}`),
        disclosedAt: row.openedAt,
      });
    }

    const noteCount = NOTE_COUNT.pick(rng);
    const until = closedMs ?? AS_AT_MS;
    const notes: Row<typeof caseNote>[] = [];
    const times = Array.from({ length: noteCount }, () => openedMs + Math.floor(rng.next() * (until - openedMs))).sort((a, b) => a - b);
    for (const writtenMs of times) {
      notes.push({
        id: referralRng.uuid(),
        caseId: id,
        authorPersonId: assignedPersonId && rng.chance(0.7) ? assignedPersonId : rng.pick(pool.length > 0 ? pool : staff.personIds),
        writtenAt: new Date(writtenMs),
        body: rng.pick(isPolice ? POLICE_NOTES : COUNCIL_NOTES),
      });
    }
    yield { parent: row, children: notes };
  }
}
