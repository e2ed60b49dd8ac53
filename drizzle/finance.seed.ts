// The finance subgraph's demo data: expense types, cost centres (managed by people's
// budget holders), budgets, and the spend-over-£500 payments to procurement's suppliers.
import { budget, costCentre, expenseType, payment } from './finance.js';
import { inBatches, volume, type Insert, type Row, type SeedRun } from './seed/bulk.js';
import { dayOf, isoDate } from './seed/calendar.js';
import { MEMBER_CODES, orgSpec, perMember, POLICE, SCC, SWONE, TDBC, type MemberCode } from './seed/members.js';
import { apportion, at, required, Rng, Weighted } from './seed/random.js';

/** What cost centres need from people: each organisation's budget-holding units and their heads. */
interface BudgetHolders {
  budgetUnits: readonly { name: string; division: string; headId: string }[];
}

/** A supplier finance may pay (from procurement), with the expense types its trade is paid under. */
interface Payee {
  id: string;
  name: string;
  trade: { expenses: readonly string[] };
}

/** Hands on the cost centres, which purchase orders are charged to. */
export async function seedFinance({ insert, scale, log }: SeedRun, staff: Record<MemberCode, BudgetHolders>, payees: readonly Payee[]): Promise<FinanceRefs> {
  log('seeding cost centres and budgets');
  const finance = await seedCostCentres(insert, scale, staff);
  for (const batch of inBatches(budgetRows(finance))) await insert(budget, batch);
  log('seeding payments');
  for (const batch of inBatches(paymentRows(scale, finance, payees))) await insert(payment, batch);
  return finance;
}

interface ExpenseSpec {
  code: string;
  name: string;
  category: string;
  /** Payment range in pounds. */
  range: readonly [number, number];
  weight: number;
  purposes: readonly string[];
  sector?: 'COUNCIL' | 'POLICE';
  capital?: boolean;
  /** Small purchases under this type are often paid by procurement card. */
  card?: boolean;
}

// A fixed list in the style of the CIPFA Service Expenditure Analysis subjective groups.
const EXPENSE_TYPES: readonly ExpenseSpec[] = [
  {
    code: '1101',
    name: 'Agency staff',
    category: 'Employees',
    range: [500, 25_000],
    weight: 6,
    purposes: ['Agency social worker cover', 'Temporary administrative support', 'Interim manager fees'],
  },
  {
    code: '1102',
    name: 'Training and development',
    category: 'Employees',
    range: [500, 15_000],
    weight: 3,
    card: true,
    purposes: ['Staff training course', 'Professional qualification fees'],
  },
  {
    code: '1103',
    name: 'Recruitment advertising',
    category: 'Employees',
    range: [500, 8_000],
    weight: 1,
    purposes: ['Job advertisement', 'Recruitment campaign'],
  },
  {
    code: '1104',
    name: 'Occupational health',
    category: 'Employees',
    range: [500, 10_000],
    weight: 1,
    purposes: ['Occupational health referrals', 'Employee assistance programme'],
  },
  {
    code: '2101',
    name: 'Repairs and maintenance of buildings',
    category: 'Premises',
    range: [500, 60_000],
    weight: 5,
    purposes: ['Reactive building repairs', 'Planned maintenance works'],
  },
  { code: '2102', name: 'Energy costs', category: 'Premises', range: [500, 90_000], weight: 4, purposes: ['Electricity supply', 'Gas supply'] },
  { code: '2103', name: 'Rents', category: 'Premises', range: [500, 50_000], weight: 2, purposes: ['Office accommodation rent', 'Depot lease'] },
  {
    code: '2104',
    name: 'Cleaning and domestic supplies',
    category: 'Premises',
    range: [500, 20_000],
    weight: 3,
    purposes: ['Contract cleaning', 'Washroom services'],
  },
  { code: '2105', name: 'Business rates', category: 'Premises', range: [1_000, 120_000], weight: 1, purposes: ['Non-domestic rates'] },
  { code: '3101', name: 'Vehicle hire', category: 'Transport', range: [500, 15_000], weight: 2, purposes: ['Short-term van hire', 'Pool car hire'] },
  { code: '3102', name: 'Fuel', category: 'Transport', range: [500, 40_000], weight: 3, card: true, purposes: ['Fleet fuel', 'Fuel card account'] },
  {
    code: '3103',
    name: 'Vehicle repairs and maintenance',
    category: 'Transport',
    range: [500, 20_000],
    weight: 2,
    purposes: ['Fleet servicing', 'Accident repairs'],
  },
  {
    code: '3104',
    name: 'Public transport and travel',
    category: 'Transport',
    range: [500, 6_000],
    weight: 1,
    card: true,
    purposes: ['Staff rail travel', 'Conference travel'],
  },
  {
    code: '4101',
    name: 'ICT hardware',
    category: 'Supplies and Services',
    range: [500, 80_000],
    weight: 3,
    card: true,
    purposes: ['Laptop refresh', 'Network equipment'],
  },
  {
    code: '4102',
    name: 'ICT software and licences',
    category: 'Supplies and Services',
    range: [500, 120_000],
    weight: 3,
    purposes: ['Software licence renewal', 'Cloud hosting'],
  },
  {
    code: '4103',
    name: 'Consultancy',
    category: 'Supplies and Services',
    range: [1_000, 100_000],
    weight: 2,
    purposes: ['Service review', 'Project assurance'],
  },
  {
    code: '4104',
    name: 'Legal fees',
    category: 'Supplies and Services',
    range: [500, 50_000],
    weight: 1,
    purposes: ['External legal advice', "Counsel's fees"],
  },
  {
    code: '4105',
    name: 'Printing and stationery',
    category: 'Supplies and Services',
    range: [500, 10_000],
    weight: 2,
    card: true,
    purposes: ['Office stationery', 'Leaflet printing'],
  },
  {
    code: '4106',
    name: 'Catering',
    category: 'Supplies and Services',
    range: [500, 8_000],
    weight: 1,
    card: true,
    purposes: ['Event catering', 'Vending supplies'],
  },
  {
    code: '4107',
    name: 'Equipment and furniture',
    category: 'Supplies and Services',
    range: [500, 25_000],
    weight: 2,
    card: true,
    purposes: ['Office furniture', 'Operational equipment'],
  },
  {
    code: '4108',
    name: 'Uniforms and protective clothing',
    category: 'Supplies and Services',
    range: [500, 30_000],
    weight: 2,
    card: true,
    purposes: ['Uniform issue', 'Personal protective equipment'],
  },
  {
    code: '4109',
    name: 'Grants and subscriptions',
    category: 'Supplies and Services',
    range: [500, 40_000],
    weight: 1,
    purposes: ['Community grant', 'Membership subscription'],
  },
  {
    code: '4110',
    name: 'Communications and postage',
    category: 'Supplies and Services',
    range: [500, 20_000],
    weight: 1,
    purposes: ['Mobile telephony', 'Postage'],
  },
  {
    code: '4111',
    name: 'Forensic services',
    category: 'Supplies and Services',
    range: [500, 60_000],
    weight: 3,
    sector: 'POLICE',
    purposes: ['Forensic submissions', 'Digital forensic examination'],
  },
  {
    code: '5101',
    name: 'Private contractors',
    category: 'Third Party Payments',
    range: [1_000, 250_000],
    weight: 6,
    purposes: ['Contracted services', 'Highway works', 'Grounds maintenance'],
  },
  {
    code: '5102',
    name: 'Care placements and home care',
    category: 'Third Party Payments',
    range: [500, 40_000],
    weight: 6,
    sector: 'COUNCIL',
    purposes: ['Domiciliary care', 'Residential placement'],
  },
  {
    code: '5103',
    name: 'Payments to other public bodies',
    category: 'Third Party Payments',
    range: [1_000, 150_000],
    weight: 1,
    purposes: ['Partnership contribution', 'Shared service recharge'],
  },
  {
    code: '9101',
    name: 'Capital – buildings and construction',
    category: 'Capital',
    range: [5_000, 750_000],
    weight: 1,
    capital: true,
    purposes: ['Capital works', 'Building improvement scheme'],
  },
  {
    code: '9102',
    name: 'Capital – vehicles and plant',
    category: 'Capital',
    range: [5_000, 250_000],
    weight: 1,
    capital: true,
    purposes: ['Vehicle replacement programme'],
  },
  {
    code: '9103',
    name: 'Capital – ICT equipment',
    category: 'Capital',
    range: [5_000, 300_000],
    weight: 1,
    capital: true,
    purposes: ['ICT infrastructure upgrade'],
  },
];

/** Payees that are not suppliers: other public bodies, and individuals published redacted. */
const PUBLIC_BODY_EXPENSES = new Set(['2105', '5103']);
const PUBLIC_BODIES = [
  'HM Revenue & Customs',
  'Environment Agency',
  'Sedgemoor District Council',
  'Mendip District Council',
  'South Somerset District Council',
  'Somerset Pension Fund',
];
const INDIVIDUAL_PAYEE = 'Redacted – personal data';

const COST_CENTRE_SHARE: Record<MemberCode, number> = { [SCC]: 35, [TDBC]: 20, [POLICE]: 30, [SWONE]: 15 };
const COST_CENTRE_SUFFIXES = ['', 'Staffing', 'Premises', 'Supplies', 'Transport', 'Projects', 'Contracts', 'Grants'];

interface CostCentreInfo {
  id: string;
  serviceDivision: string;
}

/** What budgets, payments and orders need to know about the finance set-up. */
interface FinanceRefs {
  expenseIds: Map<string, string>;
  costCentresByOrg: Record<MemberCode, CostCentreInfo[]>;
}

async function seedCostCentres(insert: Insert, scale: number, orgs: Record<MemberCode, BudgetHolders>): Promise<FinanceRefs> {
  const rng = new Rng('finance');
  const expenseTypes = EXPENSE_TYPES.map((e) => ({ id: rng.uuid(), code: e.code, name: e.name, category: e.category }));
  const expenseIds = new Map(expenseTypes.map((e) => [e.code, e.id]));
  const costCentres: Row<typeof costCentre>[] = [];
  const costCentresByOrg = perMember<CostCentreInfo[]>(() => []);
  const counts = apportion(
    volume(500, scale, MEMBER_CODES.length),
    MEMBER_CODES.map((code) => COST_CENTRE_SHARE[code]),
  );

  MEMBER_CODES.forEach((code, o) => {
    const staff = orgs[code];
    const infos = costCentresByOrg[code];
    const count = Math.max(1, at(counts, o));
    for (let i = 0; i < count; i += 1) {
      // Cycle through the units; later rounds add a suffix so names stay distinct.
      const unit = at(staff.budgetUnits, i % staff.budgetUnits.length);
      const round = Math.floor(i / staff.budgetUnits.length);
      const suffix = at(COST_CENTRE_SUFFIXES, round % COST_CENTRE_SUFFIXES.length);
      const repeat = Math.floor(round / COST_CENTRE_SUFFIXES.length);
      const id = rng.uuid();
      costCentres.push({
        id,
        organisationCode: code,
        code: `CC${String(1000 + o * 2000 + i).padStart(4, '0')}`,
        name: [unit.name, suffix, repeat > 0 ? String(repeat + 1) : ''].filter(Boolean).join(' – '),
        serviceDivision: unit.division,
        managerPersonId: unit.headId,
      });
      infos.push({ id, serviceDivision: unit.division });
    }
  });
  await insert(expenseType, expenseTypes);
  await insert(costCentre, costCentres);
  return { expenseIds, costCentresByOrg };
}

/** Every cost centre, both financial years, periods 1 (April) to 12 (March). */
function* budgetRows(finance: FinanceRefs): Generator<Row<typeof budget>> {
  const rng = new Rng('budgets');
  for (const costCentres of Object.values(finance.costCentresByOrg)) {
    for (const { id } of costCentres) {
      const annual = rng.logUniform(50_000, 5_000_000);
      for (const financialYear of [2024, 2025]) {
        const uplift = financialYear === 2025 ? 1.03 : 1;
        for (let period = 1; period <= 12; period += 1) {
          const monthly = Math.round((annual / 12) * uplift * (0.85 + rng.next() * 0.3));
          yield { id: rng.uuid(), costCentreId: id, financialYear, period, amountPence: monthly * 100 };
        }
      }
    }
  }
}

const PAYMENT_SHARE = new Weighted<MemberCode>([
  [SCC, 40],
  [POLICE, 30],
  [TDBC, 18],
  [SWONE, 12],
]);

/** Expense types each organisation pays under: sector-specific ones only where they fit. */
function expensesFor(code: MemberCode): Weighted<ExpenseSpec> {
  const sector = orgSpec(code).sector;
  return new Weighted(EXPENSE_TYPES.filter((e) => !e.sector || e.sector === sector).map((e) => [e, e.weight] as const));
}

/** The spend-over-£500 lines, one at a time in date order, so they stream in batches. */
function* paymentRows(scale: number, finance: FinanceRefs, payees: readonly Payee[]): Generator<Row<typeof payment>> {
  const rng = new Rng('payments');
  const count = volume(50_000, scale);
  const expenseChoice = perMember(expensesFor);
  const suppliersByExpense = new Map(EXPENSE_TYPES.map((e) => [e.code, payees.filter((s) => s.trade.expenses.includes(e.code))]));
  const transactionSerial = perMember(() => 0);

  for (let i = 0; i < count; i += 1) {
    const code = PAYMENT_SHARE.pick(rng);
    const costCentreInfo = rng.pick(finance.costCentresByOrg[code]);
    const expense = expenseChoice[code].pick(rng);
    const paymentDay = dayOf(rng, i, count);
    let supplierId: string | null = null;
    let beneficiaryName: string;
    if (PUBLIC_BODY_EXPENSES.has(expense.code)) {
      beneficiaryName = rng.pick(PUBLIC_BODIES);
    } else if (rng.chance(0.01)) {
      beneficiaryName = INDIVIDUAL_PAYEE;
    } else {
      const candidates = suppliersByExpense.get(expense.code);
      const payee = rng.pickSkewed(candidates && candidates.length > 0 ? candidates : payees);
      supplierId = payee.id;
      beneficiaryName = payee.name;
    }
    const credit = rng.chance(0.005);
    const pounds = rng.logUniform(expense.range[0], expense.range[1]);
    const amountPence = (pounds * 100 + rng.int(0, 99)) * (credit ? -1 : 1);
    const serial = ++transactionSerial[code];
    yield {
      id: rng.uuid(),
      organisationCode: code,
      // SAP-style accounting document numbers, counting up per organisation.
      transactionNumber: String(5_100_000_000 + serial),
      costCentreId: costCentreInfo.id,
      expenseTypeId: required(finance.expenseIds.get(expense.code), expense.code),
      supplierId,
      beneficiaryName,
      serviceDivision: costCentreInfo.serviceDivision,
      purpose: `${credit ? 'Credit note – ' : ''}${rng.pick(expense.purposes)}`,
      effectiveDate: isoDate(paymentDay - rng.int(2, 14)),
      paymentDate: isoDate(paymentDay),
      amountPence,
      irrecoverableVatPence: !credit && rng.chance(0.04) ? Math.round(amountPence * 0.2 * (0.1 + rng.next() * 0.9)) : 0,
      capitalOrRevenue: expense.capital ? 'CAPITAL' : 'REVENUE',
      procurementCard: expense.card === true && pounds < 5_000 && rng.chance(0.25),
      sensitivePayee: code === POLICE && rng.chance(0.03),
    };
  }
}
