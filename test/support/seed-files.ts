// The seed generator's files: its orchestrator and helpers in drizzle/seed/, and each
// subgraph's drizzle/<name>.seed.ts beside its tables. Paths are relative to the repository.
import { readdirSync } from 'node:fs';

export const isSeedFile = (path: string): boolean => /^drizzle\/(seed\/.+|[^/]+\.seed)\.ts$/.test(path);

export function seedFiles(): string[] {
  return readdirSync('drizzle', { recursive: true })
    .map((file) => `drizzle/${String(file)}`)
    .filter(isSeedFile)
    .sort();
}
