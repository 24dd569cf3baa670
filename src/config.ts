import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/circularity.db'),
  POLICY_CHINA_EXCLUSION: boolFromEnv.default(true),
  POLICY_SANITIZATION_REQUIRED: boolFromEnv.default(true),
  BOOTSTRAP_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = {
  port: number;
  databasePath: string;
  policyChinaExclusion: boolean;
  /** POLICY_SANITIZATION_REQUIRED: data-bearing units leave custody only after a data_sanitized event. */
  policySanitizationRequired: boolean;
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
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    databasePath: c.DATABASE_PATH,
    policyChinaExclusion: c.POLICY_CHINA_EXCLUSION,
    policySanitizationRequired: c.POLICY_SANITIZATION_REQUIRED,
    bootstrapAdminKey: c.BOOTSTRAP_ADMIN_KEY,
    logLevel: c.LOG_LEVEL,
  };
}
