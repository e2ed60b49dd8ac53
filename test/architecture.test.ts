// The layout shows the architecture, and these rules keep it so (CONVENTIONS.md): the
// platform is shared by the gateway and every subgraph and depends on neither; subgraphs
// reach each other only through federation, never through each other's code or tables;
// and no file imports, through any chain, a file that imports it back (type-only imports
// count: a reader follows them too).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { importsOf } from './support/imports.js';

const SOURCE_FOLDERS = ['platform', 'importer', 'gateway', 'subgraphs', 'scripts', 'drizzle'];

function sourceFiles(): string[] {
  return SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(folder, { recursive: true })
      .map((file) => `${folder}/${String(file)}`)
      .filter((path) => path.endsWith('.ts') && !path.includes('/migrations/')),
  ).sort();
}

const graph = new Map(sourceFiles().map((file) => [file, importsOf(file, { types: true })]));

/** The import cycles of the graph: each as the files in it, in a loop from the first. */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

const importersOf = (predicate: (file: string) => boolean, target: (imported: string) => boolean) =>
  [...graph].filter(([file]) => predicate(file)).flatMap(([file, imports]) => imports.filter(target).map((imported) => `${file} -> ${imported}`));

describe('the architecture', () => {
  it('has no import cycles', () => {
    expect(cycles().map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps the platform below the gateway and the subgraphs (it reads only the registry of subgraphs)', () => {
    const upward = importersOf(
      (file) => file.startsWith('platform/'),
      (imported) => imported.startsWith('gateway/') || (imported.startsWith('subgraphs/') && imported !== 'subgraphs/registry.ts'),
    );
    expect(upward).toEqual([]);
  });

  it('keeps each subgraph to its own folder and tables, and out of the gateway', () => {
    for (const name of SUBGRAPH_NAMES) {
      const own = (imported: string) =>
        imported.startsWith(`subgraphs/${name}/`) ||
        imported.startsWith('platform/') ||
        imported === `drizzle/${name}.ts` ||
        imported === 'drizzle/idempotency.ts';
      expect(
        importersOf(
          (file) => file.startsWith(`subgraphs/${name}/`),
          (imported) => !own(imported),
        ),
        name,
      ).toEqual([]);
    }
  });

  it('keeps the importer on the platform, away from the gateway, the subgraphs and their code (it writes through SQL as hub_importer)', () => {
    const outside = importersOf(
      (file) => file.startsWith('importer/'),
      (imported) => !imported.startsWith('importer/') && !imported.startsWith('platform/'),
    );
    expect(outside).toEqual([]);
    expect(
      importersOf(
        (file) => !file.startsWith('importer/') && !file.startsWith('scripts/'),
        (imported) => imported.startsWith('importer/'),
      ),
    ).toEqual([]);
  });

  it('would see a cycle: the walk follows type-only imports', () => {
    expect(graph.get('platform/peers.ts')).toContain('subgraphs/registry.ts');
    expect(graph.get('platform/database.ts')).toContain('platform/policy.ts');
  });
});
