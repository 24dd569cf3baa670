import { describe, expect, it } from 'vitest';
import { newSecret } from '../../src/modules/keys/keys.service.js';

// The rate limit serves a valid key from an address over its failure budget (http/rate-limit.ts):
// that is safe only while keys cannot be guessed. Check the claim the docs make: 128 bits or more.
describe('generated API keys', () => {
  it('when keys are generated, then each is ctk_ and 40 characters drawn from all 62 letters and digits: 238 bits, well over 128', () => {
    const secrets = Array.from({ length: 2000 }, () => newSecret());
    for (const s of secrets) expect(s).toMatch(/^ctk_[0-9A-Za-z]{40}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    const alphabet = new Set(secrets.flatMap((s) => [...s.slice(4)]));
    expect(alphabet.size).toBe(62);
    const bits = 40 * Math.log2(alphabet.size);
    expect(bits).toBeGreaterThan(238);
    expect(bits).toBeLessThan(239);
  });
});
