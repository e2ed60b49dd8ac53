// Prints a signed demo token and nothing else, so that it can be used inline:
//   curl -H "Authorization: Bearer $(npm run -s token -- council-hr)" ...
// for a persona, or for anyone: npm run -s token -- --org E07000188 --scopes "staff hr" [--sub <id>]
// (the subject defaults to one fixed per organisation, so its audit records name one user).
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config.js';
import { PERSONA_NAMES, isPersonaName, tokenFor, tokenOf } from '../platform/personas.js';

const USAGE = `Usage: npm run -s token -- <persona>  (one of: ${PERSONA_NAMES.join(', ')})
   or: npm run -s token -- --org <code> --scopes "<scope> ..." [--sub <subject>]`;

function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** A UUID fixed for an organisation: the same demo user each time its token is minted without --sub. */
function demoSubject(organisation: string): string {
  const hex = createHash('sha256').update(`demo user of ${organisation}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

let parsed: ReturnType<typeof parseArgs<{ options: { org: { type: 'string' }; scopes: { type: 'string' }; sub: { type: 'string' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { org: { type: 'string' }, scopes: { type: 'string' }, sub: { type: 'string' } }, allowPositionals: true });
} catch (error) {
  refuse(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
const { values, positionals } = parsed;
const custom = values.org !== undefined || values.scopes !== undefined || values.sub !== undefined;
try {
  const config = loadConfig();
  if (custom) {
    if (positionals.length > 0) refuse(`Give a persona or --org and --scopes, not both\n${USAGE}`);
    if (!values.org) refuse(`--org <code> is needed with --scopes\n${USAGE}`);
    if (values.scopes === undefined) refuse(`--scopes "<scope> ..." is needed with --org (an empty string for none)\n${USAGE}`);
    const scopes = values.scopes.split(/\s+/).filter(Boolean);
    process.stdout.write(`${await tokenOf({ subject: values.sub ?? demoSubject(values.org), organisation: values.org, scopes }, config)}\n`);
  } else {
    const name = positionals[0] ?? '';
    if (!isPersonaName(name) || positionals.length > 1) refuse(`Unknown persona "${name}". One of: ${PERSONA_NAMES.join(', ')}`);
    process.stdout.write(`${await tokenFor(name, config)}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
