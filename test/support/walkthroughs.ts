// Runs the shell blocks of a walkthrough (docs/walkthroughs/*.md) with bash, in order, in
// one shell, and compares what each block prints with the ```text block that follows it.
// The convention is documented in docs/walkthroughs/README.md; in short:
//
//   - every ```sh block runs; a failing command (or a `jq -e` that finds null) fails it;
//   - a ```text block right after a ```sh block (blank lines between allowed, nothing else)
//     is that block's expected output, line for line;
//   - in expected lines, <uuid>, <date>, <time>, <int> and <amount> stand for a value of
//     that shape, and … for any text within the line; everything else is literal.
import { spawn } from 'node:child_process';

export interface WalkthroughStep {
  /** 1-based line of the ```sh fence in the markdown file. */
  line: number;
  code: string;
  /** The expected output's lines, or null when the block has no ```text block after it. */
  expected: string[] | null;
}

const FENCE = /^```(\w*)\s*$/;

/** The shell blocks of a walkthrough, each with the expected output that follows it. */
export function walkthroughSteps(markdown: string): WalkthroughStep[] {
  const lines = markdown.split('\n');
  const blocks: { language: string; line: number; body: string[]; end: number }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]!);
    if (!open) continue;
    const close = lines.findIndex((candidate, at) => at > index && candidate.trim() === '```');
    if (close < 0) throw new Error(`line ${index + 1}: a code block that is never closed`);
    blocks.push({ language: open[1]!, line: index + 1, body: lines.slice(index + 1, close), end: close });
    index = close;
  }
  const steps: WalkthroughStep[] = [];
  blocks.forEach((block, at) => {
    if (block.language === 'text') {
      const previous = blocks[at - 1];
      const onlyBlankBetween = previous && lines.slice(previous.end + 1, block.line - 1).every((line) => line.trim() === '');
      if (!previous || !['sh', 'bash'].includes(previous.language) || !onlyBlankBetween) {
        throw new Error(`line ${block.line}: a \`\`\`text block must follow a \`\`\`sh block directly (its expected output)`);
      }
      steps.at(-1)!.expected = block.body;
      return;
    }
    if (block.language === 'sh' || block.language === 'bash') steps.push({ line: block.line, code: block.body.join('\n'), expected: null });
  });
  return steps;
}

const PLACEHOLDERS: Record<string, string> = {
  '<uuid>': '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  '<date>': '\\d{4}-\\d{2}-\\d{2}',
  '<time>': '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})',
  '<int>': '-?\\d+',
  '<amount>': '-?\\d+\\.\\d{2}',
  '…': '.*?',
};
const PLACEHOLDER = new RegExp([...Object.keys(PLACEHOLDERS)].map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/** The regular expression an expected line stands for. */
export function expectedLinePattern(expected: string): RegExp {
  let pattern = '';
  let last = 0;
  for (const match of expected.matchAll(PLACEHOLDER)) {
    pattern += expected.slice(last, match.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + PLACEHOLDERS[match[0]]!;
    last = match.index! + match[0].length;
  }
  pattern += expected.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${pattern}$`);
}

/** Lines of a block's output as compared: trailing blanks dropped. */
function outputLines(text: string): string[] {
  const trimmed = text.replace(/\s+$/, '');
  return trimmed === '' ? [] : trimmed.split('\n').map((line) => line.trimEnd());
}

/** Where actual output and expectation part, or null when they agree. */
export function outputMismatch(actual: string, expected: readonly string[]): string | null {
  const lines = outputLines(actual);
  const wanted = expected.map((line) => line.trimEnd());
  while (wanted.length > 0 && wanted.at(-1) === '') wanted.pop();
  for (let index = 0; index < Math.max(lines.length, wanted.length); index++) {
    const line = lines[index];
    const want = wanted[index];
    if (want === undefined) return `line ${index + 1} was not expected: ${line}`;
    if (line === undefined) return `line ${index + 1} is missing; expected: ${want}`;
    if (!expectedLinePattern(want).test(line)) return `line ${index + 1} differs\n  expected: ${want}\n  actual:   ${line}`;
  }
  return null;
}

export interface StepResult {
  step: WalkthroughStep;
  output: string;
  /** Set when the block failed or its output did not match. */
  problem: string | null;
}

export interface WalkthroughRun {
  steps: StepResult[];
  stderr: string;
  /** The exit status of the shell; 0 when every block ran to its end. */
  status: number | null;
}

const MARK = '@@walkthrough-block-done';

/**
 * Runs every step in one bash process, so variables and functions carry from one block
 * to the next, as they do for a reader pasting them into one terminal. `set -e` and
 * `pipefail` stop at the first failing command; the blocks' outputs are told apart by a
 * marker line printed after each.
 */
export async function runWalkthrough(
  steps: readonly WalkthroughStep[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<WalkthroughRun> {
  const script = [
    'set -eo pipefail',
    'shopt -s inherit_errexit',
    ...steps.flatMap((step, index) => [step.code, `printf '\\n%s %d\\n' '${MARK}' ${index}`]),
  ].join('\n');
  const child = spawn('bash', ['--noprofile', '--norc', '-c', script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);

  const chunks = stdout.split(new RegExp(`\\n${MARK} \\d+\\n`));
  const results: StepResult[] = steps.map((step, index) => {
    const finished = index < chunks.length - 1;
    const output = chunks[index] ?? '';
    if (!finished) {
      const reached = index === chunks.length - 1;
      return {
        step,
        output,
        problem: reached ? `the block stopped (shell exit status ${status ?? 'killed: timed out'})` : 'not run: an earlier block stopped',
      };
    }
    return { step, output, problem: step.expected ? outputMismatch(output, step.expected) : null };
  });
  return { steps: results, stderr, status };
}
