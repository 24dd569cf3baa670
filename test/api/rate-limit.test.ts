import { describe, expect, it, vi } from 'vitest';
import { clientKey } from '../../src/http/rate-limit.js';
import { createTestApp } from '../helpers/test-app.js';

// Contract v1.1 General: 429 rate.limited with Retry-After, at least for repeated failed
// authentication from one address and for heavy estimates per key; limits are configuration.

const limits = (over: Partial<ReturnType<typeof createTestApp>['config']['rateLimits']> = {}) => ({
  rateLimits: { authFailures: 0, authWindowSeconds: 900, estimateIterations: 0, estimateWindowSeconds: 60, ...over },
});

describe('failed authentication per client address', () => {
  it('when an address fails to authenticate more often than allowed, then it gets 429 rate.limited with Retry-After, even with a good key', async () => {
    const t = createTestApp(limits({ authFailures: 3, authWindowSeconds: 600 }));
    for (let i = 0; i < 3; i++) {
      const res = await t.agent.get('/api/v1/units').set('Authorization', `Bearer ctk_guess_${i}`);
      expect(res.status).toBe(401);
    }
    const limited = await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_guess_4');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate.limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // A valid key from the same address is held too: otherwise the answer would tell a guess that worked.
    expect((await t.as('viewer').get('/api/v1/units')).status).toBe(429);
  });

  it('when a client with a good key sends many requests, in parallel too, then none of them counts', async () => {
    const t = createTestApp(limits({ authFailures: 2 }));
    const all = await Promise.all(Array.from({ length: 20 }, () => t.as('viewer').get('/api/v1/units')));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_wrong')).status).toBe(401);
    expect((await t.as('viewer').get('/api/v1/units')).status).toBe(200);
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

  it('when other routes are called, then the estimate budget does not apply to them', async () => {
    const t = createTestApp(limits({ estimateIterations: 100 }));
    expect((await estimate(t, 'engineer', 200)).status).toBe(429);
    expect((await t.as('engineer').get('/api/v1/factor-sets')).status).toBe(200);
  });
});
