// The seed generator stays out of the running hub: no module the gateway or a subgraph
// process loads at start imports it, so it is loaded only when a database is seeded
// (subgraphs/kit/prepare.ts imports it dynamically then).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSeedFile, seedFiles } from './support/seed-files.js';

// `import ... from '...'`, `export ... from '...'` and `import '...'`; not `import(...)`.
const STATIC_IMPORT = /(?:^|;|\n)\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

/** The relative file a specifier names, written with .js as the sources do; packages are skipped. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from), specifier));
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((path) => existsSync(path) && path.endsWith('.ts'));
  if (!found) throw new Error(`${from} imports ${specifier}, which is not a file here`);
  return found;
}

/** Every source file reachable from `entries` through static imports. */
function staticImports(entries: string[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const target = resolve(file, specifier!);
      if (target && !reached.has(target)) pending.push(target);
    }
  }
  return reached;
}

// What `npm start` and the standalone gateway and subgraph processes run.
const RUNTIME_ENTRIES = ['scripts/start.ts', 'gateway/index.ts', ...['people', 'finance', 'procurement', 'contacts', 'audit'].map((name) => `subgraphs/${name}/index.ts`)];

describe('the seed generator', () => {
  it('is not imported statically by the gateway or any subgraph', () => {
    const reached = staticImports(RUNTIME_ENTRIES);
    // The walk does reach the module that seeds, and every subgraph's own tables.
    expect(reached).toContain('subgraphs/kit/prepare.ts');
    for (const table of ['people', 'finance', 'procurement', 'contacts', 'audit']) expect(reached).toContain(`drizzle/${table}.ts`);
    expect([...reached].filter(isSeedFile)).toEqual([]);
  });

  // Subgraphs share nothing but federation entities; their seeds hand each other plain values.
  it("writes each subgraph's tables only from that subgraph's own seed module", () => {
    const subgraphSeeds = seedFiles().filter((file) => file.endsWith('.seed.ts'));
    expect(subgraphSeeds).toEqual(['contacts', 'finance', 'people', 'procurement'].map((name) => `drizzle/${name}.seed.ts`));
    for (const file of subgraphSeeds) {
      const tablesImported = [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)]
        .map(([, specifier]) => resolve(file, specifier!))
        .filter((target) => target !== undefined && /^drizzle\/[^/]+\.ts$/.test(target) && !isSeedFile(target));
      expect(tablesImported, file).toEqual([file.replace('.seed.ts', '.ts')]);
    }
  });

  it('is reachable from the seed script, so the walk would notice it', () => {
    const reached = [...staticImports(['scripts/seed.ts'])].filter(isSeedFile).sort();
    expect(reached).toEqual(seedFiles());
  });
});
