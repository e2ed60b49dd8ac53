// Importing a member's staff from its HR system's CSV: org units (department and team),
// grades, positions and people, matched by employee number; line managers resolved once
// every row is in; rejected rows named by line; a re-import changes nothing.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportStopped, importerFor, runImport, type ImportResult } from '../importer/index.js';
import type { DatabaseHandle } from '../platform/database.js';
import { administratorToken, demoAdministrator, fixture, type ImportDatabase, importDatabase } from './support/import-database.js';
import { testConfig } from './support/hub.js';

const TDBC = 'E07000190';
const file = fixture('staff-2025-04.csv');

let database: ImportDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await importDatabase('import_staff');
  handle = database.handle;
});

afterAll(async () => {
  await database?.close();
});

async function rows<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = (handle.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Row[] }> } }).$client;
  return (await client.query(text, params)).rows;
}

async function importStaff(path: string, options: { skipInvalid?: boolean; dryRun?: boolean } = {}): Promise<ImportResult> {
  return runImport({ kind: 'staff', organisation: TDBC, file: path, importer: await demoAdministrator('staff'), database: handle, ...options });
}

const rejections = [
  { line: 5, column: 'Start Date', value: '31/06/2022', reason: 'impossible date' },
  { line: 6, column: 'NI Number', value: 'NOT-AN-NI', reason: 'not a National Insurance number (such as QQ 12 34 56 C)' },
  { line: 7, column: 'Employee Number', value: 'TD900002', reason: 'duplicate employee number in the file (first on line 3)' },
  {
    line: 8,
    column: 'Line Manager',
    value: 'TD900009',
    reason: 'no person with this employee number, in the file or already in the hub: the line manager is left unset',
  },
];

const imported = () =>
  rows<Record<string, unknown>>(
    `select p.staff_number, p.given_name, p.family_name, u.name as unit, parent.name as department, g.code as grade, boss.staff_number as manager,
       p.salary_pence, p.start_date::text, p.national_insurance_number, p.home_address_line1, p.home_postcode, p.worker_type::text
     from people.person p join people.org_unit u on u.id = p.org_unit_id left join people.org_unit parent on parent.id = u.parent_id
       left join people.grade g on g.id = p.grade_id left join people.person boss on boss.id = p.manager_id
     where p.organisation_code = $1 and p.staff_number like 'TD9000%' order by p.staff_number`,
    [TDBC],
  );

describe('a staff export (BOM, CRLF, quotes in fields, mixed dates, spaced NI numbers, managers later in the file)', () => {
  it('imports nothing while a row is rejected, naming each', async () => {
    const result = await importStaff(file);
    expect(result).toMatchObject({ committed: false, rows: 7, rejected: 4, rejections });
    expect(await imported()).toEqual([]);
  });

  it('imports the valid rows with --skip-invalid: units under their department, grades, managers', async () => {
    const result = await importStaff(file, { skipInvalid: true });
    expect(result).toMatchObject({ committed: true, rows: 7, accepted: 3, rejected: 4, rejections });
    expect(result.changes.people).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    expect(result.changes.lineManagers).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await imported()).toEqual([
      person('TD900001', 'Rosa', "O'Brien", 'Housing', null, 'TD10', null, 6245000, '2015-04-01', 'QQ123456A', '1 Priory Way', 'TA1 2AB'),
      person(
        'TD900002',
        'Tom',
        'Hughes',
        'Repairs, Voids and Adaptations',
        'Housing',
        'TD6',
        'TD900001',
        3421000,
        '2019-09-02',
        'QQ123457A',
        '22 East Reach',
        'TA1 3EX',
      ),
      person(
        'TD900003',
        'Ana',
        'Silva',
        'Repairs, Voids and Adaptations',
        'Housing',
        'TD5',
        'TD900002',
        2980000,
        '2021-01-05',
        'QQ123458A',
        'Flat 3, 9 Station Road',
        'TA2 7AA',
      ),
      // Imported without the manager the file names, who is nowhere.
      person('TD900006', 'Sam', 'Patel', 'Leisure', null, null, null, null, '2025-02-01', 'QQ123460A', '"The Old Forge", High St', 'TA4 3AA'),
    ]);
  });

  it('changes nothing when imported again, and updates a person the file changed', async () => {
    const again = await importStaff(file, { skipInvalid: true });
    expect(again.changes.people).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    expect(again.changes.lineManagers!.updated).toBe(0);
    const changed = join(mkdtempSync(join(tmpdir(), 'import-')), 'staff-2025-05.csv');
    writeFileSync(changed, readFileSync(file, 'utf8').replace('Repairs Officer', 'Senior Repairs Officer'));
    const result = await importStaff(changed, { skipInvalid: true });
    expect(result.changes.people).toEqual({ inserted: 0, updated: 1, unchanged: 3 });
    expect(result.changes.positions!.inserted).toBe(1);
    const [ana] = await rows<{ job_title: string; version: number }>("select job_title, version from people.person where staff_number = 'TD900003'");
    expect(ana).toEqual({ job_title: 'Senior Repairs Officer', version: 3 });
  });

  it('adds a changed salary to the pay history, dated as the file says or today, and leaves the record as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const raised = join(dir, 'staff-2025-06.csv');
    // Tom Hughes's salary rises; the file's own column dates it.
    const [header, , tom] = readFileSync(file, 'utf8').split('\r\n');
    writeFileSync(raised, `${header},Salary Effective Date\r\n${tom!.replace('"34,210"', '"36,000"')},01/06/2025\r\n`);
    const history = () =>
      rows<Record<string, unknown>>(
        `select p.staff_number, c.effective_date::text, c.annual_salary_pence, c.reason, c.recorded_by
         from people.pay_change c join people.person p on p.id = c.person_id where p.staff_number like 'TD9000%' order by c.recorded_at, c.id`,
      );
    const before = await history();
    const result = await importStaff(raised, { skipInvalid: true });
    expect(result.changes.payChanges).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(result.changes.people).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await history()).slice(before.length)).toEqual([
      {
        staff_number: 'TD900002',
        effective_date: '2025-06-01',
        annual_salary_pence: 3600000,
        reason: 'import of staff-2025-06.csv',
        recorded_by: (await demoAdministrator('staff')).subject,
      },
    ]);
    const [record] = await rows<{ salary_pence: number }>("select salary_pence from people.person where staff_number = 'TD900002'");
    expect(record).toEqual({ salary_pence: 3421000 });
    // The same salary again adds nothing; a rise without a date is dated today.
    expect((await importStaff(raised, { skipInvalid: true })).changes.payChanges!.inserted).toBe(0);
    const undated = join(dir, 'staff-2025-07.csv');
    const rosa = readFileSync(file, 'utf8').split('\r\n')[1]!;
    writeFileSync(undated, `${header}\r\n${rosa.replace('"£62,450.00"', '"£64,000.00"')}\r\n`);
    const later = await importStaff(undated, { skipInvalid: true });
    expect(later.changes.payChanges!.inserted).toBe(1);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    expect((await history()).at(-1)).toMatchObject({ staff_number: 'TD900001', effective_date: today, annual_salary_pence: 6400000 });
  });

  it('stops on a spend file given as staff, naming the missing columns', async () => {
    await expect(importStaff(fixture('tdbc-spend-2025-01.csv'))).rejects.toThrow(ImportStopped);
    await expect(importStaff(fixture('tdbc-spend-2025-01.csv'))).rejects.toThrow(/^tdbc-spend-2025-01\.csv, line 1: missing required columns: staffNumber/);
  });
});

function person(...values: unknown[]) {
  const [
    staff_number,
    given_name,
    family_name,
    unit,
    department,
    grade,
    manager,
    salary_pence,
    start_date,
    national_insurance_number,
    home_address_line1,
    home_postcode,
  ] = values;
  return {
    staff_number,
    given_name,
    family_name,
    unit,
    department,
    grade,
    manager,
    salary_pence,
    start_date,
    national_insurance_number,
    home_address_line1,
    home_postcode,
    worker_type: 'COUNCIL_STAFF',
  };
}

describe('police-only staff fields (collar number, rank, vetting level)', () => {
  const POLICE = 'E23000036';
  const header = 'Employee Number,Forename,Surname,Job Title,Department,Start Date,Date of Birth,NI Number,Work Email,Address Line 1,Town,Postcode,Worker Type';
  const officer =
    'ASP700001,Jo,Reed,Response Officer,Response,2018-03-01,1990-05-02,QQ223344A,jo.reed@avonandsomerset.police.uk,4 Mill Lane,Bristol,BS1 4AA,Police Officer';
  const write = (name: string, text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'import-')), name);
    writeFileSync(path, text);
    return path;
  };

  it("imports them for the force, by the force's own data administrator", async () => {
    const path = write('asp-staff.csv', `${header},Collar Number,Rank,Vetting Level\n${officer},ab1234,Sergeant,NPPV 3\n`);
    const importer = await importerFor(await administratorToken(POLICE), POLICE, 'staff', testConfig());
    const result = await runImport({ kind: 'staff', organisation: POLICE, file: path, importer, database: handle });
    expect(result).toMatchObject({ committed: true, accepted: 1, rejected: 0 });
    expect(
      await rows('select collar_number, rank::text, vetting_level::text, worker_type::text from people.person where staff_number = $1', ['ASP700001']),
    ).toEqual([{ collar_number: 'AB1234', rank: 'SERGEANT', vetting_level: 'NPPV3', worker_type: 'POLICE_OFFICER' }]);
  });

  it("refuses a council's file with any of them, naming the column, before any row", async () => {
    const path = write('tdbc-staff.csv', `${header.replace(',Worker Type', '')},Rank\n${officer.replace(',Police Officer', '')},Sergeant\n`);
    await expect(importStaff(path)).rejects.toThrow(ImportStopped);
    await expect(importStaff(path)).rejects.toThrow(
      'tdbc-staff.csv, line 1: the column "Rank" is police-only (collar number, rank, vetting level): E07000190 is not a police force; remove it from the file',
    );
    expect(await rows('select 1 from people.person where organisation_code = $1 and staff_number = $2', [TDBC, 'ASP700001'])).toEqual([]);
  });
});
