// Contracts from OCDS 1.1 release packages. A release is applied once, by its ocid and
// release id; releases of one contract are applied in date order, and only a release dated
// no earlier than the latest one applied changes the contract's fields (the fields it has:
// a release may carry only the tender, or only the award). Buyers are the release's buyer
// and its parties in the buyer role (joint procurement: several organisations), each
// matched to the registry by its identifier (a GSS code) or its name; the importing
// organisation must be one of them. Suppliers come from the parties in the supplier role
// and the awards, matched as spend matches them.
import { registeredOrganisation, registeredOrganisations } from '../platform/organisations.js';
import { type CheckResult, type Checked, createKeyTable, firstOccurrences, type KindWriter } from './kind.js';
import { missingReleaseFields, type ReleaseAt } from './ocds.js';
import { type EntityCounts, ImportStopped, noChanges, type Rejection } from './report.js';
import type { Statements } from './sql.js';
import { SupplierRegister, type SupplierFacts } from './suppliers.js';
import { companyNumber, normalisedName } from './values.js';

type Status = 'PLANNED' | 'TENDER' | 'ACTIVE' | 'COMPLETE' | 'CANCELLED';
type Method = 'OPEN' | 'SELECTIVE' | 'LIMITED' | 'DIRECT';
type Category = 'GOODS' | 'SERVICES' | 'WORKS';

/** What one release says about its contract: only the fields it carries. */
export interface ContractFacts {
  title?: string;
  description?: string;
  status?: Status;
  procurementMethod?: Method;
  category?: Category;
  valuePence?: number;
  startDate?: string;
  endDate?: string;
}

export interface ReleaseInput {
  ocid: string;
  releaseId: string;
  date: string;
  facts: ContractFacts;
  buyers: string[];
  suppliers: SupplierFacts[];
}

const CONTRACT_STATUS: Record<string, Status> = { pending: 'TENDER', active: 'ACTIVE', cancelled: 'CANCELLED', terminated: 'COMPLETE' };
const AWARD_STATUS: Record<string, Status> = { pending: 'TENDER', active: 'ACTIVE', cancelled: 'CANCELLED', unsuccessful: 'CANCELLED' };
const TENDER_STATUS: Record<string, Status> = {
  planning: 'PLANNED',
  planned: 'PLANNED',
  active: 'TENDER',
  complete: 'TENDER',
  cancelled: 'CANCELLED',
  unsuccessful: 'CANCELLED',
  withdrawn: 'CANCELLED',
};
const METHODS: Record<string, Method> = { open: 'OPEN', selective: 'SELECTIVE', limited: 'LIMITED', direct: 'DIRECT' };
const CATEGORIES: Record<string, Category> = { goods: 'GOODS', services: 'SERVICES', works: 'WORKS' };
const SME_SCALES = new Set(['sme', 'micro', 'small', 'medium']);

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(object).filter((item): item is Json => item !== undefined) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** The registry's code of an OCDS party: by an identifier that is a GSS code, else by name. */
function organisationOf(party: Json): string | undefined {
  const identifiers = [object(party.identifier), ...list(party.additionalIdentifiers)].filter((id): id is Json => id !== undefined);
  for (const identifier of identifiers) {
    const id = text(identifier.id)?.toUpperCase();
    if (id && registeredOrganisation(id)) return id;
  }
  const name = text(party.name);
  if (!name) return undefined;
  return registeredOrganisations().find((registered) => normalisedName(registered.name) === normalisedName(name))?.code;
}

function companyNumberOf(party: Json): string | null {
  const identifiers = [object(party.identifier), ...list(party.additionalIdentifiers)].filter((id): id is Json => id !== undefined);
  for (const identifier of identifiers) {
    if (text(identifier.scheme) !== 'GB-COH') continue;
    const parsed = companyNumber(String(identifier.id ?? ''));
    if (parsed.ok && parsed.value) return parsed.value;
  }
  return null;
}

function dateOf(value: unknown): string | undefined {
  const found = text(value);
  if (!found || !/^\d{4}-\d{2}-\d{2}/.test(found)) return undefined;
  const day = found.slice(0, 10);
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day ? day : undefined;
}

/** Checks one release: the contract facts, buyers and suppliers it carries, or why it cannot be imported. */
export function releaseChecker(organisation: string, file: string) {
  return ({ line, index, release: raw }: ReleaseAt): CheckResult<ReleaseInput> => {
    const release = object(raw) ?? {};
    const missing = missingReleaseFields(release);
    const id = text(release.id) ?? `number ${index + 1}`;
    if (missing.length > 0) {
      throw new ImportStopped(file, line, `release ${id} lacks what the OCDS release schema requires: ${missing.join(', ')}`);
    }
    const rejections: Rejection[] = [];
    const reject = (column: string, value: unknown, reason: string) =>
      rejections.push({ line, column, value: value === undefined ? '' : String(value), reason });
    const date = text(release.date)!;
    if (Number.isNaN(Date.parse(date))) reject('date', date, 'not a date and time');
    const tender = object(release.tender) ?? {};
    const awards = list(release.awards);
    const contracts = list(release.contracts);
    const contract = contracts[0] ?? {};
    const award = awards[0] ?? {};
    const facts: ContractFacts = {};
    const title = text(contract.title) ?? text(tender.title) ?? text(award.title);
    if (title) facts.title = title;
    const description = text(contract.description) ?? text(tender.description) ?? text(award.description);
    if (description) facts.description = description;
    const status =
      CONTRACT_STATUS[text(contract.status) ?? ''] ??
      AWARD_STATUS[text(award.status) ?? ''] ??
      TENDER_STATUS[text(tender.status) ?? ''] ??
      (Array.isArray(release.tag) && release.tag.includes('planning') ? 'PLANNED' : undefined);
    if (status) facts.status = status;
    if (text(tender.procurementMethod)) {
      const method = METHODS[text(tender.procurementMethod)!];
      if (method) facts.procurementMethod = method;
      else reject('tender.procurementMethod', tender.procurementMethod, 'not an OCDS procurement method (open, selective, limited, direct)');
    }
    if (text(tender.mainProcurementCategory)) {
      const category = CATEGORIES[text(tender.mainProcurementCategory)!];
      if (category) facts.category = category;
      else reject('tender.mainProcurementCategory', tender.mainProcurementCategory, 'not goods, services or works');
    }
    const [valuePath, value] = (
      [
        ['contracts[0].value', object(contract.value)],
        ['awards[0].value', object(award.value)],
        ['tender.value', object(tender.value)],
      ] as const
    ).find(([, found]) => found?.amount !== undefined) ?? ['', undefined];
    if (value) {
      if (value.currency !== 'GBP') reject(`${valuePath}.currency`, value.currency, 'not in pounds (GBP): the hub holds contract values in GBP');
      else if (typeof value.amount !== 'number' || !Number.isFinite(value.amount) || value.amount < 0)
        reject(`${valuePath}.amount`, value.amount, 'not an amount');
      else facts.valuePence = Math.round(value.amount * 100);
    }
    const period = object(contract.period) ?? object(award.contractPeriod) ?? object(tender.contractPeriod);
    if (period) {
      const startDate = dateOf(period.startDate);
      const endDate = dateOf(period.endDate);
      if (period.startDate !== undefined && !startDate) reject('period.startDate', period.startDate, 'not a date');
      if (period.endDate !== undefined && !endDate) reject('period.endDate', period.endDate, 'not a date');
      if (startDate && endDate && endDate < startDate) reject('period.endDate', period.endDate, 'before the start date');
      if (startDate) facts.startDate = startDate;
      if (endDate) facts.endDate = endDate;
    }
    const parties = list(release.parties);
    const partyById = new Map(parties.map((party) => [text(party.id) ?? '', party]));
    const roles = (party: Json) => (Array.isArray(party.roles) ? party.roles.map(String) : []);
    const buyerParties = parties.filter((party) => roles(party).includes('buyer'));
    const named = object(release.buyer);
    if (named && !buyerParties.some((party) => text(party.id) === text(named.id))) buyerParties.unshift(partyById.get(text(named.id) ?? '') ?? named);
    const buyers: string[] = [];
    for (const party of buyerParties) {
      const code = organisationOf(party);
      if (!code) reject('parties[buyer]', text(party.name) ?? text(party.id), 'unknown organisation: a buyer the hub does not know');
      else if (!buyers.includes(code)) buyers.push(code);
    }
    if (rejections.length === 0 && !buyers.includes(organisation)) {
      reject('buyer', buyers.join(' '), `not a contract of ${organisation}: an organisation imports only the contracts it is a buyer of`);
    }
    const supplierParties = new Map<string, Json>();
    for (const party of parties) if (roles(party).includes('supplier')) supplierParties.set(text(party.id) ?? text(party.name) ?? '', party);
    for (const awarded of awards.flatMap((a) => list(a.suppliers))) {
      const key = text(awarded.id) ?? text(awarded.name) ?? '';
      if (!supplierParties.has(key)) supplierParties.set(key, partyById.get(key) ?? awarded);
    }
    const suppliers: SupplierFacts[] = [];
    for (const party of supplierParties.values()) {
      const name = text(party.name);
      if (!name) {
        reject('parties[supplier].name', text(party.id), 'a supplier without a name');
        continue;
      }
      suppliers.push({
        name,
        companyNumber: companyNumberOf(party),
        postcode: text(object(party.address)?.postalCode)?.toUpperCase() ?? '',
        sme: SME_SCALES.has(text(object(party.details)?.scale) ?? ''),
      });
    }
    if (rejections.length > 0) return { rejections };
    return { input: { ocid: text(release.ocid)!, releaseId: text(release.id)!, date, facts, buyers, suppliers }, rejections };
  };
}

interface ContractRow {
  id: string;
  ocid: string;
  title: string;
  description: string;
  status: Status;
  procurementMethod: Method;
  category: Category;
  valuePence: number;
  startDate: string;
  endDate: string;
  latest: string | null;
  buyers: string[];
}

const REQUIRED_FACTS = ['title', 'status', 'procurementMethod', 'category', 'valuePence', 'startDate', 'endDate'] as const;
const FACT_PATHS: Record<(typeof REQUIRED_FACTS)[number], string> = {
  title: 'tender.title',
  status: 'tender.status',
  procurementMethod: 'tender.procurementMethod',
  category: 'tender.mainProcurementCategory',
  valuePence: 'tender.value',
  startDate: 'contractPeriod.startDate',
  endDate: 'contractPeriod.endDate',
};

const releaseKey = (release: ReleaseInput) => `${release.ocid} ${release.releaseId}`;

export async function contractWriter(sql: Statements, organisation: string): Promise<KindWriter<ReleaseInput>> {
  const changes: Record<string, EntityCounts> = { contracts: noChanges(), releases: noChanges(), suppliers: noChanges(), buyers: noChanges() };
  const suppliers = await SupplierRegister.load(sql);
  // A release (ocid and release id) twice in one file is refused, naming the line it was first
  // on, as a repeated transaction or employee number is: also while its contract still waits.
  await createKeyTable(sql, 'import_release');
  // The releases of a new contract that do not yet give all it needs wait for the later
  // releases of the same ocid, anywhere further on in the file: releases are compiled per
  // contract across the whole file, not per batch. What still lacks a fact at the end is rejected.
  const waiting = new Map<string, { releases: Checked<ReleaseInput>[]; lacking: string }>();
  return {
    changes,
    async finish() {
      const rejections = [...waiting.values()].flatMap(({ releases, lacking }) =>
        releases.map((row) => ({
          line: row.line,
          column: lacking,
          value: row.input.releaseId,
          reason: 'a new contract needs these, and no release of it in the file or in the hub gives them',
        })),
      );
      waiting.clear();
      return rejections.sort((a, b) => a.line - b.line);
    },
    async write(batch, previous) {
      await previous;
      const { unique, rejections } = await firstOccurrences(sql, 'import_release', batch, releaseKey, 'id', 'release');
      const applied = new Set(
        (
          await sql.rows<{ key: string }>(
            `select r.ocid || ' ' || r.release_id as key from procurement.contract_release r
             join unnest($1::text[], $2::text[]) as u(ocid, release_id) on r.ocid = u.ocid and r.release_id = u.release_id`,
            [unique.map((r) => r.input.ocid), unique.map((r) => r.input.releaseId)],
          )
        ).map((row) => row.key),
      );
      // A release the hub already holds (an earlier import) changes nothing.
      const fresh: Checked<ReleaseInput>[] = [];
      for (const row of unique) {
        if (applied.has(releaseKey(row.input))) changes.releases!.unchanged += 1;
        else fresh.push(row);
      }
      const ocids = [...new Set(fresh.map((row) => row.input.ocid))];
      for (const ocid of ocids) {
        const held = waiting.get(ocid);
        if (!held) continue;
        fresh.push(...held.releases);
        waiting.delete(ocid);
      }
      if (fresh.length === 0) return rejections;
      const existing = new Map(
        (
          await sql.rows<ContractRow>(
            `select c.id, c.ocid, c.title, c.description, c.status, c.procurement_method as "procurementMethod", c.category, c.value_pence::float8 as "valuePence",
               c.start_date::text as "startDate", c.end_date::text as "endDate",
               (select max(r.release_date)::text from procurement.contract_release r where r.contract_id = c.id) as latest,
               array(select b.organisation_code from procurement.contract_buyer b where b.contract_id = c.id) as buyers
             from procurement.contract c where c.ocid = any($1::text[])`,
            [ocids],
          )
        ).map((row) => [row.ocid, row]),
      );
      const contracts: ContractRow[] = [];
      const buyerRows: { ocid: string; code: string }[] = [];
      const supplierRows: { ocid: string; supplier: string }[] = [];
      const releaseRows: { ocid: string; releaseId: string; date: string }[] = [];
      for (const ocid of ocids) {
        const releases = fresh.filter((row) => row.input.ocid === ocid).sort((a, b) => Date.parse(a.input.date) - Date.parse(b.input.date));
        const before = existing.get(ocid);
        if (before && !before.buyers.includes(organisation)) {
          for (const row of releases) {
            rejections.push({
              line: row.line,
              column: 'ocid',
              value: ocid,
              reason: `the hub holds this contract for other buyers (${before.buyers.join(', ')})`,
            });
          }
          continue;
        }
        const merged: Partial<ContractRow> = before ? { ...before } : { description: '' };
        let latest = before?.latest ? Date.parse(before.latest) : Number.NEGATIVE_INFINITY;
        for (const { input } of releases) {
          if (Date.parse(input.date) < latest) continue;
          latest = Date.parse(input.date);
          Object.assign(merged, input.facts);
        }
        const lacking = REQUIRED_FACTS.filter((fact) => merged[fact] === undefined);
        if (lacking.length > 0) {
          waiting.set(ocid, { releases, lacking: lacking.map((fact) => FACT_PATHS[fact]).join(', ') });
          continue;
        }
        contracts.push({ ...(merged as ContractRow), ocid });
        const buyers = [...new Set(releases.flatMap((row) => row.input.buyers))];
        // The importing organisation's own buyer row first: the others are allowed because of it.
        for (const code of [organisation, ...buyers.filter((code) => code !== organisation)]) {
          if (!before?.buyers.includes(code)) buyerRows.push({ ocid, code });
        }
        for (const { input } of releases) {
          for (const facts of input.suppliers) supplierRows.push({ ocid, supplier: suppliers.idOf(facts) });
          releaseRows.push({ ocid, releaseId: input.releaseId, date: input.date });
        }
      }
      if (contracts.length === 0) return rejections;
      changes.suppliers!.inserted += await suppliers.insertNew(sql);
      const written = await sql.rows<{ inserted: boolean }>(
        `insert into procurement.contract as c (id, ocid, title, description, status, procurement_method, category, value_pence, start_date, end_date)
         select gen_random_uuid(), u.ocid, u.title, u.description, u.status::procurement.contract_status, u.method::procurement.procurement_method,
           u.category::procurement.contract_category, u.value, u.started, u.ended
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::date[], $9::date[])
           as u(ocid, title, description, status, method, category, value, started, ended)
         on conflict (ocid) do update set title = excluded.title, description = excluded.description, status = excluded.status,
           procurement_method = excluded.procurement_method, category = excluded.category, value_pence = excluded.value_pence,
           start_date = excluded.start_date, end_date = excluded.end_date
         where (c.title, c.description, c.status, c.procurement_method, c.category, c.value_pence, c.start_date, c.end_date)
           is distinct from (excluded.title, excluded.description, excluded.status, excluded.procurement_method, excluded.category,
             excluded.value_pence, excluded.start_date, excluded.end_date)
         returning (xmax = 0) as inserted`,
        [
          contracts.map((c) => c.ocid),
          contracts.map((c) => c.title),
          contracts.map((c) => c.description),
          contracts.map((c) => c.status),
          contracts.map((c) => c.procurementMethod),
          contracts.map((c) => c.category),
          contracts.map((c) => c.valuePence),
          contracts.map((c) => c.startDate),
          contracts.map((c) => c.endDate),
        ],
      );
      const inserted = written.filter((row) => row.inserted).length;
      changes.contracts!.inserted += inserted;
      changes.contracts!.updated += written.length - inserted;
      changes.contracts!.unchanged += contracts.length - written.length;
      const own = buyerRows.filter((row) => row.code === organisation);
      const joint = buyerRows.filter((row) => row.code !== organisation);
      for (const rows of [own, joint]) {
        if (rows.length === 0) continue;
        const added = await sql.rows(
          `insert into procurement.contract_buyer (contract_id, organisation_code)
           select c.id, u.code from unnest($1::text[], $2::text[]) as u(ocid, code) join procurement.contract c on c.ocid = u.ocid
           on conflict do nothing returning contract_id`,
          [rows.map((row) => row.ocid), rows.map((row) => row.code)],
        );
        changes.buyers!.inserted += added.length;
      }
      if (supplierRows.length > 0) {
        await sql.rows(
          `insert into procurement.contract_supplier (contract_id, supplier_id)
           select distinct c.id, u.supplier from unnest($1::text[], $2::uuid[]) as u(ocid, supplier) join procurement.contract c on c.ocid = u.ocid
           on conflict do nothing`,
          [supplierRows.map((row) => row.ocid), supplierRows.map((row) => row.supplier)],
        );
      }
      await sql.rows(
        `insert into procurement.contract_release (ocid, release_id, contract_id, release_date, organisation_code)
         select u.ocid, u.release_id, c.id, u.released, $1 from unnest($2::text[], $3::text[], $4::timestamptz[]) as u(ocid, release_id, released)
           join procurement.contract c on c.ocid = u.ocid`,
        [organisation, releaseRows.map((row) => row.ocid), releaseRows.map((row) => row.releaseId), releaseRows.map((row) => row.date)],
      );
      changes.releases!.inserted += releaseRows.length;
      return rejections;
    },
  };
}
