import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pearson, ranksOf, ranksOfUint32, spearman, spearmanOfUint32, varianceShares } from '../../src/modules/magnet-upgrades/rank-correlation.js';

/** The textbook definition, quadratic: rank = 1 + how many are smaller + half of the others equal. */
const naiveRanks = (xs: number[]) => xs.map((x) => 1 + xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length - 1) / 2);

describe('ranks', () => {
  it.each([
    [[10, 20, 30], [1, 2, 3]],
    [[30, 10, 20], [3, 1, 2]],
    [[10, 20, 20, 30], [1, 2.5, 2.5, 4]],
    [[-1.5, 3, -0, 0, -7], [2, 5, 3.5, 3.5, 1]],
    [[5, 5, 5], [2, 2, 2]],
    [[-1e300, 1e300, -Number.MIN_VALUE, Number.MIN_VALUE], [1, 4, 2, 3]],
  ])('when the values are %j, then the ranks are %j (ties share their average)', (xs, ranks) => {
    expect([...ranksOf(xs)]).toEqual(ranks);
  });

  it('when any finite numbers are ranked, then the radix ranking equals the textbook one', () => {
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 }));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), (xs) => {
      expect([...ranksOf(xs)]).toEqual(naiveRanks(xs));
    }), { numRuns: 300 });
  });

  it('when unsigned 32-bit keys are ranked, high bit and ties included, then they equal the textbook ranks', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 200 }), (ks) => {
        expect([...ranksOfUint32(Uint32Array.from(ks))]).toEqual(naiveRanks(ks));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Spearman rank correlation', () => {
  it("when the published example is computed (IQ against hours of TV a week, n = 10), then rho is -29/165", () => {
    // The worked example of the Spearman's rank correlation coefficient article (Wikipedia).
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('when one side is a monotone function of the other, then rho is ±1; when one side is constant, 0', () => {
    const x = [3, 1, 4, 1.5, 9, 2.6];
    expect(spearman(x, x.map((v) => v ** 3))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => -Math.exp(v)))).toBeCloseTo(-1, 12);
    expect(spearman(x, [2, 2, 2, 2, 2, 2])).toBe(0);
  });

  it('when uint32 keys are correlated against ranks taken before, then the one-pass result equals Pearson on both ranks', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 0xffff_ffff }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    const tied = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(fc.oneof(pair, tied), { minLength: 2, maxLength: 300 }), (pairs) => {
        const keys = Uint32Array.from(pairs.map((p) => p[0]));
        const ys = pairs.map((p) => p[1]);
        expect(spearmanOfUint32(keys, ranksOf(ys))).toBeCloseTo(pearson(ranksOfUint32(keys), ranksOf(ys)), 10);
      }),
      { numRuns: 300 },
    );
  });
});

describe('variance shares', () => {
  it.each([
    [[0.6, -0.8], [0.36, 0.64]],
    [[0.5, 0.5, 0], [0.5, 0.5, 0]],
    [[0, 0], [0, 0]],
  ])('when the rank correlations are %j, then the shares are %j', (rhos, shares) => {
    const got = varianceShares(rhos);
    got.forEach((s, i) => expect(s).toBeCloseTo(shares[i]!, 12));
  });

  it('when any correlations are normalised, then the shares are in [0, 1] and add up to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), (rhos) => {
        fc.pre(rhos.some((r) => Math.abs(r) > 1e-6));
        const shares = varianceShares(rhos);
        for (const s of shares) expect(s >= 0 && s <= 1).toBe(true);
        expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }),
    );
  });
});
