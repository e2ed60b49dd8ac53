// Runtime configuration, read from the environment once and validated. A wrong
// value stops the process with a message naming the variable; with nothing set,
// `npm start` runs on the embedded database.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  PORT: port.default(4000),
  PEOPLE_PORT: port.default(4001),
  FINANCE_PORT: port.default(4002),
  PROCUREMENT_PORT: port.default(4003),
  CONTACTS_PORT: port.default(4004),
  PEOPLE_URL: url.optional(),
  FINANCE_URL: url.optional(),
  PROCUREMENT_URL: url.optional(),
  CONTACTS_URL: url.optional(),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {}
