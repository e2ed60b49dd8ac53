// The baseline hub: the hub as it was at a named earlier commit, checked out beside this
// one and run the same way (through tsx, by the harness's process entries, over subgraph
// processes of its own on the same database), so that progress is a ratio measured side by
// side in one run rather than a number from another day.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The commit the baseline hub is checked out at: main when the many-users benchmark landed
 * (issue 23), with the information-sharing schema and before any work to make the hub faster
 * under it. `--baseline <commit>` names another: it needs the hub's interfaces that
 * bench/processes imports (buildGateway, the subgraph definitions, the registry) and the same
 * database schema as this one (code from before a migration fails on the migrated tables).
 */
export const BASELINE_COMMIT = 'cdbb4e022db0baf4cd5693b23bf95c8a95d247fa';

/**
 * A worktree of the repository at the commit, in the system's temporary directory, with its
 * dependencies installed from its own lock file; kept between runs (created once per commit).
 */
export function baselineCheckout(commit: string, log: (message: string) => void): { dir: string; commit: string } {
  const full = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `hub-bench-baseline-${full.slice(0, 12)}`);
  if (!existsSync(join(dir, '.git'))) {
    log(`baseline: checking out ${full.slice(0, 12)} into ${dir} ...`);
    execFileSync('git', ['worktree', 'add', '--detach', '--force', dir, full], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!existsSync(join(dir, 'node_modules', '.package-lock.json'))) {
    log('baseline: npm ci (once per commit) ...');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The harness's own process entries run the baseline's hub code: the protocol stays the
  // harness's, and a commit whose entries could not run the hub any more still can be measured.
  for (const entry of readdirSync('bench/processes')) cpSync(join('bench/processes', entry), join(dir, 'bench/processes', entry));
  return { dir, commit: full };
}
