/**
 * Two limits (contract v1.1 General: 429 `rate.limited` with Retry-After):
 *
 * - failed authentication per client address: every 401 costs the address one point;
 *   once it has spent its budget in the window, every request from it is 429 until the
 *   window ends (a valid key too: otherwise a guesser would learn which guess was right).
 *   Only failures count, never requests in flight, so a busy client with a good key is
 *   never slowed down.
 * - heavy estimates per key: each request to an estimate route costs its Monte Carlo
 *   iterations, so one 200,000-iteration run weighs as much as twenty default ones.
 *
 * rate-limiter-flexible rather than express-rate-limit: it consumes a weight per request
 * (`consume(key, points)`) and can count an outcome after the response, where
 * express-rate-limit counts every request up front and takes back the successful ones
 * when they finish, so parallel good requests would count against the failure budget.
 * Counters are in memory: one process serves one database.
 */
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import type { RequestHandler, Response } from 'express';
import type * as Rlf from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { hashSecret } from './auth.js';

// The package's index loads every store it supports (Redis, Mongo, Postgres, …): about
// 150 ms at each start. The in-memory limiter is all this service uses.
const require = createRequire(import.meta.url);
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory') as typeof Rlf.RateLimiterMemory;
const RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes') as typeof Rlf.RateLimiterRes;

/** The default iterations of an estimate (estimate.schemas.ts): what a request without the field costs. */
const DEFAULT_ITERATIONS = 10_000;
const MAX_ITERATIONS = 200_000;

/** IPv6 clients get a /64 each (one host's whole subnet), so rotating addresses within it does not reset the count. */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const full = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${full.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function refuse(res: Response, msBeforeNext: number, detail: string): DomainError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  res.set('Retry-After', String(seconds));
  return new DomainError('rate.limited', `${detail} Retry in ${seconds} s.`, { extensions: { retryAfterSeconds: seconds } });
}

export function authFailureLimit(limits: Config['rateLimits']): RequestHandler {
  if (limits.authFailures === 0) return (_req, _res, next) => next();
  const limiter = new RateLimiterMemory({ points: limits.authFailures, duration: limits.authWindowSeconds });
  return (req, res, next) => {
    const key = clientKey(req.ip);
    limiter.get(key).then(
      (state) => {
        if (state && state.consumedPoints >= limits.authFailures) {
          return next(refuse(res, state.msBeforeNext, `Too many failed authentications from this address (${limits.authFailures} in ${limits.authWindowSeconds} s).`));
        }
        res.on('finish', () => {
          if (res.statusCode === 401) limiter.penalty(key, 1).catch(() => {});
        });
        next();
      },
      () => next(),
    );
  };
}

/** Estimate routes: `/estimates/magnet-upgrade` and its siblings (`…/sensitivity`). */
const HEAVY_PATH = /^\/estimates\/magnet-upgrade(\/|$)/;

function iterationsOf(body: unknown): number {
  const n = body && typeof body === 'object' ? (body as { iterations?: unknown }).iterations : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? Math.min(n, MAX_ITERATIONS) : DEFAULT_ITERATIONS;
}

/** Mount after the JSON body parser (it reads `iterations`) and before the routes. */
export function estimateLimit(limits: Config['rateLimits']): RequestHandler {
  if (limits.estimateIterations === 0) return (_req, _res, next) => next();
  const limiter = new RateLimiterMemory({ points: limits.estimateIterations, duration: limits.estimateWindowSeconds });
  return (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    // Without a key the route answers 401 (and the failure limit counts it).
    if (req.method !== 'POST' || !HEAVY_PATH.test(req.path) || !bearer) return next();
    const key = hashSecret(bearer);
    const cost = iterationsOf(req.body);
    limiter.consume(key, cost).then(
      () => next(),
      (rej: unknown) => {
        if (!(rej instanceof RateLimiterRes)) return next();
        // A refused request ran nothing: give its iterations back, so what still fits is served.
        limiter.reward(key, cost).catch(() => {});
        next(refuse(res, rej.msBeforeNext, `This key asked for more than ${limits.estimateIterations.toLocaleString('en-US')} Monte Carlo iterations in ${limits.estimateWindowSeconds} s.`));
      },
    );
  };
}
