// Suppliers as imports find them: shared by every organisation (procurement's register),
// matched by Companies House number when the file gives one, else by name compared
// loosely (values.ts normalisedName). Imports add suppliers, never change them. The
// register is held for the whole import: it is as large as the supplier table, not the file.
import { randomUUID } from 'node:crypto';
import type { Statements } from './sql.js';
import { normalisedName } from './values.js';

export interface SupplierFacts {
  name: string;
  companyNumber: string | null;
  postcode: string;
  sme: boolean;
}

interface SupplierRef {
  id: string;
  companyNumber: string | null;
}

export class SupplierRegister {
  private readonly byNumber = new Map<string, SupplierRef>();
  private readonly byName = new Map<string, SupplierRef>();
  private created: (SupplierFacts & { id: string })[] = [];

  private constructor() {}

  static async load(sql: Statements): Promise<SupplierRegister> {
    const register = new SupplierRegister();
    for (const row of await sql.rows<{ id: string; name: string; number: string | null }>(
      'select id, name, companies_house_number as number from procurement.supplier order by id',
    )) {
      const supplier = { id: row.id, companyNumber: row.number };
      if (row.number && !register.byNumber.has(row.number)) register.byNumber.set(row.number, supplier);
      if (!register.byName.has(normalisedName(row.name))) register.byName.set(normalisedName(row.name), supplier);
    }
    return register;
  }

  /** The supplier's id; a new one (written by the next insertNew) when none matches. */
  idOf(facts: SupplierFacts): string {
    const name = normalisedName(facts.name);
    const byNumber = facts.companyNumber ? this.byNumber.get(facts.companyNumber) : undefined;
    if (byNumber) return byNumber.id;
    const byName = this.byName.get(name);
    // A name matches a supplier with no registered number, or when the file gives none.
    if (byName && (!facts.companyNumber || !byName.companyNumber)) return byName.id;
    const supplier = { id: randomUUID(), companyNumber: facts.companyNumber };
    this.created.push({ ...facts, id: supplier.id });
    if (facts.companyNumber) this.byNumber.set(facts.companyNumber, supplier);
    if (!byName) this.byName.set(name, supplier);
    return supplier.id;
  }

  /** The suppliers created since the last call, for insert(). */
  takeNew(): (SupplierFacts & { id: string })[] {
    const created = this.created;
    this.created = [];
    return created;
  }

  /** Writes the suppliers created since the last call; returns how many. */
  insertNew(sql: Statements): Promise<number> {
    return this.insert(sql, this.takeNew());
  }

  /** Writes suppliers taken by takeNew(); returns how many. */
  async insert(sql: Statements, created: readonly (SupplierFacts & { id: string })[]): Promise<number> {
    if (created.length === 0) return 0;
    await sql.rows(
      `insert into procurement.supplier (id, name, companies_house_number, sme, vcse, postcode)
       select id, name, number, sme, false, postcode from unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[]) as u(id, name, number, sme, postcode)`,
      [created.map((s) => s.id), created.map((s) => s.name), created.map((s) => s.companyNumber), created.map((s) => s.sme), created.map((s) => s.postcode)],
    );
    return created.length;
  }
}
