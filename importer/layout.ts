// Which column of a file holds which field: found by the header's names, with the
// synonyms councils and the LGA spend schema use, or named by a mapping file for a
// layout the synonyms do not cover. A required field with no column, a mapped column
// the file does not have, or two columns of one name stop the import before any row.
import { readFileSync } from 'node:fs';
import { ImportStopped } from './report.js';

export interface FieldSpec {
  /** Names the header may give it, most specific first; compared without case, spaces or punctuation. */
  synonyms: readonly string[];
  required?: boolean;
}

export type LayoutSpec<Field extends string> = Record<Field, FieldSpec>;

export interface Layout<Field extends string> {
  /** The column index of each field found. */
  index: Partial<Record<Field, number>>;
  /** Each column's name as the file writes it. */
  headers: string[];
  /** Columns no field reads. */
  ignored: string[];
}

/** A mapping file: { "columns": { "<field>": "<the file's column name>" } }. */
export interface Mapping {
  columns: Record<string, string>;
}

export const headerKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export function readMapping(path: string, fields: readonly string[]): Mapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ImportStopped(path, null, 'the mapping file is not readable JSON');
  }
  const columns = (parsed as { columns?: unknown } | null)?.columns;
  if (typeof columns !== 'object' || columns === null || Object.values(columns).some((value) => typeof value !== 'string')) {
    throw new ImportStopped(path, null, 'the mapping file must be {"columns": {"<field>": "<column name>", ...}}');
  }
  const unknown = Object.keys(columns).filter((field) => !fields.includes(field));
  if (unknown.length > 0) throw new ImportStopped(path, null, `unknown field ${unknown.join(', ')} in the mapping; fields are ${fields.join(', ')}`);
  return { columns: columns as Record<string, string> };
}

export function resolveLayout<Field extends string>(
  spec: LayoutSpec<Field>,
  headers: readonly string[],
  file: string,
  headerLine: number,
  mapping?: Mapping,
): Layout<Field> {
  const positions = new Map<string, number>();
  headers.forEach((name, i) => {
    const key = headerKey(name);
    if (key === '') return;
    const earlier = positions.get(key);
    if (earlier !== undefined) {
      throw new ImportStopped(file, headerLine, `the header has two columns named "${headers[earlier]}" (columns ${earlier + 1} and ${i + 1})`);
    }
    positions.set(key, i);
  });
  const index: Partial<Record<Field, number>> = {};
  const used = new Set<number>();
  for (const [field, target] of Object.entries(mapping?.columns ?? {})) {
    const position = positions.get(headerKey(target));
    if (position === undefined)
      throw new ImportStopped(file, headerLine, `the mapping names the column "${target}" for ${field}, and the header has no such column`);
    index[field as Field] = position;
    used.add(position);
  }
  const missing: string[] = [];
  for (const [field, { synonyms, required }] of Object.entries(spec) as [Field, FieldSpec][]) {
    if (index[field] !== undefined) continue;
    const position = synonyms.map((name) => positions.get(headerKey(name))).find((found) => found !== undefined && !used.has(found));
    if (position !== undefined) {
      index[field] = position;
      used.add(position);
    } else if (required) {
      missing.push(`${field} (a column named ${synonyms.slice(0, 3).join(', ')}${synonyms.length > 3 ? ', ...' : ''})`);
    }
  }
  const ignored = headers.filter((name, i) => !used.has(i) && headerKey(name) !== '');
  if (missing.length > 0) {
    const unread = ignored.length > 0 ? `; columns not recognised: ${ignored.join(', ')} (name them in a mapping file with --mapping)` : '';
    throw new ImportStopped(file, headerLine, `missing required column${missing.length === 1 ? '' : 's'}: ${missing.join('; ')}${unread}`);
  }
  return { index, headers: [...headers], ignored };
}
