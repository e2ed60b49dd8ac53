// Prints a signed demo token for one persona and nothing else, so that it can be
// used inline: curl -H "Authorization: Bearer $(npm run -s token -- council-hr)" ...
import { loadConfig } from '../platform/config.js';
import { PERSONA_NAMES, isPersonaName, tokenFor } from '../platform/personas.js';

const name = process.argv[2] ?? '';
if (!isPersonaName(name)) {
  process.stderr.write(`Unknown persona "${name}". One of: ${PERSONA_NAMES.join(', ')}\n`);
  process.exit(2);
}
try {
  process.stdout.write(`${await tokenFor(name, loadConfig())}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
