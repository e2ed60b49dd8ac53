// Importing OCDS 1.1 release packages: releases applied once by ocid and release id, in
// date order whatever the file's order, a later release updating the contract, joint
// buyers recorded as the contract's buyers, suppliers matched by Companies House number;
// releases the importer is no buyer of, or with unknown buyers or foreign currencies,
// rejected by line; packages that are not JSON or lack required fields stopped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportStopped, runImport, type ImportResult } from '../importer/index.js';
import type { DatabaseHandle } from '../platform/database.js';
import { demoAdministrator, fixture, type ImportDatabase, importDatabase } from './support/import-database.js';

const TDBC = 'E07000190';
const file = fixture('ocds-joint-buyers.json');

let database: ImportDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await importDatabase('import_contracts');
  handle = database.handle;
});

afterAll(async () => {
  await database?.close();
});

async function rows<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = (handle.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Row[] }> } }).$client;
  return (await client.query(text, params)).rows;
}

async function importContracts(path: string, options: { skipInvalid?: boolean } = {}): Promise<ImportResult> {
  return runImport({ kind: 'contracts', organisation: TDBC, file: path, importer: await demoAdministrator('contracts'), database: handle, ...options });
}

const contracts = () =>
  rows<Record<string, unknown>>(
    `select c.ocid, c.title, c.status::text, c.procurement_method::text as method, c.category::text, c.value_pence::text as value,
       c.start_date::text as start, c.end_date::text as end,
       array(select b.organisation_code from procurement.contract_buyer b where b.contract_id = c.id order by 1) as buyers,
       array(select s.name || ' ' || coalesce(s.companies_house_number, '-') || ' ' || s.sme from procurement.contract_supplier cs
             join procurement.supplier s on s.id = cs.supplier_id where cs.contract_id = c.id order by 1) as suppliers
     from procurement.contract c where c.ocid like 'ocds-tdbc01-%' or c.ocid like 'ocds-scc01-%' order by c.ocid`,
  );

const rejections = [
  { line: 225, column: 'buyer', value: 'E10000027', reason: 'not a contract of E07000190: an organisation imports only the contracts it is a buyer of' },
  { line: 262, column: 'parties[buyer]', value: 'Exmoor National Park Authority', reason: 'unknown organisation: a buyer the hub does not know' },
  { line: 312, column: 'tender.value.currency', value: 'EUR', reason: 'not in pounds (GBP): the hub holds contract values in GBP' },
];

describe('an OCDS release package with joint buyers, releases out of date order', () => {
  it('imports nothing while a release is rejected', async () => {
    const result = await importContracts(file);
    expect(result).toMatchObject({ committed: false, rows: 6, accepted: 3, rejected: 3, rejections });
    expect(await contracts()).toEqual([]);
  });

  it('imports the valid releases with --skip-invalid: the later release wins, both buyers recorded', async () => {
    const result = await importContracts(file, { skipInvalid: true });
    expect(result).toMatchObject({ committed: true, accepted: 3, rejected: 3, rejections });
    expect(result.changes).toEqual({
      contracts: { inserted: 2, updated: 0, unchanged: 0 },
      releases: { inserted: 3, updated: 0, unchanged: 0 },
      suppliers: { inserted: 2, updated: 0, unchanged: 0 },
      buyers: { inserted: 3, updated: 0, unchanged: 0 },
    });
    expect(await contracts()).toEqual([
      {
        ocid: 'ocds-tdbc01-2025-0001',
        // The award's title and value (20 March) over the tender's (15 January); the tender's method and category kept.
        title: 'Joint highways resurfacing framework 2025-2027',
        status: 'ACTIVE',
        method: 'OPEN',
        category: 'WORKS',
        value: '145000000',
        start: '2025-04-01',
        end: '2027-03-31',
        buyers: ['E07000190', 'E10000027'],
        suppliers: ['Tarmac Trading Limited 00453791 false'],
      },
      {
        ocid: 'ocds-tdbc01-2025-0002',
        title: 'Office furniture',
        status: 'ACTIVE',
        method: 'LIMITED',
        category: 'GOODS',
        value: '4825050',
        start: '2025-03-01',
        end: '2025-08-31',
        buyers: ['E07000190'],
        suppliers: ['Bloom Procurement Services Ltd 09876543 true'],
      },
    ]);
  });

  it('changes nothing when the package is imported again', async () => {
    const result = await importContracts(file, { skipInvalid: true });
    expect(result.changes.releases).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(result.changes.contracts).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
  });

  it('updates the contract from a later release, and ignores an earlier one', async () => {
    const original = JSON.parse(readFileSync(file, 'utf8'));
    const award = original.releases[0];
    const amendment = {
      ...award,
      id: 'ocds-tdbc01-2025-0001-amendment-1',
      date: '2025-06-01T09:00:00Z',
      tag: ['contractAmendment'],
      awards: [],
      contracts: [{ ...award.contracts[0], value: { amount: 1_520_000, currency: 'GBP' } }],
    };
    const stale = {
      ...amendment,
      id: 'ocds-tdbc01-2025-0001-stale',
      date: '2025-02-01T09:00:00Z',
      contracts: [{ ...award.contracts[0], status: 'cancelled' }],
    };
    const later = join(mkdtempSync(join(tmpdir(), 'import-')), 'ocds-2025-q2.json');
    writeFileSync(later, JSON.stringify({ ...original, releases: [amendment, stale] }, null, 2));
    const result = await importContracts(later);
    expect(result).toMatchObject({ committed: true, rejected: 0 });
    expect(result.changes.contracts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(result.changes.releases!.inserted).toBe(2);
    const [joint] = await contracts();
    expect(joint).toMatchObject({ value: '152000000', status: 'ACTIVE', buyers: ['E07000190', 'E10000027'] });
  });
});

describe('packages that cannot be imported stop before any write', () => {
  it.each([
    ['ocds-missing-fields.json', 'ocds-missing-fields.json, line 92: release ocds-scc01-2025-0042-tender lacks what the OCDS release schema requires: date'],
    ['ocds-truncated.json', "ocds-truncated.json, line 57: not valid JSON (expected ',')"],
    ['tdbc-spend-2025-01.csv', 'tdbc-spend-2025-01.csv, line 1: not JSON: is it a CSV file?'],
    ['empty.csv', 'empty.csv: the file is empty'],
  ])('%s', async (name, message) => {
    const before = await rows<{ count: string }>('select count(*) from procurement.contract_release');
    const error = await importContracts(fixture(name), { skipInvalid: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportStopped);
    expect((error as Error).message).toBe(message);
    expect(await rows('select count(*) from procurement.contract_release')).toEqual(before);
  });

  it('a package without its required metadata', async () => {
    const bare = join(mkdtempSync(join(tmpdir(), 'import-')), 'bare.json');
    writeFileSync(bare, JSON.stringify({ releases: [] }));
    await expect(importContracts(bare)).rejects.toThrow(
      'bare.json: the release package lacks what the OCDS schema requires: uri, publishedDate, publisher, version',
    );
  });
});

describe('releases compiled per contract across the whole file', () => {
  const release = (ocid: string, id: string, date: string, tender: Record<string, unknown>) => ({
    ocid,
    id,
    date,
    tag: ['tender'],
    initiationType: 'tender',
    buyer: { id: 'GB-GSS-E07000190', name: 'Taunton Deane Borough Council' },
    parties: [{ id: 'GB-GSS-E07000190', name: 'Taunton Deane Borough Council', identifier: { scheme: 'GB-GSS', id: 'E07000190' }, roles: ['buyer'] }],
    tender: { id: '1', ...tender },
  });
  const period = { contractPeriod: { startDate: '2025-07-01T00:00:00Z', endDate: '2026-06-30T23:59:59Z' } };

  it('lets a later release, in a later batch, complete a new contract; rejects one nothing completes at the end', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'import-')), 'ocds-split.json');
    const packaged = {
      uri: 'https://www.tauntondeane.gov.uk/contracts/ocds/split.json',
      version: '1.1',
      publishedDate: '2025-07-01T08:00:00Z',
      publisher: { name: 'Taunton Deane Borough Council' },
      releases: [
        release('ocds-tdbc01-split-1', 'split-1-planning', '2025-05-01T09:00:00Z', {
          title: 'Parks litter picking',
          status: 'planned',
          value: { amount: 80000, currency: 'GBP' },
          ...period,
        }),
        release('ocds-tdbc01-split-2', 'split-2-planning', '2025-05-02T09:00:00Z', { title: 'Never completed', status: 'planned' }),
        release('ocds-tdbc01-split-1', 'split-1-tender', '2025-06-01T09:00:00Z', { procurementMethod: 'open', mainProcurementCategory: 'services' }),
      ],
    };
    writeFileSync(path, JSON.stringify(packaged, null, 1));
    const result = await runImport({
      kind: 'contracts',
      organisation: TDBC,
      file: path,
      importer: await demoAdministrator('contracts'),
      database: handle,
      skipInvalid: true,
      batchSize: 1,
    });
    expect(result).toMatchObject({ committed: true, rows: 3, accepted: 2, rejected: 1 });
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatchObject({
      value: 'split-2-planning',
      column: 'tender.procurementMethod, tender.mainProcurementCategory, tender.value, contractPeriod.startDate, contractPeriod.endDate',
      reason: 'a new contract needs these, and no release of it in the file or in the hub gives them',
    });
    expect(
      await rows("select title, procurement_method::text as method, category::text from procurement.contract where ocid like 'ocds-tdbc01-split-%'"),
    ).toEqual([{ title: 'Parks litter picking', method: 'OPEN', category: 'SERVICES' }]);
  });
});

describe('a release repeated in the file', () => {
  const release = (id: string, date: string, tender: Record<string, unknown>) => ({
    ocid: 'ocds-tdbc01-repeat-1',
    id,
    date,
    tag: ['tender'],
    initiationType: 'tender',
    buyer: { id: 'GB-GSS-E07000190', name: 'Taunton Deane Borough Council' },
    parties: [{ id: 'GB-GSS-E07000190', name: 'Taunton Deane Borough Council', identifier: { scheme: 'GB-GSS', id: 'E07000190' }, roles: ['buyer'] }],
    tender: { id: '1', ...tender },
  });
  // The planning release lacks the method and category, so its new contract waits for a later release.
  const planning = release('repeat-1-planning', '2025-05-01T09:00:00Z', {
    title: 'Play area inspections',
    status: 'planned',
    value: { amount: 12000, currency: 'GBP' },
    contractPeriod: { startDate: '2025-07-01T00:00:00Z', endDate: '2026-06-30T23:59:59Z' },
  });
  const tender = release('repeat-1-tender', '2025-06-01T09:00:00Z', { procurementMethod: 'open', mainProcurementCategory: 'services' });

  /** Writes a package of these releases, one a batch, and gives the line each release starts on. */
  function packageOf(releases: unknown[]): { path: string; lines: number[] } {
    const path = join(mkdtempSync(join(tmpdir(), 'import-')), 'ocds-repeat.json');
    const text = JSON.stringify(
      {
        uri: 'https://www.tauntondeane.gov.uk/contracts/ocds/repeat.json',
        version: '1.1',
        publishedDate: '2025-07-01T08:00:00Z',
        publisher: { name: 'Taunton Deane Borough Council' },
        releases,
      },
      null,
      1,
    );
    writeFileSync(path, text);
    const lines = text.split('\n').flatMap((line, index) => (line === '  {' ? [index + 1] : []));
    return { path, lines };
  }
  const importPackage = async (path: string, skipInvalid: boolean) =>
    runImport({
      kind: 'contracts',
      organisation: TDBC,
      file: path,
      importer: await demoAdministrator('contracts'),
      database: handle,
      skipInvalid,
      batchSize: 1,
    });
  const releasesHeld = () => rows("select release_id from procurement.contract_release where ocid = 'ocds-tdbc01-repeat-1' order by 1");

  it('refuses the repeat of a release whose contract still waits, naming its first line; the file imports nothing by default', async () => {
    const { path, lines } = packageOf([planning, planning, tender]);
    const repeat = {
      line: lines[1],
      column: 'id',
      value: 'ocds-tdbc01-repeat-1 repeat-1-planning',
      reason: `duplicate release in the file (first on line ${lines[0]})`,
    };
    const whole = await importPackage(path, false);
    expect(whole).toMatchObject({ committed: false, rows: 3, accepted: 2, rejected: 1, rejections: [repeat] });
    expect(await releasesHeld()).toEqual([]);

    const skipping = await importPackage(path, true);
    expect(skipping).toMatchObject({ committed: true, rows: 3, accepted: 2, rejected: 1, rejections: [repeat] });
    expect(skipping.changes.releases).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(skipping.changes.contracts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await releasesHeld()).toEqual([{ release_id: 'repeat-1-planning' }, { release_id: 'repeat-1-tender' }]);
    expect(await rows("select title, procurement_method::text as method from procurement.contract where ocid = 'ocds-tdbc01-repeat-1'")).toEqual([
      { title: 'Play area inspections', method: 'OPEN' },
    ]);
  });

  it('refuses a repeat of a release applied earlier in the same file; a later import of it changes nothing', async () => {
    const amendment = release('repeat-1-amendment', '2025-08-01T09:00:00Z', { value: { amount: 13000, currency: 'GBP' } });
    const { path, lines } = packageOf([amendment, tender, amendment]);
    const result = await importPackage(path, true);
    expect(result).toMatchObject({
      committed: true,
      accepted: 2,
      rejected: 1,
      rejections: [
        { line: lines[2], column: 'id', value: 'ocds-tdbc01-repeat-1 repeat-1-amendment', reason: `duplicate release in the file (first on line ${lines[0]})` },
      ],
    });
    // The tender was imported before: unchanged; the amendment is new.
    expect(result.changes.releases).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    expect(await rows("select value_pence::text as value from procurement.contract where ocid = 'ocds-tdbc01-repeat-1'")).toEqual([{ value: '1300000' }]);
  });
});
