// The seed generator stays out of the running hub: no module the gateway or a subgraph
// process loads at start imports it, so it is loaded only when a database is seeded
// (platform/prepare.ts imports it dynamically then).
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { importsOf, isSeedFile, seedFiles, staticImports } from './support/imports.js';

// What `npm start` and the standalone gateway and subgraph processes run.
const RUNTIME_ENTRIES = ['scripts/start.ts', 'gateway/index.ts', ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/index.ts`)];

describe('the seed generator', () => {
  it('is not imported statically by the gateway or any subgraph', () => {
    const reached = staticImports(RUNTIME_ENTRIES);
    // The walk does reach the module that seeds, and every subgraph's own tables.
    expect(reached).toContain('platform/prepare.ts');
    for (const name of SUBGRAPH_NAMES) expect(reached).toContain(`drizzle/${name}.ts`);
    expect([...reached].filter(isSeedFile)).toEqual([]);
  });

  // Subgraphs share nothing but federation entities; their seeds hand each other plain values.
  it("writes each subgraph's tables only from that subgraph's own seed module", () => {
    const subgraphSeeds = seedFiles().filter((file) => file.endsWith('.seed.ts'));
    expect(subgraphSeeds.length).toBeGreaterThan(0);
    for (const file of subgraphSeeds) expect(SUBGRAPH_NAMES, `${file} is named after a subgraph`).toContain(file.slice('drizzle/'.length, -'.seed.ts'.length));
    for (const file of subgraphSeeds) {
      const tables = importsOf(file).filter((target) => /^drizzle\/[^/]+\.ts$/.test(target) && !isSeedFile(target));
      expect(tables, file).toEqual([file.replace('.seed.ts', '.ts')]);
    }
  });

  it('is reachable from the seed script, so the walk would notice it', () => {
    const reached = [...staticImports(['scripts/seed.ts'])].filter(isSeedFile).sort();
    expect(reached).toEqual(seedFiles());
  });
});
