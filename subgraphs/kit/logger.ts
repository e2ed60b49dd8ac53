// One JSON logger for the process. Never log tokens, values of personal fields or SQL parameters.
import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: ['req.headers.authorization', '*.authorization'],
});
