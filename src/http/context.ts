import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { ReadCache } from '../db/read-cache.js';
import type { Clock } from '../domain/dates.js';
import type { AccessTable, Role } from './access.js';
import type { Limits } from './rate-limit.js';

// The roles are declared beside the access rules that judge them (access.ts).
export { ROLES, type Role } from './access.js';

export type IdMaker = (prefix: string) => string;

/** What every service needs; built once by createApp and passed down. */
export type Deps = {
  db: Db;
  config: Config;
  clock: Clock;
  newId: IdMaker;
  /** What the hot paths keep between requests, under one invalidation rule (db/read-cache.ts). */
  cache: ReadCache;
  /** Tests: parse every JSON answer with its route's declared response schema. */
  checkResponses?: boolean;
  /** The rate limits `addRoute` applies (createApp makes them; the CLI serves no routes and has none). */
  limits?: Limits;
  /**
   * The app's routes and who may call each (createApp builds it, addRoute fills it,
   * GET /me answers from it). Commands that serve no routes leave it out.
   */
  access?: AccessTable;
};

export type Actor = { keyId: string; role: Role; name: string };

/** The per-request facts a service records (audit, actor, event recordedAt). */
export type RequestCtx = {
  actor: Actor | null;
  requestId: string;
};

/** What a route handler answers: a status and a JSON body, or nothing when it wrote the response itself (CSV). */
export type HandlerResult = { status: number; body: unknown; headers?: Record<string, string> } | void;
