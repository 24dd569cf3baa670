import { z } from 'zod';
// Variables are judged in the same words as requests (domain/messages.ts).
import './domain/messages.js';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** A TCP port, 0–65535 (0: any free port), written as digits. */
const Port = z
  .string()
  .regex(/^\d{1,5}$/, { error: (i) => `must be a port number, 0–65535 (got ${JSON.stringify(i.input)})` })
  .transform(Number)
  .refine((n) => n <= 65535, { error: (i) => `must be a port number, 0–65535 (got ${String(i.input)})` });

const ConfigSchema = z.object({
  PORT: Port.default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/circularity.db'),
  POLICY_CHINA_EXCLUSION: boolFromEnv.default(true),
  BOOTSTRAP_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = {
  port: number;
  databasePath: string;
  policyChinaExclusion: boolean;
  bootstrapAdminKey: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
};

/** The only place that reads process.env; fails fast with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    // "PORT must be a port number, 0–65535 (got "abc")": the variable, then what it must be.
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')} ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    databasePath: c.DATABASE_PATH,
    policyChinaExclusion: c.POLICY_CHINA_EXCLUSION,
    bootstrapAdminKey: c.BOOTSTRAP_ADMIN_KEY,
    logLevel: c.LOG_LEVEL,
  };
}
