import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('rate limit and proxy configuration', () => {
  it('when nothing is set, then the documented defaults hold', () => {
    const c = loadConfig({});
    expect(c.rateLimits).toEqual({ authFailures: 20, authWindowSeconds: 900, estimateIterations: 2_000_000, estimateWindowSeconds: 60 });
    expect(c.trustProxy).toBe(false);
  });

  it('when they are set, then they are read as numbers, 0 included, and TRUST_PROXY as Express takes it', () => {
    const c = loadConfig({ RATE_LIMIT_AUTH_FAILURES: '0', RATE_LIMIT_AUTH_WINDOW_SECONDS: '60', RATE_LIMIT_ESTIMATE_ITERATIONS: '500000', RATE_LIMIT_ESTIMATE_WINDOW_SECONDS: '10', TRUST_PROXY: '1' });
    expect(c.rateLimits).toEqual({ authFailures: 0, authWindowSeconds: 60, estimateIterations: 500_000, estimateWindowSeconds: 10 });
    expect(c.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('when a value is wrong, then start-up is refused naming the variable', () => {
    expect(() => loadConfig({ RATE_LIMIT_AUTH_FAILURES: '-1', RATE_LIMIT_ESTIMATE_WINDOW_SECONDS: '0', TRUST_PROXY: 'yes; rm' })).toThrow(
      /RATE_LIMIT_AUTH_FAILURES[\s\S]*RATE_LIMIT_ESTIMATE_WINDOW_SECONDS[\s\S]*TRUST_PROXY/,
    );
  });
});
