// The procurement subgraph's demo data, in two steps around finance's: first suppliers
// and contracts (which finance pays), then approval delegations and purchase orders
// (which are charged to finance's cost centres).
import { approvalDelegation, contract, contractBuyer, contractSupplier, purchaseOrder, purchaseOrderLine, supplier } from './procurement.js';
import { PERSONAS, type PersonaName } from '../platform/personas.js';
import { FIRST_ORDER_NUMBER } from '../subgraphs/procurement/orderNumber.js';
import { insertFamilies, volume, type Family, type Row, type SeedRun } from './seed/bulk.js';
import { AS_AT, AS_AT_MS, DAY_MS, dayOf, isoDate, officeTime, toDay } from './seed/calendar.js';
import { MEMBER_CODES, orgSpec, perMember, POLICE, SCC, SWONE, TDBC, type MemberCode } from './seed/members.js';
import { address, FORCE_TOWNS } from './seed/names.js';
import { at, Rng, shuffle, Weighted } from './seed/random.js';

interface Trade {
  key: string;
  label: string;
  /** Expense type codes that this trade is paid under. */
  expenses: readonly string[];
  /** Purchase order line items: description and unit price range in pounds. */
  items: readonly (readonly [string, number, number])[];
  vcse?: boolean;
}

const TRADES: readonly Trade[] = [
  {
    key: 'recruitment',
    label: 'Recruitment',
    expenses: ['1101', '1103'],
    items: [
      ['Agency worker hours', 18, 45],
      ['Job advert placement', 250, 1500],
    ],
  },
  {
    key: 'training',
    label: 'Training',
    expenses: ['1102'],
    items: [
      ['Training course place', 150, 1200],
      ['E-learning licence', 20, 90],
    ],
  },
  { key: 'health', label: 'Occupational Health', expenses: ['1104'], items: [['Occupational health assessment', 120, 450]] },
  {
    key: 'building',
    label: 'Building Services',
    expenses: ['2101', '9101'],
    items: [
      ['Reactive repair call-out', 90, 600],
      ['Roof repair works', 800, 9000],
    ],
  },
  {
    key: 'energy',
    label: 'Energy',
    expenses: ['2102'],
    items: [
      ['Electricity supply (MWh)', 180, 320],
      ['Gas supply (MWh)', 60, 140],
    ],
  },
  { key: 'property', label: 'Property', expenses: ['2103'], items: [['Quarterly office rent', 3000, 25000]] },
  {
    key: 'cleaning',
    label: 'Cleaning Services',
    expenses: ['2104'],
    items: [
      ['Office cleaning (monthly)', 400, 4000],
      ['Cleaning materials', 20, 300],
    ],
  },
  {
    key: 'fleet',
    label: 'Vehicle Hire',
    expenses: ['3101'],
    items: [
      ['Van hire (week)', 250, 700],
      ['Pool car hire (day)', 40, 90],
    ],
  },
  {
    key: 'fuel',
    label: 'Fuels',
    expenses: ['3102'],
    items: [
      ['Diesel (litres)', 1, 2],
      ['Fuel card top-up', 200, 1500],
    ],
  },
  {
    key: 'motors',
    label: 'Motors',
    expenses: ['3103', '9102'],
    items: [
      ['Vehicle service', 180, 900],
      ['Replacement tyres', 90, 400],
    ],
  },
  {
    key: 'travel',
    label: 'Travel',
    expenses: ['3104'],
    items: [
      ['Rail tickets', 30, 250],
      ['Conference travel and accommodation', 150, 900],
    ],
  },
  {
    key: 'ict',
    label: 'IT Solutions',
    expenses: ['4101', '4102', '9103'],
    items: [
      ['Laptop', 600, 1400],
      ['Monitor', 110, 300],
      ['Software licence (annual)', 50, 4000],
    ],
  },
  { key: 'consulting', label: 'Consulting', expenses: ['4103'], items: [['Consultancy day rate', 500, 1400]] },
  {
    key: 'legal',
    label: 'Legal',
    expenses: ['4104'],
    items: [
      ['Counsel fees', 800, 6000],
      ['Legal advice (hours)', 120, 350],
    ],
  },
  {
    key: 'print',
    label: 'Print',
    expenses: ['4105'],
    items: [
      ['A4 copier paper (box)', 18, 30],
      ['Leaflet print run', 300, 2500],
      ['Printer toner cartridge', 40, 160],
    ],
  },
  {
    key: 'catering',
    label: 'Catering',
    expenses: ['4106'],
    items: [
      ['Meeting catering', 60, 600],
      ['Vending supplies', 100, 800],
    ],
  },
  {
    key: 'furniture',
    label: 'Office Furniture',
    expenses: ['4107'],
    items: [
      ['Office chair', 120, 450],
      ['Desk', 180, 600],
    ],
  },
  {
    key: 'workwear',
    label: 'Workwear',
    expenses: ['4108'],
    items: [
      ['Hi-vis jacket', 25, 70],
      ['Safety boots', 40, 120],
      ['Uniform trousers', 20, 45],
    ],
  },
  {
    key: 'comms',
    label: 'Communications',
    expenses: ['4110'],
    items: [
      ['Mobile phone', 150, 700],
      ['Postage (franking)', 200, 3000],
    ],
  },
  {
    key: 'forensics',
    label: 'Forensic Services',
    expenses: ['4111'],
    items: [
      ['DNA analysis', 300, 1500],
      ['Digital device examination', 400, 2500],
    ],
  },
  {
    key: 'civils',
    label: 'Civil Engineering',
    expenses: ['5101', '9101'],
    items: [
      ['Carriageway resurfacing (m2)', 15, 45],
      ['Drainage works', 1200, 15000],
    ],
  },
  {
    key: 'grounds',
    label: 'Grounds Maintenance',
    expenses: ['5101'],
    items: [
      ['Grass cutting (visit)', 80, 400],
      ['Tree works', 300, 3000],
    ],
  },
  {
    key: 'security',
    label: 'Security',
    expenses: ['5101'],
    items: [
      ['Manned guarding (hours)', 15, 28],
      ['Alarm maintenance', 150, 900],
    ],
  },
  {
    key: 'waste',
    label: 'Waste Management',
    expenses: ['5101'],
    items: [
      ['Skip hire', 180, 450],
      ['Clinical waste collection', 60, 300],
    ],
  },
  {
    key: 'care',
    label: 'Care Services',
    expenses: ['5102'],
    items: [
      ['Home care hours', 20, 32],
      ['Residential placement (week)', 700, 1800],
    ],
  },
  {
    key: 'community',
    label: 'Community',
    expenses: ['4109', '5102'],
    items: [
      ['Community grant', 500, 15000],
      ['Befriending service (month)', 300, 2500],
    ],
    vcse: true,
  },
];

const SUPPLIER_PLACES = [
  'Quantock',
  'Mendip',
  'Blackdown',
  'Exmoor',
  'Polden',
  'Brendon',
  'Tone',
  'Parrett',
  'Brue',
  'Axe',
  'Cheddar',
  'Levels',
  'Sedgemoor',
  'Wessex',
  'Severn',
  'Avalon',
  'Cary',
  'Yeo',
  'Isle',
  'Chew',
  'Kenn',
  'Horner',
  'Dunster',
  'Wellow',
  'Frome Valley',
];

// Contract subjects: title, category, the trade that supplies it, and who buys it.
type Buyers = 'council' | 'police' | 'any';
const CONTRACT_SUBJECTS: readonly (readonly [string, 'GOODS' | 'SERVICES' | 'WORKS', string, Buyers])[] = [
  ['Supply of police uniforms', 'GOODS', 'workwear', 'police'],
  ['Supply of road salt', 'GOODS', 'civils', 'council'],
  ['Office furniture framework', 'GOODS', 'furniture', 'any'],
  ['ICT end-user devices', 'GOODS', 'ict', 'any'],
  ['Body-worn video cameras', 'GOODS', 'ict', 'police'],
  ['Stationery and office supplies', 'GOODS', 'print', 'any'],
  ['Personal protective equipment', 'GOODS', 'workwear', 'any'],
  ['Fleet vehicle purchase', 'GOODS', 'motors', 'any'],
  ['Agency social workers', 'SERVICES', 'recruitment', 'council'],
  ['Temporary agency staff', 'SERVICES', 'recruitment', 'any'],
  ['Domiciliary care', 'SERVICES', 'care', 'council'],
  ['Residential care placements', 'SERVICES', 'care', 'council'],
  ['Waste collection and recycling', 'SERVICES', 'waste', 'council'],
  ['Grounds maintenance', 'SERVICES', 'grounds', 'any'],
  ['Cleaning of operational buildings', 'SERVICES', 'cleaning', 'any'],
  ['Legal services framework', 'SERVICES', 'legal', 'any'],
  ['Forensic science services', 'SERVICES', 'forensics', 'police'],
  ['Digital forensics', 'SERVICES', 'forensics', 'police'],
  ['Occupational health', 'SERVICES', 'health', 'any'],
  ['Energy supply', 'SERVICES', 'energy', 'any'],
  ['Vehicle recovery and storage', 'SERVICES', 'motors', 'police'],
  ['Manned guarding and alarm response', 'SERVICES', 'security', 'any'],
  ['Management consultancy', 'SERVICES', 'consulting', 'any'],
  ['Community support and befriending', 'SERVICES', 'community', 'council'],
  ['Highway resurfacing', 'WORKS', 'civils', 'council'],
  ['School extension', 'WORKS', 'building', 'council'],
  ['Flood defence works', 'WORKS', 'civils', 'council'],
  ['Police station refurbishment', 'WORKS', 'building', 'police'],
  ['Street lighting LED replacement', 'WORKS', 'civils', 'council'],
  ['Depot roof replacement', 'WORKS', 'building', 'any'],
];

const METHOD = new Weighted<'OPEN' | 'SELECTIVE' | 'LIMITED' | 'DIRECT'>([
  ['OPEN', 50],
  ['SELECTIVE', 25],
  ['LIMITED', 10],
  ['DIRECT', 15],
]);
const METHOD_PHRASE = {
  OPEN: 'procured by open tender',
  SELECTIVE: 'procured by restricted tender',
  LIMITED: 'procured by limited tender',
  DIRECT: 'awarded directly under a framework',
};
const SINGLE_BUYER = new Weighted<MemberCode>([
  [SCC, 35],
  [TDBC, 20],
  [POLICE, 30],
  [SWONE, 15],
]);

interface SupplierInfo {
  id: string;
  name: string;
  /** What it sells: finance pays it under the trade's expense types. */
  trade: Trade;
}

interface ContractInfo {
  id: string;
  startDay: number;
  endDay: number;
  supplierIds: string[];
}

/** What payments and orders need to know about suppliers and contracts. */
interface ProcurementRefs {
  supplierInfo: SupplierInfo[];
  /** Contracts each organisation let (active or complete), which orders may call off. */
  contractsByOrg: Record<MemberCode, ContractInfo[]>;
}

export async function seedSuppliersAndContracts({ insert, scale, log }: SeedRun): Promise<ProcurementRefs> {
  log('seeding suppliers and contracts');
  const rng = new Rng('procurement');
  const suppliers: Row<typeof supplier>[] = [];
  const supplierInfo: SupplierInfo[] = [];
  const byTrade = new Map<string, SupplierInfo[]>();
  const namesUsed = new Set<string>();
  const supplierCount = volume(800, scale);

  for (let i = 0; i < supplierCount; i += 1) {
    // Walk the trades in turn so that every trade has suppliers even at small scales.
    const trade = at(TRADES, i % TRADES.length);
    const place = rng.pick(SUPPLIER_PLACES);
    const vcse = trade.vcse === true || rng.chance(0.04);
    const legalForm = trade.key === 'legal' ? 'LLP' : vcse ? rng.pick(['CIC', 'Trust']) : rng.pick(['Ltd', 'Ltd', 'Ltd', 'Limited', 'plc']);
    let name = `${place} ${trade.label} ${legalForm} (synthetic)`;
    for (let n = 2; namesUsed.has(name); n += 1) name = `${place} ${trade.label} ${n} ${legalForm} (synthetic)`;
    namesUsed.add(name);
    const id = rng.uuid();
    // Unique, scrambled company numbers; unincorporated trusts have none.
    const serial = String((i * 7919 + 104_729) % 1_000_000).padStart(6, '0');
    const companiesHouseNumber = legalForm === 'Trust' || rng.chance(0.05) ? null : legalForm === 'LLP' ? `OC${serial}` : `0${rng.int(1, 9)}${serial}`;
    suppliers.push({
      id,
      name,
      companiesHouseNumber,
      sme: legalForm !== 'plc' && rng.chance(0.65),
      vcse,
      postcode: address(rng, FORCE_TOWNS).postcode,
    });
    const info = { id, name, trade };
    supplierInfo.push(info);
    const sameTrade = byTrade.get(trade.key) ?? [];
    sameTrade.push(info);
    byTrade.set(trade.key, sameTrade);
  }

  const contracts: Row<typeof contract>[] = [];
  const buyers: Row<typeof contractBuyer>[] = [];
  const contractSuppliers: Row<typeof contractSupplier>[] = [];
  const contractsByOrg = perMember<ContractInfo[]>(() => []);
  const contractCount = volume(1500, scale);
  const firstStart = toDay('2019-04-01');
  const lastStart = toDay('2026-09-30');

  for (let i = 0; i < contractCount; i += 1) {
    const id = rng.uuid();
    // About 15% are procured jointly by two or three member organisations.
    const buyerCodes = rng.chance(0.15) ? shuffle(rng, [...MEMBER_CODES]).slice(0, rng.int(2, 3)) : [SINGLE_BUYER.pick(rng)];
    const sectors = new Set(buyerCodes.map((code) => orgSpec(code).sector));
    const subjects = CONTRACT_SUBJECTS.filter(
      ([, , , who]) => who === 'any' || (who === 'police' ? sectors.size === 1 && sectors.has('POLICE') : !sectors.has('POLICE')),
    );
    const [subject, category, tradeKey] = rng.pick(subjects);
    const startDay = firstStart + rng.int(0, lastStart - firstStart);
    const years = rng.pick([1, 2, 2, 3, 3, 4, 5, 7]);
    const endDay = startDay + years * 365 - 1;
    const method = METHOD.pick(rng);
    const status = rng.chance(0.03)
      ? 'CANCELLED'
      : startDay * DAY_MS > AS_AT_MS
        ? rng.pick(['PLANNED', 'TENDER'] as const)
        : endDay * DAY_MS < AS_AT_MS
          ? 'COMPLETE'
          : 'ACTIVE';
    const lot = rng.chance(0.3) ? ` – Lot ${rng.int(1, 4)}` : '';
    const buyerNames = buyerCodes.map((code) => orgSpec(code).name).join(', ');
    contracts.push({
      id,
      ocid: `ocds-synth01-${String(i + 1).padStart(6, '0')}`,
      title: `${subject}${lot}`,
      description: `${subject} for ${buyerNames}, ${METHOD_PHRASE[method]}. Synthetic record.`,
      status,
      procurementMethod: method,
      category,
      valuePence: rng.logUniform(10_000, 20_000_000) * 100,
      startDate: isoDate(startDay),
      endDate: isoDate(endDay),
    });
    for (const organisationCode of buyerCodes) buyers.push({ contractId: id, organisationCode });
    const candidates = byTrade.get(tradeKey) ?? supplierInfo;
    const chosen = [...new Set(Array.from({ length: rng.chance(0.3) ? 2 : 1 }, () => rng.pick(candidates).id))];
    for (const supplierId of chosen) contractSuppliers.push({ contractId: id, supplierId });
    // Orders can only be raised against contracts that were let.
    if (status === 'ACTIVE' || status === 'COMPLETE') {
      for (const code of buyerCodes) contractsByOrg[code].push({ id, startDay, endDay, supplierIds: chosen });
    }
  }
  await insert(supplier, suppliers);
  await insert(contract, contracts);
  await insert(contractBuyer, buyers);
  await insert(contractSupplier, contractSuppliers);
  return { supplierInfo, contractsByOrg };
}

/** What delegations and orders need from people about one organisation's staff. */
interface OrderingStaff {
  /** Heads of service and budget holders, who approve orders. */
  budgetUnits: readonly { headId: string; level: keyof typeof APPROVAL_LIMIT_PENCE }[];
  personIds: readonly string[];
  managerOf: ReadonlyMap<string, string>;
}

/**
 * Approval delegations and purchase orders: raised and approved by people's staff,
 * charged to finance's cost centres, placed with the suppliers and contracts above.
 */
export async function seedPurchaseOrders(
  { insert, scale, log }: SeedRun,
  staff: Record<MemberCode, OrderingStaff>,
  costCentresByOrg: Record<MemberCode, readonly { id: string }[]>,
  procurementData: ProcurementRefs,
): Promise<void> {
  log('seeding approval delegations');
  await insert(approvalDelegation, delegationRows(staff));
  log('seeding purchase orders');
  await insertFamilies(insert, purchaseOrder, purchaseOrderLine, purchaseOrderRows(scale, staff, costCentresByOrg, procurementData));
}

/** The scheme of delegation: what each level may approve, in pence. */
const APPROVAL_LIMIT_PENCE = { team: 10_000_00, service: 100_000_00 } as const;
const DELEGATION_BASIS = { team: 'Budget holder', service: 'Head of service' } as const;

/** Delegations of the demo personas who approve orders (README, Writes). */
const PERSONA_DELEGATIONS: { persona: PersonaName; organisation: MemberCode; level: keyof typeof APPROVAL_LIMIT_PENCE }[] = [
  { persona: 'approving-manager', organisation: SCC, level: 'service' },
];

/** Every budget holder and head of service may approve their own organisation's orders up to their level's limit. */
function delegationRows(orgs: Record<MemberCode, OrderingStaff>): Row<typeof approvalDelegation>[] {
  const delegation = (personId: string, organisationCode: MemberCode, level: keyof typeof APPROVAL_LIMIT_PENCE) => ({
    personId,
    organisationCode,
    limitPence: APPROVAL_LIMIT_PENCE[level],
    basis: DELEGATION_BASIS[level],
  });
  return [
    ...MEMBER_CODES.flatMap((code) => orgs[code].budgetUnits.map(({ headId, level }) => delegation(headId, code, level))),
    ...PERSONA_DELEGATIONS.map(({ persona, organisation, level }) => delegation(PERSONAS[persona].subject, organisation, level)),
  ];
}

const ORDER_SHARE = new Weighted<MemberCode>([
  [SCC, 35],
  [POLICE, 30],
  [TDBC, 20],
  [SWONE, 15],
]);
type OrderStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'RECEIPTED' | 'CANCELLED';
const SETTLED_ORDER = new Weighted<OrderStatus>([
  ['RECEIPTED', 75],
  ['APPROVED', 10],
  ['REJECTED', 7],
  ['CANCELLED', 8],
]);
const RECENT_ORDER = new Weighted<OrderStatus>([
  ['DRAFT', 20],
  ['SUBMITTED', 30],
  ['APPROVED', 35],
  ['RECEIPTED', 10],
  ['REJECTED', 5],
]);
const LINE_COUNT = new Weighted<number>([
  [1, 40],
  [2, 25],
  [3, 15],
  [4, 12],
  [5, 8],
]);

/** Orders with their lines, streamed in the order they were raised. */
function* purchaseOrderRows(
  scale: number,
  orgs: Record<MemberCode, OrderingStaff>,
  costCentresByOrg: Record<MemberCode, readonly { id: string }[]>,
  procurementData: ProcurementRefs,
): Generator<Family<typeof purchaseOrder, typeof purchaseOrderLine>> {
  const rng = new Rng('purchase-orders');
  const count = volume(10_000, scale);
  const tradeOf = new Map(procurementData.supplierInfo.map((s) => [s.id, s.trade]));

  for (let i = 0; i < count; i += 1) {
    const code = ORDER_SHARE.pick(rng);
    const staff = orgs[code];
    const raisedDay = dayOf(rng, i, count);
    const requesterPersonId = rng.pick(staff.personIds);
    const status = (AS_AT_MS - raisedDay * DAY_MS > 45 * DAY_MS ? SETTLED_ORDER : RECENT_ORDER).pick(rng);
    // Drafts and submitted orders have not been approved by anyone yet.
    const approverPersonId = status === 'DRAFT' || status === 'SUBMITTED' ? null : (staff.managerOf.get(requesterPersonId) ?? rng.pick(staff.personIds));
    let contractId: string | null = null;
    let supplierId = rng.pickSkewed(procurementData.supplierInfo, 1.5).id;
    // Some orders call off a contract this organisation let, if it was running that day.
    const letContracts = procurementData.contractsByOrg[code];
    if (letContracts.length > 0 && rng.chance(0.4)) {
      const candidate = rng.pick(letContracts);
      if (candidate.startDay <= raisedDay && raisedDay <= candidate.endDay && candidate.supplierIds.length > 0) {
        contractId = candidate.id;
        supplierId = rng.pick(candidate.supplierIds);
      }
    }
    const trade = tradeOf.get(supplierId) ?? at(TRADES, 0);
    const id = rng.uuid();
    let totalPence = 0;
    const lines: Row<typeof purchaseOrderLine>[] = [];
    const lineCount = LINE_COUNT.pick(rng);
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber += 1) {
      const [description, low, high] = rng.pick(trade.items);
      const quantity = high < 5 ? rng.int(200, 2000) : rng.pick([1, 1, 1, 2, 3, 5, 10, 20, 50]);
      const unitPricePence = rng.int(low * 100, high * 100);
      totalPence += quantity * unitPricePence;
      lines.push({ id: rng.uuid(), purchaseOrderId: id, lineNumber, description, quantity, unitPricePence });
    }
    const order: Row<typeof purchaseOrder> = {
      id,
      // Numbered as the subgraph numbers new orders, so those follow on.
      orderNumber: String(FIRST_ORDER_NUMBER + BigInt(i)),
      organisationCode: code,
      requesterPersonId,
      approverPersonId,
      costCentreId: rng.pick(costCentresByOrg[code]).id,
      supplierId,
      contractId,
      status,
      rejectionReason: status === 'REJECTED' ? 'Not within the approved budget for this period' : null,
      totalPence,
      raisedAt: new Date(officeTime(rng, raisedDay)),
      version: 1,
      updatedAt: AS_AT,
    };
    yield { parent: order, children: lines };
  }
}
