// Spearman rank correlation over Monte Carlo samples (up to 200,000 of them, for
// some twenty-five factors a run). Written out rather than taken from a statistics
// package: those rank by sorting arrays of pairs with a comparator, a large part of
// a second per factor at this size, and the sensitivity endpoint must stay under 3×
// a plain estimate. Here both sides are ordered by a radix sort (a few ms each).
// Ties get their average rank, as Spearman's coefficient defines it.

const BITS = 11; // three passes of 2,048 buckets a word: the counts stay in cache (16-bit digits measured twice as slow)
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;

/**
 * Indices in ascending order of a key made of 32-bit words, least significant
 * word first: a stable least-significant-digit radix sort (used once a run, for
 * the totals' two-word keys).
 */
function radixOrder(words: readonly Uint32Array[], n: number): Uint32Array {
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Uint32Array(n);
  const start = new Uint32Array(BUCKETS);
  for (const keys of words) {
    for (let shift = 0; shift < 32; shift += BITS) {
      start.fill(0);
      for (let i = 0; i < n; i++) start[(keys[i]! >>> shift) & MASK]!++;
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const c = start[b]!;
        start[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = src[i]!;
        dst[start[(keys[k]! >>> shift) & MASK]!++] = k;
      }
      const t = src;
      src = dst;
      dst = t;
    }
  }
  return src;
}

/**
 * One-word keys sorted with their indices: each pass reads keys and indices in
 * order and writes both (reading keys[index] at random each pass measured slower).
 */
function radixSortUint32(keys: Uint32Array): { order: Uint32Array; sorted: Uint32Array } {
  const n = keys.length;
  let si = new Uint32Array(n);
  for (let i = 0; i < n; i++) si[i] = i;
  let sk = Uint32Array.from(keys);
  let di = new Uint32Array(n);
  let dk = new Uint32Array(n);
  const start = new Uint32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += BITS) {
    start.fill(0);
    for (let i = 0; i < n; i++) start[(sk[i]! >>> shift) & MASK]!++;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = start[b]!;
      start[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = sk[i]!;
      const p = start[(k >>> shift) & MASK]!++;
      di[p] = si[i]!;
      dk[p] = k;
    }
    [si, di] = [di, si];
    [sk, dk] = [dk, sk];
  }
  return { order: si, sorted: sk };
}

/**
 * Walks the values in ascending `order`, giving each run of equal values its
 * average 1-based rank, and calls `visit(index, rank)`.
 */
function walkRanks(order: Uint32Array, same: (a: number, b: number) => boolean, visit: (index: number, rank: number) => void): void {
  const n = order.length;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && same(order[i]!, order[j + 1]!)) j++;
    const rank = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) visit(order[m]!, rank);
    i = j + 1;
  }
}

/** 1-based ranks of unsigned 32-bit keys. */
export function ranksOfUint32(keys: Uint32Array): Float64Array {
  const ranks = new Float64Array(keys.length);
  walkRanks(radixSortUint32(keys).order, (a, b) => keys[a] === keys[b], (i, r) => (ranks[i] = r));
  return ranks;
}

/** 1-based ranks of finite numbers: their IEEE 754 bits, made to sort as unsigned integers, radix-sorted. */
export function ranksOf(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const x = Float64Array.from(values);
  const bits = new Uint32Array(x.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  // Little-endian words (what every platform Node runs on uses). Negative numbers
  // get every bit flipped, others only the sign bit, so unsigned order is numeric order.
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + 1]!;
    const negative = h >>> 31 === 1;
    lo[i] = negative ? ~bits[2 * i]! >>> 0 : bits[2 * i]!;
    hi[i] = negative ? ~h >>> 0 : (h | 0x8000_0000) >>> 0;
  }
  const ranks = new Float64Array(n);
  walkRanks(radixOrder([lo, hi], n), (a, b) => x[a] === x[b], (i, r) => (ranks[i] = r));
  return ranks;
}

/**
 * Spearman's rho of uint32 keys (a factor's uniform draws, which order its draws the
 * same way: the inverse CDF is increasing) against ranks already taken (the
 * totals'), in one pass over the keys' order without building their ranks.
 */
export function spearmanOfUint32(keys: Uint32Array, otherRanks: Float64Array): number {
  const n = keys.length;
  if (n !== otherRanks.length) throw new RangeError('spearman: samples differ in length');
  const { order, sorted } = radixSortUint32(keys);
  const mean = (n + 1) / 2; // average ranks keep the sum of ranks, ties or not
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; ) {
    const v = sorted[i]!;
    let j = i;
    while (j + 1 < n && sorted[j + 1] === v) j++;
    const dx = (i + j) / 2 + 1 - mean;
    for (let m = i; m <= j; m++) {
      const dy = otherRanks[order[m]!]! - mean;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    i = j + 1;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Pearson's r; 0 when either side does not vary (no order to correlate with). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError('pearson: samples differ in length');
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Spearman's rho: Pearson's r of the ranks. */
export const spearman = (x: ArrayLike<number>, y: ArrayLike<number>): number => pearson(ranksOf(x), ranksOf(y));

/**
 * Contribution to variance as LCA and risk tools report it: each factor's squared
 * rank correlation with the total, over the sum of them all, so the shares add up
 * to 1. Zero shares when nothing correlates (every factor constant).
 */
export function varianceShares(rhos: readonly number[]): number[] {
  const sum = rhos.reduce((s, r) => s + r * r, 0);
  return rhos.map((r) => (sum > 0 ? (r * r) / sum : 0));
}
