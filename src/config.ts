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

/**
 * The address to listen on: 127.0.0.1 (this machine only, the default), 0.0.0.0 (every
 * IPv4 network of the machine, e.g. for a phone on the floor's LAN), :: (every network,
 * IPv6 too) or one address of the machine. A name is resolved once at start-up.
 */
const Host = z
  .string()
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/, {
    error: (i) => `must be an address or host name to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every network) or one address of this machine (got ${JSON.stringify(i.input)})`,
  })
  .max(253);

const ConfigSchema = z.object({
  PORT: Port.default(3000),
  HOST: Host.default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/circularity.db'),
  POLICY_CHINA_EXCLUSION: boolFromEnv.default(true),
  POLICY_SANITIZATION_REQUIRED: boolFromEnv.default(true),
  BOOTSTRAP_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // Rate limits (0 turns one off). See README, Configuration.
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(0).default(20),
  RATE_LIMIT_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  RATE_LIMIT_ESTIMATE_ITERATIONS: z.coerce.number().int().min(0).default(2_000_000),
  RATE_LIMIT_ESTIMATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // Imports of at least this many data rows are checked and written in a worker thread (0: every import).
  IMPORT_WORKER_FROM_ROWS: z.coerce.number().int().min(0).default(1000),
  TRUST_PROXY: z
    .string()
    .regex(/^(false|true|\d{1,2}|[\w.:/, -]+)$/, 'must be false, true, a hop count or a list of proxy addresses')
    .default('false'),
});

export type Config = {
  port: number;
  /** HOST: the address the service listens on (127.0.0.1 unless told otherwise). */
  host: string;
  databasePath: string;
  policyChinaExclusion: boolean;
  /** POLICY_SANITIZATION_REQUIRED: data-bearing units leave custody only after a data_sanitized event. */
  policySanitizationRequired: boolean;
  bootstrapAdminKey: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  rateLimits: {
    /** Failed authentications (401) one client address may make per window before every request from it is 429. */
    authFailures: number;
    authWindowSeconds: number;
    /** Monte Carlo iterations one key may ask of the estimate routes per window. */
    estimateIterations: number;
    estimateWindowSeconds: number;
  };
  /** Express's `trust proxy`: which X-Forwarded-For hops to believe for the client address. */
  trustProxy: boolean | number | string;
  /**
   * CSV imports of at least this many data rows run in a worker thread; smaller ones in
   * the event loop, where they take tens of milliseconds and need no thread started.
   */
  importWorkerFromRows: number;
};

function trustProxyOf(v: string): boolean | number | string {
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

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
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    policyChinaExclusion: c.POLICY_CHINA_EXCLUSION,
    policySanitizationRequired: c.POLICY_SANITIZATION_REQUIRED,
    bootstrapAdminKey: c.BOOTSTRAP_ADMIN_KEY,
    logLevel: c.LOG_LEVEL,
    rateLimits: {
      authFailures: c.RATE_LIMIT_AUTH_FAILURES,
      authWindowSeconds: c.RATE_LIMIT_AUTH_WINDOW_SECONDS,
      estimateIterations: c.RATE_LIMIT_ESTIMATE_ITERATIONS,
      estimateWindowSeconds: c.RATE_LIMIT_ESTIMATE_WINDOW_SECONDS,
    },
    trustProxy: trustProxyOf(c.TRUST_PROXY),
    importWorkerFromRows: c.IMPORT_WORKER_FROM_ROWS,
  };
}
