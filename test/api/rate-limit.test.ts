import { describe, expect, it, vi } from 'vitest';
import type { Request } from 'express';
import { DomainError } from '../../src/domain/errors.js';
import { clientKey, createLimits } from '../../src/http/rate-limit.js';
import { unitBody } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';

// Contract v1.1 General: 429 rate.limited with Retry-After, at least for repeated failed
// authentication from one address and for heavy estimates per key; limits are configuration.
// v1.2: limits match paths as routing does (case, trailing slash); failures are counted
// before they are answered; a valid key is never refused for others' failures; /health is
// never limited.

const limits = (over: Partial<ReturnType<typeof createTestApp>['config']['rateLimits']> = {}) => ({
  rateLimits: { authFailures: 0, authWindowSeconds: 900, estimateIterations: 0, estimateWindowSeconds: 60, ...over },
});

describe('failed authentication per client address', () => {
  it('when an address fails to authenticate more often than allowed, then its next bad key gets 429 rate.limited with Retry-After, and a valid key from it is still served', async () => {
    const t = createTestApp(limits({ authFailures: 3, authWindowSeconds: 600 }));
    for (let i = 0; i < 3; i++) {
      const res = await t.agent.get('/api/v1/units').set('Authorization', `Bearer ctk_guess_${i}`);
      expect(res.status).toBe(401);
    }
    const limited = await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_guess_4');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate.limited' });
    expect(limited.body.detail).toMatch(/requests with a valid key are still served/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(limited.body.retryAfterSeconds).toBe(retryAfter);
    // Keys are 238-bit random secrets: that a valid key works tells a guesser nothing he can use,
    // and a floor behind the same NAT as a misconfigured scanner goes on working.
    const valid = await t.as('viewer').get('/api/v1/units');
    expect(valid.status).toBe(200);
    expect((await t.as('operator').post('/api/v1/units', unitBody())).status).toBe(201);
  });

  it('when 200 failures are in flight at once, none answered yet, then exactly the limit of them are answered 401 and the rest 429', async () => {
    // The worst overlap HTTP can produce: every failure counted before any is answered
    // (test/api/limits-process.test.ts sends them over real connections).
    const l = createLimits({ authFailures: 20, authWindowSeconds: 900, estimateIterations: 0, estimateWindowSeconds: 60 });
    const req = { ip: '203.0.113.9' } as Request;
    const answers = await Promise.all(Array.from({ length: 200 }, () => l.authFailed(req, new DomainError('auth.invalid_key', 'unknown key'))));
    const codes = answers.map((a) => (a as DomainError).code);
    expect(codes.filter((c) => c === 'auth.invalid_key')).toHaveLength(20);
    expect(codes.filter((c) => c === 'rate.limited')).toHaveLength(180);
    // Another address has its own budget.
    expect(((await l.authFailed({ ip: '198.51.100.1' } as Request, new DomainError('auth.invalid_key', 'x'))) as DomainError).code).toBe('auth.invalid_key');
  });

  it('when an address is over its limit, then GET /health from it is never refused, with no key, a valid key or a wrong one', async () => {
    const t = createTestApp(limits({ authFailures: 2 }));
    for (let i = 0; i < 5; i++) await t.agent.get('/api/v1/units').set('Authorization', `Bearer ctk_guess_${i}`);
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_guess_x')).status).toBe(429);
    const open = await t.agent.get('/api/v1/health');
    expect([open.status, open.body.status]).toEqual([200, 'ok']);
    const detailed = await t.as('viewer').get('/api/v1/health');
    expect([detailed.status, typeof detailed.body.database.sizeBytes]).toEqual([200, 'number']);
    // A wrong key on /health is its own 401 (health needs no key, so it is never limited).
    for (let i = 0; i < 5; i++) expect((await t.agent.get('/api/v1/health').set('Authorization', `Bearer ctk_h_${i}`)).status).toBe(401);
  });

  it('when requests come without any key, then they are 401 and do not count: they guess nothing', async () => {
    const t = createTestApp(limits({ authFailures: 2 }));
    for (let i = 0; i < 10; i++) expect((await t.agent.get('/api/v1/units')).status).toBe(401);
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_first_guess')).status).toBe(401);
  });

  it('when wrong keys are sent to a path written in capitals or with a trailing slash, then they count the same', async () => {
    const t = createTestApp(limits({ authFailures: 2 }));
    expect((await t.agent.get('/api/v1/UNITS').set('Authorization', 'Bearer ctk_a')).status).toBe(401);
    expect((await t.agent.get('/api/v1/units/').set('Authorization', 'Bearer ctk_b')).status).toBe(401);
    expect((await t.agent.get('/api/V1/Units').set('Authorization', 'Bearer ctk_c')).status).toBe(429);
  });

  it('when a client with a good key sends many requests, in parallel too, then none of them counts', async () => {
    const t = createTestApp(limits({ authFailures: 2 }));
    const all = await Promise.all(Array.from({ length: 20 }, () => t.as('viewer').get('/api/v1/units')));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_wrong')).status).toBe(401);
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_wrong_2')).status).toBe(401);
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_wrong_3')).status).toBe(429);
  });

  it('when the limit is 0, then failures are never limited', async () => {
    const t = createTestApp(limits({ authFailures: 0 }));
    for (let i = 0; i < 30; i++) expect((await t.agent.get('/api/v1/units')).status).toBe(401);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('when the client address is %s, then it is counted as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe('heavy estimates per key, weighted by iterations', () => {
  const estimate = (t: ReturnType<typeof createTestApp>, role: 'engineer' | 'esg', iterations?: number) =>
    t.as(role).post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 1.5, seed: 1, ...(iterations ? { iterations } : {}) });

  it('when a key asks for more iterations than its budget, then 429 rate.limited with Retry-After; another key is not held', async () => {
    const t = createTestApp(limits({ estimateIterations: 25_000, estimateWindowSeconds: 60 }));
    expect((await estimate(t, 'engineer')).status).toBe(200); // 10,000 (the default)
    expect((await estimate(t, 'engineer', 10_000)).status).toBe(200); // 20,000
    const limited = await estimate(t, 'engineer', 10_000); // 30,000 > 25,000
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate.limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // What still fits the budget is served: a refused request spent nothing.
    expect((await estimate(t, 'engineer', 5_000)).status).toBe(200);
    expect((await estimate(t, 'esg', 20_000)).status).toBe(200);
  });

  it('when one request alone asks for more than the budget, then it is refused and the same budget serves small ones', async () => {
    const t = createTestApp(limits({ estimateIterations: 100_000 }));
    expect((await estimate(t, 'engineer', 200_000)).status).toBe(429);
    expect((await estimate(t, 'engineer', 1_000)).status).toBe(200);
  });

  it('when the window has passed, then the budget is whole again', async () => {
    // The limiter reads Date.now(): move the clock rather than wait (a loaded machine could take a window over one request).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t = createTestApp(limits({ estimateIterations: 10_000, estimateWindowSeconds: 60 }));
      expect((await estimate(t, 'engineer', 10_000)).status).toBe(200);
      expect((await estimate(t, 'engineer', 100)).status).toBe(429);
      vi.setSystemTime(Date.now() + 61_000);
      expect((await estimate(t, 'engineer', 10_000)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('when the estimate routes are written in other cases or with a trailing slash, then they spend the same budget', async () => {
    const t = createTestApp(limits({ estimateIterations: 2_500 }));
    const post = (url: string) => t.as('engineer').post(url, { fieldStrengthT: 1.5, seed: 1, iterations: 1_000 });
    expect((await post('/api/v1/ESTIMATES/MAGNET-UPGRADE')).status).toBe(200); // 1,000
    expect((await post('/api/v1/estimates/magnet-upgrade/')).status).toBe(200); // 2,000
    const limited = await post('/api/v1/Estimates/Magnet-Upgrade/Sensitivity/'); // 3,000 > 2,500
    expect([limited.status, limited.body.code]).toEqual([429, 'rate.limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.as('engineer').post('/api/v1/estimates/magnet-upgrade/sensitivity', { fieldStrengthT: 1.5, seed: 1, iterations: 500 })).status).toBe(200);
  });

  it('when an estimate body is invalid, then it is 400 and spends nothing', async () => {
    const t = createTestApp(limits({ estimateIterations: 1_000 }));
    const bad = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 2, iterations: 1_000 });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation.failed']);
    expect((await estimate(t, 'engineer', 1_000)).status).toBe(200);
  });

  it('when other routes are called, then the estimate budget does not apply to them', async () => {
    const t = createTestApp(limits({ estimateIterations: 100 }));
    expect((await estimate(t, 'engineer', 200)).status).toBe(429);
    expect((await t.as('engineer').get('/api/v1/factor-sets')).status).toBe(200);
  });
});
