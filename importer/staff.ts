// Staff from an HR system's CSV export: org units (a department and, below it, a team),
// grades, positions and people. A person's natural key is their employee number within
// the organisation; org units are matched by name under their parent, grades by code,
// positions by title within their unit. Line managers are set once every row is in, so
// a manager may come later in the file than their reports.
import { randomUUID } from 'node:crypto';
import { registeredOrganisation } from '../platform/organisations.js';
import { type CheckResult, createKeyTable, firstOccurrences, type KindWriter } from './kind.js';
import type { Layout, LayoutSpec } from './layout.js';
import { type EntityCounts, ImportStopped, noChanges, type Rejection } from './report.js';
import type { Statements } from './sql.js';
import { amountInPence, calendarDate } from './values.js';

export const STAFF_LAYOUT = {
  staffNumber: {
    required: true,
    synonyms: ['Employee Number', 'Employee No', 'Employee ID', 'Employee Ref', 'Staff Number', 'Staff No', 'Payroll Number', 'Person Number'],
  },
  givenName: { required: true, synonyms: ['Forename', 'Forenames', 'First Name', 'Given Name'] },
  familyName: { required: true, synonyms: ['Surname', 'Last Name', 'Family Name'] },
  jobTitle: { required: true, synonyms: ['Job Title', 'Post Title', 'Position', 'Role'] },
  department: { required: true, synonyms: ['Department', 'Directorate', 'Service', 'Org Unit', 'Organisational Unit'] },
  team: { synonyms: ['Team', 'Section', 'Unit'] },
  grade: { synonyms: ['Grade', 'Grade Code', 'Pay Grade'] },
  salary: { synonyms: ['Annual Salary', 'Salary', 'FTE Salary', 'Basic Salary'] },
  salaryEffectiveDate: { synonyms: ['Salary Effective Date', 'Pay Effective Date', 'Salary Date', 'Pay Change Date', 'Effective Date'] },
  startDate: { required: true, synonyms: ['Start Date', 'Date Started', 'Hire Date', 'Continuous Service Date'] },
  dateOfBirth: { required: true, synonyms: ['Date of Birth', 'DOB', 'Birth Date'] },
  nationalInsuranceNumber: { required: true, synonyms: ['NI Number', 'National Insurance Number', 'NINO', 'NI No'] },
  workEmail: { required: true, synonyms: ['Work Email', 'Email', 'Email Address'] },
  addressLine1: { required: true, synonyms: ['Address Line 1', 'Address 1', 'Home Address', 'Address'] },
  town: { required: true, synonyms: ['Town', 'Post Town', 'City'] },
  postcode: { required: true, synonyms: ['Postcode', 'Post Code'] },
  manager: { synonyms: ['Line Manager', 'Manager Employee Number', 'Manager Number', 'Manager ID', 'Reports To'] },
  workerType: { synonyms: ['Worker Type', 'Employee Type', 'Staff Type'] },
  // Police only (POLICE marking): a council's file with these columns is refused.
  collarNumber: { synonyms: ['Collar Number', 'Collar No', 'Warrant Number', 'Shoulder Number'] },
  rank: { synonyms: ['Rank', 'Police Rank'] },
  vettingLevel: { synonyms: ['Vetting Level', 'Vetting', 'Vetting Status'] },
} satisfies LayoutSpec<string>;

export type StaffField = keyof typeof STAFF_LAYOUT;

type WorkerType = 'COUNCIL_STAFF' | 'POLICE_OFFICER' | 'POLICE_STAFF' | 'PCSO' | 'SPECIAL_CONSTABLE';

export interface StaffInput {
  staffNumber: string;
  givenName: string;
  familyName: string;
  jobTitle: string;
  department: string;
  team: string;
  grade: string;
  salaryPence: number | null;
  /** When a changed salary took effect, as the file says; null for the day of the import. */
  salaryEffectiveDate: string | null;
  startDate: string;
  dateOfBirth: string;
  nationalInsuranceNumber: string;
  workEmail: string;
  addressLine1: string;
  town: string;
  postcode: string;
  manager: string;
  workerType: WorkerType;
  collarNumber: string | null;
  rank: PoliceRank | null;
  vettingLevel: VettingLevel | null;
}

/** The columns only a police force's file may have (and, of a council's, the worker types other than council staff). */
export const POLICE_FIELDS = ['collarNumber', 'rank', 'vettingLevel'] as const satisfies readonly StaffField[];

type PoliceRank = (typeof POLICE_RANKS)[number];
const POLICE_RANKS = [
  'CONSTABLE',
  'SERGEANT',
  'INSPECTOR',
  'CHIEF_INSPECTOR',
  'SUPERINTENDENT',
  'CHIEF_SUPERINTENDENT',
  'ASSISTANT_CHIEF_CONSTABLE',
  'DEPUTY_CHIEF_CONSTABLE',
  'CHIEF_CONSTABLE',
] as const;
type VettingLevel = (typeof VETTING_LEVELS)[number];
const VETTING_LEVELS = ['RV', 'NPPV1', 'NPPV2', 'NPPV3', 'SC', 'DV'] as const;

// HMRC's format: two letters (not D, F, I, Q, U or V first; not D, F, I, O, Q, U or V second), six digits, A to D.
// QQ is HMRC's own prefix for examples, accepted so that demo files can use it.
const NI_NUMBER = /^(QQ|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\d{6}[A-D]$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;
const MAX_SALARY_PENCE = 2_000_000_000;

const WORKER_TYPES: Record<string, WorkerType> = {
  policeofficer: 'POLICE_OFFICER',
  officer: 'POLICE_OFFICER',
  policestaff: 'POLICE_STAFF',
  pcso: 'PCSO',
  policecommunitysupportofficer: 'PCSO',
  specialconstable: 'SPECIAL_CONSTABLE',
  special: 'SPECIAL_CONSTABLE',
  councilstaff: 'COUNCIL_STAFF',
};

/**
 * Stops a staff file of an organisation that is not a police force when it has a police-only
 * column: collar numbers, ranks and vetting are the force's alone, and are not to be put into
 * a council's records even when blank.
 */
export function refusePoliceColumns(layout: Layout<StaffField>, organisation: string, file: string, headerLine: number): void {
  if (registeredOrganisation(organisation)?.sector === 'POLICE') return;
  const found = POLICE_FIELDS.filter((field) => layout.index[field] !== undefined).map((field) => `"${layout.headers[layout.index[field]!]}"`);
  if (found.length === 0) return;
  throw new ImportStopped(
    file,
    headerLine,
    `the column${found.length === 1 ? '' : 's'} ${found.join(', ')} ${found.length === 1 ? 'is' : 'are'} police-only (collar number, rank, vetting level): ${organisation} is not a police force; remove ${found.length === 1 ? 'it' : 'them'} from the file`,
  );
}

export function staffRowChecker(layout: Layout<StaffField>, organisation: string) {
  const sector = registeredOrganisation(organisation)?.sector ?? 'COUNCIL';
  const column = (field: StaffField) => {
    const index = layout.index[field];
    return index === undefined ? field : layout.headers[index]!;
  };
  return (fields: readonly string[], line: number): CheckResult<StaffInput> => {
    const rejections: Rejection[] = [];
    const value = (field: StaffField) => {
      const index = layout.index[field];
      return index === undefined ? '' : fields[index]!.trim();
    };
    const reject = (field: StaffField, reason: string) => rejections.push({ line, column: column(field), value: value(field), reason });
    const text = (field: StaffField, missing: string | null) => {
      const found = value(field);
      if (found === '' && missing) reject(field, missing);
      else if (found.length > 200) reject(field, 'longer than 200 characters');
      return found;
    };
    const date = (field: StaffField) => {
      const parsed = calendarDate(value(field));
      if (!parsed.ok) reject(field, parsed.reason);
      return parsed.ok ? parsed.value : '';
    };
    const staffNumber = text('staffNumber', 'no employee number');
    const nationalInsuranceNumber = value('nationalInsuranceNumber').toUpperCase().replace(/\s+/g, '');
    if (!NI_NUMBER.test(nationalInsuranceNumber)) reject('nationalInsuranceNumber', 'not a National Insurance number (such as QQ 12 34 56 C)');
    const postcode = value('postcode').toUpperCase().replace(/\s+/g, ' ');
    if (!POSTCODE.test(postcode)) reject('postcode', 'not a UK postcode');
    const workEmail = text('workEmail', 'no work email');
    if (workEmail !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(workEmail)) reject('workEmail', 'not an email address');
    let salaryPence: number | null = null;
    if (value('salary') !== '') {
      const salary = amountInPence(value('salary'));
      if (!salary.ok) reject('salary', salary.reason);
      else if (salary.value < 0 || salary.value > MAX_SALARY_PENCE) reject('salary', 'not a plausible annual salary');
      else salaryPence = salary.value;
    }
    const typeKey = value('workerType')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    let workerType: WorkerType = sector === 'POLICE' ? 'POLICE_STAFF' : 'COUNCIL_STAFF';
    if (typeKey !== '' && !['staff', 'employee'].includes(typeKey)) {
      const named = WORKER_TYPES[typeKey];
      if (!named) reject('workerType', 'not a worker type (council staff, police officer, police staff, PCSO, special constable)');
      else if (named !== 'COUNCIL_STAFF' && sector !== 'POLICE') reject('workerType', 'a police worker type in a non-police organisation');
      else workerType = named;
    }
    // Compared without case or punctuation: "Chief Inspector" is CHIEF_INSPECTOR, "NPPV 3" is NPPV3.
    const policeValue = <Value extends string>(field: StaffField, allowed: readonly Value[], what: string): Value | null => {
      const found = value(field)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '');
      if (found === '') return null;
      const match = allowed.find((candidate) => candidate.replace(/_/g, '') === found);
      if (match) return match;
      reject(field, `not a ${what} (${allowed.join(', ')})`);
      return null;
    };
    const rank = policeValue('rank', POLICE_RANKS, 'police rank');
    const vettingLevel = policeValue('vettingLevel', VETTING_LEVELS, 'vetting level');
    const collarNumber = text('collarNumber', null) || null;
    if (collarNumber !== null && !/^[A-Z0-9]{1,10}$/i.test(collarNumber)) reject('collarNumber', 'not a collar number (up to 10 letters and digits)');
    if ((collarNumber !== null || rank !== null) && !['POLICE_OFFICER', 'SPECIAL_CONSTABLE'].includes(workerType)) {
      reject(collarNumber !== null ? 'collarNumber' : 'rank', 'a collar number or rank for someone who is not a police officer or special constable');
    }
    const manager = text('manager', null);
    if (manager !== '' && manager === staffNumber) reject('manager', 'a person cannot be their own line manager');
    const staff: StaffInput = {
      staffNumber,
      givenName: text('givenName', 'no forename'),
      familyName: text('familyName', 'no surname'),
      jobTitle: text('jobTitle', 'no job title'),
      department: text('department', 'no department'),
      team: text('team', null),
      grade: text('grade', null).toUpperCase(),
      salaryPence,
      salaryEffectiveDate: value('salaryEffectiveDate') === '' ? null : date('salaryEffectiveDate'),
      startDate: date('startDate'),
      dateOfBirth: date('dateOfBirth'),
      nationalInsuranceNumber,
      workEmail,
      addressLine1: text('addressLine1', 'no address'),
      town: text('town', 'no town'),
      postcode,
      manager,
      workerType,
      collarNumber: collarNumber?.toUpperCase() ?? null,
      rank,
      vettingLevel,
    };
    return rejections.length > 0 ? { rejections } : { input: staff, rejections };
  };
}

/** Today in the UK, as a date. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

interface GradeRef {
  id: string;
  min: number;
  max: number;
}

/** Who records the import's pay changes (the token's subject), and the reason they are given. */
export interface PayChangeAuthor {
  recordedBy: string;
  reason: string;
}

export async function staffWriter(
  sql: Statements,
  organisation: string,
  columns: { staffNumber: string; manager: string },
  author: PayChangeAuthor,
): Promise<KindWriter<StaffInput>> {
  const changes: Record<string, EntityCounts> = {
    people: noChanges(),
    payChanges: noChanges(),
    lineManagers: noChanges(),
    orgUnits: noChanges(),
    grades: noChanges(),
    positions: noChanges(),
  };
  const units = new Map<string, string>();
  for (const row of await sql.rows<{ id: string; parent: string | null; name: string }>(
    'select id, parent_id as parent, name from people.org_unit where organisation_code = $1 order by id',
    [organisation],
  )) {
    const key = `${row.parent ?? ''}/${row.name.toLowerCase()}`;
    if (!units.has(key)) units.set(key, row.id);
  }
  const grades = new Map<string, GradeRef>();
  for (const row of await sql.rows<{ id: string; code: string; min: number; max: number }>(
    'select id, code, min_salary_pence as min, max_salary_pence as max from people.grade where organisation_code = $1 order by id',
    [organisation],
  )) {
    if (!grades.has(row.code.toUpperCase())) grades.set(row.code.toUpperCase(), { id: row.id, min: row.min, max: row.max });
  }
  const positions = new Map<string, string>();
  for (const row of await sql.rows<{ id: string; unit: string; title: string }>(
    'select id, org_unit_id as unit, title from people.position where organisation_code = $1 order by id',
    [organisation],
  )) {
    const key = `${row.unit}/${row.title.toLowerCase()}`;
    if (!positions.has(key)) positions.set(key, row.id);
  }
  await createKeyTable(sql, 'import_staff');
  // Who reports to whom, as the file says: resolved once every person is in.
  await sql.rows('create temporary table import_manager (staff text primary key, manager text not null, line integer not null) on commit drop');

  return {
    changes,
    async write(batch, previous) {
      await previous;
      const { unique, rejections } = await firstOccurrences(sql, 'import_staff', batch, (staff) => staff.staffNumber, columns.staffNumber, 'employee number');
      if (unique.length === 0) return rejections;
      const newUnits: { id: string; parent: string | null; name: string }[] = [];
      const unitOf = (parent: string | null, name: string) => {
        const key = `${parent ?? ''}/${name.toLowerCase()}`;
        let id = units.get(key);
        if (!id) {
          id = randomUUID();
          units.set(key, id);
          newUnits.push({ id, parent, name });
        }
        return id;
      };
      const newGrades: { id: string; code: string }[] = [];
      const widened = new Set<GradeRef>();
      const gradeOf = (code: string, salary: number | null) => {
        if (code === '') return null;
        let grade = grades.get(code);
        if (!grade) {
          grade = { id: randomUUID(), min: salary ?? 0, max: salary ?? 0 };
          grades.set(code, grade);
          newGrades.push({ id: grade.id, code });
        } else if (salary !== null && (salary < grade.min || salary > grade.max)) {
          grade.min = Math.min(grade.min, salary);
          grade.max = Math.max(grade.max, salary);
          widened.add(grade);
        }
        return grade;
      };
      const newPositions: { id: string; unit: string; grade: string | null; title: string }[] = [];
      const positionOf = (unit: string, title: string, grade: string | null) => {
        const key = `${unit}/${title.toLowerCase()}`;
        let id = positions.get(key);
        if (!id) {
          id = randomUUID();
          positions.set(key, id);
          newPositions.push({ id, unit, grade, title });
        }
        return id;
      };
      const rows = unique.map(({ input, line }) => {
        const department = unitOf(null, input.department);
        const unit = input.team ? unitOf(department, input.team) : department;
        const grade = gradeOf(input.grade, input.salaryPence);
        return { input, line, unit, grade: grade?.id ?? null, position: positionOf(unit, input.jobTitle, grade?.id ?? null) };
      });
      // A new grade's range is what the file's salaries on it span.
      for (const grade of newGrades) widened.delete(grades.get(grade.code)!);
      if (newUnits.length > 0) {
        // Parents first: a team's department may be new in the same batch.
        for (const level of [newUnits.filter((u) => u.parent === null), newUnits.filter((u) => u.parent !== null)]) {
          if (level.length === 0) continue;
          await sql.rows(
            'insert into people.org_unit (id, organisation_code, parent_id, name) select id, $1, parent, name from unnest($2::uuid[], $3::uuid[], $4::text[]) as u(id, parent, name)',
            [organisation, level.map((u) => u.id), level.map((u) => u.parent), level.map((u) => u.name)],
          );
        }
        changes.orgUnits!.inserted += newUnits.length;
      }
      if (newGrades.length > 0 || widened.size > 0) {
        const all = [...newGrades.map((g) => ({ code: g.code, ...grades.get(g.code)! })), ...[...widened].map((g) => ({ code: '', ...g }))];
        const written = await sql.rows<{ inserted: boolean }>(
          `insert into people.grade as g (id, organisation_code, code, name, min_salary_pence, max_salary_pence)
           select id, $1, code, code, min, max from unnest($2::uuid[], $3::text[], $4::int[], $5::int[]) as u(id, code, min, max)
           on conflict (id) do update set min_salary_pence = excluded.min_salary_pence, max_salary_pence = excluded.max_salary_pence
           returning (xmax = 0) as inserted`,
          [organisation, all.map((g) => g.id), all.map((g) => g.code), all.map((g) => g.min), all.map((g) => g.max)],
        );
        changes.grades!.inserted += written.filter((g) => g.inserted).length;
        changes.grades!.updated += written.filter((g) => !g.inserted).length;
      }
      if (newPositions.length > 0) {
        await sql.rows(
          `insert into people.position (id, organisation_code, org_unit_id, grade_id, title)
           select id, $1, unit, grade, title from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) as u(id, unit, grade, title)`,
          [organisation, newPositions.map((p) => p.id), newPositions.map((p) => p.unit), newPositions.map((p) => p.grade), newPositions.map((p) => p.title)],
        );
        changes.positions!.inserted += newPositions.length;
      }
      const people = rows.map((r) => r.input);
      const written = await sql.rows<{ inserted: boolean }>(
        `insert into people.person as p (id, organisation_code, org_unit_id, position_id, grade_id, staff_number, given_name, family_name, job_title,
           worker_type, work_email, start_date, salary_pence, date_of_birth, national_insurance_number, home_address_line1, home_town, home_postcode,
           collar_number, rank, vetting_level)
         select gen_random_uuid(), $1, u.unit, u.position, u.grade, u.number, u.given, u.family, u.title, u.type::people.worker_type, u.email, u.started,
           u.salary, u.born, u.ni, u.address, u.town, u.postcode, u.collar, u.rank::people.police_rank, u.vetting::people.vetting_level
         from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::int[],
           $13::date[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
           as u(unit, position, grade, number, given, family, title, type, email, started, salary, born, ni, address, town, postcode, collar, rank, vetting)
         on conflict (organisation_code, staff_number) do update set
           org_unit_id = excluded.org_unit_id, position_id = excluded.position_id, grade_id = excluded.grade_id, given_name = excluded.given_name,
           family_name = excluded.family_name, job_title = excluded.job_title, worker_type = excluded.worker_type, work_email = excluded.work_email,
           start_date = excluded.start_date, date_of_birth = excluded.date_of_birth,
           national_insurance_number = excluded.national_insurance_number, home_address_line1 = excluded.home_address_line1,
           home_town = excluded.home_town, home_postcode = excluded.home_postcode, collar_number = excluded.collar_number, rank = excluded.rank,
           vetting_level = excluded.vetting_level, version = p.version + 1, updated_at = now()
         where (p.org_unit_id, p.position_id, p.grade_id, p.given_name, p.family_name, p.job_title, p.worker_type, p.work_email, p.start_date,
             p.date_of_birth, p.national_insurance_number, p.home_address_line1, p.home_town, p.home_postcode, p.collar_number, p.rank, p.vetting_level)
           is distinct from (excluded.org_unit_id, excluded.position_id, excluded.grade_id, excluded.given_name, excluded.family_name, excluded.job_title,
             excluded.worker_type, excluded.work_email, excluded.start_date, excluded.date_of_birth,
             excluded.national_insurance_number, excluded.home_address_line1, excluded.home_town, excluded.home_postcode, excluded.collar_number,
             excluded.rank, excluded.vetting_level)
         returning (xmax = 0) as inserted`,
        [
          organisation,
          rows.map((r) => r.unit),
          rows.map((r) => r.position),
          rows.map((r) => r.grade),
          people.map((s) => s.staffNumber),
          people.map((s) => s.givenName),
          people.map((s) => s.familyName),
          people.map((s) => s.jobTitle),
          people.map((s) => s.workerType),
          people.map((s) => s.workEmail),
          people.map((s) => s.startDate),
          people.map((s) => s.salaryPence),
          people.map((s) => s.dateOfBirth),
          people.map((s) => s.nationalInsuranceNumber),
          people.map((s) => s.addressLine1),
          people.map((s) => s.town),
          people.map((s) => s.postcode),
          people.map((s) => s.collarNumber),
          people.map((s) => s.rank),
          people.map((s) => s.vettingLevel),
        ],
      );
      const inserted = written.filter((row) => row.inserted).length;
      changes.people!.inserted += inserted;
      changes.people!.updated += written.length - inserted;
      changes.people!.unchanged += rows.length - written.length;
      // A salary is the person's record when they are new; after that, a salary other than the
      // one in force on the day the file gives (or today) is a pay change, added to the history.
      const paid = rows.filter((r) => r.input.salaryPence !== null);
      if (paid.length > 0) {
        const added = await sql.rows(
          `insert into people.pay_change (id, person_id, organisation_code, effective_date, annual_salary_pence, reason, recorded_by)
           select gen_random_uuid(), p.id, p.organisation_code, u.effective, u.salary, $5, $6
           from unnest($2::text[], $3::int[], $4::date[]) as u(number, salary, effective)
           join people.person p on p.organisation_code = $1 and p.staff_number = u.number
           where u.salary is distinct from coalesce(
             (select c.annual_salary_pence from people.pay_change c where c.person_id = p.id and c.effective_date <= u.effective
              order by c.effective_date desc, c.recorded_at desc, c.id desc limit 1),
             p.salary_pence)
           returning 1`,
          [
            organisation,
            paid.map((r) => r.input.staffNumber),
            paid.map((r) => r.input.salaryPence),
            paid.map((r) => r.input.salaryEffectiveDate ?? today()),
            author.reason,
            author.recordedBy,
          ],
        );
        changes.payChanges!.inserted += added.length;
      }
      const managed = rows.filter((r) => r.input.manager !== '');
      if (managed.length > 0) {
        await sql.rows('insert into import_manager (staff, manager, line) select * from unnest($1::text[], $2::text[], $3::int[])', [
          managed.map((r) => r.input.staffNumber),
          managed.map((r) => r.input.manager),
          managed.map((r) => r.line),
        ]);
      }
      return rejections;
    },
    async finish() {
      const unknown = await sql.rows<{ manager: string; line: number }>(
        `select m.manager, m.line from import_manager m
         where not exists (select 1 from people.person p where p.organisation_code = $1 and p.staff_number = m.manager)
         order by m.line`,
        [organisation],
      );
      const changed = await sql.rows<{ staff: string }>(
        `update people.person p set manager_id = boss.id, version = p.version + 1, updated_at = now()
         from import_manager m join people.person boss on boss.organisation_code = $1 and boss.staff_number = m.manager
         where p.organisation_code = $1 and p.staff_number = m.staff and p.manager_id is distinct from boss.id
         returning p.staff_number as staff`,
        [organisation],
      );
      changes.lineManagers!.updated += changed.length;
      return unknown.map((row) => ({
        line: row.line,
        column: columns.manager,
        value: row.manager,
        reason: 'no person with this employee number, in the file or already in the hub: the line manager is left unset',
      }));
    },
  };
}
