/**
 * Two limits (contract v1.1 General and v1.2 Production and limits: 429 `rate.limited`
 * with Retry-After). Both are applied by `addRoute` to the route Express matched, never
 * by comparing paths, so `/ESTIMATES/MAGNET-UPGRADE` or a trailing slash (Express routes
 * case-insensitively and ignores one trailing slash) cannot step around them.
 *
 * - Failed authentication per client address. Only a route that needs a key counts,
 *   and only a key that is sent and not valid (a request without a key guesses
 *   nothing). Each failure is counted before it is answered: the limiter's counter
 *   moves synchronously when the failure happens, so of N guesses in parallel at most
 *   the limit get their 401, the rest 429. Nothing else is refused: a request with a
 *   valid key is served whatever other requests from its address did (a misconfigured
 *   scanner behind a site's NAT must not lock the whole floor out), and `/health`,
 *   which needs no key, is never limited. That a valid key keeps working from an
 *   address over its limit tells a guesser which guess was right; it cannot help him:
 *   generated keys hold 40 random characters of 62 (238 bits), so even at a million
 *   guesses a second none would come right before the sun burns out. What the limit
 *   still does is keep the noise and the work of guessing (a hash and a lookup each)
 *   bounded per address.
 * - Heavy estimates per key: a route declaring `spends` costs its Monte Carlo
 *   iterations from the key's budget, so one 200,000-iteration run weighs as much as
 *   twenty default ones. A refused request spends nothing.
 *
 * rate-limiter-flexible rather than express-rate-limit: it consumes a weight per request
 * (`consume(key, points)`) and answers from a counter that has already moved, where
 * express-rate-limit counts every request up front. Counters are in memory: one service
 * process serves one database file (the start-up lock makes sure of it).
 */
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import type { Request } from 'express';
import type * as Rlf from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { DomainError } from '../domain/errors.js';

// The package's index loads every store it supports (Redis, Mongo, Postgres, …): about
// 150 ms at each start. The in-memory limiter is all this service uses.
const require = createRequire(import.meta.url);
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory') as typeof Rlf.RateLimiterMemory;
const RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes') as typeof Rlf.RateLimiterRes;

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

function limited(msBeforeNext: number, detail: string): DomainError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError('rate.limited', `${detail} Retry in ${seconds} s.`, { extensions: { retryAfterSeconds: seconds } });
}

/** The limits of one app (createApp makes them; `addRoute` applies them to the matched route). */
export type Limits = {
  /**
   * A route that needs a key failed to authenticate with `err`: counts it when it is a
   * guess (a key that is not valid), and answers the error to send: `err` itself (401),
   * or 429 once this address has failed more often than its budget.
   */
  authFailed(req: Request, err: unknown): Promise<unknown>;
  /** Spends `iterations` of the key's estimate budget; rejects with 429 when they do not fit. */
  spendEstimate(keyId: string, iterations: number): Promise<void>;
};

export function createLimits(limits: Config['rateLimits']): Limits {
  const failures =
    limits.authFailures === 0 ? null : new RateLimiterMemory({ points: limits.authFailures, duration: limits.authWindowSeconds });
  const estimates =
    limits.estimateIterations === 0 ? null : new RateLimiterMemory({ points: limits.estimateIterations, duration: limits.estimateWindowSeconds });
  return {
    async authFailed(req, err) {
      if (!failures || !(err instanceof DomainError) || err.code !== 'auth.invalid_key') return err;
      try {
        // consume() adds the point before it returns its promise: a failure in parallel with this one already sees it.
        await failures.consume(clientKey(req.ip), 1);
        return err;
      } catch (rej) {
        if (!(rej instanceof RateLimiterRes)) return err;
        return limited(
          rej.msBeforeNext,
          `Too many failed authentications from this address (${limits.authFailures} in ${limits.authWindowSeconds} s); requests with a valid key are still served.`,
        );
      }
    },
    async spendEstimate(keyId, iterations) {
      if (!estimates) return;
      try {
        await estimates.consume(keyId, iterations);
      } catch (rej) {
        if (!(rej instanceof RateLimiterRes)) return;
        // A refused request ran nothing: give its iterations back, so what still fits is served.
        await estimates.reward(keyId, iterations).catch(() => {});
        throw limited(
          rej.msBeforeNext,
          `This key asked for more than ${limits.estimateIterations.toLocaleString('en-US')} Monte Carlo iterations in ${limits.estimateWindowSeconds} s.`,
        );
      }
    },
  };
}
