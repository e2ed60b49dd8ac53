// The people subgraph's demo data: the member organisations' structures (org units),
// grades, positions and staff, and the demo personas as members of staff. It hands on
// what the other subgraphs' data refers to: budget holders, managers and case workers.
import { grade, orgUnit, person, position } from './people.js';
import type { Sector } from '../platform/organisations.js';
import { PERSONAS } from '../platform/personas.js';
import { volume, type Row, type SeedRun } from './seed/bulk.js';
import { AS_AT, FIRST_DAY, isoDate, toDay } from './seed/calendar.js';
import { MEMBER_CODES, orgSpec, perMember, POLICE, SCC, SWONE, TDBC, type MemberCode } from './seed/members.js';
import { address, emailPart, FAMILY_NAMES, FORCE_TOWNS, GIVEN_NAMES, SOMERSET_TOWNS } from './seed/names.js';
import { apportion, at, required, Rng, Weighted } from './seed/random.js';

type WorkerType = 'COUNCIL_STAFF' | 'POLICE_OFFICER' | 'POLICE_STAFF' | 'PCSO' | 'SPECIAL_CONSTABLE';
type Rank =
  | 'CONSTABLE'
  | 'SERGEANT'
  | 'INSPECTOR'
  | 'CHIEF_INSPECTOR'
  | 'SUPERINTENDENT'
  | 'CHIEF_SUPERINTENDENT'
  | 'ASSISTANT_CHIEF_CONSTABLE'
  | 'DEPUTY_CHIEF_CONSTABLE'
  | 'CHIEF_CONSTABLE';
type Vetting = 'RV' | 'NPPV1' | 'NPPV2' | 'NPPV3' | 'SC' | 'DV';

/** A job: its title, worker type and either a grade code (paid staff) or a rank (officers). */
interface Role {
  title: string;
  worker: WorkerType;
  grade?: string;
  rank?: Rank;
}

/** Teams whose people handle customer or police contacts, and so get most cases. */
type TeamTag = 'contact' | 'control' | 'investigation';

interface TeamSpec {
  name: string;
  /** Relative headcount. */
  weight: number;
  leader: Role;
  members: readonly (readonly [Role, number])[];
  tag?: TeamTag;
}

interface ServiceSpec {
  name: string;
  head?: Role;
  teams: TeamSpec[];
}

interface DirectorateSpec {
  name: string;
  head?: Role;
  services: ServiceSpec[];
}

interface StructureSpec {
  head: Role;
  /** Chief officers beside the head, reporting to it, who in turn manage the directorates. */
  deputies: Role[];
  directorates: DirectorateSpec[];
  defaultDirectorateHead: (name: string) => Role;
  defaultServiceHead: (name: string) => Role;
}

const council = (title: string, gradeCode: string): Role => ({ title, worker: 'COUNCIL_STAFF', grade: gradeCode });
const officer = (title: string, rank: Rank): Role => ({ title, worker: 'POLICE_OFFICER', rank });
const policeStaff = (title: string, gradeCode: string): Role => ({ title, worker: 'POLICE_STAFF', grade: gradeCode });
const PCSO: Role = { title: 'Police Community Support Officer', worker: 'PCSO', grade: 'PS3' };
const SPECIAL: Role = { title: 'Special Constable', worker: 'SPECIAL_CONSTABLE' };

function councilTeam(name: string, weight: number, members: TeamSpec['members'], tag?: TeamTag): TeamSpec {
  return { name, weight, leader: council('Team Manager', 'G10'), members, ...(tag ? { tag } : {}) };
}

const CONTACT_CENTRE: TeamSpec['members'] = [
  [council('Customer Services Adviser', 'G4'), 8],
  [council('Senior Customer Services Adviser', 'G6'), 2],
];
const SOCIAL_WORK: TeamSpec['members'] = [
  [council('Social Worker', 'G8'), 5],
  [council('Senior Practitioner', 'G9'), 1],
  [council('Community Care Assistant', 'G4'), 3],
  [council('Business Support Officer', 'G3'), 1],
];
const professional = (discipline: string): TeamSpec['members'] => [
  [council(`${discipline} Officer`, 'G6'), 5],
  [council(`Senior ${discipline} Officer`, 'G8'), 2],
  [council(`${discipline} Assistant`, 'G3'), 2],
];
const OPERATIVES = (trade: string): TeamSpec['members'] => [
  [council(`${trade} Operative`, 'G2'), 7],
  [council('Driver', 'G3'), 2],
  [council('Supervisor', 'G5'), 1],
];

const COUNCIL_HEADS = {
  directorate: (name: string) => council(`Director of ${name}`, 'SM2'),
  service: (name: string) => council(`Head of ${name}`, 'SM1'),
};

const SOMERSET_COUNTY: StructureSpec = {
  head: council('Chief Executive', 'SM3'),
  deputies: [],
  defaultDirectorateHead: COUNCIL_HEADS.directorate,
  defaultServiceHead: COUNCIL_HEADS.service,
  directorates: [
    {
      name: 'Adults and Health',
      services: [
        {
          name: 'Adult Social Care',
          teams: [
            councilTeam('Locality Team – Taunton', 4, SOCIAL_WORK),
            councilTeam('Locality Team – Yeovil', 4, SOCIAL_WORK),
            councilTeam('Hospital Discharge Team', 3, SOCIAL_WORK),
          ],
        },
        {
          name: 'Public Health',
          teams: [councilTeam('Health Protection', 2, professional('Public Health')), councilTeam('Health Improvement', 2, professional('Health Improvement'))],
        },
      ],
    },
    {
      name: 'Children, Families and Education',
      services: [
        { name: "Children's Social Care", teams: [councilTeam('Assessment Team', 4, SOCIAL_WORK), councilTeam('Children Looked After', 4, SOCIAL_WORK)] },
        {
          name: 'Education and Inclusion',
          teams: [councilTeam('SEND Casework', 3, professional('SEND')), councilTeam('School Admissions', 2, professional('Admissions'))],
        },
      ],
    },
    {
      name: 'Economic and Community Infrastructure',
      services: [
        {
          name: 'Highways and Transport',
          teams: [
            councilTeam('Highways Maintenance', 4, OPERATIVES('Highways')),
            councilTeam('Traffic Management', 2, professional('Traffic')),
            councilTeam('Passenger Transport', 2, professional('Transport')),
          ],
        },
        { name: 'Libraries and Heritage', teams: [councilTeam('Library Services', 3, professional('Library'))] },
      ],
    },
    {
      name: 'Customer and Corporate Services',
      services: [
        {
          name: 'Customer Services',
          teams: [
            councilTeam('Customer Contact Centre – Taunton', 5, CONTACT_CENTRE, 'contact'),
            councilTeam('Customer Contact Centre – Bridgwater', 4, CONTACT_CENTRE, 'contact'),
            councilTeam('Complaints and Feedback', 1, professional('Complaints')),
          ],
        },
        {
          name: 'Finance and Performance',
          teams: [councilTeam('Financial Planning', 2, professional('Finance')), councilTeam('Performance and Insight', 1, professional('Performance'))],
        },
      ],
    },
  ],
};

const TAUNTON_DEANE: StructureSpec = {
  head: council('Chief Executive', 'SM3'),
  deputies: [],
  defaultDirectorateHead: COUNCIL_HEADS.directorate,
  defaultServiceHead: COUNCIL_HEADS.service,
  directorates: [
    {
      name: 'Housing and Communities',
      services: [
        {
          name: 'Housing',
          teams: [
            councilTeam('Housing Options', 3, professional('Housing')),
            councilTeam('Tenancy Management', 3, professional('Tenancy')),
            councilTeam('Housing Repairs', 4, OPERATIVES('Maintenance')),
          ],
        },
      ],
    },
    {
      name: 'Environment and Operations',
      services: [
        { name: 'Waste and Recycling', teams: [councilTeam('Waste Collection Crews', 5, OPERATIVES('Refuse'))] },
        {
          name: 'Environmental Health',
          teams: [
            councilTeam('Environmental Protection', 2, professional('Environmental Health')),
            councilTeam('Parks and Open Spaces', 2, OPERATIVES('Grounds')),
          ],
        },
      ],
    },
    {
      name: 'Planning and Development',
      services: [
        {
          name: 'Planning',
          teams: [councilTeam('Development Management', 3, professional('Planning')), councilTeam('Building Control', 2, professional('Building Control'))],
        },
      ],
    },
    {
      name: 'Corporate Services',
      services: [
        {
          name: 'Revenues and Benefits',
          teams: [councilTeam('Council Tax', 3, professional('Revenues')), councilTeam('Housing Benefit', 2, professional('Benefits'))],
        },
        {
          name: 'Customer Services',
          teams: [councilTeam('Customer Contact Centre', 5, CONTACT_CENTRE, 'contact'), councilTeam('Deane House Reception', 2, CONTACT_CENTRE, 'contact')],
        },
      ],
    },
  ],
};

const SOUTHWEST_ONE: StructureSpec = {
  head: council('Managing Director', 'SM3'),
  deputies: [],
  defaultDirectorateHead: COUNCIL_HEADS.directorate,
  defaultServiceHead: COUNCIL_HEADS.service,
  directorates: [
    {
      name: 'Finance and HR Services',
      services: [
        {
          name: 'Finance Services',
          teams: [
            councilTeam('Accounts Payable', 3, professional('Accounts')),
            councilTeam('Accounts Receivable', 2, professional('Accounts')),
            councilTeam('Payroll', 3, professional('Payroll')),
          ],
        },
        { name: 'HR Services', teams: [councilTeam('HR Advice', 2, professional('HR')), councilTeam('Recruitment', 2, professional('Recruitment'))] },
      ],
    },
    {
      name: 'Procurement',
      services: [
        {
          name: 'Strategic Procurement',
          teams: [
            councilTeam('Category Team – Corporate', 2, professional('Procurement')),
            councilTeam('Category Team – Construction', 2, professional('Procurement')),
            councilTeam('Purchase to Pay', 2, professional('Purchasing')),
          ],
        },
      ],
    },
    {
      name: 'ICT Services',
      services: [
        {
          name: 'ICT Operations',
          teams: [
            councilTeam('Service Desk', 3, professional('ICT Support')),
            councilTeam('Infrastructure', 2, professional('Infrastructure')),
            councilTeam('SAP Support', 2, professional('SAP')),
          ],
        },
      ],
    },
  ],
};

const NEIGHBOURHOOD: TeamSpec['members'] = [
  [officer('Police Constable', 'CONSTABLE'), 10],
  [PCSO, 6],
  [SPECIAL, 3],
];
const RESPONSE: TeamSpec['members'] = [
  [officer('Police Constable', 'CONSTABLE'), 16],
  [officer('Police Sergeant', 'SERGEANT'), 2],
  [SPECIAL, 2],
];
const DETECTIVES: TeamSpec['members'] = [
  [officer('Detective Constable', 'CONSTABLE'), 12],
  [officer('Detective Sergeant', 'SERGEANT'), 2],
  [policeStaff('Investigation Officer', 'PS5'), 3],
];
const CONTROL_ROOM: TeamSpec['members'] = [
  [policeStaff('Call Handler', 'PS3'), 10],
  [policeStaff('Dispatcher', 'PS4'), 6],
  [officer('Police Constable (Control Room)', 'CONSTABLE'), 1],
];
const policeOffice = (discipline: string): TeamSpec['members'] => [
  [policeStaff(`${discipline} Officer`, 'PS4'), 5],
  [policeStaff(`Senior ${discipline} Officer`, 'PS6'), 1],
  [policeStaff(`${discipline} Assistant`, 'PS2'), 2],
];

const sergeantLed = (name: string, weight: number, members: TeamSpec['members'], tag?: TeamTag): TeamSpec => ({
  name,
  weight,
  leader: officer('Police Sergeant', 'SERGEANT'),
  members,
  ...(tag ? { tag } : {}),
});
// Response shifts run round the clock under an inspector, with sergeants among the members.
const inspectorLed = (name: string, weight: number, members: TeamSpec['members']): TeamSpec => ({
  name,
  weight,
  leader: officer('Response Inspector', 'INSPECTOR'),
  members,
});
const staffLed = (name: string, weight: number, members: TeamSpec['members'], tag?: TeamTag): TeamSpec => ({
  name,
  weight,
  leader: policeStaff(tag === 'control' ? 'Control Room Supervisor' : 'Team Leader', 'PS6'),
  members,
  ...(tag ? { tag } : {}),
});

const POLICE_AREAS = ['Taunton and West Somerset', 'Bridgwater and Sedgemoor', 'Yeovil and South Somerset', 'Bristol', 'Bath and North East Somerset'];

const AVON_AND_SOMERSET: StructureSpec = {
  head: officer('Chief Constable', 'CHIEF_CONSTABLE'),
  deputies: [
    officer('Deputy Chief Constable', 'DEPUTY_CHIEF_CONSTABLE'),
    officer('Assistant Chief Constable', 'ASSISTANT_CHIEF_CONSTABLE'),
    officer('Assistant Chief Constable', 'ASSISTANT_CHIEF_CONSTABLE'),
  ],
  defaultDirectorateHead: (name) => officer(`Chief Superintendent, ${name}`, 'CHIEF_SUPERINTENDENT'),
  defaultServiceHead: (name) => officer(`Chief Inspector, ${name}`, 'CHIEF_INSPECTOR'),
  directorates: [
    {
      name: 'Neighbourhood and Partnerships',
      services: POLICE_AREAS.map((area) => ({
        name: `${area} Area`,
        head: officer(`Superintendent, ${area}`, 'SUPERINTENDENT'),
        teams: [
          sergeantLed(`${area} Neighbourhood Team`, 4, NEIGHBOURHOOD),
          inspectorLed(`${area} Response Team A`, 4, RESPONSE),
          inspectorLed(`${area} Response Team B`, 4, RESPONSE),
        ],
      })),
    },
    {
      name: 'Investigations',
      services: [
        {
          name: 'Criminal Investigation Department',
          teams: [sergeantLed('CID Team North', 4, DETECTIVES, 'investigation'), sergeantLed('CID Team South', 4, DETECTIVES, 'investigation')],
        },
        {
          name: 'Public Protection',
          teams: [sergeantLed('Child Protection', 3, DETECTIVES, 'investigation'), sergeantLed('Domestic Abuse Investigation', 3, DETECTIVES, 'investigation')],
        },
      ],
    },
    {
      name: 'Operational Support',
      services: [
        {
          name: 'Roads Policing',
          head: officer('Inspector, Roads Policing', 'INSPECTOR'),
          teams: [sergeantLed('Roads Policing Unit', 4, [[officer('Police Constable', 'CONSTABLE'), 1]])],
        },
        {
          name: 'Specialist Operations',
          head: officer('Inspector, Specialist Operations', 'INSPECTOR'),
          teams: [
            sergeantLed('Firearms Unit', 3, [[officer('Authorised Firearms Officer', 'CONSTABLE'), 1]]),
            sergeantLed('Dog Section', 1, [[officer('Police Dog Handler', 'CONSTABLE'), 1]]),
          ],
        },
      ],
    },
    {
      name: 'Contact Management',
      services: [
        {
          name: 'Force Control Room',
          head: officer('Chief Inspector, Force Control Room', 'CHIEF_INSPECTOR'),
          teams: [
            staffLed('Control Room Team 1', 5, CONTROL_ROOM, 'control'),
            staffLed('Control Room Team 2', 5, CONTROL_ROOM, 'control'),
            staffLed('Control Room Team 3', 5, CONTROL_ROOM, 'control'),
          ],
        },
        {
          name: 'Enquiry and Crime Recording',
          head: policeStaff('Head of Enquiry and Crime Recording', 'PS8'),
          teams: [
            staffLed('101 Enquiry Office', 3, [[policeStaff('Enquiry Officer', 'PS3'), 1]], 'control'),
            staffLed('Crime Recording Bureau', 3, [[policeStaff('Crime Recording Officer', 'PS3'), 1]], 'control'),
          ],
        },
      ],
    },
    {
      name: 'Enabling Services',
      head: policeStaff('Director of Enabling Services', 'PS8'),
      services: [
        {
          name: 'People Services',
          head: policeStaff('Head of People Services', 'PS7'),
          teams: [staffLed('HR Business Partnering', 2, policeOffice('HR')), staffLed('Vetting Unit', 1, policeOffice('Vetting'))],
        },
        {
          name: 'Finance and Estates',
          head: policeStaff('Head of Finance and Estates', 'PS7'),
          teams: [staffLed('Finance', 2, policeOffice('Finance')), staffLed('Estates and Fleet', 2, policeOffice('Estates'))],
        },
        {
          name: 'Professional Standards',
          head: officer('Superintendent, Professional Standards', 'SUPERINTENDENT'),
          teams: [sergeantLed('Professional Standards Investigations', 1, DETECTIVES)],
        },
      ],
    },
  ],
};

const STRUCTURES: Record<MemberCode, StructureSpec> = {
  [SCC]: SOMERSET_COUNTY,
  [TDBC]: TAUNTON_DEANE,
  [POLICE]: AVON_AND_SOMERSET,
  [SWONE]: SOUTHWEST_ONE,
};

/** Staff numbers start with the organisation's short name. */
const STAFF_NUMBER_PREFIX: Record<MemberCode, string> = { [SCC]: 'SCC', [TDBC]: 'TDBC', [POLICE]: 'ASP', [SWONE]: 'SWO' };

/** Share of the ~3,000 people at scale 1. */
const HEADCOUNT_SHARE: Record<MemberCode, number> = { [POLICE]: 0.45, [SCC]: 0.3, [TDBC]: 0.15, [SWONE]: 0.1 };
const EMAIL_DOMAIN: Record<MemberCode, string> = {
  [SCC]: 'somersetcc.example.gov.uk',
  [TDBC]: 'tauntondeane.example.gov.uk',
  [POLICE]: 'avonandsomersetpolice.example.gov.uk',
  [SWONE]: 'southwestone.example.gov.uk',
};

/** Annual pay in whole pounds. Council grades rise about 10.5% a step; figures are illustrative. */
function gradeSpecs(sector: Sector): { code: string; name: string; min: number; max: number }[] {
  if (sector === 'POLICE') {
    const staffScales = Array.from({ length: 8 }, (_, i) => {
      const min = Math.round(22_000 * 1.16 ** i);
      return { code: `PS${i + 1}`, name: `Police Staff Scale ${i + 1}`, min, max: Math.round(min * 1.12) };
    });
    const rankScales = RANK_PAY.map(([rank, min, max]) => ({ code: RANK_GRADE[rank], name: `${rankLabel(rank)} pay scale`, min, max }));
    return [...staffScales, ...rankScales];
  }
  const grades = Array.from({ length: 12 }, (_, i) => {
    const min = Math.round(22_400 * 1.105 ** i);
    return { code: `G${i + 1}`, name: `Grade ${i + 1}`, min, max: Math.round(min * 1.12) };
  });
  return [
    ...grades,
    { code: 'SM1', name: 'Senior Manager 1', min: 80_000, max: 95_000 },
    { code: 'SM2', name: 'Senior Manager 2', min: 105_000, max: 125_000 },
    { code: 'SM3', name: 'Chief Officer', min: 145_000, max: 180_000 },
  ];
}

// Officers are paid by rank, roughly on the England and Wales scales.
const RANK_PAY: readonly (readonly [Rank, number, number])[] = [
  ['CONSTABLE', 29_907, 48_231],
  ['SERGEANT', 51_459, 54_054],
  ['INSPECTOR', 60_024, 64_278],
  ['CHIEF_INSPECTOR', 65_622, 68_865],
  ['SUPERINTENDENT', 80_157, 95_000],
  ['CHIEF_SUPERINTENDENT', 102_528, 107_000],
  ['ASSISTANT_CHIEF_CONSTABLE', 124_000, 135_000],
  ['DEPUTY_CHIEF_CONSTABLE', 140_000, 160_000],
  ['CHIEF_CONSTABLE', 170_000, 200_000],
];
const RANK_GRADE: Record<Rank, string> = {
  CONSTABLE: 'PC',
  SERGEANT: 'PS-SGT',
  INSPECTOR: 'INSP',
  CHIEF_INSPECTOR: 'CI',
  SUPERINTENDENT: 'SUPT',
  CHIEF_SUPERINTENDENT: 'CSUPT',
  ASSISTANT_CHIEF_CONSTABLE: 'ACC',
  DEPUTY_CHIEF_CONSTABLE: 'DCC',
  CHIEF_CONSTABLE: 'CC',
};
const rankLabel = (rank: Rank): string => rank.charAt(0) + rank.slice(1).toLowerCase().replaceAll('_', ' ');

const OFFICER_VETTING = new Weighted<Vetting>([
  ['NPPV2', 70],
  ['NPPV3', 25],
  ['SC', 5],
]);
const STAFF_VETTING = new Weighted<Vetting>([
  ['RV', 15],
  ['NPPV1', 15],
  ['NPPV2', 55],
  ['NPPV3', 15],
]);
const SENIOR_RANKS: ReadonlySet<Rank> = new Set([
  'SUPERINTENDENT',
  'CHIEF_SUPERINTENDENT',
  'ASSISTANT_CHIEF_CONSTABLE',
  'DEPUTY_CHIEF_CONSTABLE',
  'CHIEF_CONSTABLE',
]);

/** Every police worker is vetted; senior officers to national security levels. Council staff are not. */
function vettingFor(rng: Rng, role: Role): Vetting | null {
  switch (role.worker) {
    case 'COUNCIL_STAFF':
      return null;
    case 'POLICE_OFFICER':
      return role.rank && SENIOR_RANKS.has(role.rank) ? rng.pick<Vetting>(['SC', 'DV']) : OFFICER_VETTING.pick(rng);
    case 'POLICE_STAFF':
      return STAFF_VETTING.pick(rng);
    case 'PCSO':
    case 'SPECIAL_CONSTABLE':
      return 'NPPV2';
  }
}

interface UnitInfo {
  id: string;
  name: string;
  /** The directorate or command it sits in: the service division of its cost centres. */
  division: string;
  headId: string;
  /** A service (headed by a head of service) or a team within one (led by a budget holder). */
  level: 'service' | 'team';
}

/** What later tables need to know about one member organisation's staff. */
interface OrgStaff {
  /** Service and team units, where cost centres are held. */
  budgetUnits: UnitInfo[];
  personIds: string[];
  managerOf: Map<string, string>;
  /** Contact centre, control room and investigation staff by tag. */
  pools: Record<TeamTag, string[]>;
}

type Staff = Record<MemberCode, OrgStaff>;

export async function seedPeople({ insert, scale, log }: SeedRun): Promise<Staff> {
  log('seeding people');
  const rng = new Rng('people');
  const units: Row<typeof orgUnit>[] = [];
  const grades: Row<typeof grade>[] = [];
  const positions: Row<typeof position>[] = [];
  const people: Row<typeof person>[] = [];
  const orgs = perMember<OrgStaff>(() => ({ budgetUnits: [], personIds: [], managerOf: new Map(), pools: { contact: [], control: [], investigation: [] } }));
  let niSerial = 0;

  for (const code of MEMBER_CODES) {
    const spec = orgSpec(code);
    const structure = STRUCTURES[code];
    const staff = orgs[code];

    const gradeIds = new Map<string, { id: string; min: number; max: number }>();
    for (const g of gradeSpecs(spec.sector)) {
      const id = rng.uuid();
      gradeIds.set(g.code, { id, min: g.min, max: g.max });
      grades.push({ id, organisationCode: code, code: g.code, name: g.name, minSalaryPence: g.min * 100, maxSalaryPence: g.max * 100 });
    }

    // One position per job title per unit; people in the same job share it.
    const positionIds = new Map<string, string>();
    const positionFor = (unitId: string, role: Role): string => {
      const key = `${unitId}|${role.title}`;
      let id = positionIds.get(key);
      if (!id) {
        id = rng.uuid();
        positionIds.set(key, id);
        const gradeCode = roleGrade(role);
        positions.push({ id, organisationCode: code, orgUnitId: unitId, gradeId: gradeCode ? (gradeIds.get(gradeCode)?.id ?? null) : null, title: role.title });
      }
      return id;
    };

    const emailsUsed = new Map<string, number>();
    let staffSerial = 0;
    let collarSerial = 0;
    const addPerson = (unitId: string, role: Role, managerId: string | null, tag: TeamTag | undefined, leader: boolean): string => {
      const id = rng.uuid();
      const givenName = rng.pick(GIVEN_NAMES);
      const familyName = rng.pick(FAMILY_NAMES);
      const local = `${emailPart(givenName)}.${emailPart(familyName)}`;
      const seen = (emailsUsed.get(local) ?? 0) + 1;
      emailsUsed.set(local, seen);
      const age = leader ? rng.int(30, 60) : rng.int(19, 64);
      const dateOfBirth = FIRST_DAY - age * 365 - rng.int(0, 364);
      const earliestStart = Math.max(dateOfBirth + 18 * 365 + 5, toDay('1990-01-01'));
      const startDate = earliestStart + Math.floor(rng.next() ** 0.6 * (FIRST_DAY - 1 - earliestStart));
      const gradeCode = roleGrade(role);
      const pay = gradeCode ? gradeIds.get(gradeCode) : undefined;
      const home = address(rng, code === POLICE ? FORCE_TOWNS : SOMERSET_TOWNS);
      const hasCollar = role.worker === 'POLICE_OFFICER' || role.worker === 'PCSO' || role.worker === 'SPECIAL_CONSTABLE';
      people.push({
        id,
        organisationCode: code,
        orgUnitId: unitId,
        positionId: positionFor(unitId, role),
        gradeId: pay?.id ?? null,
        managerId,
        staffNumber: `${STAFF_NUMBER_PREFIX[code]}${String(100_000 + ++staffSerial)}`,
        givenName,
        familyName,
        jobTitle: role.title,
        workerType: role.worker,
        workEmail: `${local}${seen > 1 ? seen : ''}@${EMAIL_DOMAIN[code]}`,
        startDate: isoDate(startDate),
        // Special constables are volunteers.
        salaryPence: pay ? rng.int(pay.min, pay.max) * 100 : null,
        dateOfBirth: isoDate(dateOfBirth),
        nationalInsuranceNumber: nationalInsuranceNumber(rng, ++niSerial),
        homeAddressLine1: home.line1,
        homeTown: home.town,
        homePostcode: home.postcode,
        collarNumber: hasCollar ? collarNumber(role.worker, ++collarSerial) : null,
        rank: role.rank ?? null,
        vettingLevel: vettingFor(rng, role),
        version: 1,
        updatedAt: AS_AT,
      });
      staff.personIds.push(id);
      if (managerId) staff.managerOf.set(id, managerId);
      if (tag) staff.pools[tag].push(id);
      return id;
    };
    const addUnit = (name: string, parentId: string | null): string => {
      const id = rng.uuid();
      units.push({ id, organisationCode: code, parentId, name });
      return id;
    };

    // Leaders first, top down, so every manager row precedes the rows that point at it.
    const rootId = addUnit(spec.name, null);
    const headId = addPerson(rootId, structure.head, null, undefined, true);
    const deputyIds = structure.deputies.map((role) => addPerson(rootId, role, headId, undefined, true));
    const teams: { unitId: string; leaderId: string; team: TeamSpec }[] = [];
    structure.directorates.forEach((directorate, d) => {
      const directorateId = addUnit(directorate.name, rootId);
      const directorateManager = deputyIds.length > 0 ? at(deputyIds, d % deputyIds.length) : headId;
      const directorateHead = addPerson(
        directorateId,
        directorate.head ?? structure.defaultDirectorateHead(directorate.name),
        directorateManager,
        undefined,
        true,
      );
      for (const service of directorate.services) {
        const serviceId = addUnit(service.name, directorateId);
        const serviceHead = addPerson(serviceId, service.head ?? structure.defaultServiceHead(service.name), directorateHead, undefined, true);
        staff.budgetUnits.push({ id: serviceId, name: service.name, division: directorate.name, headId: serviceHead, level: 'service' });
        for (const team of service.teams) {
          const unitId = addUnit(team.name, serviceId);
          const leaderId = addPerson(unitId, team.leader, serviceHead, team.tag, true);
          staff.budgetUnits.push({ id: unitId, name: team.name, division: directorate.name, headId: leaderId, level: 'team' });
          teams.push({ unitId, leaderId, team });
        }
      }
    });

    // Every unit has its leader even at tiny scales; the rest of the headcount fills the teams.
    const members = Math.max(0, volume(3000 * HEADCOUNT_SHARE[code], scale) - staff.personIds.length);
    const perTeam = apportion(
      members,
      teams.map((t) => t.team.weight),
    );
    teams.forEach(({ unitId, leaderId, team }, i) => {
      const roles = new Weighted(team.members);
      for (let n = 0; n < at(perTeam, i); n += 1) addPerson(unitId, roles.pick(rng), leaderId, team.tag, false);
    });
  }
  // The demo personas are people of their organisations, so a token's subject names a
  // real member of staff; the BI service account is not one.
  for (const persona of Object.values(PERSONAS)) {
    if (!persona.scopes.includes('staff')) continue;
    const code = persona.organisation as MemberCode;
    const worker = orgSpec(code).sector === 'POLICE' ? 'POLICE_STAFF' : 'COUNCIL_STAFF';
    const colleague = required(
      people.find((row) => row.organisationCode === code && row.workerType === worker && row.managerId !== null),
      `a colleague for persona ${persona.displayName}`,
    );
    const [givenName = persona.displayName, familyName = ''] = persona.displayName.split(' ');
    people.push({
      ...colleague,
      id: persona.subject,
      givenName,
      familyName,
      jobTitle: persona.description.split(' at ')[0] ?? colleague.jobTitle,
      staffNumber: `${STAFF_NUMBER_PREFIX[code]}DEMO${String(people.length).padStart(6, '0')}`,
      workEmail: `${emailPart(givenName)}.${emailPart(familyName)}.demo@${EMAIL_DOMAIN[code]}`,
      nationalInsuranceNumber: nationalInsuranceNumber(rng, ++niSerial),
    });
  }
  await insert(orgUnit, units);
  await insert(grade, grades);
  await insert(position, positions);
  await insert(person, people);
  return orgs;

  function roleGrade(role: Role): string | undefined {
    return role.rank ? RANK_GRADE[role.rank] : role.grade;
  }
}

/**
 * A unique, well-formed National Insurance number with the QQ prefix, which HMRC
 * never issues. Scrambling the serial (7919 is coprime to 10^6) avoids a visible count.
 */
function nationalInsuranceNumber(rng: Rng, serial: number): string {
  const digits = String((serial * 7919 + 104_729) % 1_000_000).padStart(6, '0');
  return `QQ ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} ${rng.pick(['A', 'B', 'C', 'D'])}`;
}

/** Officers have plain numbers; PCSOs and specials carry a prefix, as many forces do. */
function collarNumber(worker: WorkerType, serial: number): string {
  const number = String(1000 + serial);
  if (worker === 'PCSO') return `PCSO ${number}`;
  if (worker === 'SPECIAL_CONSTABLE') return `SC ${number}`;
  return number;
}
