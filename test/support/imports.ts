// Which source files a module loads through static imports, read from the sources
// themselves: enough to keep the seed generator out of the running hub, and to know
// which files shape the seeded test template. Paths are relative to the repository.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

// `import ... from '...'`, `export ... from '...'` and `import '...'`, not `import(...)`;
// type-only imports are erased, so they load nothing.
const STATIC_IMPORT = /(?:^|;|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
// The same, type-only imports included: what a reader follows from one file to the next.
const ANY_IMPORT = /(?:^|;|\n)\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

/** The repository files a source file imports statically (with `types`, type-only imports too); packages are left out. */
export function importsOf(file: string, options: { types?: boolean } = {}): string[] {
  const targets: string[] = [];
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(options.types ? ANY_IMPORT : STATIC_IMPORT)) {
    if (!specifier!.startsWith('.')) continue;
    const base = normalize(join(dirname(file), specifier!));
    const found = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
    if (!found) throw new Error(`${file} imports ${specifier}, which is not a source file here`);
    targets.push(found);
  }
  return targets;
}

/** Every source file reachable from `entries` through static imports, entries included. */
export function staticImports(entries: string[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    pending.push(...importsOf(file));
  }
  return reached;
}

/** The seed generator: its order and helpers in drizzle/seed/, and each subgraph's drizzle/<name>.seed.ts. */
export const isSeedFile = (path: string): boolean => /^drizzle\/(seed\/.+|[^/]+\.seed)\.ts$/.test(path);

export function seedFiles(): string[] {
  return readdirSync('drizzle', { recursive: true })
    .map((file) => `drizzle/${String(file)}`)
    .filter(isSeedFile)
    .sort();
}
