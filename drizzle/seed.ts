// Deterministic synthetic seed data for every subgraph's tables. The same scale always
// produces the same rows: all randomness comes from seeded PRNG streams (one per table
// group, so changing one generator does not shift the others) and all dates are
// anchored on the two financial years 2024-04-01 to 2026-03-31, never on the clock.
// Names, companies, NI numbers, phone numbers and postcodes are plainly synthetic.
import { getTableColumns, getTableName, is, sql, type InferSelectModel } from 'drizzle-orm';
import { getTableConfig, PgEnumColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../platform/database.js';
import { grade, organisation, orgUnit, payChange, peopleIdempotencyKey, person, position } from './people.js';
import { budget, costCentre, expenseType, payment } from './finance.js';
import { approvalDelegation, contract, contractBuyer, contractSupplier, purchaseOrder, procurementIdempotencyKey, purchaseOrderLine, supplier } from './procurement.js';
import { ORGANISATIONS, type RegisteredOrganisation, type Sector } from '../platform/organisations.js';
import { PERSONAS, type PersonaName } from '../platform/personas.js';
import { caseNote, contactCase, customer, idempotencyKey as contactsIdempotencyKey } from './contacts.js';

/** A complete row: every column, defaults included, because unnest() cannot use column defaults. */
type Row<T extends PgTable> = InferSelectModel<T>;

/** Rows inserted per table, keyed by schema-qualified table name. */
export type SeedSummary = Record<string, number>;

export interface SeedOptions {
  /** Multiplies the row volumes; 1 is about 220,000 rows. */
  scale: number;
  log?: (message: string) => void;
}

// Children before parents is not needed: TRUNCATE ... CASCADE empties them in one go.
const ALL_TABLES: PgTable[] = [
  organisation, orgUnit, grade, position, person, payChange, peopleIdempotencyKey,
  costCentre, expenseType, budget, payment,
  supplier, contract, contractBuyer, contractSupplier, purchaseOrder, purchaseOrderLine, approvalDelegation, procurementIdempotencyKey,
  customer, contactCase, caseNote, contactsIdempotencyKey,
];

export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ code: organisation.code }).from(organisation).limit(1);
  return rows.length > 0;
}

/**
 * Empties every table of the four schemas and fills them again, all in one
 * transaction: a failure leaves the previous data as it was.
 */
export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const { scale } = options;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const log = options.log ?? (() => undefined);
  return db.transaction(async (tx) => {
    const restore = await suspendIndexesAndForeignKeys(tx);
    await tx.execute(sql`TRUNCATE TABLE ${sql.join(ALL_TABLES, sql`, `)} RESTART IDENTITY CASCADE`);
    const summary = await fillTables(tx, scale, log);
    log('rebuilding indexes and checking foreign keys');
    for (const statement of restore) await tx.execute(sql.raw(statement));
    // As after pg_restore: without statistics the planner guesses, and under row-level
    // security it guessed badly (a police case page sorted every police case, and case
    // notes were checked against a hash of every visible case: hundreds of milliseconds
    // a request). Autovacuum would get there later, or never where it is off.
    log('analysing tables');
    await tx.execute(sql`ANALYZE ${sql.join(ALL_TABLES, sql`, `)}`);
    return summary;
  });
}

/**
 * Bulk loading the way pg_restore does it: secondary indexes and foreign keys are
 * dropped for the load and recreated from their own catalog definitions afterwards.
 * Building an index once is cheaper than maintaining it row by row, and re-adding a
 * foreign key checks every row in one set-based query instead of one lookup per row
 * (together about a third of the load time on PGlite). Primary keys and unique
 * constraints stay, so duplicates still fail at once. Returns the restoring statements.
 */
async function suspendIndexesAndForeignKeys(db: Database): Promise<string[]> {
  const schemas = sql.join([...new Set(ALL_TABLES.map((t) => getTableConfig(t).schema ?? 'public'))].map((s) => sql`${s}`), sql`, `);
  const result = await db.execute(sql`
    select format('alter table %I.%I drop constraint %I', n.nspname, t.relname, k.conname) as suspend,
           format('alter table %I.%I add constraint %I %s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)) as restore,
           2 as restore_order
      from pg_constraint k
      join pg_class t on t.oid = k.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where k.contype = 'f' and n.nspname in (${schemas})
    union all
    select format('drop index %I.%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid), 1
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in (${schemas})
       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
     order by 3 desc, 1`);
  // Both drivers return { rows }; Drizzle's shared type does not say so.
  const statements = (result as unknown as { rows: { suspend: string; restore: string; restore_order: number }[] }).rows;
  // Foreign keys go first (restore_order 2), then the indexes; restoring runs the other way.
  for (const { suspend } of statements) await db.execute(sql.raw(suspend));
  return statements.map((s) => s.restore).reverse();
}

type Insert = <T extends PgTable>(table: T, rows: Row<T>[]) => Promise<void>;

/**
 * Each seeder inserts its rows and hands on only the ids later tables refer to, so
 * no table's rows outlive their insert: memory stays bounded at large scales.
 */
async function fillTables(db: Database, scale: number, log: (message: string) => void): Promise<SeedSummary> {
  const summary: SeedSummary = {};
  // A statement is left running while the caller generates the next batch, so on
  // PostgreSQL the server stores one batch while this process builds the next. The
  // connection still gets one statement at a time, in order.
  let inFlight: Promise<void> = Promise.resolve();
  const insert: Insert = async (table, rows) => {
    await inFlight;
    inFlight = insertRows(db, table, rows);
    // A failure surfaces at the next await of inFlight, not as an unhandled rejection.
    inFlight.catch(() => undefined);
    const name = qualifiedName(table);
    summary[name] = (summary[name] ?? 0) + rows.length;
  };

  log('seeding people');
  const orgs = await seedPeople(insert, scale);

  log('seeding suppliers and contracts');
  const procurementData = await seedSuppliersAndContracts(insert, scale);

  log('seeding cost centres and budgets');
  const financeData = await seedCostCentres(insert, scale, orgs);
  for (const batch of inBatches(budgetRows(financeData), ROWS_PER_STATEMENT)) {
    await insert(budget, batch);
  }

  log('seeding payments');
  for (const batch of inBatches(paymentRows(scale, financeData, procurementData), ROWS_PER_STATEMENT)) {
    await insert(payment, batch);
  }

  log('seeding approval delegations');
  await insert(approvalDelegation, delegationRows(orgs));

  log('seeding purchase orders');
  for (const batch of purchaseOrderBatches(scale, orgs, financeData, procurementData)) {
    await insert(purchaseOrder, batch.orders);
    await insert(purchaseOrderLine, batch.lines);
  }

  log('seeding customers');
  const customerIds = perMember<string[]>(() => []);
  for (const batch of inBatches(customerRows(scale, customerIds), ROWS_PER_STATEMENT)) {
    await insert(customer, batch);
  }

  log('seeding contact cases');
  for (const batch of contactCaseBatches(scale, orgs, customerIds)) {
    await insert(contactCase, batch.cases);
    await insert(caseNote, batch.notes);
  }
  await inFlight;
  return summary;
}

// ---------------------------------------------------------------------------
// Inserting

const ROWS_PER_STATEMENT = 5_000;

function qualifiedName(table: PgTable): string {
  return `${getTableConfig(table).schema ?? 'public'}.${getTableName(table)}`;
}

/**
 * Drizzle's typed insert, fed by unnest(): each column travels as one array parameter,
 * so a statement has as many parameters as the table has columns, whatever the row
 * count. Measured on 50,000 payments, building the same rows with `.values()` took
 * about 4.5 s of JavaScript (a parameter object per value) on top of the database's
 * own time, which alone would blow the seed's time budget.
 */
async function insertRows<T extends PgTable>(db: Database, table: T, rows: readonly Row<T>[]): Promise<void> {
  const columns = Object.entries(getTableColumns(table));
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT) as readonly Record<string, unknown>[];
    const arrays = columns.map(([key, column]) => {
      const values = batch.map((row) => {
        const value = row[key];
        return value === null || value === undefined ? null : column.mapToDriverValue(value);
      });
      // Enum arrays go as text[]: the drivers know how to send those.
      const type = is(column, PgEnumColumn) ? sql`text[]::${column.enum}[]` : sql.raw(`${column.getSQLType()}[]`);
      return sql`${sql.param(values)}::${type}`;
    });
    // Columns come back from unnest() in table order, which is the order Drizzle inserts.
    await db.insert(table).select(sql`select * from unnest(${sql.join(arrays, sql`, `)})`);
  }
}

/** Groups a row stream into arrays of `size`, so large tables never sit whole in memory. */
function* inBatches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A volume at this scale: scaled and rounded, never below `minimum`. */
function volume(base: number, scale: number, minimum = 1): number {
  return Math.max(minimum, Math.round(base * scale));
}

// ---------------------------------------------------------------------------
// Deterministic randomness

const SEED = 'cross-sector-data-hub/seed/v1';

/** FNV-1a: turns a stream name into a 32-bit PRNG seed. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Byte-to-hex lookup: UUIDs are made by the hundred thousand, and toString(16) was the hot spot.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex16 = (n: number): string => `${HEX[(n >>> 8) & 0xff]}${HEX[n & 0xff]}`;

/** mulberry32: small, fast and good enough for synthetic data. */
class Rng {
  private state: number;

  constructor(stream: string) {
    this.state = hash32(`${SEED}:${stream}`);
  }

  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  /** Skewed towards the start of the list: a few items get most of the picks. */
  pickSkewed<T>(items: readonly T[], skew = 2.5): T {
    return at(items, Math.floor(this.next() ** skew * items.length));
  }

  /** Log-uniform in [min, max]: many small amounts, a long tail of large ones. */
  logUniform(min: number, max: number): number {
    return Math.round(min * (max / min) ** this.next());
  }

  /**
   * A version 4 shaped UUID drawn from this stream: version nibble 4, variant bits 10.
   * join() makes one flat string; a template literal would leave a rope of string
   * pieces about seven times the size, and ids are kept by the hundred thousand.
   */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    const version = (b & 0x0fff) | 0x4000;
    const variant = ((c >>> 16) & 0x3fff) | 0x8000;
    return [hex16(a >>> 16), hex16(a), '-', hex16(b >>> 16), '-', hex16(version), '-', hex16(variant), '-', hex16(c), hex16(d >>> 16), hex16(d)].join('');
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed data is missing ${what}`);
  return value;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`no item at ${index} of ${items.length}`);
  return item;
}

/** Weighted choice with the cumulative weights worked out once. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of items) this.cumulative.push((sum += weight));
    this.total = sum;
    if (items.length === 0 || sum <= 0) throw new RangeError('a weighted choice needs positive weights');
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (at(this.cumulative, mid) > target) high = mid;
      else low = mid + 1;
    }
    return at(this.items, low)[0];
  }
}

/** Splits `total` by weights into whole numbers that add up exactly (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = at(counts, i) + 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------
// Calendar: whole UTC days, so no time zone or clock can change a row.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const toDay = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
// Only a few thousand distinct days occur, so format each once.
const isoDates = new Map<number, string>();
function isoDate(day: number): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDates.set(day, text);
  }
  return text;
}
const FIRST_DAY = toDay('2024-04-01');
const LAST_DAY = toDay('2026-03-31');
const SPAN_DAYS = LAST_DAY - FIRST_DAY + 1;
/**
 * The moment the data is "as at", the last second of the two years: statuses are
 * judged against it, rows were last updated then, and nothing happens after it.
 */
const AS_AT_MS = (LAST_DAY + 1) * DAY_MS - 1000;
const AS_AT = new Date(AS_AT_MS);

/** A time of day in office hours (08:00-18:00 UTC) on `day`. */
function officeTime(rng: Rng, day: number): number {
  return day * DAY_MS + 8 * HOUR_MS + Math.floor(rng.next() * 10 * HOUR_MS);
}

/** Spreads item `index` of `count` evenly over the two years, so numbering follows time. */
function dayOf(rng: Rng, index: number, count: number): number {
  return FIRST_DAY + Math.min(SPAN_DAYS - 1, Math.floor(((index + rng.next()) / count) * SPAN_DAYS));
}

// ---------------------------------------------------------------------------
// Organisations

type SectorName = Sector;
type OrganisationSpec = RegisteredOrganisation;

const SCC = 'E10000027';
const TDBC = 'E07000190';
const POLICE = 'E23000036';
const SWONE = 'SWONE';
const MEMBER_CODES = [SCC, TDBC, POLICE, SWONE] as const;
type MemberCode = (typeof MEMBER_CODES)[number];

/** One value per member organisation. */
function perMember<T>(make: (code: MemberCode) => T): Record<MemberCode, T> {
  return { [SCC]: make(SCC), [TDBC]: make(TDBC), [POLICE]: make(POLICE), [SWONE]: make(SWONE) };
}

/** Short prefixes for staff numbers and case references. */
const ORG_PREFIX: Record<MemberCode, string> = { [SCC]: 'SCC', [TDBC]: 'TDBC', [POLICE]: 'ASP', [SWONE]: 'SWO' };

function orgSpec(code: string): OrganisationSpec {
  const spec = ORGANISATIONS.find((o) => o.code === code);
  if (!spec) throw new RangeError(`unknown organisation ${code}`);
  return spec;
}

// ---------------------------------------------------------------------------
// Names and places

const GIVEN_NAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William',
  'James', 'Leo', 'Alfie', 'Henry', 'Joshua', 'Daniel', 'Samuel', 'Joseph', 'David', 'Michael',
  'Paul', 'Mark', 'Richard', 'Peter', 'Andrew', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily',
  'Sophie', 'Grace', 'Lily', 'Freya', 'Ella', 'Mia', 'Chloe', 'Jessica', 'Ruby', 'Lucy',
  'Sarah', 'Emma', 'Hannah', 'Rebecca', 'Claire', 'Helen', 'Karen', 'Susan', 'Rachel', 'Laura',
];

const FAMILY_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', "O'Brien",
];

const STREETS = [
  'Station Road', 'High Street', 'Church Lane', 'Mill Lane', 'Park Road', 'Victoria Street', 'Orchard Close',
  'Queens Road', 'Kingston Road', 'Priory Avenue', 'Quantock Road', 'Mendip Close', 'Blackdown View',
  'Tone Way', 'Parrett Close', 'Westfield Road', 'Eastover', 'North Street', 'South Road', 'Greenway',
  'Cheddon Road', 'Wellington Road', 'Hamilton Road', 'Cranleigh Gardens', 'Hillside Drive', 'Meadow Way',
  'Brook Street', 'Castle Street', 'Silver Street', 'Elm Grove',
];

/** Local: the Taunton Deane area; county: elsewhere in Somerset; avon: Bristol, Bath and North Somerset. */
type Area = 'local' | 'county' | 'avon';

const TOWNS: readonly { town: string; districts: readonly string[]; area: Area }[] = [
  { town: 'Taunton', districts: ['TA1', 'TA2', 'TA3'], area: 'local' },
  { town: 'Wellington', districts: ['TA21'], area: 'local' },
  { town: 'Wiveliscombe', districts: ['TA4'], area: 'local' },
  { town: 'Bishops Lydeard', districts: ['TA4'], area: 'local' },
  { town: 'Bridgwater', districts: ['TA5', 'TA6', 'TA7'], area: 'county' },
  { town: 'Minehead', districts: ['TA24'], area: 'county' },
  { town: 'Burnham-on-Sea', districts: ['TA8'], area: 'county' },
  { town: 'Chard', districts: ['TA20'], area: 'county' },
  { town: 'Crewkerne', districts: ['TA18'], area: 'county' },
  { town: 'Yeovil', districts: ['BA20', 'BA21', 'BA22'], area: 'county' },
  { town: 'Frome', districts: ['BA11'], area: 'county' },
  { town: 'Wells', districts: ['BA5'], area: 'county' },
  { town: 'Glastonbury', districts: ['BA6'], area: 'county' },
  { town: 'Street', districts: ['BA16'], area: 'county' },
  { town: 'Shepton Mallet', districts: ['BA4'], area: 'county' },
  { town: 'Bath', districts: ['BA1', 'BA2'], area: 'avon' },
  { town: 'Bristol', districts: ['BS1', 'BS3', 'BS4', 'BS5', 'BS7', 'BS13', 'BS16'], area: 'avon' },
  { town: 'Weston-super-Mare', districts: ['BS22', 'BS23', 'BS24'], area: 'avon' },
  { town: 'Clevedon', districts: ['BS21'], area: 'avon' },
  { town: 'Keynsham', districts: ['BS31'], area: 'avon' },
];

const TOWNS_BY_AREAS = (areas: readonly Area[]) => TOWNS.filter((t) => areas.includes(t.area));
const LOCAL_TOWNS = TOWNS_BY_AREAS(['local']);
const SOMERSET_TOWNS = TOWNS_BY_AREAS(['local', 'county']);
const FORCE_TOWNS = TOWNS;

// Letters used in the inward part of real postcodes (never C, I, K, M, O or V).
const POSTCODE_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

interface Address {
  line1: string;
  town: string;
  postcode: string;
}

function address(rng: Rng, towns: typeof TOWNS): Address {
  const place = rng.pick(towns);
  const inward = `${rng.int(1, 9)}${rng.pick(POSTCODE_LETTERS)}${rng.pick(POSTCODE_LETTERS)}`;
  return { line1: `${rng.int(1, 180)} ${rng.pick(STREETS)}`, town: place.town, postcode: `${rng.pick(place.districts)} ${inward}` };
}

/** Turns a name into the local part of an e-mail address: O'Brien becomes obrien. */
const emailPart = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '');

/**
 * A unique, well-formed National Insurance number with the QQ prefix, which HMRC
 * never issues. Scrambling the serial (7919 is coprime to 10^6) avoids a visible count.
 */
function nationalInsuranceNumber(rng: Rng, serial: number): string {
  const digits = String((serial * 7919 + 104_729) % 1_000_000).padStart(6, '0');
  return `QQ ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} ${rng.pick(['A', 'B', 'C', 'D'])}`;
}

// ---------------------------------------------------------------------------
// People: org units, grades, positions and staff

type WorkerType = 'COUNCIL_STAFF' | 'POLICE_OFFICER' | 'POLICE_STAFF' | 'PCSO' | 'SPECIAL_CONSTABLE';
type Rank =
  | 'CONSTABLE' | 'SERGEANT' | 'INSPECTOR' | 'CHIEF_INSPECTOR' | 'SUPERINTENDENT'
  | 'CHIEF_SUPERINTENDENT' | 'ASSISTANT_CHIEF_CONSTABLE' | 'DEPUTY_CHIEF_CONSTABLE' | 'CHIEF_CONSTABLE';
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
    { name: 'Adults and Health', services: [
      { name: 'Adult Social Care', teams: [
        councilTeam('Locality Team – Taunton', 4, SOCIAL_WORK),
        councilTeam('Locality Team – Yeovil', 4, SOCIAL_WORK),
        councilTeam('Hospital Discharge Team', 3, SOCIAL_WORK),
      ] },
      { name: 'Public Health', teams: [
        councilTeam('Health Protection', 2, professional('Public Health')),
        councilTeam('Health Improvement', 2, professional('Health Improvement')),
      ] },
    ] },
    { name: 'Children, Families and Education', services: [
      { name: "Children's Social Care", teams: [
        councilTeam('Assessment Team', 4, SOCIAL_WORK),
        councilTeam('Children Looked After', 4, SOCIAL_WORK),
      ] },
      { name: 'Education and Inclusion', teams: [
        councilTeam('SEND Casework', 3, professional('SEND')),
        councilTeam('School Admissions', 2, professional('Admissions')),
      ] },
    ] },
    { name: 'Economic and Community Infrastructure', services: [
      { name: 'Highways and Transport', teams: [
        councilTeam('Highways Maintenance', 4, OPERATIVES('Highways')),
        councilTeam('Traffic Management', 2, professional('Traffic')),
        councilTeam('Passenger Transport', 2, professional('Transport')),
      ] },
      { name: 'Libraries and Heritage', teams: [councilTeam('Library Services', 3, professional('Library'))] },
    ] },
    { name: 'Customer and Corporate Services', services: [
      { name: 'Customer Services', teams: [
        councilTeam('Customer Contact Centre – Taunton', 5, CONTACT_CENTRE, 'contact'),
        councilTeam('Customer Contact Centre – Bridgwater', 4, CONTACT_CENTRE, 'contact'),
        councilTeam('Complaints and Feedback', 1, professional('Complaints')),
      ] },
      { name: 'Finance and Performance', teams: [
        councilTeam('Financial Planning', 2, professional('Finance')),
        councilTeam('Performance and Insight', 1, professional('Performance')),
      ] },
    ] },
  ],
};

const TAUNTON_DEANE: StructureSpec = {
  head: council('Chief Executive', 'SM3'),
  deputies: [],
  defaultDirectorateHead: COUNCIL_HEADS.directorate,
  defaultServiceHead: COUNCIL_HEADS.service,
  directorates: [
    { name: 'Housing and Communities', services: [
      { name: 'Housing', teams: [
        councilTeam('Housing Options', 3, professional('Housing')),
        councilTeam('Tenancy Management', 3, professional('Tenancy')),
        councilTeam('Housing Repairs', 4, OPERATIVES('Maintenance')),
      ] },
    ] },
    { name: 'Environment and Operations', services: [
      { name: 'Waste and Recycling', teams: [councilTeam('Waste Collection Crews', 5, OPERATIVES('Refuse'))] },
      { name: 'Environmental Health', teams: [
        councilTeam('Environmental Protection', 2, professional('Environmental Health')),
        councilTeam('Parks and Open Spaces', 2, OPERATIVES('Grounds')),
      ] },
    ] },
    { name: 'Planning and Development', services: [
      { name: 'Planning', teams: [
        councilTeam('Development Management', 3, professional('Planning')),
        councilTeam('Building Control', 2, professional('Building Control')),
      ] },
    ] },
    { name: 'Corporate Services', services: [
      { name: 'Revenues and Benefits', teams: [
        councilTeam('Council Tax', 3, professional('Revenues')),
        councilTeam('Housing Benefit', 2, professional('Benefits')),
      ] },
      { name: 'Customer Services', teams: [
        councilTeam('Customer Contact Centre', 5, CONTACT_CENTRE, 'contact'),
        councilTeam('Deane House Reception', 2, CONTACT_CENTRE, 'contact'),
      ] },
    ] },
  ],
};

const SOUTHWEST_ONE: StructureSpec = {
  head: council('Managing Director', 'SM3'),
  deputies: [],
  defaultDirectorateHead: COUNCIL_HEADS.directorate,
  defaultServiceHead: COUNCIL_HEADS.service,
  directorates: [
    { name: 'Finance and HR Services', services: [
      { name: 'Finance Services', teams: [
        councilTeam('Accounts Payable', 3, professional('Accounts')),
        councilTeam('Accounts Receivable', 2, professional('Accounts')),
        councilTeam('Payroll', 3, professional('Payroll')),
      ] },
      { name: 'HR Services', teams: [
        councilTeam('HR Advice', 2, professional('HR')),
        councilTeam('Recruitment', 2, professional('Recruitment')),
      ] },
    ] },
    { name: 'Procurement', services: [
      { name: 'Strategic Procurement', teams: [
        councilTeam('Category Team – Corporate', 2, professional('Procurement')),
        councilTeam('Category Team – Construction', 2, professional('Procurement')),
        councilTeam('Purchase to Pay', 2, professional('Purchasing')),
      ] },
    ] },
    { name: 'ICT Services', services: [
      { name: 'ICT Operations', teams: [
        councilTeam('Service Desk', 3, professional('ICT Support')),
        councilTeam('Infrastructure', 2, professional('Infrastructure')),
        councilTeam('SAP Support', 2, professional('SAP')),
      ] },
    ] },
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
  name, weight, leader: officer('Police Sergeant', 'SERGEANT'), members, ...(tag ? { tag } : {}),
});
// Response shifts run round the clock under an inspector, with sergeants among the members.
const inspectorLed = (name: string, weight: number, members: TeamSpec['members']): TeamSpec => ({
  name, weight, leader: officer('Response Inspector', 'INSPECTOR'), members,
});
const staffLed = (name: string, weight: number, members: TeamSpec['members'], tag?: TeamTag): TeamSpec => ({
  name, weight, leader: policeStaff(tag === 'control' ? 'Control Room Supervisor' : 'Team Leader', 'PS6'), members,
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
    { name: 'Neighbourhood and Partnerships', services: POLICE_AREAS.map((area) => ({
      name: `${area} Area`,
      head: officer(`Superintendent, ${area}`, 'SUPERINTENDENT'),
      teams: [
        sergeantLed(`${area} Neighbourhood Team`, 4, NEIGHBOURHOOD),
        inspectorLed(`${area} Response Team A`, 4, RESPONSE),
        inspectorLed(`${area} Response Team B`, 4, RESPONSE),
      ],
    })) },
    { name: 'Investigations', services: [
      { name: 'Criminal Investigation Department', teams: [
        sergeantLed('CID Team North', 4, DETECTIVES, 'investigation'),
        sergeantLed('CID Team South', 4, DETECTIVES, 'investigation'),
      ] },
      { name: 'Public Protection', teams: [
        sergeantLed('Child Protection', 3, DETECTIVES, 'investigation'),
        sergeantLed('Domestic Abuse Investigation', 3, DETECTIVES, 'investigation'),
      ] },
    ] },
    { name: 'Operational Support', services: [
      { name: 'Roads Policing', head: officer('Inspector, Roads Policing', 'INSPECTOR'), teams: [
        sergeantLed('Roads Policing Unit', 4, [[officer('Police Constable', 'CONSTABLE'), 1]]),
      ] },
      { name: 'Specialist Operations', head: officer('Inspector, Specialist Operations', 'INSPECTOR'), teams: [
        sergeantLed('Firearms Unit', 3, [[officer('Authorised Firearms Officer', 'CONSTABLE'), 1]]),
        sergeantLed('Dog Section', 1, [[officer('Police Dog Handler', 'CONSTABLE'), 1]]),
      ] },
    ] },
    { name: 'Contact Management', services: [
      { name: 'Force Control Room', head: officer('Chief Inspector, Force Control Room', 'CHIEF_INSPECTOR'), teams: [
        staffLed('Control Room Team 1', 5, CONTROL_ROOM, 'control'),
        staffLed('Control Room Team 2', 5, CONTROL_ROOM, 'control'),
        staffLed('Control Room Team 3', 5, CONTROL_ROOM, 'control'),
      ] },
      { name: 'Enquiry and Crime Recording', head: policeStaff('Head of Enquiry and Crime Recording', 'PS8'), teams: [
        staffLed('101 Enquiry Office', 3, [[policeStaff('Enquiry Officer', 'PS3'), 1]], 'control'),
        staffLed('Crime Recording Bureau', 3, [[policeStaff('Crime Recording Officer', 'PS3'), 1]], 'control'),
      ] },
    ] },
    { name: 'Enabling Services', head: policeStaff('Director of Enabling Services', 'PS8'), services: [
      { name: 'People Services', head: policeStaff('Head of People Services', 'PS7'), teams: [
        staffLed('HR Business Partnering', 2, policeOffice('HR')),
        staffLed('Vetting Unit', 1, policeOffice('Vetting')),
      ] },
      { name: 'Finance and Estates', head: policeStaff('Head of Finance and Estates', 'PS7'), teams: [
        staffLed('Finance', 2, policeOffice('Finance')),
        staffLed('Estates and Fleet', 2, policeOffice('Estates')),
      ] },
      { name: 'Professional Standards', head: officer('Superintendent, Professional Standards', 'SUPERINTENDENT'), teams: [
        sergeantLed('Professional Standards Investigations', 1, DETECTIVES),
      ] },
    ] },
  ],
};

const STRUCTURES: Record<MemberCode, StructureSpec> = {
  [SCC]: SOMERSET_COUNTY,
  [TDBC]: TAUNTON_DEANE,
  [POLICE]: AVON_AND_SOMERSET,
  [SWONE]: SOUTHWEST_ONE,
};

/** Share of the ~3,000 people at scale 1. */
const HEADCOUNT_SHARE: Record<MemberCode, number> = { [POLICE]: 0.45, [SCC]: 0.3, [TDBC]: 0.15, [SWONE]: 0.1 };
const EMAIL_DOMAIN: Record<MemberCode, string> = {
  [SCC]: 'somersetcc.example.gov.uk',
  [TDBC]: 'tauntondeane.example.gov.uk',
  [POLICE]: 'avonandsomersetpolice.example.gov.uk',
  [SWONE]: 'southwestone.example.gov.uk',
};

/** Annual pay in whole pounds. Council grades rise about 10.5% a step; figures are illustrative. */
function gradeSpecs(sector: SectorName): { code: string; name: string; min: number; max: number }[] {
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
  CONSTABLE: 'PC', SERGEANT: 'PS-SGT', INSPECTOR: 'INSP', CHIEF_INSPECTOR: 'CI', SUPERINTENDENT: 'SUPT',
  CHIEF_SUPERINTENDENT: 'CSUPT', ASSISTANT_CHIEF_CONSTABLE: 'ACC', DEPUTY_CHIEF_CONSTABLE: 'DCC', CHIEF_CONSTABLE: 'CC',
};
const rankLabel = (rank: Rank): string => rank.charAt(0) + rank.slice(1).toLowerCase().replaceAll('_', ' ');

const OFFICER_VETTING = new Weighted<Vetting>([['NPPV2', 70], ['NPPV3', 25], ['SC', 5]]);
const STAFF_VETTING = new Weighted<Vetting>([['RV', 15], ['NPPV1', 15], ['NPPV2', 55], ['NPPV3', 15]]);
const SENIOR_RANKS: ReadonlySet<Rank> = new Set([
  'SUPERINTENDENT', 'CHIEF_SUPERINTENDENT', 'ASSISTANT_CHIEF_CONSTABLE', 'DEPUTY_CHIEF_CONSTABLE', 'CHIEF_CONSTABLE',
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

async function seedPeople(insert: Insert, scale: number): Promise<Staff> {
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
        positions.push({ id, organisationCode: code, orgUnitId: unitId, gradeId: gradeCode ? gradeIds.get(gradeCode)?.id ?? null : null, title: role.title });
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
        staffNumber: `${ORG_PREFIX[code]}${String(100_000 + ++staffSerial)}`,
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
      const directorateHead = addPerson(directorateId, directorate.head ?? structure.defaultDirectorateHead(directorate.name), directorateManager, undefined, true);
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
    const perTeam = apportion(members, teams.map((t) => t.team.weight));
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
      staffNumber: `${ORG_PREFIX[code]}DEMO${String(people.length).padStart(6, '0')}`,
      workEmail: `${emailPart(givenName)}.${emailPart(familyName)}.demo@${EMAIL_DOMAIN[code]}`,
      nationalInsuranceNumber: nationalInsuranceNumber(rng, ++niSerial),
    });
  }
  await insert(organisation, ORGANISATIONS.map(({ code, name, sector, member }) => ({ code, name, sector, member })));
  await insert(orgUnit, units);
  await insert(grade, grades);
  await insert(position, positions);
  await insert(person, people);
  return orgs;

  function roleGrade(role: Role): string | undefined {
    return role.rank ? RANK_GRADE[role.rank] : role.grade;
  }
}

/** Officers have plain numbers; PCSOs and specials carry a prefix, as many forces do. */
function collarNumber(worker: WorkerType, serial: number): string {
  const number = String(1000 + serial);
  if (worker === 'PCSO') return `PCSO ${number}`;
  if (worker === 'SPECIAL_CONSTABLE') return `SC ${number}`;
  return number;
}

// ---------------------------------------------------------------------------
// Procurement: suppliers and contracts

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
  { key: 'recruitment', label: 'Recruitment', expenses: ['1101', '1103'], items: [['Agency worker hours', 18, 45], ['Job advert placement', 250, 1500]] },
  { key: 'training', label: 'Training', expenses: ['1102'], items: [['Training course place', 150, 1200], ['E-learning licence', 20, 90]] },
  { key: 'health', label: 'Occupational Health', expenses: ['1104'], items: [['Occupational health assessment', 120, 450]] },
  { key: 'building', label: 'Building Services', expenses: ['2101', '9101'], items: [['Reactive repair call-out', 90, 600], ['Roof repair works', 800, 9000]] },
  { key: 'energy', label: 'Energy', expenses: ['2102'], items: [['Electricity supply (MWh)', 180, 320], ['Gas supply (MWh)', 60, 140]] },
  { key: 'property', label: 'Property', expenses: ['2103'], items: [['Quarterly office rent', 3000, 25000]] },
  { key: 'cleaning', label: 'Cleaning Services', expenses: ['2104'], items: [['Office cleaning (monthly)', 400, 4000], ['Cleaning materials', 20, 300]] },
  { key: 'fleet', label: 'Vehicle Hire', expenses: ['3101'], items: [['Van hire (week)', 250, 700], ['Pool car hire (day)', 40, 90]] },
  { key: 'fuel', label: 'Fuels', expenses: ['3102'], items: [['Diesel (litres)', 1, 2], ['Fuel card top-up', 200, 1500]] },
  { key: 'motors', label: 'Motors', expenses: ['3103', '9102'], items: [['Vehicle service', 180, 900], ['Replacement tyres', 90, 400]] },
  { key: 'travel', label: 'Travel', expenses: ['3104'], items: [['Rail tickets', 30, 250], ['Conference travel and accommodation', 150, 900]] },
  { key: 'ict', label: 'IT Solutions', expenses: ['4101', '4102', '9103'], items: [['Laptop', 600, 1400], ['Monitor', 110, 300], ['Software licence (annual)', 50, 4000]] },
  { key: 'consulting', label: 'Consulting', expenses: ['4103'], items: [['Consultancy day rate', 500, 1400]] },
  { key: 'legal', label: 'Legal', expenses: ['4104'], items: [['Counsel fees', 800, 6000], ['Legal advice (hours)', 120, 350]] },
  { key: 'print', label: 'Print', expenses: ['4105'], items: [['A4 copier paper (box)', 18, 30], ['Leaflet print run', 300, 2500], ['Printer toner cartridge', 40, 160]] },
  { key: 'catering', label: 'Catering', expenses: ['4106'], items: [['Meeting catering', 60, 600], ['Vending supplies', 100, 800]] },
  { key: 'furniture', label: 'Office Furniture', expenses: ['4107'], items: [['Office chair', 120, 450], ['Desk', 180, 600]] },
  { key: 'workwear', label: 'Workwear', expenses: ['4108'], items: [['Hi-vis jacket', 25, 70], ['Safety boots', 40, 120], ['Uniform trousers', 20, 45]] },
  { key: 'comms', label: 'Communications', expenses: ['4110'], items: [['Mobile phone', 150, 700], ['Postage (franking)', 200, 3000]] },
  { key: 'forensics', label: 'Forensic Services', expenses: ['4111'], items: [['DNA analysis', 300, 1500], ['Digital device examination', 400, 2500]] },
  { key: 'civils', label: 'Civil Engineering', expenses: ['5101', '9101'], items: [['Carriageway resurfacing (m2)', 15, 45], ['Drainage works', 1200, 15000]] },
  { key: 'grounds', label: 'Grounds Maintenance', expenses: ['5101'], items: [['Grass cutting (visit)', 80, 400], ['Tree works', 300, 3000]] },
  { key: 'security', label: 'Security', expenses: ['5101'], items: [['Manned guarding (hours)', 15, 28], ['Alarm maintenance', 150, 900]] },
  { key: 'waste', label: 'Waste Management', expenses: ['5101'], items: [['Skip hire', 180, 450], ['Clinical waste collection', 60, 300]] },
  { key: 'care', label: 'Care Services', expenses: ['5102'], items: [['Home care hours', 20, 32], ['Residential placement (week)', 700, 1800]] },
  { key: 'community', label: 'Community', expenses: ['4109', '5102'], items: [['Community grant', 500, 15000], ['Befriending service (month)', 300, 2500]], vcse: true },
];

const TRADE_BY_KEY = new Map(TRADES.map((t) => [t.key, t]));

const SUPPLIER_PLACES = [
  'Quantock', 'Mendip', 'Blackdown', 'Exmoor', 'Polden', 'Brendon', 'Tone', 'Parrett', 'Brue', 'Axe',
  'Cheddar', 'Levels', 'Sedgemoor', 'Wessex', 'Severn', 'Avalon', 'Cary', 'Yeo', 'Isle', 'Chew',
  'Kenn', 'Horner', 'Dunster', 'Wellow', 'Frome Valley',
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

const METHOD = new Weighted<'OPEN' | 'SELECTIVE' | 'LIMITED' | 'DIRECT'>([['OPEN', 50], ['SELECTIVE', 25], ['LIMITED', 10], ['DIRECT', 15]]);
const METHOD_PHRASE = { OPEN: 'procured by open tender', SELECTIVE: 'procured by restricted tender', LIMITED: 'procured by limited tender', DIRECT: 'awarded directly under a framework' };
const SINGLE_BUYER = new Weighted<MemberCode>([[SCC, 35], [TDBC, 20], [POLICE, 30], [SWONE, 15]]);

interface SupplierInfo {
  id: string;
  name: string;
  trade: string;
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

async function seedSuppliersAndContracts(insert: Insert, scale: number): Promise<ProcurementRefs> {
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
    const info = { id, name, trade: trade.key };
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
    const buyerCodes = rng.chance(0.15)
      ? shuffle(rng, [...MEMBER_CODES]).slice(0, rng.int(2, 3))
      : [SINGLE_BUYER.pick(rng)];
    const sectors = new Set(buyerCodes.map((code) => orgSpec(code).sector));
    const subjects = CONTRACT_SUBJECTS.filter(([, , , who]) =>
      who === 'any' || (who === 'police' ? sectors.size === 1 && sectors.has('POLICE') : !sectors.has('POLICE')));
    const [subject, category, tradeKey] = rng.pick(subjects);
    const startDay = firstStart + rng.int(0, lastStart - firstStart);
    const years = rng.pick([1, 2, 2, 3, 3, 4, 5, 7]);
    const endDay = startDay + years * 365 - 1;
    const method = METHOD.pick(rng);
    const status = rng.chance(0.03)
      ? 'CANCELLED'
      : startDay * DAY_MS > AS_AT_MS
        ? rng.pick(['PLANNED', 'TENDER'] as const)
        : endDay * DAY_MS < AS_AT_MS ? 'COMPLETE' : 'ACTIVE';
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

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [at(items, j), at(items, i)];
  }
  return items;
}

// ---------------------------------------------------------------------------
// Finance: expense types, cost centres, budgets and payments

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
  { code: '1101', name: 'Agency staff', category: 'Employees', range: [500, 25_000], weight: 6, purposes: ['Agency social worker cover', 'Temporary administrative support', 'Interim manager fees'] },
  { code: '1102', name: 'Training and development', category: 'Employees', range: [500, 15_000], weight: 3, card: true, purposes: ['Staff training course', 'Professional qualification fees'] },
  { code: '1103', name: 'Recruitment advertising', category: 'Employees', range: [500, 8_000], weight: 1, purposes: ['Job advertisement', 'Recruitment campaign'] },
  { code: '1104', name: 'Occupational health', category: 'Employees', range: [500, 10_000], weight: 1, purposes: ['Occupational health referrals', 'Employee assistance programme'] },
  { code: '2101', name: 'Repairs and maintenance of buildings', category: 'Premises', range: [500, 60_000], weight: 5, purposes: ['Reactive building repairs', 'Planned maintenance works'] },
  { code: '2102', name: 'Energy costs', category: 'Premises', range: [500, 90_000], weight: 4, purposes: ['Electricity supply', 'Gas supply'] },
  { code: '2103', name: 'Rents', category: 'Premises', range: [500, 50_000], weight: 2, purposes: ['Office accommodation rent', 'Depot lease'] },
  { code: '2104', name: 'Cleaning and domestic supplies', category: 'Premises', range: [500, 20_000], weight: 3, purposes: ['Contract cleaning', 'Washroom services'] },
  { code: '2105', name: 'Business rates', category: 'Premises', range: [1_000, 120_000], weight: 1, purposes: ['Non-domestic rates'] },
  { code: '3101', name: 'Vehicle hire', category: 'Transport', range: [500, 15_000], weight: 2, purposes: ['Short-term van hire', 'Pool car hire'] },
  { code: '3102', name: 'Fuel', category: 'Transport', range: [500, 40_000], weight: 3, card: true, purposes: ['Fleet fuel', 'Fuel card account'] },
  { code: '3103', name: 'Vehicle repairs and maintenance', category: 'Transport', range: [500, 20_000], weight: 2, purposes: ['Fleet servicing', 'Accident repairs'] },
  { code: '3104', name: 'Public transport and travel', category: 'Transport', range: [500, 6_000], weight: 1, card: true, purposes: ['Staff rail travel', 'Conference travel'] },
  { code: '4101', name: 'ICT hardware', category: 'Supplies and Services', range: [500, 80_000], weight: 3, card: true, purposes: ['Laptop refresh', 'Network equipment'] },
  { code: '4102', name: 'ICT software and licences', category: 'Supplies and Services', range: [500, 120_000], weight: 3, purposes: ['Software licence renewal', 'Cloud hosting'] },
  { code: '4103', name: 'Consultancy', category: 'Supplies and Services', range: [1_000, 100_000], weight: 2, purposes: ['Service review', 'Project assurance'] },
  { code: '4104', name: 'Legal fees', category: 'Supplies and Services', range: [500, 50_000], weight: 1, purposes: ['External legal advice', "Counsel's fees"] },
  { code: '4105', name: 'Printing and stationery', category: 'Supplies and Services', range: [500, 10_000], weight: 2, card: true, purposes: ['Office stationery', 'Leaflet printing'] },
  { code: '4106', name: 'Catering', category: 'Supplies and Services', range: [500, 8_000], weight: 1, card: true, purposes: ['Event catering', 'Vending supplies'] },
  { code: '4107', name: 'Equipment and furniture', category: 'Supplies and Services', range: [500, 25_000], weight: 2, card: true, purposes: ['Office furniture', 'Operational equipment'] },
  { code: '4108', name: 'Uniforms and protective clothing', category: 'Supplies and Services', range: [500, 30_000], weight: 2, card: true, purposes: ['Uniform issue', 'Personal protective equipment'] },
  { code: '4109', name: 'Grants and subscriptions', category: 'Supplies and Services', range: [500, 40_000], weight: 1, purposes: ['Community grant', 'Membership subscription'] },
  { code: '4110', name: 'Communications and postage', category: 'Supplies and Services', range: [500, 20_000], weight: 1, purposes: ['Mobile telephony', 'Postage'] },
  { code: '4111', name: 'Forensic services', category: 'Supplies and Services', range: [500, 60_000], weight: 3, sector: 'POLICE', purposes: ['Forensic submissions', 'Digital forensic examination'] },
  { code: '5101', name: 'Private contractors', category: 'Third Party Payments', range: [1_000, 250_000], weight: 6, purposes: ['Contracted services', 'Highway works', 'Grounds maintenance'] },
  { code: '5102', name: 'Care placements and home care', category: 'Third Party Payments', range: [500, 40_000], weight: 6, sector: 'COUNCIL', purposes: ['Domiciliary care', 'Residential placement'] },
  { code: '5103', name: 'Payments to other public bodies', category: 'Third Party Payments', range: [1_000, 150_000], weight: 1, purposes: ['Partnership contribution', 'Shared service recharge'] },
  { code: '9101', name: 'Capital – buildings and construction', category: 'Capital', range: [5_000, 750_000], weight: 1, capital: true, purposes: ['Capital works', 'Building improvement scheme'] },
  { code: '9102', name: 'Capital – vehicles and plant', category: 'Capital', range: [5_000, 250_000], weight: 1, capital: true, purposes: ['Vehicle replacement programme'] },
  { code: '9103', name: 'Capital – ICT equipment', category: 'Capital', range: [5_000, 300_000], weight: 1, capital: true, purposes: ['ICT infrastructure upgrade'] },
];

/** Payees that are not suppliers: other public bodies, and individuals published redacted. */
const PUBLIC_BODY_EXPENSES = new Set(['2105', '5103']);
const PUBLIC_BODIES = ['HM Revenue & Customs', 'Environment Agency', 'Sedgemoor District Council', 'Mendip District Council', 'South Somerset District Council', 'Somerset Pension Fund'];
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

async function seedCostCentres(insert: Insert, scale: number, orgs: Staff): Promise<FinanceRefs> {
  const rng = new Rng('finance');
  const expenseTypes = EXPENSE_TYPES.map((e) => ({ id: rng.uuid(), code: e.code, name: e.name, category: e.category }));
  const expenseIds = new Map(expenseTypes.map((e) => [e.code, e.id]));
  const costCentres: Row<typeof costCentre>[] = [];
  const costCentresByOrg = perMember<CostCentreInfo[]>(() => []);
  const counts = apportion(volume(500, scale, MEMBER_CODES.length), MEMBER_CODES.map((code) => COST_CENTRE_SHARE[code]));

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

const PAYMENT_SHARE = new Weighted<MemberCode>([[SCC, 40], [POLICE, 30], [TDBC, 18], [SWONE, 12]]);

/** Expense types each organisation pays under: sector-specific ones only where they fit. */
function expensesFor(code: MemberCode): Weighted<ExpenseSpec> {
  const sector = orgSpec(code).sector;
  return new Weighted(EXPENSE_TYPES.filter((e) => !e.sector || e.sector === sector).map((e) => [e, e.weight] as const));
}

/** The spend-over-£500 lines, one at a time in date order, so they stream in batches. */
function* paymentRows(
  scale: number,
  finance: FinanceRefs,
  procurementData: ProcurementRefs,
): Generator<Row<typeof payment>> {
  const rng = new Rng('payments');
  const count = volume(50_000, scale);
  const expenseChoice = perMember(expensesFor);
  const suppliersByExpense = new Map(
    EXPENSE_TYPES.map((e) => [e.code, procurementData.supplierInfo.filter((s) => TRADE_BY_KEY.get(s.trade)?.expenses.includes(e.code))]),
  );
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
      const payee = rng.pickSkewed(candidates && candidates.length > 0 ? candidates : procurementData.supplierInfo);
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

// ---------------------------------------------------------------------------
// Purchase orders

/** The scheme of delegation: what each level may approve, in pence. */
const APPROVAL_LIMIT_PENCE = { team: 10_000_00, service: 100_000_00 } as const;
const DELEGATION_BASIS = { team: 'Budget holder', service: 'Head of service' } as const;

/** Delegations of the demo personas who approve orders (README, Writes). */
const PERSONA_DELEGATIONS: { persona: PersonaName; organisation: MemberCode; level: keyof typeof APPROVAL_LIMIT_PENCE }[] = [
  { persona: 'approving-manager', organisation: SCC, level: 'service' },
];

/** Every budget holder and head of service may approve their own organisation's orders up to their level's limit. */
function delegationRows(orgs: Staff): Row<typeof approvalDelegation>[] {
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

const ORDER_SHARE = new Weighted<MemberCode>([[SCC, 35], [POLICE, 30], [TDBC, 20], [SWONE, 15]]);
type OrderStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'RECEIPTED' | 'CANCELLED';
const SETTLED_ORDER = new Weighted<OrderStatus>([['RECEIPTED', 75], ['APPROVED', 10], ['REJECTED', 7], ['CANCELLED', 8]]);
const RECENT_ORDER = new Weighted<OrderStatus>([['DRAFT', 20], ['SUBMITTED', 30], ['APPROVED', 35], ['RECEIPTED', 10], ['REJECTED', 5]]);
const LINE_COUNT = new Weighted<number>([[1, 40], [2, 25], [3, 15], [4, 12], [5, 8]]);

function* purchaseOrderBatches(
  scale: number,
  orgs: Staff,
  finance: FinanceRefs,
  procurementData: ProcurementRefs,
): Generator<{ orders: Row<typeof purchaseOrder>[]; lines: Row<typeof purchaseOrderLine>[] }> {
  const rng = new Rng('purchase-orders');
  const count = volume(10_000, scale);
  const tradeOf = new Map(procurementData.supplierInfo.map((s) => [s.id, TRADE_BY_KEY.get(s.trade)]));
  let orders: Row<typeof purchaseOrder>[] = [];
  let lines: Row<typeof purchaseOrderLine>[] = [];

  for (let i = 0; i < count; i += 1) {
    const code = ORDER_SHARE.pick(rng);
    const staff = orgs[code];
    const raisedDay = dayOf(rng, i, count);
    const requesterPersonId = rng.pick(staff.personIds);
    const status = (AS_AT_MS - raisedDay * DAY_MS > 45 * DAY_MS ? SETTLED_ORDER : RECENT_ORDER).pick(rng);
    // Drafts and submitted orders have not been approved by anyone yet.
    const approverPersonId = status === 'DRAFT' || status === 'SUBMITTED'
      ? null
      : staff.managerOf.get(requesterPersonId) ?? rng.pick(staff.personIds);
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
    const lineCount = LINE_COUNT.pick(rng);
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber += 1) {
      const [description, low, high] = rng.pick(trade.items);
      const quantity = high < 5 ? rng.int(200, 2000) : rng.pick([1, 1, 1, 2, 3, 5, 10, 20, 50]);
      const unitPricePence = rng.int(low * 100, high * 100);
      totalPence += quantity * unitPricePence;
      lines.push({ id: rng.uuid(), purchaseOrderId: id, lineNumber, description, quantity, unitPricePence });
    }
    orders.push({
      id,
      // SAP purchase order numbers start 45.
      orderNumber: String(4_500_000_000 + i + 1),
      organisationCode: code,
      requesterPersonId,
      approverPersonId,
      costCentreId: rng.pick(finance.costCentresByOrg[code]).id,
      supplierId,
      contractId,
      status,
      rejectionReason: status === 'REJECTED' ? 'Not within the approved budget for this period' : null,
      totalPence,
      raisedAt: new Date(officeTime(rng, raisedDay)),
      version: 1,
      updatedAt: AS_AT,
    });
    if (orders.length === ROWS_PER_STATEMENT) {
      yield { orders, lines };
      orders = [];
      lines = [];
    }
  }
  if (orders.length > 0) yield { orders, lines };
}

// ---------------------------------------------------------------------------
// Contacts: customers, cases and notes

// Residents are customers of the councils and the force, not of the shared-service company.
const CUSTOMER_SHARE = new Weighted<MemberCode>([[SCC, 45], [TDBC, 35], [POLICE, 20]]);
const CUSTOMER_TOWNS: Record<MemberCode, typeof TOWNS> = { [SCC]: SOMERSET_TOWNS, [TDBC]: LOCAL_TOWNS, [POLICE]: FORCE_TOWNS, [SWONE]: SOMERSET_TOWNS };

/** Residents, streamed; their ids are kept per organisation for the cases that follow. */
function* customerRows(scale: number, idsByOrg: Record<MemberCode, string[]>): Generator<Row<typeof customer>> {
  const rng = new Rng('customers');
  const count = volume(20_000, scale);
  for (let i = 0; i < count; i += 1) {
    const code = CUSTOMER_SHARE.pick(rng);
    const id = rng.uuid();
    const givenName = rng.pick(GIVEN_NAMES);
    const familyName = rng.pick(FAMILY_NAMES);
    const home = address(rng, CUSTOMER_TOWNS[code]);
    idsByOrg[code].push(id);
    yield {
      id,
      organisationCode: code,
      givenName,
      familyName,
      dateOfBirth: rng.chance(0.1) ? null : isoDate(FIRST_DAY - rng.int(17 * 365, 92 * 365)),
      // example.com and Ofcom's drama number ranges: never a real inbox or line.
      email: rng.chance(0.3) ? null : `${emailPart(givenName)}.${emailPart(familyName)}${rng.int(1, 99)}@example.com`,
      phone: rng.chance(0.2) ? null : rng.chance(0.75) ? `07700 900${String(rng.int(0, 999)).padStart(3, '0')}` : `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`,
      addressLine1: home.line1,
      town: home.town,
      postcode: home.postcode,
      uprn: `10${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`,
      version: 1,
      updatedAt: AS_AT,
    };
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
  { code: '101-RTC', name: 'Road traffic collision (non-injury)', summaries: ['Minor collision on {street}, details exchanged', 'Damage-only collision reported'] },
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

const CASE_SHARE = new Weighted<'SCC' | 'TDBC' | 'POLICE_101' | 'CRIME_REPORT'>([['SCC', 40], ['TDBC', 35], ['POLICE_101', 15], ['CRIME_REPORT', 10]]);
type Channel = 'PHONE' | 'EMAIL' | 'WEB' | 'FACE_TO_FACE' | 'LETTER' | 'SOCIAL_MEDIA';
const COUNCIL_CHANNEL = new Weighted<Channel>([['PHONE', 40], ['WEB', 30], ['EMAIL', 15], ['FACE_TO_FACE', 8], ['LETTER', 4], ['SOCIAL_MEDIA', 3]]);
const POLICE_CHANNEL = new Weighted<Channel>([['PHONE', 70], ['WEB', 25], ['FACE_TO_FACE', 5]]);
type CaseStatus = 'OPEN' | 'IN_PROGRESS' | 'AWAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED';
const SETTLED_CASE = new Weighted<CaseStatus>([['CLOSED', 70], ['RESOLVED', 25], ['IN_PROGRESS', 3], ['AWAITING_CUSTOMER', 2]]);
const RECENT_CASE = new Weighted<CaseStatus>([['OPEN', 30], ['IN_PROGRESS', 30], ['AWAITING_CUSTOMER', 10], ['RESOLVED', 15], ['CLOSED', 15]]);
const NOTE_COUNT = new Weighted<number>([[0, 20], [1, 35], [2, 30], [3, 15]]);

function* contactCaseBatches(
  scale: number,
  orgs: Staff,
  customerIds: Record<MemberCode, string[]>,
): Generator<{ cases: Row<typeof contactCase>[]; notes: Row<typeof caseNote>[] }> {
  const rng = new Rng('contact-cases');
  const count = volume(40_000, scale);
  const referenceSerial = new Map<string, number>();
  let cases: Row<typeof contactCase>[] = [];
  let notes: Row<typeof caseNote>[] = [];

  for (let i = 0; i < count; i += 1) {
    const share = CASE_SHARE.pick(rng);
    const isPolice = share === 'POLICE_101' || share === 'CRIME_REPORT';
    const code = share === 'SCC' ? SCC : share === 'TDBC' ? TDBC : POLICE;
    const staff = orgs[code];
    const kind = isPolice ? share : 'COUNCIL_SERVICE';
    const service = rng.pick(share === 'SCC' ? COUNTY_SERVICES : share === 'TDBC' ? DISTRICT_SERVICES : share === 'POLICE_101' ? POLICE_101_SERVICES : CRIME_SERVICES);
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
    const assignedPersonId = status === 'OPEN' && rng.chance(0.5)
      ? null
      : rng.chance(0.85) && pool.length > 0 ? rng.pick(pool) : rng.pick(staff.personIds);
    const customers = customerIds[code];
    const customerId = customers.length === 0 || (isPolice && rng.chance(0.2)) ? null : rng.pick(customers);
    const year = new Date(openedMs).getUTCFullYear();
    const prefix = share === 'POLICE_101' ? `ASP-101-${year}` : share === 'CRIME_REPORT' ? `ASP-CR-${year}` : `${ORG_PREFIX[code]}-${year}`;
    const serial = (referenceSerial.get(prefix) ?? 0) + 1;
    referenceSerial.set(prefix, serial);
    const id = rng.uuid();
    cases.push({
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
      safeguardingReferral: !isPolice && rng.chance(0.01),
      version: 1,
      updatedAt: AS_AT,
    });

    const noteCount = NOTE_COUNT.pick(rng);
    const until = closedMs ?? AS_AT_MS;
    const times = Array.from({ length: noteCount }, () => openedMs + Math.floor(rng.next() * (until - openedMs))).sort((a, b) => a - b);
    for (const writtenMs of times) {
      notes.push({
        id: rng.uuid(),
        caseId: id,
        authorPersonId: assignedPersonId && rng.chance(0.7) ? assignedPersonId : rng.pick(pool.length > 0 ? pool : staff.personIds),
        writtenAt: new Date(writtenMs),
        body: rng.pick(isPolice ? POLICE_NOTES : COUNCIL_NOTES),
      });
    }
    if (cases.length === ROWS_PER_STATEMENT) {
      yield { cases, notes };
      cases = [];
      notes = [];
    }
  }
  if (cases.length > 0) yield { cases, notes };
}
